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
                bytecode: bytes, parameters: try PolicyParameters(json: Array(FuzzInputs.parameters(module).utf8)),
                schemas: RuntimeFixtures.catalog, loopBudget: 100_000)
        } catch {
            #expect(!input.lastPathComponent.hasPrefix("seed-"), "\(error)")
            return
        }
        let filled = policy.inputs.map { FuzzInputs.filled($0.schema) }
        let none = policy.inputs.map { ClaimSet(schema: $0.schema) }
        let verdict = policy.evaluate(claims: filled, at: RuntimeFixtures.now)
        #expect(verdict.decision != .error || verdict.errorMessage != nil)
        _ = verdict.explain()
        // The decision alone agrees whenever the evaluation finishes.
        let decision = policy.decide(claims: filled, at: RuntimeFixtures.now)
        if verdict.decision != .error { #expect(decision == verdict.decision) }
        let empty = policy.evaluate(claims: none, at: RuntimeFixtures.now)
        if input.lastPathComponent.hasPrefix("seed-") {
            #expect(empty.decision == .deny, "every example policy fails closed without claims")
        }
        // The batch path (prepare, columns, evaluate(batch:), explanations from the batch) gives
        // the same verdicts.
        let rows = [filled, none]
        do {
            let batch = policy.evaluate(batch: rows, at: RuntimeFixtures.now)
            #expect(batch.map(\.decision) == [verdict.decision, empty.decision])
            #expect(batch.map { $0.explain() } == [verdict.explain(), empty.explain()])
        }
        // The rows the other way round, in the memory of the batch above, which is gone.
        let reversed = policy.evaluate(batch: rows.reversed(), at: RuntimeFixtures.now)
        #expect(reversed.map(\.decision) == [empty.decision, verdict.decision])
        #expect(reversed.map { $0.explain() } == [empty.explain(), verdict.explain()])
    }
}
