import Crypto
import Foundation
import PolicyBytecode

/// Reference values for a policy's `param` declarations, read from a JSON file (`--params`):
/// one object mapping each param name to its value with the claims output conventions —
/// bytes as hex strings, svn as arrays of integers, times as RFC 3339 strings, enums by case
/// name, sets as arrays; durations as integer seconds or `"30d"`, `"12h"`, `"90s"`.
///
/// ```json
/// {"allowed_mrtd": ["d790fd79…", "4f1c…"], "min_qe_svn": 8, "min_tcb_date": "2024-03-13T00:00:00Z"}
/// ```
///
/// The values are checked against the declared types when a policy is loaded with them
/// (``LoadedPolicy/init(bytecode:parameters:schemas:)``); the verdict records ``digest``.
public struct PolicyParameters: Sendable {
    /// SHA-256 of the file's bytes.
    public let digest: [UInt8]
    let values: [String: JSONValue]

    /// No parameters (for policies that declare none).
    public static let none = PolicyParameters(digest: nil, values: [:])

    private init(digest: [UInt8]?, values: [String: JSONValue]) {
        self.digest = digest ?? []
        self.values = values
    }

    /// Reads a parameters file.
    ///
    /// - Throws: ``PolicyLoadError`` `.parameters` when the bytes are not a JSON object.
    public init(json bytes: [UInt8]) throws(PolicyLoadError) {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw PolicyLoadError(.parameters, section: .params, offset: 0, "the file is not valid JSON (\(error))")
        }
        guard case .object(let object) = value else {
            throw PolicyLoadError(
                .parameters, section: .params, offset: 0, "expected one JSON object mapping param names to values")
        }
        self.init(digest: Array(SHA256.hash(data: bytes)), values: object)
    }

    /// The names given in the file.
    public var names: [String] { values.keys.sorted() }
}

/// A JSON value with integers kept exact (never through a double).
enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .number(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// A short description for messages.
    var summary: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let d): return String(d)
        case .string(let s): return s.count > 40 ? "\"\(s.prefix(40))…\"" : "\"\(s)\""
        case .array(let a): return "an array of \(a.count)"
        case .object: return "an object"
        }
    }
}
