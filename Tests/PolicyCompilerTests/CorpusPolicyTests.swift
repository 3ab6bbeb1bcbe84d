import Claims
import Foundation
import PolicyBytecode
import PolicyCompiler
import TestSupport
import Testing

@testable import PolicyCompiler

@Suite("Example policies (Corpus/policies)")
struct CorpusPolicyTests {
    @Test func thereAreTheFourRequiredExamples() {
        let names = Set(PolicyFixtures.corpusPolicies.map(\.lastPathComponent))
        for required in [
            "contract-example.policy", "tdx-production.policy", "snp-production.policy", "composite-snp-vtpm.policy",
        ] {
            #expect(names.contains(required), "Corpus/policies/\(required)")
        }
    }

    @Test(arguments: PolicyFixtures.corpusPolicies)
    func compilesWithoutDiagnostics(_ url: URL) throws {
        let source = try PolicyFixtures.text(url)
        // Against this build's schemas, with no fallback: every example names real claims, and
        // a schema change that breaks one must fail here.
        let result = PolicyCompiler.compile(source: source, file: url.lastPathComponent, schemas: ClaimSchema.all)
        #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer.text(result.diagnostics, source: source))")
        #expect(result.module != nil)
    }

    @Test(arguments: PolicyFixtures.corpusPolicies)
    func compilingTwiceGivesIdenticalBytes(_ url: URL) throws {
        let source = try PolicyFixtures.text(url)
        let first = try #require(PolicyFixtures.compile(source, file: url.lastPathComponent).bytecode)
        let second = try #require(PolicyFixtures.compile(source, file: url.lastPathComponent).bytecode)
        #expect(first == second)
        #expect(BytecodeWriter.encode(try BytecodeReader.read(first)) == first)
    }

    @Test(arguments: PolicyFixtures.corpusPolicies)
    func formattingIsIdempotentAndKeepsTheMeaning(_ url: URL) throws {
        let source = try PolicyFixtures.text(url)
        let once = try Formatter.format(source, file: url.lastPathComponent).get()
        let twice = try Formatter.format(once, file: url.lastPathComponent).get()
        #expect(once == twice)
        // The same code and tables (the debug section and source digest differ with layout).
        var a = try #require(PolicyFixtures.compile(source).module)
        var b = try #require(PolicyFixtures.compile(once).module)
        a.debug = nil
        b.debug = nil
        a.metadata.sourceDigest = []
        b.metadata.sourceDigest = []
        for i in a.checks.indices { a.checks[i].span = .none }
        for i in b.checks.indices { b.checks[i].span = .none }
        for i in a.rules.indices { a.rules[i].span = .none }
        for i in b.rules.indices { b.rules[i].span = .none }
        a.trusts = a.trusts.map {
            .init(claim: $0.claim, branches: $0.branches.map { .init(tier: $0.tier, span: .none) }, span: .none)
        }
        b.trusts = b.trusts.map {
            .init(claim: $0.claim, branches: $0.branches.map { .init(tier: $0.tier, span: .none) }, span: .none)
        }
        #expect(a == b)
        // Every example but the verbatim contract example is kept in canonical form.
        if url.lastPathComponent != "contract-example.policy" { #expect(once == source) }
    }

    @Test func contractExampleHasTheExpectedShape() throws {
        let source = try PolicyFixtures.text(CorpusFile.url("policies/contract-example.policy"))
        // Against the test schemas, whose fingerprint this test pins; the real schemas are the
        // next test's.
        let module = try #require(
            PolicyCompiler.compile(source: source, file: "test.policy", schemas: TestSchemas.all).module)
        #expect(module.metadata.name == "tdx-production")
        #expect(module.metadata.version == 3)
        #expect(module.inputs.map(\.kind) == ["tdx"])
        #expect(module.inputs[0].schemaFingerprint == TestSchemas.tdx.fingerprint)
        #expect(module.params.map(\.name) == ["allowed_mrtd", "allowed_kernels"])
        #expect(module.params[0].type == .set(element: .bytes(length: 48)))
        #expect(
            module.checks.map(\.name) == [
                "verified", "not_debug", "tcb_status", "tcb_floor", "build", "fresh", "kernel",
            ])
        // Decisive: the checks the only `allow` requires.
        #expect(
            module.checks.filter { $0.flags.contains(.decisive) }.map(\.name)
                == ["verified", "not_debug", "tcb_floor", "build", "fresh"])
        #expect(module.trusts.map(\.claim) == [.hardware, .executables, .configuration])
        #expect(module.trusts[0].branches.map(\.tier) == [.affirming, .warning, .contraindicated])
        #expect(module.rules.map(\.kind) == [.allow])
        #expect(module.checks[0].span.line == 12)
        // One loop for `any e in tdx.events`, paired and bounded.
        #expect(module.code.filter { $0.opcode == .iterBegin }.count == 1)
    }

    @Test func contractExampleCompilesAgainstTheRealSchemas() throws {
        // The verbatim example of POLICY-LANGUAGE.md names tdx.verified, tdx.attributes.debug,
        // tdx.tcb.status, tdx.tee_tcb_svn, tdx.mrtd, tdx.collateral.next_update and tdx.events
        // (e.mr, e.type, e.digest): the real `tdx` schema must provide every one of them.
        let source = try PolicyFixtures.text(CorpusFile.url("policies/contract-example.policy"))
        let result = PolicyCompiler.compile(source: source, file: "contract-example.policy")
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
        let module = try #require(result.module)
        #expect(module.inputs[0].schemaFingerprint == ClaimSchema.tdx.fingerprint)
    }
}
