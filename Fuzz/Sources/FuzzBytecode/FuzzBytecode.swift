import Claims
import Evidence
import Foundation
import PolicyBytecode
import PolicyCompiler
import PolicyRuntime

/// libFuzzer entry point: any bytes through the policy loader (reader + verifier + parameter
/// binding), then, when the loader accepts them, one evaluation on claims that fill every slot
/// of each input's schema, and the explanation of the verdict. A trap is a bug; a
/// `PolicyLoadError` is the correct answer to bad bytecode. Seeds are compiled example policies
/// in `Corpus/fuzz/bytecode/`; every crash found becomes a file there, replayed by the tests.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBytecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let module = try? BytecodeReader.read(bytes) else { return 0 }
    let parameters = (try? PolicyParameters(json: Array(FuzzInputs.parameters(module).utf8))) ?? .none
    guard let policy = try? LoadedPolicy(bytecode: bytes, parameters: parameters, schemas: FuzzInputs.catalog, loopBudget: 100_000)
    else { return 0 }
    let claims = policy.inputs.map { FuzzInputs.filled($0.schema) }
    let verdict = policy.evaluate(claims: claims, at: Timestamp(secondsSinceEpoch: 1_767_225_600))
    _ = verdict.explain()
    _ = policy.evaluate(claims: policy.inputs.map { ClaimSet(schema: $0.schema) }, at: Timestamp(secondsSinceEpoch: 0))
    return 0
}

/// What the fuzzer feeds a loaded policy.
enum FuzzInputs {
    /// This build's schemas plus the test schemas of `Corpus/schemas/` (the seeds' policies name
    /// test claims), found through `APPRAISE_SCHEMAS` or `../Corpus/schemas` from `Fuzz/`.
    static let catalog: SchemaCatalog = {
        let directory = ProcessInfo.processInfo.environment["APPRAISE_SCHEMAS"] ?? "../Corpus/schemas"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let schemas = files.filter { $0.hasSuffix(".schema") }.sorted().compactMap { name -> ClaimSchema? in
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { return nil }
            return try? ClaimSchemaFile.parse(String(decoding: data, as: UTF8.self))
        }
        return SchemaCatalog.builtIn.adding(schemas)
    }()

    /// A parameters file binding every param of `module` to a value of its type.
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

    /// Claims with every slot of `schema` set to a value of its type (lists and arrays of two).
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
