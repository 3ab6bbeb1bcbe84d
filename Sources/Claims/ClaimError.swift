/// The error type of the `Claims` layer: a claim that does not exist in its schema, or a
/// value that does not conform to the claim's declared type.
///
/// Equality compares the code and path, not the free-text detail.
public struct ClaimError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// The path names no claim (nor alias) in the schema.
        case unknownClaim
        /// The value's type, length or shape does not match the declaration.
        case typeMismatch
        /// An enum case name the claim's enum does not declare.
        case unknownEnumCase
    }

    public let code: Code
    public let path: String
    public let detail: String

    public init(_ code: Code, path: String, detail: String = "") {
        self.code = code
        self.path = path
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "\(code.rawValue): \(path)" : "\(code.rawValue): \(path): \(detail)"
    }

    public static func == (lhs: ClaimError, rhs: ClaimError) -> Bool {
        lhs.code == rhs.code && lhs.path == rhs.path
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(path)
    }
}
