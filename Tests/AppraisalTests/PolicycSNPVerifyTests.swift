import Foundation
import TestSupport
import Testing

@Suite("policyc verify on SEV-SNP evidence (as a process)")
struct PolicycSNPVerifyTests {
    static let at = ["--at", "2025-09-12T00:00:00Z"]
    static let amd = ["--collateral", "Corpus/collateral/amd"]

    /// Writes `bytes` to a temporary file and returns its path.
    static func temporary(_ bytes: [UInt8], _ name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("appraise-\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func aRealReportVerifiesAndExitsZero() throws {
        let result = try PolicycProcess.run(
            ["verify", "Corpus/evidence/snp/oak_genoa_oc_report_v5.bin"] + Self.amd + Self.at)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("ok   VCEK chain: SEV-VCEK → SEV-Genoa → ARK-Genoa"))
        #expect(result.standardOutput.contains("skip revocation"))
        #expect(result.standardOutput.contains("\nverified\n"))
    }

    @Test func jsonCarriesTheStepFlags() throws {
        let result = try PolicycProcess.run(
            ["verify", "--format", "json", "Corpus/evidence/snp/trustee_snp_test-vlek-report.bin"] + Self.amd + Self.at)
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["snp.verified"] as? Bool == true)
        #expect(object["snp.verification.report_signature"] as? Bool == true)
        #expect(object["snp.verification.chip_id"] as? Bool == false)
        #expect(object["snp.verification.chip_id_skipped"] as? Bool == true)
        #expect(object["snp.csp_id"] as? String == "CN=cc-us-east-2.amazonaws.com")
        #expect(object["snp.reported_tcb_snp"] == nil)  // aliases resolve, output uses canonical paths
        #expect(object["snp.tcb.reported.snp"] as? Int == 24)
    }

    @Test func exitCodesFollowTheFirstFailure() throws {
        let report = try CorpusFile.bytes("evidence/snp/oak_milan_oc_release_report_v3.bin")
        var measurement = report
        measurement[0x90] ^= 1
        var tcb = report
        tcb[0x186] ^= 1  // REPORTED_TCB.snp
        var chip = report
        chip[0x1A0] ^= 1
        let cases: [([UInt8], [String], Int32)] = [
            (measurement, Self.amd, 5),  // signature
            (tcb, Self.amd, 8),  // TCB
            (chip, Self.amd, 7),  // hwID ≠ CHIP_ID: collateral mismatch
            (report, ["--collateral", "Corpus/collateral/test-pki"], 7),  // no VCEK: collateral missing
            (report, Self.amd + ["--trust-anchor", "Corpus/collateral/amd-test-pki/ark.pem"], 6),  // chain
        ]
        for (bytes, options, expected) in cases {
            let path = try Self.temporary(bytes, "report.bin")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let result = try PolicycProcess.run(["verify", path] + options + Self.at)
            #expect(result.status == expected, "\(options): \(result.standardOutput)")
            #expect(result.standardOutput.contains("NOT verified"))
        }
        let zero = try PolicycProcess.run(["verify", "Corpus/evidence/snp/oak_fake_report_allzero.bin"] + Self.amd)
        #expect(zero.status == 4)
    }

    @Test func theTestPKIWithARevokingCRLExitsWithTheChainCode() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("appraise-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in ["chain/ask.pem", "chain/vcek.der", "crl-revoking/ark-revokes-ask.crl.der"] {
            try FileManager.default.copyItem(
                at: CorpusFile.url("collateral/amd-test-pki/\(file)"),
                to: directory.appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent))
        }
        let result = try PolicycProcess.run(
            [
                "verify", "Corpus/evidence/snp/synthetic/testpki_milan_v3.bin", "--collateral", directory.path,
                "--trust-anchor", "Corpus/collateral/amd-test-pki/ark.pem",
            ] + Self.at)
        #expect(result.status == 6)
        #expect(result.standardOutput.contains("FAIL revocation: revoked"))
    }

    @Test func productMustNameAGeneration() throws {
        let result = try PolicycProcess.run(
            ["verify", "--product", "Naples", "Corpus/evidence/snp/trustee_snp_test-report.bin"] + Self.amd)
        #expect(result.status == 64)
        let help = try PolicycProcess.run(["verify", "--help"])
        #expect(help.standardOutput.contains("AMD SEV-SNP"))
        #expect(help.standardOutput.contains("--product"))
    }
}
