import Evidence
import TestSupport
import Testing

/// The containers SEV-SNP reports arrive in: extended report (certificate table), configfs-tsm
/// JSON, Azure HCL report, Trustee's JSON.
@Suite("SNP containers")
struct SNPContainerTests {
    static func bytes(_ name: String) throws -> [UInt8] { try CorpusFile.bytes("evidence/snp/\(name)") }

    static let ark: [UInt8] = CorpusFile.hex("c0b406a4a80349529743 3fb6014cd0ae")
    static let vcek: [UInt8] = CorpusFile.hex("63da758de6644564adc5f4b93be8accd")

    static func entry(_ guid: [UInt8], offset: UInt32, length: UInt32) -> [UInt8] {
        guid + withUnsafeBytes(of: offset.littleEndian, Array.init)
            + withUnsafeBytes(of: length.littleEndian, Array.init)
    }

    // MARK: Detection

    @Test(arguments: [
        ("oak_genoa_oc_report_v5.bin", EvidenceKind.snpReport),
        ("oak_fake_report_allzero.bin", .snpReport),
        ("trustee_az-snp-vtpm_hcl_report.bin", .azureHCLReport),
        ("trustee_e2e_snp_evidence_with_certchain.json", .snpTrusteeEvidence),
        ("synthetic/extended_report_oak_genoa_v5.bin", .snpExtendedReport),
        ("synthetic/configfs_tsm_oak_turin_v5.json", .configFSTSMReport),
    ])
    func snpEvidenceIsDetectedByContent(name: String, kind: EvidenceKind) throws {
        #expect(EvidenceKind.detect(try Self.bytes(name)) == kind)
    }

    @Test func quotesKeepTheirDetection() throws {
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")) == .tdxQuote)
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/tdx/dcap-qvl_sgx_quote_v3.bin")) == .sgxQuote)
        #expect(EvidenceKind.detect(Array(repeating: 0, count: 1183)) == nil)
        #expect(EvidenceKind.detect(Array("{\"a\": 1}".utf8)) == nil)
    }

    // MARK: Certificate table (GHCB #56421)

    @Test func theExtendedReportCarriesVCEKASKAndARK() throws {
        let evidence = try SNPEvidence(
            Self.bytes("synthetic/extended_report_oak_genoa_v5.bin"), kind: .snpExtendedReport)
        #expect(evidence.container == .extendedReport)
        #expect(evidence.report.generation == .genoa)
        #expect(evidence.certificates.entries.map(\.role) == [.vcek, .ask, .ark])
        let vcek = try CorpusFile.bytes("collateral/amd/oak_genoa_oc_vcek.der")
        #expect(Array(evidence.certificates.entries(.vcek)[0].data) == vcek)
    }

    @Test func tableEntriesMustStayInsideTheTableAndAfterItsHeader() throws {
        let data: [UInt8] = Array(repeating: 0xAB, count: 8)
        let good = Self.entry(Self.vcek, offset: 48, length: 8) + Array(repeating: 0, count: 24) + data
        var reader = ByteReader(good, structure: "t")
        let table = try SNPCertificateTable(parsing: &reader)
        #expect(table.entries.count == 1 && Array(table.entries[0].data) == data)

        let structure = SNPCertificateTable.structure
        for (offset, length) in [(UInt32(48), UInt32(9)), (24, 8), (0xFFFF_FFFF, 2), (0xFFFF_FFF0, 0x20)] {
            // go-sev-guest adds offset + length as uint32, which wraps for the last two.
            var bad = ByteReader(
                Self.entry(Self.vcek, offset: offset, length: length) + Array(repeating: 0, count: 24) + data,
                structure: "t")
            #expect(throws: EvidenceError(.lengthOutOfRange, structure: structure, field: "entry 0 offset", offset: 16))
            {
                try SNPCertificateTable(parsing: &bad)
            }
        }
        var unterminated = ByteReader(Self.entry(Self.vcek, offset: 24, length: 0), structure: "t")
        #expect(throws: EvidenceError(.truncated, structure: structure, field: "entry 1 GUID", offset: 24)) {
            try SNPCertificateTable(parsing: &unterminated)
        }
        var empty = ByteReader([], structure: "t")
        #expect(try SNPCertificateTable(parsing: &empty).entries.isEmpty)
    }

    @Test func guidsAreRecognizedInBothByteOrders() {
        #expect(SNPCertificateTable.role(ofGUID: Self.ark) == .ark)
        let mixedEndian = CorpusFile.hex("a406b4c003a852499743 3fb6014cd0ae")
        #expect(SNPCertificateTable.role(ofGUID: mixedEndian) == .ark)
        #expect(SNPCertificateTable.role(ofGUID: CorpusFile.hex("ecae0c0f950243b1afa20ae2e0d565b6")) == .other)
    }

    // MARK: configfs-tsm

    @Test func configFSTSMCarriesTheReportAndAPEMCertificateTable() throws {
        let evidence = try SNPEvidence(Self.bytes("synthetic/configfs_tsm_oak_turin_v5.json"), kind: .configFSTSMReport)
        #expect(evidence.container == .configFSTSM)
        #expect(evidence.report.bytes.elementsEqual(try Self.bytes("oak_turin_oc_report_v5.bin")))
        #expect(evidence.certificates.entries.map(\.role) == [.vcek, .ask, .ark])
        #expect(String(decoding: evidence.certificates.entries(.ark)[0].data, as: UTF8.self).hasPrefix("-----BEGIN"))
    }

    @Test func configFSTSMRejectsOtherProvidersUnknownMembersAndBadBase64() throws {
        func parse(_ text: String) throws(EvidenceError) -> SNPEvidence {
            try SNPEvidence(Array(text.utf8), kind: .configFSTSMReport)
        }
        let structure = TSMReport.structure
        #expect(throws: EvidenceError(.unsupportedFeature, structure: structure, field: "provider", offset: 0)) {
            try parse(#"{"provider": "tdx_guest\n", "outblob": "AAAA"}"#)
        }
        #expect(throws: EvidenceError(.invalidValue, structure: structure, field: "extra", offset: 0)) {
            try parse(#"{"provider": "sev_guest", "outblob": "AAAA", "extra": 1}"#)
        }
        #expect(throws: EvidenceError(.invalidValue, structure: structure, field: "outblob", offset: 0)) {
            try parse(#"{"provider": "sev_guest", "outblob": "A*AA"}"#)
        }
        // A valid envelope around a short outblob: the report's own error.
        #expect(throws: EvidenceError(.truncated, structure: SNPReport.structure, field: "VERSION", offset: 0)) {
            try parse(#"{"provider": "sev_guest", "outblob": "AAA="}"#)
        }
    }

    // MARK: Azure HCL

    @Test(arguments: [
        "trustee_az-snp-vtpm_hcl_report.bin", "trustee_az-snp-vtpm_evidence-v0.hcl_report.bin",
        "trustee_az-snp-vtpm_evidence-genoa.hcl_report.bin",
    ])
    func hclReportsWrapAnSNPReportAndJSONRuntimeData(name: String) throws {
        let bytes = try Self.bytes(name)
        let hcl = try HCLReport(bytes)
        #expect(hcl.reportType == .snp && hcl.hashType == .sha256)
        #expect(hcl.report?.bytes.startIndex == 0x20 && hcl.tdReport == nil)
        #expect(hcl.runtimeData.startIndex == 0x4D4)
        let text = String(decoding: hcl.runtimeData, as: UTF8.self)
        #expect(text.hasPrefix(#"{"keys":[{"kid":"HCLAkPub""#))
        #expect(text.hasSuffix("}"))
    }

    @Test func anSNPHCLReportRelabelledTDXFailsAsATDReport() throws {
        // Report type 4 makes the hardware report a TDREPORT (issue #3), whose REPORTTYPE.TYPE
        // must be 0x81; the SEV-SNP report's VERSION byte (2) is not.
        var bytes = try Self.bytes("trustee_az-snp-vtpm_hcl_report.bin")
        bytes[0x4C8] = 4  // report type TDX
        #expect(
            throws: EvidenceError(.invalidValue, structure: "TDREPORT_STRUCT", field: "REPORTTYPE.TYPE", offset: 0x20)
        ) {
            try HCLReport(bytes)
        }
    }

    @Test func hclHeaderSizesAndPaddingAreChecked() throws {
        let original = try Self.bytes("trustee_az-snp-vtpm_hcl_report.bin")
        let structure = HCLReport.structure
        var bytes = original
        bytes[0x4D0] &+= 1  // variable data size no longer matches the request data size
        #expect(
            throws: EvidenceError(.lengthOutOfRange, structure: structure, field: "request data size", offset: 0x4C0)
        ) {
            try HCLReport(bytes)
        }
        bytes = original
        bytes[bytes.count - 1] = 1  // non-zero padding after the report
        #expect(
            throws: EvidenceError(
                .reservedNotZero, structure: structure, field: "padding after the report", offset: bytes.count - 1)
        ) {
            try HCLReport(bytes)
        }
        bytes = original
        bytes[4] = 3
        #expect(throws: EvidenceError(.unsupportedVersion, structure: structure, field: "version", offset: 4)) {
            try HCLReport(bytes)
        }
        bytes = original
        bytes[0x10] = 1
        #expect(throws: EvidenceError(.invalidValue, structure: structure, field: "status", offset: 0x10)) {
            try HCLReport(bytes)
        }
    }

    // MARK: Trustee JSON

    @Test func trusteeEvidenceIsRebuiltIntoABinaryGenoaReport() throws {
        let evidence = try SNPEvidence(
            Self.bytes("trustee_e2e_snp_evidence_with_certchain.json"), kind: .snpTrusteeEvidence)
        #expect(evidence.container == .trusteeEvidence)
        #expect(evidence.report.version == 3)
        #expect(evidence.report.cpuid == CPUID(family: 25, model: 160, stepping: 2))
        #expect(evidence.report.generation == .genoa)
        #expect(evidence.report.reportedTCB?.svn == [10, 0, 23, 25, 0])
        #expect(evidence.report.policy.raw == 196_608 && evidence.report.platformInfo.raw == 37)
        #expect(evidence.certificates.entries.map(\.role) == [.vcek])
        #expect(evidence.certificates.entries[0].data.count == 1347)
    }

    @Test func trusteeEvidenceRejectsUnknownAndMissingMembers() throws {
        let text = String(decoding: try Self.bytes("trustee_e2e_snp_evidence_with_certchain.json"), as: UTF8.self)
        let structure = TrusteeSNPEvidence.structure
        func parse(_ text: String) throws(EvidenceError) -> SNPEvidence {
            try SNPEvidence(Array(text.utf8), kind: .snpTrusteeEvidence)
        }
        #expect(throws: EvidenceError(.invalidValue, structure: structure, field: "surprise", offset: 0)) {
            try parse(text.replacingOccurrences(of: "\"guest_svn\"", with: "\"surprise\""))
        }
        #expect(throws: EvidenceError(.invalidValue, structure: structure, field: "vmpl", offset: 0)) {
            try parse(text.replacingOccurrences(of: "\"vmpl\":0", with: "\"vmpl\":-1"))
        }
        #expect(throws: EvidenceError(.invalidValue, structure: structure, field: "current_tcb.fmc", offset: 0)) {
            try parse(
                text.replacingOccurrences(of: "\"current_tcb\":{\"fmc\":null", with: "\"current_tcb\":{\"fmc\":1"))
        }
    }

    // MARK: Robustness of every container

    /// Each container with the shortest prefix that is still complete (the HCL report's NV
    /// padding and a JSON document's trailing newline may be cut without changing anything), and
    /// how densely to sample: the binary containers get every prefix and 10,000 flips; the JSON
    /// ones (whose parse is linear in their size) every 37th prefix and 300 flips, to keep the
    /// debug test run short.
    @Test(arguments: [
        ("trustee_az-snp-vtpm_evidence-v1.hcl_report.bin", EvidenceKind.azureHCLReport, 2346, 1, 10_000),
        ("synthetic/extended_report_oak_genoa_v5.bin", .snpExtendedReport, 5943, 1, 10_000),
        ("synthetic/configfs_tsm_oak_turin_v5.json", .configFSTSMReport, -1, 37, 300),
        ("trustee_e2e_snp_evidence_with_certchain.json", .snpTrusteeEvidence, -1, 37, 300),
    ])
    func containersSurviveEveryPrefixAndRandomFlips(
        name: String, kind: EvidenceKind, complete: Int, prefixStride: Int, flips: Int
    ) throws {
        let original = try Self.bytes(name)
        let completeLength = complete >= 0 ? complete : (original.lastIndex(of: UInt8(ascii: "}")) ?? 0) + 1
        for length in stride(from: 0, to: original.count, by: prefixStride) {
            do {
                _ = try SNPEvidence(Array(original.prefix(length)), kind: kind)
                #expect(length >= completeLength, "\(name) cut to \(length) bytes parsed")
            } catch {
                #expect(EvidenceError.Code.allCases.contains(error.code))
                #expect(length < completeLength)
            }
        }
        var generator = SplitMix64(seed: 0xC0_FFEE)
        for _ in 0..<flips {
            var bytes = original
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            do {
                let evidence = try SNPEvidence(bytes, kind: kind)
                #expect(evidence.report.bytes.count == SNPReport.size)
            } catch {
                #expect(EvidenceError.Code.allCases.contains(error.code))
            }
        }
    }
}
