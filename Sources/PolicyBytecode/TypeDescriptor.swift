/// The kind of a value in a register, a constant, a parameter or a set element
/// (`Grammar/BYTECODE.md`, "Value kinds"). The raw value is the byte written to the file.
public enum ValueKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case bool = 1
    case int = 2
    case string = 3
    case bytes = 4
    case svn = 5
    case time = 6
    case duration = 7
    case enumeration = 8
    case record = 9
    case list = 10
    case iterator = 11
    case set = 12
    /// A list of plain values (format 1.1).
    case array = 13
    /// A quantifier's loop state over an array (format 1.1).
    case arrayIterator = 14

    public var description: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .string: return "string"
        case .bytes: return "bytes"
        case .svn: return "svn"
        case .time: return "time"
        case .duration: return "duration"
        case .enumeration: return "enum"
        case .record: return "record"
        case .list: return "list"
        case .iterator: return "iter"
        case .set: return "set"
        case .array: return "array"
        case .arrayIterator: return "aiter"
        }
    }
}

/// A full type as recorded in the bytecode: the kind plus what the kind needs to be checked
/// exactly (a fixed byte length, an svn component count, an enum or record table index, a set's
/// element type). Registers, parameters, set tables and record fields all carry one.
public indirect enum TypeDescriptor: Hashable, Sendable, CustomStringConvertible {
    case bool
    case int
    case string
    /// A byte string; `length` 0 means any length, otherwise exactly `length` bytes.
    case bytes(length: UInt32)
    /// An svn vector of exactly `count` components.
    case svn(count: UInt16)
    case time
    case duration
    /// A value of enum table entry `id`.
    case enumeration(id: UInt16)
    /// One element of a list of record table entry `id`.
    case record(id: UInt16)
    /// A list of records of record table entry `id`.
    case list(id: UInt16)
    /// A quantifier's loop state over a list of record table entry `id`.
    case iterator(id: UInt16)
    /// A set of `element` values (parameters only; constant sets live in the set table).
    case set(element: TypeDescriptor)
    /// A list of plain `element` values, e.g. the RTMRs or a PCR bank (format 1.1). The element
    /// is a scalar: never a record, list, iterator, set or array.
    case array(element: TypeDescriptor)
    /// A quantifier's loop state over an array of `element` values (format 1.1).
    case arrayIterator(element: TypeDescriptor)

    public var kind: ValueKind {
        switch self {
        case .bool: return .bool
        case .int: return .int
        case .string: return .string
        case .bytes: return .bytes
        case .svn: return .svn
        case .time: return .time
        case .duration: return .duration
        case .enumeration: return .enumeration
        case .record: return .record
        case .list: return .list
        case .iterator: return .iterator
        case .set: return .set
        case .array: return .array
        case .arrayIterator: return .arrayIterator
        }
    }

    /// The spelling in listings: `bytes48`, `svn[16]`, `enum#0`, `set<bytes48>`, `array<bytes48>`.
    public var description: String {
        switch self {
        case .bool, .int, .string, .time, .duration: return kind.description
        case .bytes(let length): return length == 0 ? "bytes" : "bytes\(length)"
        case .svn(let count): return "svn[\(count)]"
        case .enumeration(let id): return "enum#\(id)"
        case .record(let id): return "record#\(id)"
        case .list(let id): return "list#\(id)"
        case .iterator(let id): return "iter#\(id)"
        case .set(let element): return "set<\(element)>"
        case .array(let element): return "array<\(element)>"
        case .arrayIterator(let element): return "iter<\(element)>"
        }
    }
}

extension TypeDescriptor {
    /// Whether values of this type are plain values (what a constant, a set element, an array
    /// element or a parameter other than a set can hold).
    public var isScalar: Bool {
        switch self {
        case .bool, .int, .string, .bytes, .svn, .time, .duration, .enumeration: return true
        case .record, .list, .iterator, .set, .array, .arrayIterator: return false
        }
    }
}
