import Claims
import Evidence

/// A value known at compile time: literals, consts, folded expressions, set literals.
enum ConstantValue: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case string(String)
    case bytes([UInt8])
    case svn([Int64])
    case time(Int64)
    case duration(Int64)
    case enumCase(ClaimEnum, Int)
    case set(PolicyType, [ConstantValue])

    var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .int(let v): return String(v)
        case .string(let s): return DiagnosticRenderer.quoted(s)
        case .bytes(let b): return "0x" + Hex.encode(b)
        case .svn(let c): return "svn[" + c.map(String.init).joined(separator: ", ") + "]"
        case .time(let t): return "t\"\(ClaimTime(secondsSinceEpoch: t).rfc3339)\""
        case .duration(let d): return "\(d)s"
        case .enumCase(let e, let i): return i < e.cases.count ? e.cases[i] : "?"
        case .set(_, let elements): return "{" + elements.map(\.description).joined(separator: ", ") + "}"
        }
    }
}
