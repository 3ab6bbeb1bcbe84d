import Crypto
import CryptoExtras
import Foundation

/// Checks a signature over a message. The one signature verifier of Appraise
/// (ARCHITECTURE principle 9): TDX quote and QE report signatures, SNP report signatures,
/// TPM quote signatures and collateral signatures all go through a `SignatureVerifying`.
public protocol SignatureVerifying: Sendable {
    /// Whether `signature` is a valid `scheme` signature by `key` over `message`.
    /// Malformed signatures are simply invalid; this never throws and never traps.
    ///
    /// `message` is a view: pass the evidence's signed bytes where they lie (e.g.
    /// `DCAPQuote.signedBytes`), not a copy.
    func isValid(
        _ signature: SignatureBytes, over message: ArraySlice<UInt8>, key: VerificationKey, scheme: SignatureScheme
    ) -> Bool
}

extension SignatureVerifying {
    /// Whether `signature` is a valid `scheme` signature by `key` over all of `message`.
    public func isValid(
        _ signature: SignatureBytes, over message: [UInt8], key: VerificationKey, scheme: SignatureScheme
    ) -> Bool {
        isValid(signature, over: message[...], key: key, scheme: scheme)
    }

    /// Verifies and throws ``EndorsementError`` `.signatureInvalid` naming `step` when invalid.
    public func verify(
        _ signature: SignatureBytes, over message: ArraySlice<UInt8>, key: VerificationKey, scheme: SignatureScheme,
        step: String
    ) throws(EndorsementError) {
        guard isValid(signature, over: message, key: key, scheme: scheme) else {
            throw EndorsementError(
                .signatureInvalid, step: step,
                detail: "\(scheme) signature by a \(key.algorithmName) key does not verify")
        }
    }
}

/// The production verifier: swift-crypto (BoringSSL), measured 1.3–1.5× faster than Debian's
/// OpenSSL 3.0 on this machine for P-256 and P-384 (swift-toolchain.md §2.1).
public struct SignatureVerifier: SignatureVerifying {
    public init() {}

    public func isValid(
        _ signature: SignatureBytes, over message: ArraySlice<UInt8>, key: VerificationKey, scheme: SignatureScheme
    ) -> Bool {
        switch (key.backing, scheme) {
        case (.p256(let k), .ecdsa(let hash)):
            guard let s = Self.ecdsa(signature, width: 32, P256.Signing.ECDSASignature.self) else { return false }
            return Self.check(hash, message) { k.isValidSignature(s, for: $0) }
        case (.p384(let k), .ecdsa(let hash)):
            guard let s = Self.ecdsa(signature, width: 48, P384.Signing.ECDSASignature.self) else { return false }
            return Self.check(hash, message) { k.isValidSignature(s, for: $0) }
        case (.p521(let k), .ecdsa(let hash)):
            guard let s = Self.ecdsa(signature, width: 66, P521.Signing.ECDSASignature.self) else { return false }
            return Self.check(hash, message) { k.isValidSignature(s, for: $0) }
        case (.rsa(let k), .rsaPKCS1v15(let hash)):
            guard case .rsa(let bytes) = signature else { return false }
            let s = _RSA.Signing.RSASignature(rawRepresentation: bytes)
            return Self.check(hash, message) { k.isValidSignature(s, for: $0, padding: .insecurePKCS1v1_5) }
        case (.rsa(let k), .rsaPSS(let hash)):
            guard case .rsa(let bytes) = signature else { return false }
            let s = _RSA.Signing.RSASignature(rawRepresentation: bytes)
            return Self.check(hash, message) { k.isValidSignature(s, for: $0, padding: .PSS) }
        default:
            return false
        }
    }

    /// Hashes `message` with `hash` and hands the typed digest to `verify`.
    private static func check(_ hash: HashAlgorithm, _ message: ArraySlice<UInt8>, _ verify: (any Digest) -> Bool)
        -> Bool
    {
        switch hash {
        case .sha1: return verify(Insecure.SHA1.hash(data: message))
        case .sha256: return verify(SHA256.hash(data: message))
        case .sha384: return verify(SHA384.hash(data: message))
        case .sha512: return verify(SHA512.hash(data: message))
        }
    }

    /// Decodes an ECDSA signature in any of the evidence encodings for a curve whose scalars
    /// are `width` bytes.
    private static func ecdsa<S: ECDSASignatureDecoding>(_ signature: SignatureBytes, width: Int, _: S.Type) -> S? {
        switch signature {
        case .rawRS(let rs):
            guard rs.count == 2 * width else { return nil }
            return try? S(rawRepresentation: rs)
        case .littleEndianRS(let r, let s):
            guard let r = bigEndian(r, width: width), let s = bigEndian(s, width: width) else { return nil }
            return try? S(rawRepresentation: r + s)
        case .der(let der):
            return try? S(derRepresentation: der)
        case .rsa:
            return nil
        }
    }

    /// A little-endian, zero-extended integer as `width` big-endian bytes; `nil` if it does not fit.
    private static func bigEndian(_ littleEndian: [UInt8], width: Int) -> [UInt8]? {
        guard littleEndian.dropFirst(width).allSatisfy({ $0 == 0 }) else { return nil }
        var out = Array(littleEndian.prefix(width).reversed())
        if out.count < width { out.insert(contentsOf: repeatElement(0, count: width - out.count), at: 0) }
        return out
    }
}

/// The two decoders the swift-crypto ECDSA signature types share.
protocol ECDSASignatureDecoding {
    init<D: DataProtocol>(rawRepresentation: D) throws
    init<D: DataProtocol>(derRepresentation: D) throws
}

extension P256.Signing.ECDSASignature: ECDSASignatureDecoding {}
extension P384.Signing.ECDSASignature: ECDSASignatureDecoding {}
extension P521.Signing.ECDSASignature: ECDSASignatureDecoding {}
