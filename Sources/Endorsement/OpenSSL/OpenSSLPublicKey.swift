internal import COpenSSL

/// A public key held by OpenSSL (`EVP_PKEY`), decoded from a DER SubjectPublicKeyInfo.
///
/// Used on the cold path (certificate chains, CRLs, RSA-PSS) where swift-certificates has no
/// support; evidence signatures on the hot path go through swift-crypto instead.
public final class OpenSSLPublicKey: @unchecked Sendable {
    // EVP_PKEY is reference-counted and safe for concurrent verification once built;
    // this wrapper never mutates it after init.
    let key: OpaquePointer

    /// Decodes a DER `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7).
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` if OpenSSL cannot decode it.
    public init(subjectPublicKeyInfoDER der: [UInt8]) throws(EndorsementError) {
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let decoded else {
            throw EndorsementError(.malformedInput, step: "public key", detail: "not a DER SubjectPublicKeyInfo")
        }
        key = decoded
    }

    deinit { EVP_PKEY_free(key) }

    /// Verifies a DER-encoded signature over `message` hashed with `digest`
    /// (ECDSA: a DER `ECDSA-Sig-Value`; RSA: PKCS #1 v1.5).
    ///
    /// - Returns: whether the signature is valid. Malformed signatures are simply invalid.
    /// - Throws: ``EndorsementError`` `.libraryFailure` if OpenSSL cannot set up the check.
    public func isValidSignature(
        _ signatureDER: [UInt8], for message: [UInt8], digest: OpenSSLDigest
    ) throws(EndorsementError) -> Bool {
        guard let context = EVP_MD_CTX_new() else {
            throw EndorsementError(.libraryFailure, step: "signature", detail: "EVP_MD_CTX_new failed")
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit_ex(context, nil, digest.rawValue, nil, nil, key, nil) == 1 else {
            ERR_clear_error()
            throw EndorsementError(.libraryFailure, step: "signature", detail: "EVP_DigestVerifyInit_ex failed")
        }
        let result = signatureDER.withUnsafeBufferPointer { signature in
            message.withUnsafeBufferPointer { data in
                EVP_DigestVerify(context, signature.baseAddress, signature.count, data.baseAddress, data.count)
            }
        }
        ERR_clear_error()
        return result == 1
    }

    /// Encodes a raw ECDSA signature (big-endian `r ‖ s`, as in a TDX quote) as DER.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` for an odd or empty length.
    public static func derSignature(rawRS: [UInt8]) throws(EndorsementError) -> [UInt8] {
        guard !rawRS.isEmpty, rawRS.count % 2 == 0 else {
            throw EndorsementError(.malformedInput, step: "signature", detail: "raw r‖s has odd length \(rawRS.count)")
        }
        let half = rawRS.count / 2
        guard let signature = ECDSA_SIG_new() else {
            throw EndorsementError(.libraryFailure, step: "signature", detail: "ECDSA_SIG_new failed")
        }
        defer { ECDSA_SIG_free(signature) }
        let (r, s) = rawRS.withUnsafeBufferPointer { buffer -> (OpaquePointer?, OpaquePointer?) in
            guard let base = buffer.baseAddress else { return (nil, nil) }
            return (BN_bin2bn(base, Int32(half), nil), BN_bin2bn(base + half, Int32(half), nil))
        }
        guard let r, let s, ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            throw EndorsementError(.libraryFailure, step: "signature", detail: "ECDSA_SIG_set0 failed")
        }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_ECDSA_SIG(signature, &out)
        guard length > 0, let out else {
            throw EndorsementError(.libraryFailure, step: "signature", detail: "i2d_ECDSA_SIG failed")
        }
        defer { copenssl_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }
}
