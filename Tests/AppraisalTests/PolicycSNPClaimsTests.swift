import Foundation
import TestSupport
import Testing

@Suite("policyc claims on SEV-SNP evidence (as a process)")
struct PolicycSNPClaimsTests {
    static func json(_ arguments: [String]) throws -> (Int32, [String: Any]) {
        let result = try PolicycProcess.run(arguments)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return (result.status, object ?? [:])
    }

    @Test func aTurinReportIsDetectedAndItsClaimsPrinted() throws {
        let (status, object) = try Self.json([
            "claims", "--format", "json", "Corpus/evidence/snp/oak_turin_oc_report_v5.bin",
        ])
        #expect(status == 0)
        #expect(object["snp.version"] as? Int == 5)
        #expect(object["snp.generation"] as? String == "Turin")
        #expect(object["snp.chip_id"] as? String == "3b42092f69c656d3")
        #expect(object["snp.tcb.reported.microcode"] as? Int == 71)
        #expect(object["snp.tcb.reported.svn"] as? [Int] == [1, 0, 2, 71, 0])
        #expect(object["snp.signing_key"] as? String == "vcek")
        #expect(object["snp.verified"] as? Bool == false)  // claims parses only
    }

    @Test func productDecodesAVersion2Report() throws {
        let path = "Corpus/evidence/snp/go-sev-guest_report_v2_milan_attestation.bin"
        let (_, without) = try Self.json(["claims", "--format", "json", path])
        #expect(without["snp.tcb.reported.snp"] == nil && without["snp.generation"] == nil)
        let (status, with) = try Self.json(["claims", "--format", "json", "--product", "Milan", path])
        #expect(status == 0)
        #expect(with["snp.generation"] as? String == "Milan")
        #expect(with["snp.tcb.reported.svn"] as? [Int] == [2, 0, 5, 68, 0])  // go-sev-guest minimum_tcb
        let turin = try PolicycProcess.run([
            "claims", "--product", "Milan", "Corpus/evidence/snp/oak_turin_oc_report_v5.bin",
        ])
        #expect(turin.standardOutput.contains("note: --product Milan ignored: the report's CPUID says Turin"))
        let bad = try PolicycProcess.run(["claims", "--product", "Venice", path])
        #expect(bad.status == 64)
        #expect(bad.standardError.contains("Milan, Genoa or Turin"))
    }

    @Test func theAllZeroReportIsAParseErrorNamingTheVersion() throws {
        let result = try PolicycProcess.run(["claims", "Corpus/evidence/snp/oak_fake_report_allzero.bin"])
        #expect(result.status == 4)
        #expect(result.standardError.contains("unsupportedVersion"))
        #expect(result.standardError.contains("VERSION at offset 0"))
    }

    @Test func textNamesTheContainer() throws {
        let result = try PolicycProcess.run(["claims", "Corpus/evidence/snp/trustee_az-snp-vtpm_hcl_report.bin"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("kind  Azure HCL report"))
        #expect(result.standardOutput.contains("snp.container"))
        #expect(result.standardOutput.contains("note: version 2 report without a CPU generation"))
    }

    /// The real `snp` schema is what `policyc check` resolves against (no `--schema`): a
    /// production-style policy with the names, Trustee's aliases, enum cases, svn vectors
    /// and the verification flags compiles without a diagnostic.
    @Test func aPolicyOverTheRealSNPSchemaChecksClean() throws {
        let policy = """
            policy "snp-real-schema" version 1

            input snp: snp

            param allowed_measurements: set<bytes48>
            const min_reported_tcb = svn[4, 0, 24, 219, 0]

            check verified    "report signature and VCEK chain verified": snp.verified
            check measurement "launch measurement is approved":           snp.measurement in allowed_measurements
            check no_debug    "guest policy forbids debugging":           not snp.policy_debug_allowed
            check no_migrate  "guest policy forbids migration agents":    not snp.policy.migrate_ma
            check vmpl0       "report requested from VMPL 0":             snp.vmpl == 0
            check tcb         "reported TCB at least the minimum":        snp.tcb.reported.svn >= min_reported_tcb
            check snp_fw      "SNP firmware SPL at least 24 (Trustee's name)": snp.reported_tcb_snp >= 24
            check product     "a supported processor generation":         snp.generation in {Milan, Genoa, Turin}
            check chip        "chip id checked, or masked by the host":   snp.verification.chip_id or snp.chip_id_masked
            check fresh       "endorsements valid for a day more":        now + 1d <= snp.verification.valid_until

            allow if verified and measurement and no_debug and no_migrate and vmpl0 and tcb and snp_fw and product and chip
                and fresh
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("appraise-\(UUID().uuidString).policy")
        try Data(policy.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try PolicycProcess.run(["check", url.path])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        // The compiler tests' stand-in name for the reported TCB is not a real claim.
        try Data(policy.replacingOccurrences(of: "snp.tcb.reported.svn", with: "snp.reported_tcb").utf8).write(to: url)
        let unknown = try PolicycProcess.run(["check", url.path])
        #expect(unknown.status == 1)
        #expect(unknown.standardOutput.contains("unknown claim `snp.reported_tcb`"))
    }
}
