internal import COpenSSL

/// Message digests computed by OpenSSL's EVP interface (libcrypto 3).
///
/// The hot path hashes with swift-crypto; this exists for the cold path (certificate and CRL
/// work done through OpenSSL) and to prove libcrypto is callable (EndorsementTests).
public enum OpenSSLDigest: String, Sendable, CaseIterable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha384 = "SHA384"
    case sha512 = "SHA512"

    /// The digest of `bytes`.
    ///
    /// - Throws: ``EndorsementError`` `.libraryFailure` if OpenSSL reports an error.
    public func hash<C: Collection>(_ bytes: C) throws(EndorsementError) -> [UInt8] where C.Element == UInt8 {
        let step = "OpenSSL \(rawValue)"
        guard let md = EVP_MD_fetch(nil, rawValue, nil) else {
            throw EndorsementError(.libraryFailure, step: step, detail: "EVP_MD_fetch failed")
        }
        defer { EVP_MD_free(md) }
        guard let context = EVP_MD_CTX_new() else {
            throw EndorsementError(.libraryFailure, step: step, detail: "EVP_MD_CTX_new failed")
        }
        defer { EVP_MD_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let contiguous = Array(bytes)
        let ok = contiguous.withUnsafeBytes { input in
            EVP_DigestInit_ex2(context, md, nil) == 1
                && EVP_DigestUpdate(context, input.baseAddress, input.count) == 1
                && EVP_DigestFinal_ex(context, &output, &length) == 1
        }
        guard ok else { throw EndorsementError(.libraryFailure, step: step, detail: "digest failed") }
        return Array(output.prefix(Int(length)))
    }
}
