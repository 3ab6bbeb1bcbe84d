/// The sections of an `.apb` file, in the order they are written (`Grammar/BYTECODE.md`,
/// "Sections"). Every section but ``debug`` is required, each at most once.
public enum SectionID: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case metadata = 1
    case inputs = 2
    case types = 3
    case constants = 4
    case sets = 5
    case regexes = 6
    case params = 7
    case registers = 8
    case code = 9
    case checks = 10
    case rules = 11
    case trust = 12
    case debug = 13

    public var description: String {
        switch self {
        case .metadata: return "metadata"
        case .inputs: return "inputs"
        case .types: return "types"
        case .constants: return "constants"
        case .sets: return "sets"
        case .regexes: return "regexes"
        case .params: return "params"
        case .registers: return "registers"
        case .code: return "code"
        case .checks: return "checks"
        case .rules: return "rules"
        case .trust: return "trust"
        case .debug: return "debug"
        }
    }

    public var isRequired: Bool { self != .debug }
}

/// Why a byte string is not a well-formed `.apb` file: a code for programs, the section and the
/// absolute byte offset where reading stopped, and a reason for people.
public struct BytecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case badMagic
        case unsupportedVersion
        case truncated
        case malformedDirectory
        case missingSection
        case invalidValue
        case trailingBytes
        case limitExceeded
    }

    public let code: Code
    public let section: SectionID?
    public let offset: Int
    public let detail: String

    public init(_ code: Code, section: SectionID?, offset: Int, _ detail: String) {
        self.code = code
        self.section = section
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        let place = section.map { "section \($0) at offset \(offset)" } ?? "offset \(offset)"
        return "malformed bytecode (\(code.rawValue)) in \(place): \(detail)"
    }

    /// Equality compares the code and the section only, so tests stay simple.
    public static func == (lhs: BytecodeError, rhs: BytecodeError) -> Bool {
        lhs.code == rhs.code && lhs.section == rhs.section
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(section)
    }
}
