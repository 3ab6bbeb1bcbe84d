/// The type of a claim: what the compiler type-checks a policy against and what a
/// ``ClaimValue`` stored in a ``ClaimSet`` must conform to.
///
/// The types follow the policy language contract (POLICY-LANGUAGE.md, "Types and literals").
public indirect enum ClaimType: Hashable, Sendable, CustomStringConvertible {
    case bool
    /// 64-bit signed integer.
    case int
    case string
    /// A byte string; `length` is the exact length when fixed (`bytes48`), `nil` when variable.
    case bytes(length: Int?)
    /// A security-version vector of `count` components, ordered component-wise.
    case svn(count: Int)
    /// A point in time (UTC, whole seconds).
    case time
    /// One value of a closed set of names declared by the schema.
    case enumeration(ClaimEnum)
    /// A list of records (e.g. event-log entries).
    case list(ClaimRecordType)
    /// A list of scalar values of one type (e.g. the 24 PCRs of a bank, the 4 RTMRs, advisory
    /// ids); the element type is never a list or array. Indexing out of range is "missing".
    case array(ClaimType)

    /// The spelling used in diagnostics and documentation: `bytes48`, `svn[16]`, `list<tdx.event>`.
    public var description: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .string: return "string"
        case .bytes(let length?): return "bytes\(length)"
        case .bytes(nil): return "bytes"
        case .svn(let count): return "svn[\(count)]"
        case .time: return "time"
        case .enumeration(let e): return e.name
        case .list(let record): return "list<\(record.name)>"
        case .array(let element): return "array<\(element)>"
        }
    }
}

/// A named, closed set of values, e.g. Intel's TCB statuses or TCG event types.
///
/// Case order is part of the schema: a value is stored as its index in ``cases``.
public struct ClaimEnum: Hashable, Sendable {
    public let name: String
    public let cases: [String]

    public init(name: String, cases: [String]) {
        self.name = name
        self.cases = cases
    }

    /// The index of `caseName`, or `nil` if the enum has no such case.
    public func index(of caseName: String) -> Int? {
        cases.firstIndex(of: caseName)
    }
}

/// The shape of one element of a list claim: named, typed fields.
public struct ClaimRecordType: Hashable, Sendable {
    /// A name for diagnostics, e.g. `tdx.event`.
    public let name: String
    public let fields: [Field]

    public struct Field: Hashable, Sendable {
        public let name: String
        public let type: ClaimType
        public let summary: String

        public init(_ name: String, _ type: ClaimType, _ summary: String = "") {
            self.name = name
            self.type = type
            self.summary = summary
        }
    }

    public init(name: String, fields: [Field]) {
        self.name = name
        self.fields = fields
    }

    /// The index of the field named `name`.
    public func fieldIndex(_ name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}
