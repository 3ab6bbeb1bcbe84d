/// Which key signed a report, and how: the 32-bit field at report offset 0x48 (SEV-SNP ABI
/// spec #56860 rev 1.58, Table 23).
///
/// | bits | field |
/// |---|---|
/// | 0 | AUTHOR_KEY_EN: AUTHOR_KEY_DIGEST holds the digest of the author key |
/// | 1 | MASK_CHIP_KEY: the chip key is masked (the firmware does not sign with the VCEK) |
/// | 4:2 | SIGNING_KEY: 0 VCEK, 1 VLEK, 7 none; 2–6 reserved |
/// | 31:5 | reserved, must be zero |
public struct SignerInfo: Hashable, Sendable {
    /// The key that signed the report.
    public enum SigningKey: String, Hashable, Sendable, CaseIterable {
        /// Versioned Chip Endorsement Key: derived from the chip's secrets and its TCB.
        case vcek
        /// Versioned Loaded Endorsement Key: loaded by the cloud provider, endorsed by AMD.
        case vlek
        /// The report is not signed.
        case none
    }

    public let raw: UInt32
    public let signingKey: SigningKey

    /// Decodes the field.
    ///
    /// - Throws: `.reservedNotZero` for bits 31:5, `.invalidValue` for SIGNING_KEY 2–6.
    public init(raw: UInt32, reader: ByteReader, offset: Int) throws(EvidenceError) {
        guard raw >> 5 == 0 else {
            throw reader.error(
                .reservedNotZero, "0x48 bits 31:5", at: offset,
                "reserved bits of the signer field are set (0x\(String(raw, radix: 16)))")
        }
        switch (raw >> 2) & 7 {
        case 0: signingKey = .vcek
        case 1: signingKey = .vlek
        case 7: signingKey = .none
        case let other:
            throw reader.error(
                .invalidValue, "SIGNING_KEY", at: offset, "SIGNING_KEY \(other) is reserved (0 VCEK, 1 VLEK, 7 none)")
        }
        self.raw = raw
    }

    public var authorKeyEnabled: Bool { raw & 1 == 1 }
    public var maskChipKey: Bool { raw >> 1 & 1 == 1 }
}
