import Claims
import Evidence
import Foundation
import PolicyBytecode
import PolicyRuntime
import TestSupport
import Testing

/// Replays every file of `Corpus/fuzz/bytecode/` — the `FuzzBytecode` seeds (compiled example
/// policies) and every crash the fuzzer ever found — the way the fuzzer runs them: load with
/// parameters of the declared types, evaluate on claims filling every slot and on empty
/// claims, explain. Each must end in a typed load error or a verdict; a trap fails the run.
@Suite("Bytecode fuzz corpus replay")
struct BytecodeFuzzReplayTests {
    static let inputs = CorpusFile.files(under: "fuzz/bytecode")

    @Test func thereAreSeedsForEveryExamplePolicy() {
        let names = Set(Self.inputs.map(\.lastPathComponent))
        for policy in CorpusFile.files(under: "policies").filter({ $0.pathExtension == "policy" }) {
            let base = policy.deletingPathExtension().lastPathComponent
            #expect(names.contains("seed-\(base).apb") && names.contains("seed-\(base)-nodebug.apb"), "\(base)")
        }
    }

    @Test(arguments: inputs)
    func replayEndsInATypedErrorOrAVerdict(_ input: URL) throws {
        let bytes = Array(try Data(contentsOf: input))
        guard let module = try? BytecodeReader.read(bytes) else {
            #expect(!input.lastPathComponent.hasPrefix("seed-"))
            return
        }
        let policy: LoadedPolicy
        do {
            policy = try LoadedPolicy(
                bytecode: bytes, parameters: try PolicyParameters(json: Array(Self.parameters(module).utf8)),
                schemas: RuntimeFixtures.catalog, loopBudget: 100_000)
        } catch {
            #expect(!input.lastPathComponent.hasPrefix("seed-"), "\(error)")
            return
        }
        let verdict = policy.evaluate(claims: policy.inputs.map { Self.filled($0.schema) }, at: RuntimeFixtures.now)
        #expect(verdict.decision != .error || verdict.errorMessage != nil)
        _ = verdict.explain()
        let empty = policy.evaluate(claims: policy.inputs.map { ClaimSet(schema: $0.schema) }, at: RuntimeFixtures.now)
        if input.lastPathComponent.hasPrefix("seed-") {
            #expect(empty.decision == .deny, "every example policy fails closed without claims")
        }
    }

    /// The fuzzer's parameters (Fuzz/Sources/FuzzBytecode): one value of each declared type.
    static func parameters(_ module: BytecodeModule) -> String {
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

    /// The fuzzer's claims: every slot of `schema` set (lists and arrays of two).
    static func filled(_ schema: ClaimSchema) -> ClaimSet {
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
