import Foundation

/// Serializes a verdict's EAR: as a JWT (RFC 7519) signed with ES256/ES384, or as CBOR —
/// the bare claims-set, or a COSE_Sign1 (RFC 9052 §4.2, tag 18) CWT when a key is given.
public enum EAREncoder {
    /// `base64url(header).base64url(claims).base64url(signature)` with header
    /// `{"alg":"ES256"|"ES384","typ":"JWT"}`.
    public static func jwt(_ claims: EARClaims, key: EARSigningKey) throws(EARError) -> String {
        let header = "{\"alg\":\"\(key.joseAlgorithm)\",\"typ\":\"JWT\"}"
        let signingInput = base64URL(Array(header.utf8)) + "." + base64URL(Array(claims.json().utf8))
        let signature = try key.sign(Array(signingInput.utf8))
        return signingInput + "." + base64URL(signature)
    }

    /// The CBOR claims-set, unsigned.
    public static func cbor(_ claims: EARClaims) throws(EARError) -> [UInt8] {
        do {
            return try claims.cbor().encoded()
        } catch {
            throw EARError.encoding("\(error)")
        }
    }

    /// A COSE_Sign1 over the CBOR claims-set: `18([protected, {}, payload, signature])` with
    /// protected header `{1: alg}` and the signature over
    /// `["Signature1", protected, h'', payload]` (RFC 9052 §4.4).
    public static func cwt(_ claims: EARClaims, key: EARSigningKey) throws(EARError) -> [UInt8] {
        do {
            let payload = try claims.cbor().encoded()
            let protected = try CBORValue.map([(.unsigned(1), .int(key.coseAlgorithm))]).encoded()
            let toBeSigned = try CBORValue.array([
                .text("Signature1"), .bytes(protected), .bytes([]), .bytes(payload),
            ]).encoded()
            let signature = try key.sign(toBeSigned)
            return try CBORValue.tagged(
                18, .array([.bytes(protected), .map([]), .bytes(payload), .bytes(signature)])
            ).encoded()
        } catch let error as EARError {
            throw error
        } catch {
            throw EARError.encoding("\(error)")
        }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
