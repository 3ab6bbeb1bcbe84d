import Foundation
import TestSupport
import Testing

@Suite("policyc on event logs (as a process)")
struct PolicycEventLogTests {
    static func json(_ arguments: [String]) throws -> (Int32, [String: Any]) {
        let result = try PolicycProcess.run(arguments)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return (result.status, object ?? [:])
    }

    @Test func claimsOfATPMLogAreAutoDetected() throws {
        let (status, claims) = try Self.json([
            "claims", "--format", "json", "Corpus/evidence/tpm/tpm2tss__binary_measurements_hcrtm.bin",
        ])
        #expect(status == 0)
        #expect((claims["tpm.pcr.sha1"] as? [String])?.first == "15f4e6ca457d1af6bc49511a93ba3500ad69acc5")
        #expect(claims["tpm.log.format"] as? String == "crypto_agile")
    }

    @Test func yamlEndsWithTpm2ToolsPCRs() throws {
        // The pcrs: section is byte-identical to tpm2-tools 5.8's for this log (shared corpus
        // expected/tpm2-tools-5.8/tpm2tss__binary_measurements_hcrtm.yaml).
        let result = try PolicycProcess.run([
            "claims", "--format", "yaml", "Corpus/evidence/tpm/tpm2tss__binary_measurements_hcrtm.bin",
        ])
        #expect(result.status == 0)
        #expect(
            result.standardOutput.hasPrefix(
                "---\nversion: 2\nevents:\n- EventNum: 0\n  PCRIndex: 0\n  EventType: EV_NO_ACTION\n"))
        #expect(result.standardOutput.contains("pcrs:\n  sha1:\n    0  : 0x15f4e6ca457d1af6bc49511a93ba3500ad69acc5\n"))
        #expect(
            result.standardOutput.contains(
                "  sm3_256:\n    0  : 0x95ee6f4f62f8adec02adbfd940a07ccc6967d01a5d46e64ab7295c08ac3449d0\n"))
        #expect(result.standardOutput.contains("  EventType: EV_EFI_HCRTM_EVENT\n  DigestCount: 3\n"))
    }

    @Test func yamlOfAQuoteSaysItHasNone() throws {
        let result = try PolicycProcess.run([
            "claims", "--format", "yaml", "Corpus/evidence/tdx/trustee_tdx_quote_4.bin",
        ])
        #expect(result.status == 64)
        #expect(result.standardError.contains("exists only for TCG event logs"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func kindHintOverridesDetection() throws {
        let (status, claims) = try Self.json([
            "claims", "--format", "json", "--kind", "tcg-event-log", "Corpus/evidence/ccel/trustee__CCEL_data_grub.bin",
        ])
        #expect(status == 0)
        #expect(claims["tpm.log.algorithms"] as? [String] == ["sha384"])
        let bad = try PolicycProcess.run(["claims", "--kind", "nonsense", "x.bin"])
        #expect(bad.status == 64)
    }

    @Test func verifyALogWithItsQuoteAndAK() throws {
        // go-attestation TestEventLog: this quote verifies with this AK and this log's PCRs.
        let (status, claims) = try Self.json([
            "verify", "--format", "json", "Corpus/evidence/tpm/goattest__windows_gcp_shielded_vm.bin",
            "--quote", "Corpus/evidence/tpm-quote/goattest__windows_gcp_quote.bin",
            "--ak", "Corpus/collateral/tpm/goattest__windows_gcp_ak.tpm2b_public.bin",
        ])
        #expect(status == 0)
        #expect(claims["tpm.verified"] as? Bool == true)
        #expect(claims["tpm.quote.verified"] as? Bool == true)
        #expect(claims["tpm.replay_matches_quote"] as? Bool == true)
    }

    @Test func verifyFailsClosedOnAnotherLogAWrongKeyOrNoKey() throws {
        let otherLog = try PolicycProcess.run([
            "verify", "Corpus/evidence/tpm/goeventlog__debian-10.bin",
            "--quote", "Corpus/evidence/tpm-quote/goattest__windows_gcp_quote.bin",
            "--ak", "Corpus/collateral/tpm/goattest__windows_gcp_ak.tpm2b_public.bin",
        ])
        #expect(otherLog.status == 7)
        #expect(otherLog.standardOutput.contains("FAIL quote PCR digest"))
        let wrongKey = try PolicycProcess.run([
            "verify", "Corpus/evidence/tpm/goattest__windows_gcp_shielded_vm.bin",
            "--quote", "Corpus/evidence/tpm-quote/goattest__windows_gcp_quote.bin",
            "--ak", "Corpus/collateral/tpm/trustee__az-snp-vtpm_ak.pem",
        ])
        #expect(wrongKey.status == 5)
        let noKey = try PolicycProcess.run([
            "verify", "Corpus/evidence/tpm-quote/trustee__az-tdx-vtpm_quote.bin",
        ])
        #expect(noKey.status == 7)
        #expect(noKey.standardOutput.contains("no attestation key"))
    }

    @Test func verifyAStandaloneAzureQuoteWithItsPEMKey() throws {
        let result = try PolicycProcess.run([
            "verify", "Corpus/evidence/tpm-quote/trustee__az-snp-vtpm_quote.bin",
            "--ak", "Corpus/collateral/tpm/trustee__az-snp-vtpm_ak.pem",
        ])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("ok   TPM quote signature"))
    }

    @Test func verifyALogAloneChecksReplayAndDigests() throws {
        let result = try PolicycProcess.run(["verify", "Corpus/evidence/ccel/goeventlog__cos-113-intel-tdx.bin"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("ok   replay"))
        #expect(result.standardOutput.contains("ok   event data digests"))
    }

    @Test func helpTeachesTheEventLogOptions() throws {
        let verify = try PolicycProcess.run(["verify", "--help"])
        #expect(verify.standardOutput.contains("--quote"))
        #expect(verify.standardOutput.contains("--ak"))
        #expect(verify.standardOutput.contains("TPM2B_PUBLIC"))
        let claims = try PolicycProcess.run(["claims", "--help"])
        #expect(claims.standardOutput.contains("yaml"))
        #expect(claims.standardOutput.contains("ccel-log"))
    }

    /// The real `tpm` and `ccel` schemas are what `policyc check` resolves against: the contract's
    /// CC-event quantifier (`e.mr`, `e.type == EV_EFI_BOOT_SERVICES_APPLICATION`, `e.digest in …`),
    /// boot-state claims, record fields and the quote flags compile without a diagnostic.
    @Test func aPolicyOverTheRealEventLogSchemasChecksClean() throws {
        let policy = """
            policy "eventlog-real-schema" version 1

            input tpm: tpm
            input ccel: ccel

            param allowed_kernels: set<bytes48>
            param allowed_shims: set<bytes32>

            check secure_boot "Secure Boot was on":              tpm.secureboot.enabled
            check separators  "separators are intact":           tpm.flags.separators_valid
            check no_debug    "firmware not in UEFI debug mode": not tpm.flags.uefi_debug_mode
            check shim        "an approved shim was booted":
                any a in tpm.boot.efi_apps: a.register == 4 and a.sha256 in allowed_shims
            check separators_bound "every separator is bound to its data":
                all e in tpm.events: e.trusted or e.type != EV_SEPARATOR
            check kernel      "an approved kernel was measured":
                any e in ccel.events: e.mr == 2 and e.type == EV_EFI_BOOT_SERVICES_APPLICATION and e.digest in allowed_kernels
            check cmdline     "kernel lockdown on the command line": matches(tpm.kernel.cmdline, "lockdown=")
            check quote       "the quote covers the replayed PCRs": tpm.replay_matches_quote and tpm.quote.verified

            allow if secure_boot and separators and no_debug and shim and separators_bound and kernel and cmdline and quote
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("appraise-\(UUID().uuidString).policy")
        try Data(policy.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try PolicycProcess.run(["check", url.path])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        try Data(policy.replacingOccurrences(of: "tpm.secureboot.enabled", with: "tpm.secureboot.enable").utf8).write(
            to: url)
        let typo = try PolicycProcess.run(["check", url.path])
        #expect(typo.status == 1)
        #expect(typo.standardOutput.contains("unknown claim `tpm.secureboot.enable`"))
    }
}
