/// A TCB_VERSION: the security patch levels (SPLs) of the firmware components of an AMD
/// platform, as one little-endian 64-bit value (SEV-SNP ABI spec #56860 rev 1.58, §2.2
/// "TCB Version"). The report carries four: CURRENT_TCB, REPORTED_TCB, COMMITTED_TCB and
/// LAUNCH_TCB.
///
/// The byte layout depends on the CPU generation, not on the report version:
///
/// | generation | b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7 |
/// |---|---|---|---|---|---|---|---|---|
/// | Milan, Genoa | BOOT_LOADER | TEE | reserved | reserved | reserved | reserved | SNP | MICROCODE |
/// | Turin | FMC | BOOT_LOADER | TEE | SNP | reserved | reserved | reserved | MICROCODE |
///
/// Reserved bytes must be zero. Decoding with the wrong generation almost always puts a
/// non-zero value into a reserved byte, so the check also catches a wrong `--product`.
public struct TCBVersion: Hashable, Sendable {
    /// The value as stored in the report (little-endian u64).
    public let raw: UInt64
    /// FMC SPL (Turin and later); `nil` on Milan and Genoa, whose TCB has no FMC component.
    public let fmc: UInt8?
    /// BOOT_LOADER SPL.
    public let bootLoader: UInt8
    /// TEE (PSP OS) SPL.
    public let tee: UInt8
    /// SNP firmware SPL.
    public let snp: UInt8
    /// MICROCODE SPL.
    public let microcode: UInt8

    /// Decodes `raw` with the layout of `generation`.
    ///
    /// - Throws: `EvidenceError` `.reservedNotZero` naming `field` and the absolute offset of the
    ///   first non-zero reserved byte (`offset` is where the 8-byte field starts).
    public init(raw: UInt64, generation: SNPGeneration, structure: String, field: String, offset: Int)
        throws(EvidenceError)
    {
        self.raw = raw
        let reserved: ClosedRange<Int> = generation.usesTurinTCBLayout ? 4...6 : 2...5
        for index in reserved where Self.byte(raw, index) != 0 {
            throw EvidenceError(
                .reservedNotZero, structure: structure, field: "\(field) byte \(index)",
                offset: offset + index,
                detail:
                    "byte \(index) of a TCB_VERSION is reserved in the \(generation.rawValue) layout but holds 0x\(String(Self.byte(raw, index), radix: 16)) (wrong product?)"
            )
        }
        if generation.usesTurinTCBLayout {
            fmc = Self.byte(raw, 0)
            bootLoader = Self.byte(raw, 1)
            tee = Self.byte(raw, 2)
            snp = Self.byte(raw, 3)
        } else {
            fmc = nil
            bootLoader = Self.byte(raw, 0)
            tee = Self.byte(raw, 1)
            snp = Self.byte(raw, 6)
        }
        microcode = Self.byte(raw, 7)
    }

    /// The components as a vector for component-wise comparison, in the order
    /// `[bootloader, tee, snp, microcode, fmc]` (trustee's order, with FMC last so that a
    /// Milan/Genoa vector is a prefix; FMC is 0 where the generation has none).
    public var svn: [Int64] {
        [Int64(bootLoader), Int64(tee), Int64(snp), Int64(microcode), Int64(fmc ?? 0)]
    }

    @inline(__always)
    static func byte(_ raw: UInt64, _ index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: raw >> (8 * UInt64(index)))
    }
}
