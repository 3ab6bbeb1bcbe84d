/// How a signature was made: the algorithm family, its hash, and how its bytes are encoded.
public enum SignatureScheme: Hashable, Sendable, CustomStringConvertible {
    /// ECDSA (FIPS 186-4 §6) over the named hash of the message.
    case ecdsa(HashAlgorithm)
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2).
    case rsaPKCS1v15(HashAlgorithm)
    /// RSASSA-PSS (RFC 8017 §8.1) with MGF1 over the same hash and a salt as long as the
    /// digest — the parameters AMD (SHA-384, salt 48) and TPM 2.0 use.
    case rsaPSS(HashAlgorithm)

    public var description: String {
        switch self {
        case .ecdsa(let hash): return "ECDSA with \(hash.rawValue)"
        case .rsaPKCS1v15(let hash): return "RSASSA-PKCS1-v1_5 with \(hash.rawValue)"
        case .rsaPSS(let hash): return "RSASSA-PSS with \(hash.rawValue)"
        }
    }

    public var hash: HashAlgorithm {
        switch self {
        case .ecdsa(let hash), .rsaPKCS1v15(let hash), .rsaPSS(let hash): return hash
        }
    }
}

/// The bytes of a signature in one of the encodings evidence uses.
public enum SignatureBytes: Hashable, Sendable {
    /// ECDSA `r ‖ s`, each big-endian and as long as the curve order (TDX quotes, TPM
    /// `TPMS_SIGNATURE_ECDSA` after concatenation).
    case rawRS([UInt8])
    /// ECDSA `r` and `s` little-endian, each zero-extended to `width` bytes (SEV-SNP reports:
    /// 72-byte fields, SEV-SNP ABI spec #56860 Table 140 "ECDSA P-384 with SHA-384 Signature").
    case littleEndianRS(r: [UInt8], s: [UInt8])
    /// DER `ECDSA-Sig-Value` (RFC 3279 §2.2.3) — X.509 and COSE-to-DER.
    case der([UInt8])
    /// An RSA signature: the big-endian integer, as long as the modulus.
    case rsa([UInt8])
}
