import Claims
import Evidence
import Foundation
import PolicyBytecode
import PolicyCompiler
import PolicyRuntime
import TestSupport

/// libFuzzer entry point: any bytes through the policy loader (reader + verifier + parameter
/// binding), then, when the loader accepts them, one evaluation on claims that fill every slot
/// of each input's schema, and the explanation of the verdict, one on empty claims, and both
/// again as a batch, twice (the second batch reuses the first one's memory), and the decision
/// alone, which must agree with the evaluation. A trap is a bug; a
/// `PolicyLoadError` is the correct answer to bad bytecode. Seeds are compiled example policies
/// in `Corpus/fuzz/bytecode/`; every crash found becomes a file there, replayed by the tests.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBytecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let module = try? BytecodeReader.read(bytes) else { return 0 }
    let parameters = (try? PolicyParameters(json: Array(FuzzInputs.parameters(module).utf8))) ?? .none
    guard
        let policy = try? LoadedPolicy(
            bytecode: bytes, parameters: parameters, schemas: FuzzSchemas.catalog, loopBudget: 100_000)
    else { return 0 }
    let claims = policy.inputs.map { FuzzInputs.filled($0.schema) }
    let now = Timestamp(secondsSinceEpoch: 1_767_225_600)
    let verdict = policy.evaluate(claims: claims, at: now)
    _ = verdict.explain()
    // The decision alone (it skips checks no rule reads and stops at a decisive one): it must
    // agree with the evaluation whenever that one finishes.
    let decision = policy.decide(claims: claims, at: now)
    if verdict.decision != .error, decision != verdict.decision {
        fatalError("decide gave \(decision), evaluate \(verdict.decision)")
    }
    let empty = policy.inputs.map { ClaimSet(schema: $0.schema) }
    _ = policy.evaluate(claims: empty, at: Timestamp(secondsSinceEpoch: 0))
    // The batch path too: prepare, columns, evaluate(batch:), explanations from the batch.
    let decisions = policy.evaluate(batch: [claims, empty], at: now).map { verdict in
        _ = verdict.explain()
        return verdict.decision
    }
    // The rows the other way round, in the memory of the batch above, which is gone: the same
    // decisions, reversed; and the decision alone agrees wherever the evaluation finished.
    let reversed = policy.evaluate(batch: [empty, claims], at: now)
    for verdict in reversed { _ = verdict.explain() }
    if reversed.map(\.decision) != decisions.reversed() {
        fatalError("a batch in reused memory decided \(reversed.map(\.decision)), not \(decisions.reversed())")
    }
    for (row, decided) in policy.decide(batch: policy.prepare([claims, empty]), at: now).enumerated()
    where decisions[row] != .error && decided != decisions[row] {
        fatalError("decide(batch:) gave \(decided) for row \(row), evaluate \(decisions[row])")
    }
    return 0
}

/// The schemas the fuzzer loads policies with.
enum FuzzSchemas {
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
}
