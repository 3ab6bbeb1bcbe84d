import Endorsement
import Evidence
import Foundation
import TestSupport
import Testing

/// Signatures made by pyca/cryptography (`Corpus/tools/make_signature_vectors.py`) must verify
/// in every encoding evidence uses, and a one-bit change to message or signature must not.
@Suite("SignatureVerifier")
struct SignatureVerifierTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let key: String
        let scheme: String
        let hash: String
        let spki: String
        let xy: String?
        let der: String?
        let raw_rs: String?
        let le_r: String?
        let le_s: String?
        let n: String?
        let e: String?
        let rsa: String?

        var testDescription: String { "\(key) \(scheme) \(hash)" }
    }

    struct File: Decodable {
        let message: String
        let vectors: [Vector]
    }

    static let file: File? = {
        guard let data = try? Data(contentsOf: CorpusFile.url("expected/signature-vectors.json")) else { return nil }
        return try? JSONDecoder().decode(File.self, from: data)
    }()
    static let vectors = file?.vectors ?? []
    static var message: [UInt8] { CorpusFile.hex(file?.message ?? "") }

    let verifier = SignatureVerifier()

    static func hash(_ name: String) -> HashAlgorithm? {
        ["sha1": .sha1, "sha256": .sha256, "sha384": .sha384, "sha512": .sha512][name]
    }

    @Test func vectorsArePresent() {
        #expect(Self.vectors.count == 13)
    }

    @Test(arguments: vectors)
    func independentSignaturesVerifyInEveryEncoding(vector: Vector) throws {
        let hash = try #require(Self.hash(vector.hash))
        let key = try VerificationKey(subjectPublicKeyInfoDER: CorpusFile.hex(vector.spki))
        var encodings: [SignatureBytes] = []
        let scheme: SignatureScheme
        switch vector.scheme {
        case "ecdsa":
            scheme = .ecdsa(hash)
            encodings = [
                .der(CorpusFile.hex(try #require(vector.der))),
                .rawRS(CorpusFile.hex(try #require(vector.raw_rs))),
                .littleEndianRS(
                    r: CorpusFile.hex(try #require(vector.le_r)), s: CorpusFile.hex(try #require(vector.le_s))),
            ]
            let pointKey = try VerificationKey(ecPointXY: CorpusFile.hex(try #require(vector.xy)))
            #expect(verifier.isValid(encodings[1], over: Self.message, key: pointKey, scheme: scheme))
        case "rsa-pkcs1", "rsa-pss":
            scheme = vector.scheme == "rsa-pss" ? .rsaPSS(hash) : .rsaPKCS1v15(hash)
            encodings = [.rsa(CorpusFile.hex(try #require(vector.rsa)))]
            let parts = try VerificationKey(
                rsaModulus: CorpusFile.hex(try #require(vector.n)), exponent: CorpusFile.hex(try #require(vector.e)))
            #expect(verifier.isValid(encodings[0], over: Self.message, key: parts, scheme: scheme))
        default:
            Issue.record("unknown scheme \(vector.scheme)")
            return
        }
        for signature in encodings {
            #expect(verifier.isValid(signature, over: Self.message, key: key, scheme: scheme), "\(signature)")
            var tampered = Self.message
            tampered[5] ^= 0x01
            #expect(!verifier.isValid(signature, over: tampered, key: key, scheme: scheme))
        }
        // The right key with the wrong scheme or hash never verifies.
        let wrongHash: HashAlgorithm = hash == .sha256 ? .sha384 : .sha256
        let wrong: SignatureScheme =
            switch scheme {
            case .ecdsa: .ecdsa(wrongHash)
            case .rsaPKCS1v15: .rsaPSS(hash)
            case .rsaPSS: .rsaPKCS1v15(hash)
            }
        #expect(!verifier.isValid(encodings[0], over: Self.message, key: key, scheme: wrong))
    }

    @Test func aRealTDXQuoteSignatureVerifiesAndNamesTheStepWhenItDoesNot() throws {
        // Intel TDX DCAP Quoting Library API A.3/A.4: v4 quote signature (r‖s) at 636 over
        // bytes 0..<632, attestation key x‖y at 700.
        let quote = try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")
        let key = try VerificationKey(ecPointXY: Array(quote[700..<764]))
        let signature = SignatureBytes.rawRS(Array(quote[636..<700]))
        try verifier.verify(
            signature, over: quote[0..<632], key: key, scheme: .ecdsa(.sha256), step: "quote signature")
        var tampered = Array(quote[0..<632])
        tampered[0x1E] ^= 0x01  // a header byte, as in go-tdx-guest's negative test
        #expect(throws: EndorsementError(.signatureInvalid, step: "quote signature")) {
            try verifier.verify(
                signature, over: tampered[...], key: key, scheme: .ecdsa(.sha256), step: "quote signature")
        }
    }

    @Test func theSignedBytesMayBeAViewThatDoesNotStartAtZero() throws {
        // The same quote behind three bytes of something else: the view 3..<635 is what was signed.
        let quote = try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")
        let key = try VerificationKey(ecPointXY: Array(quote[700..<764]))
        let signature = SignatureBytes.rawRS(Array(quote[636..<700]))
        let buffer: [UInt8] = [0xDE, 0xAD, 0xBE] + quote
        #expect(verifier.isValid(signature, over: buffer[3..<635], key: key, scheme: .ecdsa(.sha256)))
        #expect(!verifier.isValid(signature, over: buffer[0..<632], key: key, scheme: .ecdsa(.sha256)))
    }

    @Test func malformedSignaturesAreInvalidNotFatal() throws {
        let vector = try #require(Self.vectors.first { $0.key == "secp256r1" })
        let key = try VerificationKey(subjectPublicKeyInfoDER: CorpusFile.hex(vector.spki))
        for junk: SignatureBytes in [
            .der([0x30, 0x02]), .rawRS([1, 2, 3]), .rsa([1]), .littleEndianRS(r: [], s: [1]),
        ] {
            #expect(!verifier.isValid(junk, over: Self.message, key: key, scheme: .ecdsa(.sha256)))
        }
        #expect(throws: EndorsementError(.malformedInput, step: "public key")) {
            try VerificationKey(ecPointXY: [UInt8](repeating: 7, count: 64))
        }
        #expect(throws: EndorsementError(.unsupportedAlgorithm, step: "public key")) {
            try VerificationKey(subjectPublicKeyInfoDER: [0x30, 0x00])
        }
    }

    @Test func hashesMatchFIPSVectors() {
        // FIPS 180-2 Appendix B.1 / D.1 ("abc").
        #expect(
            Hex.encode(HashAlgorithm.sha256.hash(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(HashAlgorithm.sha1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(HashAlgorithm.sha384.hash([UInt8]()).count == 48)
    }
}
