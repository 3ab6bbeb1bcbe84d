/// The guest POLICY (report offset 0x08, u64): what the guest owner allowed at launch
/// (SEV-SNP ABI spec #56860 rev 1.58, §4.3 "Guest Policy", Table 10).
///
/// | bits | field |
/// |---|---|
/// | 7:0 | ABI_MINOR |
/// | 15:8 | ABI_MAJOR |
/// | 16 | SMT (SMT allowed) |
/// | 17 | reserved, must be one |
/// | 18 | MIGRATE_MA (association with a migration agent allowed) |
/// | 19 | DEBUG (debugging allowed) |
/// | 20 | SINGLE_SOCKET |
/// | 21 | CXL_ALLOW |
/// | 22 | MEM_AES_256_XTS (AES-256-XTS required) |
/// | 23 | RAPL_DIS (RAPL must be disabled) |
/// | 24 | CIPHERTEXT_HIDING (ciphertext hiding for DRAM required) |
/// | 25 | PAGE_SWAP_DISABLE |
/// | 63:26 | reserved, must be zero |
public struct GuestPolicy: Hashable, Sendable {
    public let raw: UInt64

    public static let reservedOneBit: UInt64 = 1 << 17
    /// Bits 63:26.
    public static let reservedZeroMask: UInt64 = ~((1 << 26) - 1)

    /// Checks the reserved bits of `raw`.
    ///
    /// - Throws: `.invalidValue` if bit 17 is zero, `.reservedNotZero` if any of bits 63:26 is set.
    public init(raw: UInt64, reader: ByteReader, offset: Int) throws(EvidenceError) {
        guard raw & Self.reservedOneBit != 0 else {
            throw reader.error(
                .invalidValue, "POLICY bit 17", at: offset + 2,
                "reserved bit 17 must be one (policy 0x\(String(raw, radix: 16)))")
        }
        guard raw & Self.reservedZeroMask == 0 else {
            throw reader.error(
                .reservedNotZero, "POLICY bits 63:26", at: offset,
                "reserved bits set (policy 0x\(String(raw, radix: 16)))")
        }
        self.raw = raw
    }

    public var abiMinor: UInt8 { UInt8(truncatingIfNeeded: raw) }
    public var abiMajor: UInt8 { UInt8(truncatingIfNeeded: raw >> 8) }
    public var smt: Bool { bit(16) }
    public var migrateMA: Bool { bit(18) }
    public var debug: Bool { bit(19) }
    public var singleSocket: Bool { bit(20) }
    public var cxlAllow: Bool { bit(21) }
    public var memAES256XTS: Bool { bit(22) }
    public var raplDis: Bool { bit(23) }
    public var ciphertextHiding: Bool { bit(24) }
    public var pageSwapDisable: Bool { bit(25) }

    @inline(__always) func bit(_ index: UInt64) -> Bool { raw >> index & 1 == 1 }
}
