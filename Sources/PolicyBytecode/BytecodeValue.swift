import Evidence

/// A constant value as stored in the constant pool and in set tables
/// (`Grammar/BYTECODE.md`, "Values").
public enum BytecodeValue: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case string(String)
    case bytes([UInt8])
    case svn([Int64])
    /// Seconds since 1970-01-01T00:00:00Z.
    case time(Int64)
    /// Seconds.
    case duration(Int64)
    /// Case `caseIndex` of enum table entry `id`.
    case enumeration(id: UInt16, caseIndex: UInt16)

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
        }
    }

    /// The payload bytes without the kind tag: the canonical encoding that set tables sort by
    /// and hash (FNV-1a 64). int, time, duration: i64 LE; bool: u8; string and bytes: u32 LE
    /// length + bytes; svn: u16 LE count + i64 LE each; enum: u16 LE case index.
    public var payload: [UInt8] {
        var out: [UInt8] = []
        switch self {
        case .bool(let b): out.append(b ? 1 : 0)
        case .int(let v), .time(let v), .duration(let v): ByteEncoding.append(v, to: &out)
        case .string(let s):
            let utf8 = Array(s.utf8)
            ByteEncoding.append(UInt32(truncatingIfNeeded: utf8.count), to: &out)
            out += utf8
        case .bytes(let b):
            ByteEncoding.append(UInt32(truncatingIfNeeded: b.count), to: &out)
            out += b
        case .svn(let components):
            ByteEncoding.append(UInt16(truncatingIfNeeded: components.count), to: &out)
            for component in components { ByteEncoding.append(component, to: &out) }
        case .enumeration(_, let caseIndex): ByteEncoding.append(caseIndex, to: &out)
        }
        return out
    }

    /// A readable spelling for listings (`0x…` bytes, `svn[…]`, RFC 3339 is left to callers
    /// that know the calendar: times print as `@seconds`).
    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .int(let v): return String(v)
        case .string(let s): return "\"" + s + "\""
        case .bytes(let b): return "0x" + Hex.encode(b)
        case .svn(let c): return "svn[" + c.map(String.init).joined(separator: ", ") + "]"
        case .time(let t): return "time(@\(t))"
        case .duration(let d): return "\(d)s"
        case .enumeration(let id, let index): return "enum#\(id).\(index)"
        }
    }
}

/// Little-endian encoding helpers shared by the writer, set tables and hashing.
public enum ByteEncoding {
    public static func append(_ value: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    public static func append(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    public static func append(_ value: Int64, to out: inout [UInt8]) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    /// FNV-1a 64-bit over `bytes` (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
    public static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
