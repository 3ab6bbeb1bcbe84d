/// A `TPM_ALG_ID`: the 16-bit algorithm identifier of the TCG Algorithm Registry, used in
/// event logs (digest algorithms of `TCG_PCR_EVENT2`, the Spec ID event) and in TPM 2.0
/// structures (`TPMT_PUBLIC`, `TPMT_SIGNATURE`, `TPMS_PCR_SELECTION`).
///
/// TCG Algorithm Registry, rev 1.34, Table 3 ("Definition of TPM_ALG_ID Constants").
public struct TPMAlgorithmID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let rsa = TPMAlgorithmID(rawValue: 0x0001)
    public static let sha1 = TPMAlgorithmID(rawValue: 0x0004)
    public static let sha256 = TPMAlgorithmID(rawValue: 0x000B)
    public static let sha384 = TPMAlgorithmID(rawValue: 0x000C)
    public static let sha512 = TPMAlgorithmID(rawValue: 0x000D)
    public static let null = TPMAlgorithmID(rawValue: 0x0010)
    public static let sm3_256 = TPMAlgorithmID(rawValue: 0x0012)
    public static let rsassa = TPMAlgorithmID(rawValue: 0x0014)
    public static let rsapss = TPMAlgorithmID(rawValue: 0x0016)
    public static let ecdsa = TPMAlgorithmID(rawValue: 0x0018)
    public static let ecc = TPMAlgorithmID(rawValue: 0x0023)

    /// The hash algorithms a PCR bank can use, in the order claims list them.
    public static let pcrBanks: [TPMAlgorithmID] = [.sha1, .sha256, .sha384, .sha512, .sm3_256]

    /// The digest size of a hash algorithm this build knows, or `nil`.
    @inlinable
    public var digestSize: Int? {
        switch rawValue {
        case 0x0004: return 20
        case 0x000B: return 32
        case 0x000C: return 48
        case 0x000D: return 64
        case 0x0012: return 32
        default: return nil
        }
    }

    /// The lowercase name used in claims and in tpm2-tools output (`sha256`, `sm3_256`), or
    /// `alg_0x…` for an identifier this build does not name.
    public var name: String {
        switch rawValue {
        case 0x0001: return "rsa"
        case 0x0004: return "sha1"
        case 0x000B: return "sha256"
        case 0x000C: return "sha384"
        case 0x000D: return "sha512"
        case 0x0010: return "null"
        case 0x0012: return "sm3_256"
        case 0x0014: return "rsassa"
        case 0x0016: return "rsapss"
        case 0x0018: return "ecdsa"
        case 0x0023: return "ecc"
        default: return "alg_0x" + String(rawValue, radix: 16)
        }
    }

    public var description: String { name }
}
