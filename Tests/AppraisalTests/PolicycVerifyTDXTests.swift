import Foundation
import TestSupport
import Testing

/// `policyc verify` on Intel quotes and Azure TDX evidence, run as a user would: each step
/// printed, the TCB status, and an exit code per failure class.
@Suite("policyc verify (TDX, SGX, Azure)")
struct PolicycVerifyTDXTests {
    static let dcapQVLTDX = [
        "verify", "Corpus/evidence/tdx/dcap-qvl_tdx_quote.bin", "--collateral", "Corpus/collateral/intel/dcap-qvl-tdx",
        "--at", "2025-07-19T10:00:34Z",
    ]

    static func json(_ output: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test func aVerifiedQuotePrintsEveryStepAndItsTCBStatus() throws {
        // dcap-qvl tests/verify_quote.rs: UpToDate at 1752919234.
        let result = try PolicycProcess.run(Self.dcapQVLTDX)
        #expect(result.status == 0, "\(result.standardError)")
        for step in [
            "quote_signature", "qe_report_signature", "attestation_key_binding", "pck_chain", "pck_revocation",
            "tcb_info", "qe_identity", "collateral_validity",
        ] {
            #expect(result.standardOutput.contains("ok   \(step)"), "\(step)")
        }
        #expect(result.standardOutput.contains("ok   tcb_level: UpToDate"))
        #expect(result.standardOutput.contains("\nverified\n"))
    }

    @Test func jsonOutputCarriesTheVerificationClaims() throws {
        let result = try PolicycProcess.run(Self.dcapQVLTDX + ["--format", "json"])
        #expect(result.status == 0)
        let claims = try Self.json(result.standardOutput)
        #expect(claims["tdx.verified"] as? Bool == true)
        #expect(claims["tdx.tcb.status"] as? String == "UpToDate")
        #expect(claims["tdx.tcb.advisories"] as? [String] == [])
        #expect(claims["tdx.verification.quote_signature"] as? Bool == true)
        #expect(claims["tdx.verification.tcb_level"] as? Bool == true)
        #expect(claims["tdx.collateral.next_update"] as? String == "2025-07-19T10:00:35Z")
        #expect(claims["tdx.mrtd"] as? String != nil)
        #expect((claims["tdx.verification.steps"] as? [[String: Any]])?.count == 9)
    }

    @Test func sgxQuoteReportsItsStatusAndAdvisories() throws {
        // dcap-qvl: ConfigurationAndSWHardeningNeeded, INTEL-SA-00289 and INTEL-SA-00615.
        let result = try PolicycProcess.run([
            "verify", "--format", "json", "Corpus/evidence/tdx/dcap-qvl_sgx_quote_v3.bin", "--collateral",
            "Corpus/collateral/intel/dcap-qvl-sgx", "--at", "2025-07-19T10:01:17Z",
        ])
        #expect(result.status == 0)
        let claims = try Self.json(result.standardOutput)
        #expect(claims["sgx.verified"] as? Bool == true)
        #expect(claims["sgx.tcb.status"] as? String == "ConfigurationAndSWHardeningNeeded")
        #expect(claims["sgx.tcb.advisories"] as? [String] == ["INTEL-SA-00289", "INTEL-SA-00615"])
    }

    @Test func noMatchingTCBLevelExitsWithTheTCBCode() throws {
        // go-tdx-guest: "no matching TCB level found" with its collateral at 2023-07-01.
        let result = try PolicycProcess.run([
            "verify", "Corpus/evidence/tdx/go-tdx-guest_quote_v4_SPR_E4.bin", "--collateral",
            "Corpus/collateral/intel/go-tdx-guest-2023", "--at", "2023-07-01T01:00:00Z",
        ])
        #expect(result.status == 8)
        #expect(result.standardOutput.contains("FAIL tcb_level: tcbMismatch in TCB level: no matching TCB level found"))
        #expect(result.standardOutput.contains("tdx.verified                              true"))
    }

    @Test func aBadQuoteSignatureExitsWith5() throws {
        // go-tdx-guest RawTdxQuote byte 0x3C → quote signature failure.
        var quote = try CorpusFile.bytes("evidence/tdx/dcap-qvl_tdx_quote.bin")
        quote[0x3C] ^= 0x32
        let result = try PolicycProcess.run(
            ["verify", "-", "--collateral", "Corpus/collateral/intel/dcap-qvl-tdx", "--at", "2025-07-19T10:00:34Z"],
            standardInput: quote)
        #expect(result.status == 5)
        #expect(result.standardOutput.contains("FAIL quote_signature"))
        #expect(result.standardOutput.contains("NOT verified"))
    }

    @Test func aForeignTrustAnchorExitsWithTheChainCode() throws {
        let result = try PolicycProcess.run(
            Self.dcapQVLTDX + ["--trust-anchor", "Corpus/collateral/test-pki/root.pem"])
        #expect(result.status == 6)
        #expect(result.standardOutput.contains("FAIL pck_chain"))
    }

    @Test func expiredCollateralExitsWithTheCollateralCode() throws {
        let result = try PolicycProcess.run([
            "verify", "Corpus/evidence/tdx/dcap-qvl_tdx_quote.bin", "--collateral",
            "Corpus/collateral/intel/dcap-qvl-tdx",
            "--at", "2025-07-20T00:00:00Z",
        ])
        #expect(result.status == 7)
        #expect(result.standardOutput.contains("FAIL collateral_validity: expired"))
    }

    @Test func azureEvidenceBindsTheRuntimeDataIntoTheVerifiedQuote() throws {
        let result = try PolicycProcess.run([
            "verify", "--format", "json", "Corpus/evidence/tdx/trustee_az-tdx-vtpm_evidence-v0.json", "--collateral",
            "Corpus/collateral/intel/automata-2025-07", "--at", "2025-07-20T00:00:00Z",
        ])
        #expect(result.status == 0, "\(result.standardOutput)")
        let claims = try Self.json(result.standardOutput)
        #expect(claims["tdx.verified"] as? Bool == true)
        #expect(claims["tdx.verification.runtime_data_binding"] as? Bool == true)
        #expect(claims["tdx.azure.runtime_data_bound"] as? Bool == true)
        #expect(claims["tdx.tcb.status"] as? String == "OutOfDate")  // Corpus/tools/intel_tcb.py
    }

    @Test func aTamperedHCLReportNoLongerMatchesTheQuote() throws {
        // trustee az_tdx_vtpm: tampering byte 0x880 of the HCL report → "TDX Quote report data mismatch".
        let data = try CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_evidence-v0.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
        var hcl = try #require(object["hcl_report"] as? [Int])
        hcl[0x880] ^= 0x01
        object["hcl_report"] = hcl
        let tampered = Array(try JSONSerialization.data(withJSONObject: object))
        let result = try PolicycProcess.run(
            [
                "verify", "-", "--collateral", "Corpus/collateral/intel/automata-2025-07", "--at",
                "2025-07-20T00:00:00Z",
            ], standardInput: tampered)
        #expect(result.status == 5)
        #expect(result.standardOutput.contains("FAIL runtime_data_binding"))
        #expect(result.standardOutput.contains("TDX Quote report data mismatch"))
    }

    @Test func anHCLReportAloneCannotBeVerified() throws {
        let result = try PolicycProcess.run(["verify", "Corpus/evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin"])
        #expect(result.status == 7)
        #expect(result.standardOutput.contains("FAIL td_quote"))
    }

    @Test func verifyHelpTeachesTheExitCodes() throws {
        let result = try PolicycProcess.run(["verify", "--help"])
        #expect(result.status == 0)
        for text in ["--collateral", "--at", "--trust-anchor", "5 signature", "6 chain", "8 TCB"] {
            #expect(result.standardOutput.contains(text), "\(text)")
        }
    }
}
