import Evidence
import Foundation

/// Hashing by `TPM_ALG_ID`: the one place event-log replay and digest checks turn a bank's
/// algorithm into a hash function (SHA-1/SHA-2 through ``HashAlgorithm``, SM3 through ``SM3``).
public enum MeasurementHash {
    /// The digest of `bytes` with `algorithm`, or `nil` for an algorithm this build cannot compute.
    /// The bytes are hashed where they lie (an event's data is a slice of the log).
    public static func hash<D: DataProtocol>(_ algorithm: TPMAlgorithmID, _ bytes: D) -> [UInt8]? {
        switch algorithm {
        case .sha1: return HashAlgorithm.sha1.hash(bytes)
        case .sha256: return HashAlgorithm.sha256.hash(bytes)
        case .sha384: return HashAlgorithm.sha384.hash(bytes)
        case .sha512: return HashAlgorithm.sha512.hash(bytes)
        case .sm3_256: return SM3.hash(bytes)
        default: return nil
        }
    }

    /// The ``HashAlgorithm`` of a TPM hash algorithm (for signatures), or `nil` (SM3, unknown).
    public static func signatureHash(_ algorithm: TPMAlgorithmID) -> HashAlgorithm? {
        switch algorithm {
        case .sha1: return .sha1
        case .sha256: return .sha256
        case .sha384: return .sha384
        case .sha512: return .sha512
        default: return nil
        }
    }

    /// Whether this build can compute `algorithm`.
    public static func supports(_ algorithm: TPMAlgorithmID) -> Bool {
        algorithm.digestSize != nil
    }
}
