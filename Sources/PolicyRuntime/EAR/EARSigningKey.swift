import Crypto
import Foundation

/// A private key that signs EAR results: ES256 (P-256) or ES384 (P-384), from a PEM file
/// (PKCS #8 `PRIVATE KEY` or SEC 1 `EC PRIVATE KEY`).
public struct EARSigningKey: Sendable {
    enum Backing: Sendable {
        case es256(P256.Signing.PrivateKey)
        case es384(P384.Signing.PrivateKey)
    }

    let backing: Backing

    /// Reads a P-256 or P-384 private key from PEM text.
    ///
    /// - Throws: ``EARError`` `.key` if the PEM holds neither.
    public init(pem: String) throws(EARError) {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            backing = .es256(key)
        } else if let key = try? P384.Signing.PrivateKey(pemRepresentation: pem) {
            backing = .es384(key)
        } else {
            throw EARError.key("the PEM holds no P-256 or P-384 private key (ES256/ES384)")
        }
    }

    /// The JOSE algorithm name (RFC 7518 §3.4).
    public var joseAlgorithm: String {
        switch backing {
        case .es256: return "ES256"
        case .es384: return "ES384"
        }
    }

    /// The COSE algorithm identifier (RFC 9053 §2.1): ES256 = -7, ES384 = -35.
    public var coseAlgorithm: Int64 {
        switch backing {
        case .es256: return -7
        case .es384: return -35
        }
    }

    /// The public key as PEM, for relying parties.
    public var publicKeyPEM: String {
        switch backing {
        case .es256(let key): return key.publicKey.pemRepresentation
        case .es384(let key): return key.publicKey.pemRepresentation
        }
    }

    /// An ECDSA signature over `message` as raw `r ‖ s` (the JWS and COSE encoding).
    func sign(_ message: [UInt8]) throws(EARError) -> [UInt8] {
        do {
            switch backing {
            case .es256(let key): return Array(try key.signature(for: message).rawRepresentation)
            case .es384(let key): return Array(try key.signature(for: message).rawRepresentation)
            }
        } catch {
            throw EARError.key("signing failed: \(error)")
        }
    }
}

/// Errors while producing an EAR.
public enum EARError: Error, Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case encoding(String)

    public var description: String {
        switch self {
        case .key(let detail): return "EAR signing key: \(detail)"
        case .encoding(let detail): return "EAR encoding: \(detail)"
        }
    }
}
