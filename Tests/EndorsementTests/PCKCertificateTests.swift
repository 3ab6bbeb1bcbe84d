import Endorsement
import Evidence
import TestSupport
import Testing

/// PCK certificate chains from real quotes → the SGX extension values their sources assert.
@Suite("PCK certificate chain and SGX extensions")
struct PCKCertificateTests {
    /// The type-5 certification data of a corpus quote.
    static func payload(_ name: String) throws -> ArraySlice<UInt8> {
        try DCAPQuote(parsing: CorpusFile.bytes("evidence/tdx/\(name)")).signatureData.qeReportCertificationData
            .certificationData.data
    }

    @Test func goTDXGuestV4LeafCarriesTheAssertedExtensions() throws {
        // MANIFEST.md (go-tdx-guest verify_test.go): PPID 089ddfdb…, FMSPC 50806f000000, PCEID 0000,
        // PCESVN 11, CPUSVN 03030202020100020000000000000000, CA = platform, chain length 3.
        let chain = try PCKCertificateChain(encoded: Self.payload("go-tdx-guest_quote_v4_SPR_E4.bin"))
        #expect(chain.certificates.count == 3)
        #expect(chain.leaf.commonName == "Intel SGX PCK Certificate")
        #expect(chain.certificates[2].commonName == "Intel SGX Root CA")
        #expect(chain.issuingCA == .platform)
        let e = chain.extensions
        #expect(Hex.encode(e.ppid) == "089ddfdb9c0359c82a3bc7719239574e")
        #expect(Hex.encode(e.fmspc) == "50806f000000")
        #expect(Hex.encode(e.pceID) == "0000")
        #expect(e.pceSVN == 11)
        #expect(Hex.encode(e.cpuSVN) == "03030202020100020000000000000000")
        // The 16 TCB component SVNs are CPUSVN's bytes on this platform.
        #expect(e.sgxTCBComponents == e.cpuSVN)
    }

    @Test func trusteeQuote4PlatformInstanceIDIsTheCertificatesNotTrusteesClaim() throws {
        // MANIFEST.md: extension 1.2.840.113741.1.13.1.6 = 021ac64d355ba904e2d5948d228d5482
        // (openssl asn1parse); trustee's expected JSON says 82548d22… — the same bytes reversed.
        let chain = try PCKCertificateChain(encoded: Self.payload("trustee_tdx_quote_4.bin"))
        let piid = try #require(chain.extensions.platformInstanceID)
        #expect(Hex.encode(piid) == "021ac64d355ba904e2d5948d228d5482")
        #expect(Hex.encode(piid.reversed()) == "82548d228d94d5e204a95b354dc61a02")
    }

    @Test func trusteeQuote6IsScalableWithIntegrity() throws {
        // MANIFEST.md: trustee_tdx_quote_6 FMSPC 00a06d080000, PCK SGX-Type 2.
        let chain = try PCKCertificateChain(encoded: Self.payload("trustee_tdx_quote_6.bin"))
        #expect(chain.extensions.sgxType == .scalableWithIntegrity)
        #expect(Hex.encode(chain.extensions.fmspc) == "00a06d080000")
    }

    @Test func processorCACertificatesHaveNoPlatformFields() throws {
        // MANIFEST.md: dcap-qvl SGX quote, Processor CA, FMSPC 00a067110000. The platform instance
        // id and configuration exist only in Platform-CA certificates (formats-tdx-snp.md §1.8).
        let chain = try PCKCertificateChain(encoded: Self.payload("dcap-qvl_sgx_quote_v3.bin"))
        #expect(chain.issuingCA == .processor)
        #expect(Hex.encode(chain.extensions.fmspc) == "00a067110000")
        #expect(chain.extensions.platformInstanceID == nil && chain.extensions.configuration == nil)
    }

    @Test func aDERChainRootFirstIsOrderedLeafFirst() throws {
        // MANIFEST.md: Intel's synthetic quote carries DER certificates concatenated root → leaf.
        let chain = try PCKCertificateChain(
            encoded: Self.payload("intel-qvl_sampleData_tdx_quote_v4_SYNTHETIC_derchain.bin"))
        #expect(
            chain.certificates.map(\.commonName) == [
                "Intel SGX PCK Certificate", "Intel SGX PCK Processor CA", "Intel SGX Root CA",
            ])
        #expect(Hex.encode(chain.extensions.fmspc) == "ed742af8adf5")
    }

    @Test func exactlyOneTrailingNULIsAccepted() throws {
        // go-tdx-guest #34 / PR #36: one 0x00 after the PEM is tolerated; anything else is not.
        let withNUL = try Self.payload("trustee_tdx_quote_4.bin")
        #expect(withNUL.last == 0)
        _ = try PCKCertificateChain(encoded: withNUL)
        let withoutNUL = try Self.payload("go-tdx-guest_quote_v4_SPR_E4.bin")
        #expect(withoutNUL.last != 0)
        _ = try PCKCertificateChain(encoded: withoutNUL)
        for suffix: [UInt8] in [[0, 0], [1], [0x41]] {
            #expect(throws: EndorsementError(.malformedInput, step: "PCK chain")) {
                try PCKCertificateChain(encoded: ArraySlice(Array(withoutNUL) + suffix))
            }
        }
    }

    @Test func aChainWithACertificateOffThePathIsRejected() throws {
        var pem = Array(try Self.payload("go-tdx-guest_quote_v4_SPR_E4.bin"))
        pem += Array(try CorpusFile.bytes("collateral/test-pki/root.pem"))
        #expect(throws: EndorsementError(.malformedInput, step: "PCK chain")) {
            try PCKCertificateChain(encoded: pem[...])
        }
    }

    @Test func malformedSGXExtensionsAreTypedErrors() throws {
        let leaf = try PCKCertificateChain(encoded: Self.payload("go-tdx-guest_quote_v4_SPR_E4.bin")).leaf
        let value = try #require(leaf.extensionValue(oid: PCKCertificateExtensions.oid))
        let step = "PCK certificate extensions"
        // Every prefix of the real extension value is an error, never a trap.
        for length in 0..<value.count {
            #expect(throws: EndorsementError(.malformedInput, step: step)) {
                try PCKCertificateExtensions(extensionValue: Array(value.prefix(length)))
            }
        }
        // An empty SEQUENCE lacks the mandatory entries.
        #expect(throws: EndorsementError(.malformedInput, step: step)) {
            try PCKCertificateExtensions(extensionValue: [0x30, 0x00])
        }
        // The first entry (PPID) twice.
        let content = Array(value[4...])  // 30 82 LL LL
        let first = Array(content.prefix(Int(content[1]) + 2))
        let doubled = first + content
        let twice = [0x30, 0x82, UInt8(doubled.count >> 8), UInt8(doubled.count & 0xFF)] + doubled
        #expect(throws: EndorsementError(.malformedInput, step: step)) {
            try PCKCertificateExtensions(extensionValue: twice)
        }
        // A certificate without the extension (the root).
        let root = try PCKCertificateChain(encoded: Self.payload("go-tdx-guest_quote_v4_SPR_E4.bin")).certificates[2]
        #expect(throws: EndorsementError(.malformedInput, step: step)) {
            try PCKCertificateExtensions(certificate: root)
        }
    }

    @Test func chainsAreDecodedOncePerPayload() throws {
        let payload = try Self.payload("dcap-qvl_tdx-quote-hex.bin")
        let first = try PCKCertificateChain.cached(encoded: payload)
        let second = try PCKCertificateChain.cached(encoded: ArraySlice(Array(payload)))
        #expect(first.leaf === second.leaf)
    }
}
