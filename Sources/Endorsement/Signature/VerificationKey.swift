import Crypto
import CryptoExtras
import Foundation

/// A public key that checks evidence signatures: ECDSA P-256 / P-384 / P-521 or RSA, held
/// as a parsed swift-crypto key so repeated checks pay no decoding cost (decoding a P-256 key
/// costs ≈5 µs — swift-toolchain.md §2.1 — so callers cache these, e.g. per PCK or VCEK).
public struct VerificationKey: Sendable {
    enum Backing: Sendable {
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
        case p521(P521.Signing.PublicKey)
        case rsa(_RSA.Signing.PublicKey)
    }

    let backing: Backing

    /// A short name: `P-256`, `P-384`, `P-521` or `RSA-<bits>`.
    public var algorithmName: String {
        switch backing {
        case .p256: return "P-256"
        case .p384: return "P-384"
        case .p521: return "P-521"
        case .rsa(let key): return "RSA-\(key.keySizeInBits)"
        }
    }

    /// A DER `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7) of an EC or RSA key; RSA-PSS keys
    /// (AMD) are accepted with their parameters stripped — the scheme is given at verification.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` or `.unsupportedAlgorithm`.
    public init(subjectPublicKeyInfoDER der: [UInt8]) throws(EndorsementError) {
        if let key = try? P256.Signing.PublicKey(derRepresentation: der) {
            backing = .p256(key)
        } else if let key = try? P384.Signing.PublicKey(derRepresentation: der) {
            backing = .p384(key)
        } else if let key = try? P521.Signing.PublicKey(derRepresentation: der) {
            backing = .p521(key)
        } else if let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: der) {
            backing = .rsa(key)
        } else {
            throw EndorsementError(
                .unsupportedAlgorithm, step: "public key",
                detail: "not a P-256, P-384, P-521 or RSA SubjectPublicKeyInfo")
        }
    }

    /// A PEM `PUBLIC KEY` block.
    public init(pem: String) throws(EndorsementError) {
        let body = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body) else {
            throw EndorsementError(.malformedInput, step: "public key", detail: "PEM body is not base64")
        }
        try self.init(subjectPublicKeyInfoDER: Array(der))
    }

    /// An uncoordinated EC point `x ‖ y` (big-endian), as in a TDX quote's attestation key
    /// (64 bytes, P-256) or a TPM `TPMS_ECC_POINT` (P-256: 32+32, P-384: 48+48).
    public init(ecPointXY xy: [UInt8]) throws(EndorsementError) {
        do {
            switch xy.count {
            case 64: backing = .p256(try P256.Signing.PublicKey(rawRepresentation: xy))
            case 96: backing = .p384(try P384.Signing.PublicKey(rawRepresentation: xy))
            case 132: backing = .p521(try P521.Signing.PublicKey(rawRepresentation: xy))
            default:
                throw EndorsementError(
                    .malformedInput, step: "public key", detail: "an EC point x‖y of \(xy.count) bytes")
            }
        } catch let error as EndorsementError {
            throw error
        } catch {
            throw EndorsementError(.malformedInput, step: "public key", detail: "the point is not on the curve")
        }
    }

    /// An RSA key from its modulus and public exponent (big-endian), as in a TPM2B_PUBLIC.
    /// Keys of 1024 bits or more are accepted (old TPM AKs); the caller decides policy.
    public init(rsaModulus modulus: [UInt8], exponent: [UInt8]) throws(EndorsementError) {
        do {
            // `_RSA.Signing.PublicKey(n:e:)` refuses keys under 2048 bits; the DER route accepts
            // 1024 bits and up, which old TPM attestation keys need.
            let der = RSAPublicKeyDER.subjectPublicKeyInfo(modulus: modulus, exponent: exponent)
            backing = .rsa(try _RSA.Signing.PublicKey(unsafeDERRepresentation: der))
        } catch {
            throw EndorsementError(.malformedInput, step: "public key", detail: "not a usable RSA modulus/exponent")
        }
    }
}

/// DER encoding of an RSA `SubjectPublicKeyInfo` (RFC 8017 Appendix A.1.1 inside RFC 5280).
enum RSAPublicKeyDER {
    static func subjectPublicKeyInfo(modulus: [UInt8], exponent: [UInt8]) -> [UInt8] {
        let rsaPublicKey = sequence(integer(modulus) + integer(exponent))
        let algorithm = sequence(
            [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01] + [0x05, 0x00])
        return sequence(algorithm + bitString(rsaPublicKey))
    }

    static func integer(_ bigEndian: [UInt8]) -> [UInt8] {
        var value = Array(bigEndian.drop { $0 == 0 })
        if value.isEmpty { value = [0] }
        if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
        return [0x02] + length(value.count) + value
    }

    static func sequence(_ content: [UInt8]) -> [UInt8] { [0x30] + length(content.count) + content }
    static func bitString(_ content: [UInt8]) -> [UInt8] { [0x03] + length(content.count + 1) + [0x00] + content }

    static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        var bytes: [UInt8] = []
        var remaining = count
        while remaining > 0 {
            bytes.insert(UInt8(remaining & 0xFF), at: 0)
            remaining >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }
}
