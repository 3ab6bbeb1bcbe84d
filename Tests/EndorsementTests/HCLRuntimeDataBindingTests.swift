import Endorsement
import Evidence
import TestSupport
import Testing

/// The Azure paravisor binds its runtime data into the hardware report's REPORT_DATA; TDX
/// also requires the bytes after the digest to be zero, SEV-SNP compares only the digest.
@Suite("HCL runtime-data binding")
struct HCLRuntimeDataBindingTests {
    static func tdxReport() throws -> HCLReport {
        try HCLReport(CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin"))
    }

    @Test func trusteesAzureTDXReportIsBoundUnderTheTDXRule() throws {
        // trustee az-tdx-vtpm verifies this evidence: the runtime data's SHA-256 is REPORTDATA.
        let report = try Self.tdxReport()
        let reportData = try #require(report.tdReport).reportData
        #expect(HCLRuntimeDataBinding(report).binds(reportData, rest: .zero))
    }

    @Test func aNonZeroByteAfterTheDigestBreaksOnlyTheTDXRule() throws {
        let report = try Self.tdxReport()
        var reportData = Array(try #require(report.tdReport).reportData)
        reportData[40] ^= 0x01  // REPORTDATA[32:64] must be zero for TDX
        let binding = HCLRuntimeDataBinding(report)
        #expect(!binding.binds(reportData[...], rest: .zero))
        #expect(binding.binds(reportData[...], rest: .unchecked))
        reportData[0] ^= 0x01  // the digest itself
        #expect(!binding.binds(reportData[...], rest: .unchecked))
    }

    @Test func trusteesAzureSNPReportIsBoundUnderTheSNPRule() throws {
        // trustee az-snp-vtpm verifies this evidence ("HCL variable data digest" matches).
        let report = try HCLReport(CorpusFile.bytes("evidence/snp/trustee_az-snp-vtpm_hcl_report.bin"))
        let snp = try #require(report.report)
        #expect(HCLRuntimeDataBinding(report).binds(snp.reportData, rest: .unchecked))
    }
}
