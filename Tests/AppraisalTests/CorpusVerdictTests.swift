import Appraisal
import Claims
import Endorsement
import Evidence
import Foundation
import PolicyCompiler
import PolicyRuntime
import TestSupport
import Testing

/// Real evidence from `Corpus/evidence/` appraised by the example policies of `Corpus/policies/`
/// (issue #5, "Tests"): verified with the bundled collateral, evaluated, explained. Expected
/// decisions and explanations are written by hand from each file's `*.expected.json` values
/// (an independent decoder's, see the manifest) and the policy's reference values.
@Suite("Verdicts on real evidence")
struct CorpusVerdictTests {
    static func appraiser(_ policy: String, refs: String) throws -> Appraiser {
        let source = String(decoding: try CorpusFile.bytes("policies/\(policy)"), as: UTF8.self)
        let result = PolicyCompiler.compile(source: source, file: policy)
        let bytecode = try #require(result.bytecode, "\(DiagnosticRenderer.text(result.diagnostics, source: source))")
        return try Appraiser(
            bytecode: bytecode, parameters: try PolicyParameters(json: try CorpusFile.bytes("policies/refs/\(refs)")))
    }

    static func options(_ collateral: String, at time: String) throws -> VerificationOptions {
        VerificationOptions(
            collateral: try CollateralStore(directory: CorpusFile.url("collateral/\(collateral)").path),
            time: try #require(Timestamp(rfc3339: time)))
    }

    // MARK: SEV-SNP

    static func snp() throws -> (Appraiser, VerificationOptions) {
        (
            try appraiser("snp-production.policy", refs: "snp-production-oak-turin.json"),
            try options("amd", at: "2025-09-12T00:00:00Z")
        )
    }

    @Test func theTurinReportThePolicysReferenceValuesDescribeIsAllowed() throws {
        let (appraiser, options) = try Self.snp()
        let report = try CorpusFile.bytes("evidence/snp/oak_turin_oc_report_v5.bin")
        let verdict = appraiser.appraise(evidence: [report], options: options)
        #expect(verdict.decision == .allow, "\(verdict.explanationText())")
        #expect(verdict.status == .affirming)
        #expect(verdict.trust == [.hardware: .affirming, .executables: .affirming, .configuration: .affirming])
        #expect(verdict.failedChecks.isEmpty)
        #expect(verdict.evidence.map(\.label) == ["snp-report"])
        // The digest from OpenSSL, a second SHA-256 implementation (the appraiser uses swift-crypto).
        #expect(verdict.evidence.first?.sha256 == (try OpenSSLDigest.sha256.hash(report)))
        #expect(verdict.verification.contains { $0.name == "snp-report: report signature" && $0.status == "passed" })
        #expect(verdict.policy.name == "snp-production" && verdict.policy.version == 3)
    }

    @Test func aMilanReportWithAnotherMeasurementAndReportDataIsDeniedAndExplained() throws {
        let (appraiser, options) = try Self.snp()
        let verdict = appraiser.appraise(
            evidence: [try CorpusFile.bytes("evidence/snp/oak_milan_oc_release_report_v3.bin")], options: options)
        #expect(verdict.decision == .deny)
        #expect(verdict.status == .contraindicated)
        // TCB [4,0,24,219,0] ≥ [1,0,2,71,0] and Milan is supported: hardware holds.
        #expect(verdict.trust == [.hardware: .affirming, .executables: .contraindicated, .configuration: .affirming])
        let checks = verdict.explain()
        #expect(checks.map(\.name) == ["measurement", "bound"])
        #expect(
            checks[0].explanation
                == "`snp.measurement` 0x195b01b7… is not the one value of allowed_measurements")
        #expect(
            checks[0].actual
                == "195b01b74976a1faba13bd85eaf787958f0a46e6dddd45c5bdbf8673522777842b8057ae5d866b75416efb62012deaa3")
        #expect(checks[1].explanation == "`snp.report_data` is 0xa7ca989b…; the policy requires = 0xe0fd0bdb…")
        #expect(checks[1].line == 22)
    }

    @Test func evidenceOfAnotherKindIsAnErrorNotADenial() throws {
        let (appraiser, options) = try Self.snp()
        let verdict = appraiser.appraise(
            evidence: [try CorpusFile.bytes("evidence/tdx/dcap-qvl_tdx_quote.bin")], options: options)
        #expect(verdict.decision == .error)
        #expect(verdict.errorMessage == "input `snp` needs snp evidence; the evidence given provides tdx")
        #expect(verdict.status == .none)
    }

    @Test func aBatchDeduplicatesAndMatchesSingleAppraisals() throws {
        let (appraiser, options) = try Self.snp()
        let turin = try CorpusFile.bytes("evidence/snp/oak_turin_oc_report_v5.bin")
        let milan = try CorpusFile.bytes("evidence/snp/oak_milan_oc_release_report_v3.bin")
        let submissions = [[turin], [milan], [turin], [[0x00, 0x01]], [milan]]
        let verdicts = appraiser.appraise(batch: submissions, options: options)
        #expect(verdicts.map(\.decision) == [.allow, .deny, .allow, .error, .deny])
        #expect(verdicts[1] == appraiser.appraise(evidence: [milan], options: options))
        #expect(verdicts[4].explain().map(\.name) == ["measurement", "bound"])
    }
}
