import Claims
import PolicyBytecode
import TestSupport
import Testing

@testable import PolicyCompiler

/// The compiled code means what the source means: run by a VM written from BYTECODE.md, it
/// gives the reference interpreter's outcomes (on the unoptimized IR) for every check, rule and
/// trust entry, optimized or not, on random evidence.
@Suite("Bytecode execution matches the reference interpreter")
struct BytecodeExecutionTests {
    @Test func compiledCodeAgreesWithTheReferenceInterpreter() throws {
        var random = RandomClaims(rng: SplitMix64(seed: 0xB17E))
        for source in try OptimizerEquivalenceTests.sources() {
            let (plain, _) = try #require(PolicyFixtures.programs(source))
            let optimized = try #require(PolicyFixtures.compile(source).module)
            let unoptimized = try #require(PolicyFixtures.compile(source, optimize: false).module)
            for _ in 0..<250 {
                let inputs = plain.inputs.map { random.claims($0.schema) }
                let params = plain.params.map { random.constant($0.type) }
                let now = RandomClaims.base + random.int(-20...20) * 86_400
                let expected = ReferenceInterpreter(program: plain, inputs: inputs, params: params, now: now).run()
                for module in [optimized, unoptimized] {
                    let outcome = try TestVM(module: module).run(inputs: inputs, params: params, now: now)
                    #expect(outcome.checks == expected.checks)
                    #expect(outcome.rules == expected.rules)
                    #expect(outcome.trust == expected.trust)
                    #expect(outcome.allowed == expected.allowed)
                    if outcome.checks != expected.checks || outcome.rules != expected.rules { return }
                }
            }
        }
    }

    @Test func missingClaimsFailClosed() throws {
        let source = PolicyFixtures.tdx(
            """
            check debug_off "m": not tdx.attributes.debug
            check fresh "m": now <= tdx.collateral.next_update
            deny "debug" if tdx.attributes.debug
            allow if debug_off and fresh
            """)
        let module = try #require(PolicyFixtures.compile(source).module)
        let empty = ClaimSetFactory.empty()
        let outcome = try TestVM(module: module).run(inputs: [empty], params: [], now: 0)
        #expect(outcome.checks == [.missing, .missing])
        #expect(outcome.rules == [.missing, .missing])
        #expect(!outcome.allowed)
    }
}

enum ClaimSetFactory {
    static func empty() -> Claims.ClaimSet { Claims.ClaimSet(schema: TestSchemas.tdx) }
}
