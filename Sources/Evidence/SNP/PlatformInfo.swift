/// PLATFORM_INFO (report offset 0x40, u64): facts about the platform that produced the report
/// (SEV-SNP ABI spec #56860 rev 1.58, Table 23; bit 7 added with report version 5).
///
/// | bit | field |
/// |---|---|
/// | 0 | SMT_EN: SMT is enabled |
/// | 1 | TSME_EN: transparent SME is enabled |
/// | 2 | ECC_EN: the platform uses error-correcting memory |
/// | 3 | RAPL_DIS: RAPL is disabled |
/// | 4 | CIPHERTEXT_HIDING_DRAM_EN: ciphertext hiding is enabled for DRAM |
/// | 5 | ALIAS_CHECK_COMPLETE: the memory alias check completed (BadRAM mitigation, AMD-SB-3015) |
/// | 6 | reserved in the public ABI; set on Turin (0x67 in the Oak Turin sample) — not named here |
/// | 7 | TIO_EN: SEV-TIO is enabled |
/// | 63:8 | reserved |
///
/// Unnamed bits are not an error (AMD adds platform facts with new firmware and they do not
/// change what the named bits mean); they stay visible in the raw value.
public struct PlatformInfo: Hashable, Sendable {
    public let raw: UInt64

    public init(raw: UInt64) { self.raw = raw }

    public var smtEnabled: Bool { bit(0) }
    public var tsmeEnabled: Bool { bit(1) }
    public var eccEnabled: Bool { bit(2) }
    public var raplDisabled: Bool { bit(3) }
    public var ciphertextHidingEnabled: Bool { bit(4) }
    public var aliasCheckComplete: Bool { bit(5) }
    public var tioEnabled: Bool { bit(7) }

    /// Bits set that this build gives no name (bit 6 and bits 63:8).
    public var unnamedBits: UInt64 { raw & ~0xBF }

    @inline(__always) func bit(_ index: UInt64) -> Bool { raw >> index & 1 == 1 }
}
