import Claims

/// The static type of a policy expression (POLICY-LANGUAGE.md, "Types and literals").
public indirect enum PolicyType: Hashable, Sendable, CustomStringConvertible {
    case bool
    case int
    case string
    /// Bytes of a fixed length (`bytes48`) or any length (`nil`).
    case bytes(Int?)
    case svn(Int)
    case time
    case duration
    case enumeration(ClaimEnum)
    /// One element of a list claim (a quantifier variable, `list[i]`).
    case record(ClaimRecordType)
    case list(ClaimRecordType)
    /// A list of plain values (an `array` claim such as `tdx.rtmr`): `a[i]` gives an element,
    /// `x in a` looks for one, `len(a)` counts them, quantifiers walk them.
    case array(PolicyType)
    case set(PolicyType)
    /// The type of an expression that already has an error: it matches anything, so one
    /// mistake gives one diagnostic.
    case error

    /// A claim type this compiler does not know (a newer `ClaimType` case): using such a claim is
    /// a compile error that names the type.
    case unsupported(String)

    /// The type of a schema claim. Written with `if case` rather than an exhaustive `switch` so
    /// that a `ClaimType` case added later maps to ``unsupported(_:)`` instead of breaking the build.
    init(_ claimType: ClaimType) {
        if case .bool = claimType {
            self = .bool
        } else if case .int = claimType {
            self = .int
        } else if case .string = claimType {
            self = .string
        } else if case .bytes(let length) = claimType {
            self = .bytes(length)
        } else if case .svn(let count) = claimType {
            self = .svn(count)
        } else if case .time = claimType {
            self = .time
        } else if case .enumeration(let e) = claimType {
            self = .enumeration(e)
        } else if case .list(let record) = claimType {
            self = .list(record)
        } else if case .array(let element) = claimType {
            let elementType = PolicyType(element)
            self =
                elementType.isScalar && !elementType.isError ? .array(elementType) : .unsupported(claimType.description)
        } else {
            self = .unsupported(claimType.description)
        }
    }

    public var description: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .string: return "string"
        case .bytes(let length?): return "bytes\(length)"
        case .bytes(nil): return "bytes"
        case .svn(let count): return "svn[\(count)]"
        case .time: return "time"
        case .duration: return "duration"
        case .enumeration(let e): return e.name
        case .record(let r): return r.name
        case .list(let r): return "list<\(r.name)>"
        case .array(let element): return "array<\(element)>"
        case .set(let element): return "set<\(element)>"
        case .unsupported(let spelling): return spelling
        case .error: return "<error>"
        }
    }

    var isError: Bool { self == .error }

    /// Whether values of the two types can be compared with `==` (same type; a fixed-length
    /// `bytesN` and `bytes` of any length also compare).
    func isComparable(with other: PolicyType) -> Bool {
        if isError || other.isError { return true }
        switch (self, other) {
        case (.bytes(let a), .bytes(let b)): return a == nil || b == nil || a == b
        case (.record, _), (.list, _), (.array, _), (.set, _), (.unsupported, _): return false
        default: return self == other
        }
    }

    /// Whether `<`, `<=`, `>`, `>=` apply.
    var isOrdered: Bool {
        switch self {
        case .int, .time, .duration, .svn, .error: return true
        default: return false
        }
    }

    /// Whether the type may be a set element or a constant.
    var isScalar: Bool {
        switch self {
        case .bool, .int, .string, .bytes, .svn, .time, .duration, .enumeration, .error: return true
        case .record, .list, .array, .set, .unsupported: return false
        }
    }
}
