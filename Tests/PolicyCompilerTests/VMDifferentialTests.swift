import Claims
import Evidence
import Foundation
import PolicyBytecode
import PolicyRuntime
import TestSupport
import Testing

@testable import PolicyCompiler

/// The runtime's VM (issue #5) against the reference interpreter and the test VM kept here,
/// next to them: every example policy on thousands of generated claim sets must give identical
/// decisions, failed-check sets and trust vectors, and a compiled policy with any single byte
/// corrupted must be rejected by the loader or evaluate exactly as BYTECODE.md says (the test
/// VM) — never trap.
@Suite("Runtime VM against the reference interpreter")
struct VMDifferentialTests {
    static let catalog = SchemaCatalog.builtIn.adding([TestSchemas.tdx, TestSchemas.snp, TestSchemas.tpm])

    /// A params file for `values` of the program's params (the JSON conventions of the claims output).
    static func json(_ params: [(name: String, type: PolicyType)], _ values: [ConstantValue]) -> String {
        func text(_ value: ConstantValue) -> String {
            switch value {
            case .bool(let b): return b ? "true" : "false"
            case .int(let v), .duration(let v): return String(v)
            case .string(let s): return JSONWriter.quoted(s)
            case .bytes(let b): return "\"" + Hex.encode(b) + "\""
            case .svn(let c): return "[" + c.map(String.init).joined(separator: ",") + "]"
            case .time(let t): return "\"" + ClaimTime(secondsSinceEpoch: t).rfc3339 + "\""
            case .enumCase(let e, let i): return JSONWriter.quoted(e.cases[i])
            case .set(_, let elements): return "[" + elements.map(text).joined(separator: ",") + "]"
            }
        }
        return "{" + zip(params, values).map { JSONWriter.quoted($0.name) + ":" + text($1) }.joined(separator: ",")
            + "}"
    }

    static func load(_ bytes: [UInt8], _ json: String) throws -> LoadedPolicy {
        try LoadedPolicy(bytecode: bytes, parameters: try PolicyParameters(json: Array(json.utf8)), schemas: catalog)
    }

    @Test func everyExamplePolicyAgreesWithTheReferenceInterpreterOnThousandsOfClaimSets() throws {
        var random = RandomClaims(rng: SplitMix64(seed: 0x5EED_0005))
        var evaluations = 0
        for source in try OptimizerEquivalenceTests.sources() {
            let (plain, _) = try #require(PolicyFixtures.programs(source))
            for optimize in [true, false] {
                let bytes = try #require(PolicyFixtures.compile(source, optimize: optimize).bytecode)
                for _ in 0..<10 {
                    // Params are bound at load time: one draw per loaded policy, 200 claim sets each.
                    let params = plain.params.map { random.constant($0.type) }
                    let policy = try Self.load(bytes, Self.json(plain.params, params))
                    let now = RandomClaims.base + random.int(-20...20) * 86_400
                    let rows = (0..<200).map { _ in plain.inputs.map { random.claims($0.schema) } }
                    let batch = policy.prepare(rows)
                    let outcomes = policy.evaluate(batch: batch, at: ClaimTime(secondsSinceEpoch: now))
                    // The decision alone (decide), which skips the checks no rule reads.
                    let decisions = policy.decide(batch: batch, at: ClaimTime(secondsSinceEpoch: now))
                    for (row, inputs) in rows.enumerated() {
                        let expected = ReferenceInterpreter(
                            program: plain, inputs: inputs, params: params, now: now
                        ).run()
                        let failed = expected.checks.indices.filter { expected.checks[$0] != .true }
                            .map { plain.checks[$0].name }
                        let trust = Dictionary(
                            uniqueKeysWithValues: zip(plain.trusts.map(\.claim), expected.trust))
                        // One in ten through the single-evaluation API, the rest from the batch.
                        if row % 10 == 0 {
                            let verdict = policy.evaluate(claims: inputs, at: ClaimTime(secondsSinceEpoch: now))
                            #expect(verdict.decision == (expected.allowed ? .allow : .deny))
                            #expect(verdict.failedChecks.map(\.name) == failed)
                            #expect(verdict.trust == trust)
                            #expect(
                                policy.decide(claims: inputs, at: ClaimTime(secondsSinceEpoch: now))
                                    == (expected.allowed ? .allow : .deny), "\(source)")
                        }
                        #expect(decisions[row] == (expected.allowed ? .allow : .deny), "decide: \(source)")
                        let outcome = outcomes[row]
                        #expect(outcome.decision == (expected.allowed ? .allow : .deny), "\(source)")
                        let outcomeFailed = plain.checks.indices.filter { outcome.check($0) != true }
                            .map { plain.checks[$0].name }
                        #expect(outcomeFailed == failed, "\(source)")
                        #expect(plain.trusts.indices.map { outcome.trustTier($0) } == expected.trust)
                        if outcome.decision != (expected.allowed ? .allow : .deny) || outcomeFailed != failed {
                            return
                        }
                        evaluations += 1
                    }
                }
            }
        }
        #expect(evaluations >= 10_000)
    }

    /// Every byte of a compiled policy replaced by each of `values(original byte)`: the loader
    /// rejects the file with a typed error, or the VM evaluates it exactly as the test VM does
    /// (on `claimSets` random claim sets; the explainer runs too) — nothing traps.
    static func corrupt(
        _ bytes: [UInt8], params: [(name: String, type: PolicyType)], values: (UInt8) -> [UInt8],
        random: inout RandomClaims, schemas: [ClaimSchema], claimSets count: Int = 2
    ) throws -> (rejected: Int, accepted: Int) {
        var rejected = 0
        var accepted = 0
        let paramValues = params.map { random.constant($0.type) }
        let parameters = try PolicyParameters(json: Array(Self.json(params, paramValues).utf8))
        let original = try BytecodeReader.read(bytes)
        let claimSets = (0..<count).map { _ in schemas.map { random.claims($0) } }
        let now = ClaimTime(secondsSinceEpoch: RandomClaims.base)
        for position in bytes.indices {
            for value in values(bytes[position]) where value != bytes[position] {
                var corrupted = bytes
                corrupted[position] = value
                let policy: LoadedPolicy
                do {
                    policy = try LoadedPolicy(bytecode: corrupted, parameters: parameters, schemas: catalog)
                } catch {
                    rejected += 1
                    continue
                }
                accepted += 1
                let module = policy.module
                let comparable = module.params == original.params && module.inputs == original.inputs
                for (n, inputs) in claimSets.enumerated() {
                    let verdict = policy.evaluate(claims: inputs, at: now)
                    if n == 0 { _ = verdict.explain() }  // the tracer must not trap either
                    // Nor the decision alone, which ignores the file's `decisive` flags and agrees
                    // with the evaluation whenever that one finishes.
                    let decision = policy.decide(claims: inputs, at: now)
                    if verdict.decision != .error {
                        #expect(decision == verdict.decision, "decide: byte \(position) → \(value)")
                    }
                    guard comparable, verdict.decision != .error,
                        let expected = try? TestVM(module: module).run(
                            inputs: inputs, params: paramValues, now: now.secondsSinceEpoch)
                    else { continue }
                    let failed = module.checks.indices.filter { expected.checks[$0] != .true }
                        .map { module.checks[$0].name }
                    #expect(verdict.decision == (expected.allowed ? .allow : .deny), "byte \(position) → \(value)")
                    #expect(verdict.failedChecks.map(\.name) == failed, "byte \(position) → \(value)")
                }
            }
        }
        return (rejected, accepted)
    }

    static func compiled(_ name: String, debugInfo: Bool) throws -> (bytes: [UInt8], program: IRProgram) {
        let source = try PolicyFixtures.text(CorpusFile.url("policies/\(name)"))
        let (plain, _) = try #require(PolicyFixtures.programs(source))
        let result = PolicyCompiler.compile(
            source: source, file: name, schemas: PolicyFixtures.schemas(for: source),
            options: .init(debugInfo: debugInfo))
        return (try #require(result.bytecode), plain)
    }

    /// Every position, every single-bit flip and the bytes 0x00 and 0xFF, of the contract
    /// example (a loop, param sets, a constant set) compiled without debug information; three
    /// values per position of the composite policy (two inputs, lets, `all`/`count`, regexes) and
    /// of the contract example with its debug section. (`APPRAISE_EXHAUSTIVE=1` tries all 255.)
    @Test func singleByteCorruptionsAreRejectedOrEvaluatedCorrectly() throws {
        let exhaustive = ProcessInfo.processInfo.environment["APPRAISE_EXHAUSTIVE"] == "1"
        var random = RandomClaims(rng: SplitMix64(seed: 0xC0FF_EE00))
        let cases: [(String, Bool, (UInt8) -> [UInt8])] = [
            ("contract-example.policy", false, { b in (0..<8).map { b ^ (1 << $0) } + [0x00, 0xFF] }),
            ("composite-snp-vtpm.policy", false, { b in [b ^ 0x01, b ^ 0x80, 0xFF] }),
            ("contract-example.policy", true, { b in [b ^ 0x01, b ^ 0x80, 0xFF] }),
        ]
        for (name, debugInfo, values) in cases {
            let (bytes, program) = try Self.compiled(name, debugInfo: debugInfo)
            let (rejected, accepted) = try Self.corrupt(
                bytes, params: program.params, values: exhaustive ? { _ in Array(0...255) } : values,
                random: &random, schemas: program.inputs.map(\.schema))
            #expect(rejected > accepted, "\(name)")
            #expect(rejected + accepted >= bytes.count * (exhaustive ? 255 : 3) - bytes.count)
        }
    }
}
