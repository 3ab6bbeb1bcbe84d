import Evidence
import TestSupport
import Testing

@Suite("DCAP quote header")
struct QuoteHeaderTests {
    @Test func parsesTrusteeQuote4HeaderAsTrusteeAssertsIt() throws {
        // trustee parse_tdx_claims_expected.json: version "0400", att_key_type "0200",
        // tee_type "81000000", vendor_id 939a…0607, user_data d099…0000.
        var reader = ByteReader(try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin"), structure: "quote header")
        let header = try QuoteHeader(parsing: &reader)
        #expect(header.version == 4)
        #expect(header.attestationKeyType == 2)
        #expect(header.teeType == 0x81)
        #expect(header.isTDX)
        #expect(Hex.encode(header.qeVendorID) == "939a7233f79c4ca9940a0db3957f0607")
        #expect(Hex.encode(header.userData) == "d099bfec0a477aa85a605dceabf2b10800000000")
        #expect(reader.offset == 48)
    }

    @Test func sgxV3HeaderCarriesQEAndPCESVN() throws {
        // MANIFEST.md: occlum quote v3 has QE svn 8 / PCE svn 13 in the header.
        var reader = ByteReader(
            try CorpusFile.bytes("evidence/tdx/trustee_sgx_occlum_quote_v3.bin"), structure: "quote header")
        let header = try QuoteHeader(parsing: &reader)
        #expect(header.version == 3)
        #expect(!header.isTDX)
        #expect(header.qeSVN == 8)
        #expect(header.pceSVN == 13)
    }

    @Test(arguments: [UInt16(0), 1, 2, 6, 0x0400, 0xFFFF])
    func unknownVersionsFailClosedBeforeAnyOtherField(version: UInt16) throws {
        var quote = try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")
        quote[0] = UInt8(version & 0xFF)
        quote[1] = UInt8(version >> 8)
        var reader = ByteReader(quote, structure: "quote header")
        #expect(throws: EvidenceError(.unsupportedVersion, structure: "quote header", field: "version", offset: 0)) {
            try QuoteHeader(parsing: &reader)
        }
    }

    @Test func unknownTEETypeIsATypedError() throws {
        var quote = try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")
        quote[4] = 0x42
        var reader = ByteReader(quote, structure: "quote header")
        #expect(throws: EvidenceError(.invalidValue, structure: "quote header", field: "tee_type", offset: 4)) {
            try QuoteHeader(parsing: &reader)
        }
    }

    @Test func kindIsDetectedFromContent() throws {
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/tdx/go-tdx-guest_quote_v5_sample.bin")) == .tdxQuote)
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/tdx/dcap-qvl_sgx_quote_v3.bin")) == .sgxQuote)
        #expect(EvidenceKind.detect(Array("policy \"x\" version 1".utf8)) == nil)
        #expect(EvidenceKind.detect([]) == nil)
    }
}
