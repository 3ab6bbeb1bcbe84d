import Evidence
import Foundation

/// A TPM attestation key (AK) to check quote signatures with, read from any of the forms
/// tools hand out: a PEM `PUBLIC KEY`, a DER `SubjectPublicKeyInfo`, a `TPM2B_PUBLIC` or a
/// bare `TPMT_PUBLIC` (go-attestation's `AK.Public`).
public struct AttestationKey: Sendable {
    public let key: VerificationKey
    /// The TPM description of the key, when given as TPM2B_PUBLIC / TPMT_PUBLIC.
    public let tpmPublic: TPMTPublic?

    /// - Throws: ``EndorsementError`` `.malformedInput` when the bytes are none of the forms,
    ///   `.unsupportedAlgorithm` for an unsupported curve.
    public init(bytes: [UInt8]) throws(EndorsementError) {
        if let text = String(bytes: bytes, encoding: .utf8), text.contains("-----BEGIN PUBLIC KEY-----") {
            key = try VerificationKey(pem: text)
            tpmPublic = nil
            return
        }
        if bytes.first == 0x30, let key = try? VerificationKey(subjectPublicKeyInfoDER: bytes) {
            self.key = key
            tpmPublic = nil
            return
        }
        let parsed: TPMTPublic
        do {
            parsed = try TPMTPublic(parsing: bytes)
        } catch {
            throw EndorsementError(
                .malformedInput, step: "attestation key",
                detail: "neither a PEM/DER public key nor a TPM2B_PUBLIC/TPMT_PUBLIC: \(error)")
        }
        tpmPublic = parsed
        switch parsed.key {
        case .rsa(let modulus, let exponent):
            let e = [
                UInt8(exponent >> 24), UInt8(exponent >> 16 & 0xFF), UInt8(exponent >> 8 & 0xFF),
                UInt8(exponent & 0xFF),
            ]
            key = try VerificationKey(rsaModulus: Array(modulus), exponent: e)
        case .ecc(let curve, let x, let y):
            let width: Int
            switch curve {
            case TPMTPublic.curveNISTP256: width = 32
            case TPMTPublic.curveNISTP384: width = 48
            case TPMTPublic.curveNISTP521: width = 66
            default:
                throw EndorsementError(
                    .unsupportedAlgorithm, step: "attestation key", detail: "ECC curve 0x\(String(curve, radix: 16))")
            }
            guard x.count <= width, y.count <= width else {
                throw EndorsementError(
                    .malformedInput, step: "attestation key", detail: "EC coordinates longer than the curve")
            }
            key = try VerificationKey(ecPointXY: Self.pad(x, width) + Self.pad(y, width))
        }
    }

    static func pad(_ bytes: ArraySlice<UInt8>, _ width: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: max(0, width - bytes.count)) + bytes
    }
}
