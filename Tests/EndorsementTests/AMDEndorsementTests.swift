import Endorsement
import Evidence
import TestSupport
import Testing

/// AMD's pinned roots and the VCEK/VLEK extensions (VCEK/KDS spec #57230).
@Suite("AMD endorsements")
struct AMDEndorsementTests {
    static func certificate(_ path: String) throws -> X509Certificate {
        try #require(try X509Certificate.certificates(pemOrDER: CorpusFile.bytes(path)).first)
    }

    // MARK: Pinned roots

    @Test(arguments: [
        (SNPGeneration.milan, "collateral/amd/go-sev-guest_trust_ask_ark_milan.pem"),
        (.genoa, "collateral/amd/go-sev-guest_trust_ask_ark_genoa.pem"),
        (.turin, "collateral/amd/go-sev-guest_trust_ask_ark_turin_vcek.pem"),
    ])
    func pinnedARKsAreAMDsAndMatchTheirDocumentedDigest(generation: SNPGeneration, chain: String) throws {
        let ark = try AMDRootKeys.ark(generation)
        #expect(ark.commonName == "ARK-\(generation.rawValue)")
        #expect(ark.isSelfSigned)
        // The same bytes as the KDS cert_chain go-sev-guest ships (ASK first, ARK second).
        let shipped = try X509Certificate.certificates(pemOrDER: CorpusFile.bytes(chain))
        #expect(shipped.last == ark)
        // Digest by OpenSSL, not by the code that pins it.
        #expect(Hex.encode(try OpenSSLDigest.sha256.hash(ark.der)) == AMDRootKeys.pinnedSHA256[generation])
    }

    @Test func builtInIntermediatesAreTheASKsAndASVKsSignedByTheirARK() throws {
        let intermediates = try AMDRootKeys.intermediates()
        #expect(
            intermediates.compactMap(\.commonName) == [
                "SEV-Milan", "SEV-Genoa", "SEV-Turin", "SEV-VLEK-Milan", "SEV-VLEK-Genoa", "SEV-VLEK-Turin",
            ])
        for intermediate in intermediates {
            let generation = try #require(
                SNPGeneration(productName: intermediate.commonName?.split(separator: "-").last.map(String.init) ?? ""))
            #expect(intermediate.isSigned(by: try AMDRootKeys.ark(generation)))
        }
    }

    // MARK: Extensions

    @Test func goSevGuestMilanVCEKExtensions() throws {
        let extensions = try VCEKExtensions(certificate: Self.certificate("collateral/amd/go-sev-guest_vcek_milan.der"))
        // go-sev-guest: VCEK URL …/Milan/3ac3…5d?blSPL=2&teeSPL=0&snpSPL=5&ucodeSPL=68.
        #expect(
            extensions.structVersion == 0 && extensions.productName == "Milan-B0" && extensions.generation == .milan)
        #expect(
            [extensions.bootLoaderSPL, extensions.teeSPL, extensions.snpSPL, extensions.microcodeSPL] == [2, 0, 5, 68])
        #expect(extensions.fmcSPL == nil && extensions.cspID == nil)
        #expect(Hex.encode(extensions.hardwareID ?? []).hasPrefix("3ac3fe21e13fb099"))
        #expect(extensions.hardwareID?.count == 64 && !extensions.hardwareIDIsOctetString)
    }

    @Test func microcodeAtOrAbove0x80IsATwoByteInteger() throws {
        // oak Milan VCEK: ucodeSPL 02 02 00 db = 219.
        let extensions = try VCEKExtensions(certificate: Self.certificate("collateral/amd/oak_milan_oc_vcek.der"))
        #expect(extensions.microcodeSPL == 219)
    }

    @Test func turinVCEKHasAnFMCAndAnEightByteHWID() throws {
        // Oak: …/vcek/v1/Turin/3b42092f69c656d3?ucodeSPL=71&snpSPL=2&teeSPL=0&blSPL=1&fmcSPL=0.
        let extensions = try VCEKExtensions(certificate: Self.certificate("collateral/amd/oak_turin_oc_vcek.der"))
        #expect(extensions.structVersion == 1 && extensions.generation == .turin)
        #expect(
            [
                extensions.fmcSPL, extensions.bootLoaderSPL, extensions.teeSPL, extensions.snpSPL,
                extensions.microcodeSPL,
            ] == [0, 1, 0, 2, 71])
        #expect(extensions.hardwareID == CorpusFile.hex("3b42092f69c656d3"))
    }

    @Test func theVLEKNamesItsCloudProviderAndHasNoHWID() throws {
        let extensions = try VCEKExtensions(certificate: Self.certificate("collateral/amd/trustee_snp_test-vlek.der"))
        #expect(extensions.cspID == "CN=cc-us-east-2.amazonaws.com")
        #expect(extensions.hardwareID == nil && extensions.productName == "Milan")
    }

    @Test func bothHWIDEncodingsAreRead() throws {
        // trustee: test-vcek-invalid-legacy (raw 64-byte hwID 000102…) and -invalid-new (04 40 …) must both parse.
        let legacy = try VCEKExtensions(
            certificate: Self.certificate("collateral/amd-invalid/trustee_snp_test-vcek-invalid-legacy.der"))
        let new = try VCEKExtensions(
            certificate: Self.certificate("collateral/amd-invalid/trustee_snp_test-vcek-invalid-new.der"))
        let counting = (0..<64).map { UInt8($0) }
        #expect(legacy.hardwareID == counting && !legacy.hardwareIDIsOctetString)
        #expect(new.hardwareID == counting && new.hardwareIDIsOctetString)
    }

    @Test func malformedExtensionsAreTypedErrors() {
        func decode(_ values: [String: [UInt8]]) throws(EndorsementError) -> VCEKExtensions {
            try VCEKExtensions { values[$0] }
        }
        let arc = VCEKExtensions.arc
        let malformed = EndorsementError(.malformedInput, step: "VCEK extensions")
        #expect(throws: malformed) { try decode(["\(arc).3.8": [0x02, 0x02, 0x00, 0x05]]) }  // not minimal DER
        #expect(throws: malformed) { try decode(["\(arc).3.8": [0x02, 0x02, 0x01, 0x00]]) }  // 256
        #expect(throws: malformed) { try decode(["\(arc).3.1": [0x02, 0x01, 0xFF]]) }  // -1
        #expect(throws: malformed) { try decode(["\(arc).3.1": [0x04, 0x01, 0x01]]) }  // not an INTEGER
        #expect(throws: malformed) { try decode(["\(arc).4": Array(repeating: 7, count: 10)]) }
        #expect(throws: malformed) { try decode(["\(arc).4": [0x04, 0x02, 0x01, 0x02]]) }  // 2-byte hwID
        #expect(throws: malformed) { try decode(["\(arc).2": [0x0C, 0x02, 0x41, 0x42]]) }  // UTF8String, not IA5String
        let empty = try? decode([:])
        #expect(empty?.isAMDKeyCertificate == false)
    }

    @Test func tcbDifferencesNameEachComponent() throws {
        let extensions = try VCEKExtensions(certificate: Self.certificate("collateral/amd/go-sev-guest_vcek_milan.der"))
        let same = try TCBVersion(raw: 0x4405_0000_0000_0002, generation: .milan, structure: "", field: "", offset: 0)
        #expect(extensions.tcbDifferences(from: same).isEmpty)
        let other = try TCBVersion(raw: 0x4406_0000_0000_0003, generation: .milan, structure: "", field: "", offset: 0)
        #expect(extensions.tcbDifferences(from: other) == ["blSPL 2≠3", "snpSPL 5≠6"])
        let turin = try TCBVersion(raw: 0x4400_0000_0500_0200, generation: .turin, structure: "", field: "", offset: 0)
        #expect(extensions.tcbDifferences(from: turin) == ["fmcSPL absent≠0"])
    }

    // MARK: Key certificates and the cache

    @Test func keyCertificatesAreClassifiedAndCachedByContent() throws {
        let cache = AMDVerificationCache()
        let vcek = try Self.certificate("collateral/amd/oak_genoa_oc_vcek.der")
        guard case .keyCertificate(let key) = try cache.role(of: vcek) else {
            Issue.record("a VCEK is a key certificate")
            return
        }
        #expect(key.kind == .vcek && key.key.algorithmName == "P-384")
        guard
            case .keyCertificate(let vlek) = try cache.role(
                of: Self.certificate("collateral/amd/trustee_snp_test-vlek.der"))
        else {
            Issue.record("a VLEK is a key certificate")
            return
        }
        #expect(vlek.kind == .vlek)
        guard case .root = try cache.role(of: AMDRootKeys.ark(.genoa)) else {
            Issue.record("an ARK is a root")
            return
        }
        guard case .intermediate = try cache.role(of: AMDRootKeys.intermediates()[1]) else {
            Issue.record("an ASK is an intermediate")
            return
        }
        // A certificate carried in evidence, DER followed by zero padding, decodes once.
        let padded = ArraySlice(vcek.der + [0, 0, 0, 0])
        #expect(try cache.certificate(padded) == vcek)
        #expect(throws: EndorsementError(.malformedInput, step: "certificate table")) {
            try cache.certificate(ArraySlice(vcek.der + [0, 1]))
        }
    }
}
