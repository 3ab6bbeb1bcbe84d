import Evidence
import TestSupport
import Testing

/// Real quotes → the layout facts MANIFEST.md and the sources assert; malformed quotes → the exact
/// typed error.
@Suite("DCAP quote")
struct DCAPQuoteTests {
    static func quote(_ name: String) throws -> [UInt8] { try CorpusFile.bytes("evidence/tdx/\(name)") }

    @Test func goTDXGuestV4IsATDX10QuoteWith39TrailingBytes() throws {
        // MANIFEST.md: 4974 B (+39 B pad), type 6 → type 5 PEM; go-tdx-guest validate_test.go values.
        let quote = try DCAPQuote(parsing: Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin"))
        #expect(quote.header.version == 4)
        #expect(quote.bodyType == .tdx10)
        #expect(quote.signedBytes.count == 632)
        #expect(quote.trailingByteCount == 39)
        let body = try #require(quote.tdBody)
        #expect(Hex.encode(body.teeTCBSVN) == "03000400000000000000000000000000")
        #expect(
            Hex.encode(body.mrSeam)
                == "2fd279c16164a93dd5bf373d834328d46008c2b693af9ebb865b08b2ced320c9a89b4869a9fab60fbe9d0c5a5363c656")
        #expect(Hex.encode(body.tdAttributesBytes) == "0000004000000000")
        #expect(body.tdAttributes.protectionKeys && !body.tdAttributes.debug && !body.tdAttributes.septVEDisable)
        #expect(Hex.encode(body.xfam) == "e71a060000000000")
        #expect(
            Hex.encode(body.mrTD)
                == "6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215cbb")
        #expect(
            Hex.encode(body.rtmr(0))
                == "2927da70461cd63266f43230cc1849c03ef25ebe490062a801d8fcc80af42976823adf08f833c1e50b51779c6593f32a")
        #expect(
            Hex.encode(body.rtmr(1))
                == "2c700b8ba9b85783f8be9fb9443647bdc0bb3c50747f06297cc6538c25a5f589c4b56d035c59107c6bc5800db2cacb61")
        #expect(
            Hex.encode(body.rtmr(2))
                == "8652f0caaba7e215ea442dc36a4499d8fec3362f3a0b2ca151cbe4b3e6466fe59c7368b3c2287fc7c3bf5c924eb4424e")
        #expect(body.rtmr(3).allSatisfy { $0 == 0 } && body.mrConfigID.allSatisfy { $0 == 0 })
        #expect(
            Hex.encode(body.reportData)
                == "6c62dec1b8191749a31dab490be532a35944dea47caef1f980863993d9899545eb7406a38d1eed313b987a467dacead6f0c87a6d766c66f6f29f8acb281f1113"
        )
        #expect(body.teeTCBSVN2 == nil && body.mrServiceTD == nil)
        let qe = quote.signatureData.qeReportCertificationData
        #expect(quote.signatureData.outerCertificationDataType == .qeReportCertificationData)
        #expect(qe.certificationData.type == .pckCertChain)
        // QE identity check in go-tdx-guest: TD QE MRSIGNER dc9e2a7c…, ISVPRODID 2, MISCSELECT 0.
        #expect(Hex.encode(qe.qeReport.mrSigner) == "dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5")
        #expect(qe.qeReport.isvProdID == 2 && qe.qeReport.miscSelect == 0 && qe.qeReport.isvSVN == 4)
        // formats-tdx-snp.md §1.3: QE auth data observed 00 01 02 … 1f.
        #expect(qe.qeAuthenticationData.elementsEqual(0..<32))
        // Not zero padding, despite MANIFEST.md and the issue: go-tdx-guest appended text.
        #expect(quote.bytes.suffix(39).elementsEqual("\nextra bytes(only for testing purpose)\n".utf8))
        #expect(quote.trailingBytesNote?.hasPrefix("39 bytes after the signature data (offset 4935)") == true)
    }

    @Test func v5QuotesSignTheBodyDescriptorAndCarryTDX15Fields() throws {
        // MANIFEST.md: v5 body type 3 (648 B); 48+6+648+4+4300 = 5006; MRSERVICETD 0 (gtg) and
        // 383c87d3… (trustee quote 5).
        let sample = try DCAPQuote(parsing: Self.quote("go-tdx-guest_quote_v5_sample.bin"))
        #expect(sample.header.version == 5 && sample.bodyType == .tdx15)
        #expect(sample.signedBytes.count == 48 + 6 + 648)
        #expect(sample.trailingByteCount == 0)
        let body = try #require(sample.tdBody)
        #expect(Hex.encode(body.teeTCBSVN) == "0b010400000000000000000000000000")
        #expect(Hex.encode(try #require(body.teeTCBSVN2)) == "0d010400000000000000000000000000")
        #expect(try #require(body.mrServiceTD).allSatisfy { $0 == 0 })
        let alibaba = try #require(try DCAPQuote(parsing: Self.quote("trustee_tdx_quote_5.bin")).tdBody)
        #expect(Hex.encode(try #require(alibaba.mrServiceTD)).hasPrefix("383c87d3"))
    }

    @Test(arguments: [
        ("dcap-qvl_tdx_quote.bin", 4, 70), ("trustee_tdx_quote_6.bin", 4, 70), ("trustee_tdx_quote_4.bin", 4, 0),
        ("go-tdx-guest_ccel_cos-113_quote_v4.bin", 4, 3065), ("trustee_az-tdx-vtpm_td_quote.bin", 4, 70),
        ("dcap-qvl_tdx_quote_outdated.bin", 5, 0), ("trustee_tdx_quote_5.bin", 5, 0),
    ])
    func paddingAfterTheSignatureDataIsCountedNotParsed(name: String, version: Int, trailing: Int) throws {
        // MANIFEST.md: "Trailing zero padding after signature data is common: 70 B (5006-byte
        // buffers), 3065 B (8000-byte buffers), 39 B (gtg v4)".
        let quote = try DCAPQuote(parsing: Self.quote(name))
        #expect(Int(quote.header.version) == version)
        #expect(quote.trailingByteCount == trailing)
        #expect(quote.isTDX)
        if trailing > 0 { #expect(quote.trailingBytesNote?.hasPrefix("\(trailing) zero bytes after") == true) }
    }

    @Test func sgxV3QuoteCarriesTheQEReportDirectlyAndAPEMChain() throws {
        // trustee sgx/claims.rs doc example (occlum quote): qe_svn 8, pce_svn 13, mr_enclave
        // 8f173e46…, report_data "test"; MANIFEST.md: cert data type 5 direct.
        let quote = try DCAPQuote(parsing: Self.quote("trustee_sgx_occlum_quote_v3.bin"))
        #expect(quote.bodyType == .sgxEnclave && !quote.isTDX)
        #expect(quote.signedBytes.count == 432)
        #expect(quote.signatureData.outerCertificationDataType == nil)
        let report = try #require(quote.enclaveReport)
        #expect(Hex.encode(report.mrEnclave) == "8f173e4613ff05c52aaf04162d234edae8c9977eae47eb2299ae16a553011c68")
        #expect(Hex.encode(report.cpuSVN) == "06060c0cffff00000000000000000000")
        #expect(report.miscSelect == 1)
        #expect(Array(report.reportData.prefix(4)) == Array("test".utf8))
        #expect(quote.signatureData.qeReportCertificationData.certificationData.type == .pckCertChain)
        #expect(quote.signatureData.qeReportCertificationData.qeReport.isvSVN == quote.header.qeSVN)
    }

    @Test func intelsSyntheticSGXQuoteUsesPPIDCertificationData() throws {
        // MANIFEST.md: cert data type 1 (PPID cleartext), all-zero ISV report.
        let quote = try DCAPQuote(parsing: Self.quote("intel-qvl_sampleData_sgx_quote_v3_SYNTHETIC.bin"))
        #expect(quote.signatureData.qeReportCertificationData.certificationData.type == .ppidCleartext)
        #expect(try #require(quote.enclaveReport).mrEnclave.allSatisfy { $0 == 0 })
    }

    // MARK: Malformed quotes

    @Test func aV5BodySizeThatIsNotTheTypesSizeIsRejected() throws {
        // go-tdx-guest: "TD quote body size is 999, a V5 TDX1.5 quote should have size 648".
        var bytes = try Self.quote("go-tdx-guest_quote_v5_sample.bin")
        bytes[50] = 0xE7
        bytes[51] = 0x03
        #expect(
            throws: EvidenceError(.lengthOutOfRange, structure: "DCAP quote v5", field: "body_size", offset: 50)
        ) { try DCAPQuote(parsing: bytes) }
        // "…V5 TDX1.0 quote should have size 584": body type 2 with size 648.
        bytes = try Self.quote("go-tdx-guest_quote_v5_sample.bin")
        bytes[48] = 2
        #expect(
            throws: EvidenceError(.lengthOutOfRange, structure: "DCAP quote v5", field: "body_size", offset: 50)
        ) { try DCAPQuote(parsing: bytes) }
    }

    @Test func anUnknownV5BodyTypeOrOneThatContradictsTheTEETypeIsRejected() throws {
        var bytes = try Self.quote("go-tdx-guest_quote_v5_sample.bin")
        bytes[48] = 4
        #expect(throws: EvidenceError(.invalidValue, structure: "DCAP quote v5", field: "body_type", offset: 48)) {
            try DCAPQuote(parsing: bytes)
        }
        bytes[48] = 1  // an SGX body in a quote whose TEE type is TDX
        #expect(throws: EvidenceError(.invalidValue, structure: "DCAP quote v5", field: "body_type", offset: 48)) {
            try DCAPQuote(parsing: bytes)
        }
    }

    @Test func aQuoteCutTo100BytesIsTruncated() throws {
        // go-tdx-guest: truncated to 100 B → "…minimum size of 1026 bytes".
        let bytes = Array(try Self.quote("go-tdx-guest_quote_v5_sample.bin").prefix(100))
        #expect(throws: EvidenceError(.truncated, structure: "DCAP quote v5", field: "body", offset: 54)) {
            try DCAPQuote(parsing: bytes)
        }
    }

    @Test func aSignatureDataLengthTooShortForTheCertificationDataFails() throws {
        // go-tdx-guest RawTdxQuote byte 0x278 → 0x10: "size of certificate data is 0xf8a. Expected
        // size 0x1045" — 0xf8a (3978) bytes remain for a certification data of 0x1045 (4165).
        var bytes = try Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin")
        bytes[0x278] = 0x10
        let error = try #require(throws: EvidenceError.self) { try DCAPQuote(parsing: bytes) }
        #expect(
            error
                == EvidenceError(
                    .truncated, structure: "ECDSA signature data", field: "certification_data", offset: 770))
        #expect(error.detail == "needs 4165 bytes, 3978 left")
    }

    @Test func signatureDataMustBeAccountedForExactly() throws {
        // One more byte of declared signature data than its parts use (the padding is there).
        var bytes = try Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin")
        bytes[632] &+= 1
        #expect(
            throws: EvidenceError(
                .lengthOutOfRange, structure: "ECDSA signature data", field: "signature_data_len", offset: 4935)
        ) { try DCAPQuote(parsing: bytes) }
    }

    @Test func v4QuotesMustCarryQEReportCertificationData() throws {
        var bytes = try Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin")
        bytes[636 + 128] = 5
        #expect(
            throws: EvidenceError(
                .invalidValue, structure: "ECDSA signature data", field: "certification_data_type", offset: 764)
        ) { try DCAPQuote(parsing: bytes) }
        bytes[636 + 128] = 9
        #expect(
            throws: EvidenceError(
                .invalidValue, structure: "ECDSA signature data", field: "certification_data_type", offset: 764)
        ) { try DCAPQuote(parsing: bytes) }
    }

    @Test func theNestedCertificationDataMayNotBeType6Again() throws {
        var bytes = try Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin")
        // nested type at 636 + 134 + 384 + 64 + 2 + 32 (QE auth data of 32 bytes)
        let nested = 636 + 134 + 384 + 64 + 2 + 32
        #expect(bytes[nested] == 5)
        bytes[nested] = 6
        #expect(
            throws: EvidenceError(
                .invalidValue, structure: "QE report certification data", field: "certification_data_type",
                offset: nested)
        ) { try DCAPQuote(parsing: bytes) }
    }

    @Test func versionIsDispatchedBeforeAnyOtherField() throws {
        var bytes = try Self.quote("trustee_tdx_quote_4.bin")
        bytes[0] = 6
        #expect(
            throws: EvidenceError(.unsupportedVersion, structure: "DCAP quote header", field: "version", offset: 0)
        ) { try DCAPQuote(parsing: bytes) }
        // A quote of an unknown version is still recognized as a DCAP quote, so the error can name it.
        #expect(EvidenceKind.detect(bytes) == .tdxQuote)
    }

    @Test func aTDXQuoteRelabelledVersion3FailsToParse() throws {
        // go-tdx-guest RawTdxQuote byte 0 → 3: "quote format not supported".
        var bytes = try Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin")
        bytes[0] = 3
        #expect(throws: EvidenceError.self) { try DCAPQuote(parsing: bytes) }
    }
}
