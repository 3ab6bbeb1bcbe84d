import Claims
import Evidence
import PolicyBytecode

/// What `FuzzBytecode` (Fuzz/Sources/FuzzBytecode) feeds a loaded policy, shared with the tests
/// that replay its corpus (Tests/PolicyRuntimeTests/BytecodeFuzzReplayTests.swift) so that a
/// crash file is replayed exactly as the fuzzer ran it.
public enum FuzzInputs {
    /// A parameters file binding every param of `module` to a value of its type.
    public static func parameters(_ module: BytecodeModule) -> String {
        func value(_ type: TypeDescriptor) -> String {
            switch type {
            case .bool: return "true"
            case .int, .duration: return "1"
            case .string: return "\"x\""
            case .bytes(let n): return "\"" + String(repeating: "ab", count: n == 0 ? 4 : Int(min(n, 4096))) + "\""
            case .svn(let n): return "[" + Array(repeating: "1", count: Int(min(n, 4096))).joined(separator: ",") + "]"
            case .time: return "\"2026-01-01T00:00:00Z\""
            case .enumeration(let id):
                let cases = Int(id) < module.enums.count ? module.enums[Int(id)].cases : []
                return "\"\(cases.first ?? "")\""
            case .set(let element): return "[" + value(element) + "]"
            default: return "null"
            }
        }
        return "{" + module.params.map { "\"\($0.name)\": \(value($0.type))" }.joined(separator: ",") + "}"
    }

    /// Claims with every slot of `schema` set to a value of its type (lists and arrays of two).
    public static func filled(_ schema: ClaimSchema) -> ClaimSet {
        func value(_ type: ClaimType) -> ClaimValue {
            switch type {
            case .bool: return .bool(true)
            case .int: return .int(1)
            case .string: return .string("lockdown=integrity")
            case .bytes(let length): return .bytes(ClaimBytes(Array(repeating: 0xAB, count: length ?? 4)))
            case .svn(let count): return .svn(ClaimSVN(Array(repeating: 1, count: count)))
            case .time: return .time(Timestamp(secondsSinceEpoch: 1_767_225_600))
            case .enumeration: return .enumeration(0)
            case .list(let record):
                let element = ClaimRecord(fields: record.fields.map { value($0.type) })
                return .list([element, element])
            case .array(let element): return .array([value(element), value(element)])
            }
        }
        var claims = ClaimSet(schema: schema)
        for claim in schema.claims { try? claims.set(claim.path, value(claim.type)) }
        return claims
    }
}
