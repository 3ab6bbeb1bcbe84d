import Endorsement
import Evidence
import TestSupport
import Testing

@Suite("CertificateChainValidator")
struct CertificateChainValidatorTests {
    let validator = CertificateChainValidator()

    static func certificates(_ path: String) throws -> [X509Certificate] {
        try X509Certificate.certificates(pemOrDER: CorpusFile.bytes(path))
    }

    static func time(_ text: String) throws -> Timestamp { try #require(Timestamp(rfc3339: text)) }

    // MARK: Intel (go-tdx-guest collateral)

    @Test func intelTCBSigningChainValidatesWhileItsCertificateIsValid() throws {
        let chain = try Self.certificates("collateral/go-tdx-guest_tcb_signing_chain.pem")
        let root = try Self.certificates("collateral/go-tdx-guest_intel_sgx_root_ca.pem")
        #expect(chain.count == 2)
        #expect(root.count == 1)
        #expect(root[0].isSelfSigned)
        #expect(root[0].commonName == "Intel SGX Root CA")
        let validated = try validator.validate(
            leaf: chain[0], intermediates: Array(chain.dropFirst()), anchors: root, crls: [],
            at: Self.time("2023-07-01T00:00:00Z"), step: "TCB signing chain")
        #expect(validated.certificates.map(\.commonName) == ["Intel SGX TCB Signing", "Intel SGX Root CA"])
        #expect(validated.revocation == [.noCRL])
        // MANIFEST.md: the TCB Signing certificate expired 2025-05-21.
        #expect(validated.earliestExpiry.rfc3339.hasPrefix("2025-05-21"))
        #expect(throws: EndorsementError(.expired, step: "TCB signing chain")) {
            try validator.validate(
                leaf: chain[0], intermediates: [], anchors: root, crls: [], at: Self.time("2026-01-01T00:00:00Z"),
                step: "TCB signing chain")
        }
    }

    @Test func intelRootCRLIsEnforcedInsideItsWindow() throws {
        let chain = try Self.certificates("collateral/go-tdx-guest_pckcrl_issuer_chain.pem")
        let root = try Self.certificates("collateral/go-tdx-guest_intel_sgx_root_ca.pem")
        let rootCRL = try CertificateRevocationList(
            derOrPEM: CorpusFile.bytes("collateral/go-tdx-guest_intel_sgx_rootca_crl.der"))
        #expect(rootCRL.issuer.contains("CN=Intel SGX Root CA"))
        let platformCA = chain[0]
        #expect(platformCA.commonName == "Intel SGX PCK Platform CA")
        // MANIFEST.md: Root CA CRL valid 2023-04-03 .. 2024-04-02.
        let validated = try validator.validate(
            leaf: platformCA, intermediates: [], anchors: root, crls: [rootCRL], at: Self.time("2023-07-01T00:00:00Z"),
            step: "PCK chain")
        #expect(validated.revocation == [.notRevoked(crlIssuer: root[0].subject)])
        #expect(validated.everyCertificateCheckedForRevocation)
        #expect(validated.earliestExpiry.rfc3339.hasPrefix("2024-04-02"))
        #expect(throws: EndorsementError(.expired, step: "PCK chain")) {
            try validator.validate(
                leaf: platformCA, intermediates: [], anchors: root, crls: [rootCRL],
                at: Self.time("2024-06-01T00:00:00Z"),
                step: "PCK chain")
        }
    }

    // MARK: AMD (go-sev-guest collateral): RSASSA-PSS, serial 0, no key identifiers

    @Test func amdMilanVCEKChainValidates() throws {
        let askArk = try Self.certificates("collateral/go-sev-guest_trust_ask_ark_milan.pem")
        let vcek = try Self.certificates("collateral/go-sev-guest_vcek_milan.der")
        #expect(askArk.map(\.commonName) == ["SEV-Milan", "ARK-Milan"])
        #expect(vcek.count == 1)
        #expect(vcek[0].serialNumber == [0])
        // go-sev-guest verify_test.go: the chain is valid at 2022-09-24T01:00:00Z, 3 certificates.
        let validated = try validator.validate(
            leaf: vcek[0], intermediates: [askArk[0]], anchors: [askArk[1]], crls: [],
            at: Self.time("2022-09-24T01:00:00Z"), step: "VCEK chain")
        #expect(validated.certificates.count == 3)
        #expect(try vcek[0].verificationKey().algorithmName == "P-384")
    }

    @Test func aChainToTheWrongAnchorIsInvalid() throws {
        let askArk = try Self.certificates("collateral/go-sev-guest_trust_ask_ark_milan.pem")
        let vcek = try Self.certificates("collateral/go-sev-guest_vcek_milan.der")
        let intelRoot = try Self.certificates("collateral/go-tdx-guest_intel_sgx_root_ca.pem")
        #expect(throws: EndorsementError(.chainInvalid, step: "VCEK chain")) {
            try validator.validate(
                leaf: vcek[0], intermediates: [askArk[0]], anchors: intelRoot, crls: [],
                at: Self.time("2022-09-24T01:00:00Z"), step: "VCEK chain")
        }
        #expect(throws: EndorsementError(.chainInvalid, step: "VCEK chain")) {
            try validator.validate(
                leaf: vcek[0], intermediates: [askArk[0]], anchors: [], crls: [], at: Self.time("2022-09-24T01:00:00Z"),
                step: "VCEK chain")
        }
    }

    @Test func aTamperedCertificateNeverValidates() throws {
        let askArk = try Self.certificates("collateral/go-sev-guest_trust_ask_ark_milan.pem")
        var der = try CorpusFile.bytes("collateral/go-sev-guest_vcek_milan.der")
        der[der.count - 10] ^= 0xFF  // inside the signature
        let tampered = try X509Certificate(der: der)
        #expect(throws: EndorsementError(.chainInvalid, step: "VCEK chain")) {
            try validator.validate(
                leaf: tampered, intermediates: [askArk[0]], anchors: [askArk[1]], crls: [],
                at: Self.time("2022-09-24T01:00:00Z"), step: "VCEK chain")
        }
    }

    // MARK: Revocation (test PKI made by the openssl CLI: Corpus/tools/make_test_pki.sh)

    @Test func aCRLFromTheIssuerRevokesItsCertificate() throws {
        let root = try Self.certificates("collateral/test-pki/root.pem")
        let intermediate = try Self.certificates("collateral/test-pki/intermediate.pem")
        let good = try Self.certificates("collateral/test-pki/leaf-good.pem")[0]
        let revoked = try Self.certificates("collateral/test-pki/leaf-revoked.pem")[0]
        let crl = try CertificateRevocationList(derOrPEM: CorpusFile.bytes("collateral/test-pki/intermediate.crl.der"))
        let at = try Self.time("2030-01-01T00:00:00Z")
        #expect(crl.lists(revoked))
        #expect(!crl.lists(good))
        let validated = try validator.validate(
            leaf: good, intermediates: intermediate, anchors: root, crls: [crl], at: at, step: "leaf chain")
        #expect(validated.revocation == [.notRevoked(crlIssuer: intermediate[0].subject), .noCRL])
        #expect(!validated.everyCertificateCheckedForRevocation)
        #expect(throws: EndorsementError(.revoked, step: "leaf chain")) {
            try validator.validate(
                leaf: revoked, intermediates: intermediate, anchors: root, crls: [crl], at: at, step: "leaf chain")
        }
        // Without the CRL the same certificate validates, and the result says revocation was not checked.
        let unchecked = try validator.validate(
            leaf: revoked, intermediates: intermediate, anchors: root, crls: [], at: at, step: "leaf chain")
        #expect(unchecked.revocation == [.noCRL, .noCRL])
    }

    @Test func aCRLSignedBySomeoneElseIsIgnored() throws {
        let root = try Self.certificates("collateral/test-pki/root.pem")
        let intermediate = try Self.certificates("collateral/test-pki/intermediate.pem")
        let revoked = try Self.certificates("collateral/test-pki/leaf-revoked.pem")[0]
        let intelCRL = try CertificateRevocationList(
            derOrPEM: CorpusFile.bytes("collateral/go-tdx-guest_pckcrl_platform.der"))
        let validated = try validator.validate(
            leaf: revoked, intermediates: intermediate, anchors: root, crls: [intelCRL],
            at: Self.time("2030-01-01T00:00:00Z"), step: "leaf chain")
        #expect(validated.revocation.first == RevocationStatus.noCRL)
    }

    @Test func pemWithATrailingNULAndJunkStillYieldsItsCertificates() throws {
        var pem = try CorpusFile.bytes("collateral/go-tdx-guest_tcb_signing_chain.pem")
        pem.append(0)
        #expect(try X509Certificate.certificates(pemOrDER: pem).count == 2)
        #expect(throws: EndorsementError(.malformedInput, step: "certificate")) {
            try X509Certificate(der: [0x30, 0x03, 0x01, 0x01, 0xFF])
        }
        #expect(throws: EndorsementError(.malformedInput, step: "PEM")) {
            try X509Certificate.certificates(
                pem: Array("-----BEGIN CERTIFICATE-----\n@@@\n-----END CERTIFICATE-----".utf8))
        }
    }

    @Test func concatenatedDERCertificatesAreSplit() throws {
        let chain = try Self.certificates("collateral/go-tdx-guest_tcb_signing_chain.pem")
        let joined = chain.flatMap(\.der)
        #expect(try X509Certificate.certificates(pemOrDER: joined) == chain)
        #expect(throws: EndorsementError.self) { try X509Certificate.certificates(pemOrDER: Array(joined.dropLast(3))) }
    }
}
