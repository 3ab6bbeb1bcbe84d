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
}
