import Endorsement
import Evidence
import TestSupport
import Testing

@Suite("OpenSSL through COpenSSL")
struct OpenSSLTests {
    @Test func sha256OfAbcIsTheFIPSVector() throws {
        // FIPS 180-2, Appendix B.1.
        let digest = try OpenSSLDigest.sha256.hash(Array("abc".utf8))
        #expect(Hex.encode(digest) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try OpenSSLDigest.sha384.hash([UInt8]()).count == 48)
    }

    /// RFC 6979 §A.2.5: P-256, SHA-256, message "sample".
    static let rfc6979PublicKey = CorpusFile.hex(
        "3059301306072a8648ce3d020106082a8648ce3d030107034200"
            + "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
            + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299")
    static let rfc6979Signature = CorpusFile.hex(
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
            + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8")

    @Test func verifiesTheRFC6979P256Vector() throws {
        let key = try OpenSSLPublicKey(subjectPublicKeyInfoDER: Self.rfc6979PublicKey)
        let der = try OpenSSLPublicKey.derSignature(rawRS: Self.rfc6979Signature)
        #expect(try key.isValidSignature(der, for: Array("sample".utf8), digest: .sha256))
        #expect(try !key.isValidSignature(der, for: Array("samplf".utf8), digest: .sha256))
        var flipped = Self.rfc6979Signature
        flipped[40] ^= 0x01
        let flippedDER = try OpenSSLPublicKey.derSignature(rawRS: flipped)
        #expect(try !key.isValidSignature(flippedDER, for: Array("sample".utf8), digest: .sha256))
    }

    @Test func verifiesARealTDXQuoteSignature() throws {
        // Intel TDX DCAP Quoting Library API, A.3: a v4 quote's ECDSA P-256 signature over
        // header+body (bytes 0..<632) sits at 636, the attestation public key (x‖y) at 700.
        let quote = try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")
        let spkiPrefix = CorpusFile.hex("3059301306072a8648ce3d020106082a8648ce3d03010703420004")
        let key = try OpenSSLPublicKey(subjectPublicKeyInfoDER: spkiPrefix + Array(quote[700..<764]))
        let signature = try OpenSSLPublicKey.derSignature(rawRS: Array(quote[636..<700]))
        #expect(try key.isValidSignature(signature, for: Array(quote[0..<632]), digest: .sha256))
        var tampered = Array(quote[0..<632])
        tampered[0x3C] ^= 0x01  // a body byte, as in go-tdx-guest's negative test
        #expect(try !key.isValidSignature(signature, for: tampered, digest: .sha256))
    }

    @Test func malformedKeysAreTypedErrors() {
        #expect(throws: EndorsementError(.malformedInput, step: "public key")) {
            try OpenSSLPublicKey(subjectPublicKeyInfoDER: [0x30, 0x03, 0x02, 0x01])
        }
        #expect(throws: EndorsementError(.malformedInput, step: "signature")) {
            try OpenSSLPublicKey.derSignature(rawRS: [1, 2, 3])
        }
    }
}
