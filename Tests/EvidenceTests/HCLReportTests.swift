import Evidence
import TestSupport
import Testing

@Suite("Azure HCL report and TDREPORT")
struct HCLReportTests {
    @Test func trusteesAzureTDXReportCarriesATDReportAndRuntimeJSON() throws {
        // MANIFEST.md: HCL report v2, "HCLA", TDREPORT at 0x20, var-data header at 0x4C0, JSON.
        let bytes = try CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin")
        let report = try HCLReport(bytes)
        #expect(report.version == 2 && report.requestType == 2)
        #expect(report.reportType == .tdx && report.hashType == .sha256)
        #expect(report.runtimeData.first == UInt8(ascii: "{") && report.runtimeData.last == UInt8(ascii: "}"))
        #expect(String(decoding: report.runtimeData, as: UTF8.self).contains("\"HCLAkPub\""))
        let td = try #require(report.tdReport)
        #expect(td.reportType == 0x81)
        // trustee az_tdx_vtpm tests: REPORTDATA[0:32] = 9734504f… = SHA-256 of the JSON.
        #expect(Hex.encode(td.reportData.prefix(4)) == "9734504f")
        #expect(td.reportData.suffix(32).allSatisfy { $0 == 0 })
    }

    @Test func theTDReportAgreesWithTheTDQuoteMadeFromIt() throws {
        // The quote (signed by the QE) and the TD report it was made from carry the same TD fields.
        let report = try #require(
            try HCLReport(CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin")).tdReport)
        let quote = try #require(
            try DCAPQuote(parsing: CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_td_quote.bin")).tdBody)
        #expect(report.mrTD == quote.mrTD)
        #expect(report.teeTCBSVN == quote.teeTCBSVN)
        #expect(report.mrSeam == quote.mrSeam)
        #expect(report.tdAttributesBytes == quote.tdAttributesBytes && report.xfam == quote.xfam)
        #expect((0..<4).allSatisfy { report.rtmr($0) == quote.rtmr($0) })
        #expect(report.reportData == quote.reportData)
    }

    @Test func reportsThatAreNotHCLOrNotTDXAreTypedErrors() throws {
        var bytes = try CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin")
        bytes[0] = UInt8(ascii: "X")
        #expect(throws: EvidenceError(.invalidValue, structure: "Azure HCL report", field: "signature", offset: 0)) {
            try HCLReport(bytes)
        }
        bytes = try CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin")
        bytes[0x4C8] = 9
        #expect(
            throws: EvidenceError(
                .unsupportedFeature, structure: "Azure HCL report", field: "report type", offset: 0x4C8)
        ) { try HCLReport(bytes) }
        bytes = try CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin")
        bytes[0x20] = 0x00  // REPORTTYPE.TYPE of the TD report
        #expect(
            throws: EvidenceError(.invalidValue, structure: "TDREPORT_STRUCT", field: "REPORTTYPE.TYPE", offset: 0x20)
        ) { try HCLReport(bytes) }
        bytes = try CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin")
        bytes[0x4D0] = 0xFF  // variable data size no longer matches data size
        #expect(
            throws: EvidenceError(
                .lengthOutOfRange, structure: "Azure HCL report", field: "request data size", offset: 0x4C0)
        ) { try HCLReport(bytes) }
    }

    @Test func detectionTellsTheAzureKindsApart() throws {
        #expect(
            EvidenceKind.detect(try CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin"))
                == .azureTDXHCLReport)
        #expect(
            EvidenceKind.detect(try CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_evidence-v1.json"))
                == .azureTDXEvidence)
        #expect(EvidenceKind.detect(Array("{\"td_quote\": []}".utf8)) == nil)
    }
}
