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
        // Every file of the collateral bundle, by its name in the bundle (the 16 files of
        // Corpus/collateral/amd, listed by hand), with OpenSSL's digest.
        let bundle = CorpusFile.url("collateral/amd").path
        #expect(
            verdict.collateral.map(\.label) == [
                "go-sev-guest_trust_ask_ark_genoa.pem", "go-sev-guest_trust_ask_ark_milan.pem",
                "go-sev-guest_trust_ask_ark_milan_vlek.pem", "go-sev-guest_trust_ask_ark_turin_vcek.pem",
                "go-sev-guest_vcek_milan.der", "oak_cb_vcek_milan.der", "oak_genoa_oc_vcek.der",
                "oak_milan_oc_vcek.der", "oak_turin_oc_vcek.der", "trustee_az-snp-vtpm_evidence-v1.vcek.der",
                "trustee_az-snp-vtpm_evidence-v2.vcek.der", "trustee_az-snp-vtpm_vcek_genoa.pem",
                "trustee_az-snp-vtpm_vcek_milan_chain.pem", "trustee_snp_test-vcek.der", "trustee_snp_test-vlek.der",
                "virtee-sev_vcek_turin.der",
            ])
        for digest in verdict.collateral {
            let bytes = try #require(FileManager.default.contents(atPath: bundle + "/" + digest.label))
            #expect(digest.sha256 == (try OpenSSLDigest.sha256.hash(Array(bytes))), "\(digest.label)")
        }
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
        #expect(checks[1].explanation == "`snp.report_data` is 0xa7ca989b…; the policy requires 0xe0fd0bdb…")
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

    // MARK: Intel TDX with its CC event log

    /// The GCE COS 113 quote with its CCEL, against the go-tdx-guest 2023 collateral: a 2024
    /// quote (its PCK leaf is valid from 2024-07-02) with stale collateral.
    static func tdxVerdict(_ evidence: [String], at time: String = "2024-08-01T00:00:00Z") throws -> Verdict {
        let appraiser = try appraiser("tdx-production.policy", refs: "tdx-production-gce-cos113.json")
        return appraiser.appraise(
            evidence: try evidence.map { try CorpusFile.bytes($0) },
            options: try options("intel/go-tdx-guest-2023", at: time))
    }

    static let cos113Quote = "evidence/tdx/go-tdx-guest_ccel_cos-113_quote_v4.bin"
    static let cos113Log = "evidence/ccel/goeventlog__cos-113-intel-tdx.bin"

    @Test func aTDXQuoteWithItsEventLogIsAppraisedAsOneAndDeniedForStaleCollateral() throws {
        let verdict = try Self.tdxVerdict([Self.cos113Quote, Self.cos113Log])
        #expect(verdict.decision == .deny)
        // The log replays to the quote's RTMRs, so tdx.events exist: the boot loaders (SHA-384
        // 5a10026c…, b1fb7f4c… per Corpus/tools/tcglog.py) are approved, one separator in RTMR1.
        #expect(verdict.verification.contains { $0.name == "tdx-quote: rtmr_replay" && $0.status == "passed" })
        #expect(verdict.evidence.map(\.label) == ["tdx-quote", "ccel-log (with the tdx-quote)"])
        let failed = verdict.explain()
        #expect(
            failed.map(\.name) == [
                "verified", "xfam_ok", "qe_pce", "tcb_status", "tcb_current", "tcb_date", "fresh", "advisories",
            ])
        // From the quote's expected.json: XFAM e700060000000000, QE ISVSVN 6.
        #expect(
            failed[1].explanation == "`tdx.xfam` is 0xe700060000000000; the policy requires 0xe718060000000000")
        #expect(failed[2].explanation == "`tdx.qe.isvsvn` is 6; the policy requires ≥ 8")
        #expect(failed[3].explanation == "claim `tdx.tcb.status` is missing")
        #expect(verdict.trust[.executables] == .affirming)
    }

    @Test func withoutItsEventLogTheSameQuoteCannotShowItsBootLoader() throws {
        let verdict = try Self.tdxVerdict([Self.cos113Quote])
        #expect(verdict.decision == .deny)
        let failed = verdict.explain().map(\.name)
        #expect(failed.contains("kernel") && failed.contains("one_boot"))
        #expect(verdict.trust[.executables] == .warning)
    }

    @Test func anEventLogOfAnotherTDIsNotBoundToTheQuote() throws {
        // trustee's CCEL_data.bin comes from a different TD (its RTMR0 is 2dc71230…, the quote's
        // 3fa2f61f…): the replay step fails and the events are withheld.
        let verdict = try Self.tdxVerdict([Self.cos113Quote, "evidence/ccel/trustee__CCEL_data.bin"])
        #expect(verdict.verification.contains { $0.name == "tdx-quote: rtmr_replay" && $0.status == "failed" })
        #expect(verdict.explain().map(\.name).contains("kernel"))
    }

    // MARK: TPM event log with its quote

    @Test func theWindowsShieldedVMLogAndQuoteAreAllowed() throws {
        let appraiser = try Self.appraiser("tpm-measured-boot.policy", refs: "tpm-measured-boot-gcp-windows.json")
        var options = VerificationOptions(time: try #require(Timestamp(rfc3339: "2025-01-01T00:00:00Z")))
        options.attestationKey = try CorpusFile.bytes("collateral/tpm/goattest__windows_gcp_ak.tpm2b_public.bin")
        let log = try CorpusFile.bytes("evidence/tpm/goattest__windows_gcp_shielded_vm.bin")
        let quote = try CorpusFile.bytes("evidence/tpm-quote/goattest__windows_gcp_quote.bin")
        let verdict = appraiser.appraise(evidence: [log, quote], options: options)
        #expect(verdict.decision == .allow, "\(verdict.explanationText())")
        #expect(verdict.status == .affirming)
        #expect(verdict.verification.contains { $0.name == "tcg-event-log: quote PCR digest" && $0.status == "passed" })
        // The quote alone has no log to replay: every boot-state check is missing its claims.
        let alone = appraiser.appraise(evidence: [quote], options: options)
        #expect(alone.decision == .deny)
        #expect(alone.explain().map(\.name).contains("secure_boot"))
        // Without the attestation key the quote's signature cannot be checked.
        options.attestationKey = nil
        let unsigned = appraiser.appraise(evidence: [log, quote], options: options)
        #expect(unsigned.explain().map(\.name) == ["verified"])
    }

    // MARK: Composite: an Azure SEV-SNP HCL report and its vTPM quote

    @Test func theAzureReportAndVTPMQuoteAreBoundButTheirBootLogIsMissing() throws {
        let appraiser = try Self.appraiser("composite-snp-vtpm.policy", refs: "composite-snp-vtpm-azure.json")
        var options = try Self.options("amd", at: "2025-01-01T00:00:00Z")
        options.attestationKey = try CorpusFile.bytes("collateral/tpm/trustee__az-snp-vtpm_ak.pem")
        let report = try CorpusFile.bytes("evidence/snp/trustee_az-snp-vtpm_hcl_report.bin")
        let quote = try CorpusFile.bytes("evidence/tpm-quote/trustee__az-snp-vtpm_quote.bin")
        let verdict = appraiser.appraise(evidence: [report, quote], options: options)
        #expect(verdict.decision == .deny)
        // Report verified, runtime data bound, quote signed by the AK and answering "challenge"
        // (the manifest's nonce): identity holds; the boot checks need the event log.
        #expect(verdict.trust[.instanceIdentity] == .affirming)
        let failed = verdict.explain()
        #expect(failed.map(\.name) == ["secure_boot", "boot_chain", "shim_grub", "cmdline"])
        #expect(failed[1].explanation == "claim `vtpm.events` is missing")
        // The order of the files does not matter: inputs bind by kind.
        #expect(
            appraiser.appraise(evidence: [quote, report], options: options).explain().map(\.name) == failed.map(\.name))
        // Without the vTPM quote there is nothing for `input vtpm: tpm`.
        let alone = appraiser.appraise(evidence: [report], options: options)
        #expect(alone.decision == .error)
        #expect(alone.errorMessage == "input `vtpm` needs tpm evidence; the evidence given provides snp")
    }

    // MARK: TPM: a Linux event log

    @Test func theRHEL8LogIsAllowedAndADebianLogIsDeniedForItsBootChainAndCommandLine() throws {
        let appraiser = try Self.appraiser("tpm-linux-boot.policy", refs: "tpm-linux-boot-rhel8.json")
        let options = VerificationOptions(time: try #require(Timestamp(rfc3339: "2025-01-01T00:00:00Z")))
        // The refs hold the RHEL 8 log's shim, GRUB and kernel SHA-256 digests and three of its
        // dbx entries, read from tpm2-tools' YAML of that log.
        let rhel = appraiser.appraise(
            evidence: [try CorpusFile.bytes("evidence/tpm/goeventlog__rhel8-uefi.bin")], options: options)
        #expect(rhel.decision == .allow, "\(rhel.explanationText())")
        // Debian 10's log is SHA-1 only (tpm2-tools: one bank) and has no kernel command line.
        let debian = appraiser.appraise(
            evidence: [try CorpusFile.bytes("evidence/tpm/goeventlog__debian-10.bin")], options: options)
        #expect(debian.decision == .deny)
        let failed = debian.explain()
        #expect(failed.map(\.name) == ["boot_chain", "cmdline"])
        // The first element without a SHA-256 digest is named, not the last.
        #expect(failed[0].explanation == "`tpm.boot.efi_apps[0].sha256` is missing")
        #expect(failed[1].explanation == "claim `tpm.kernel.cmdline` is missing")
        #expect(debian.trust[.executables] == .contraindicated)
    }
}
