/// `TDATTRIBUTES`: the TD's attributes, a 64-bit little-endian field of the TD quote body and of
/// TDINFO.
///
/// Bits: Intel TDX Module ABI specification, definition of `ATTRIBUTES` (TD attributes):
/// bit 0 DEBUG (TUD), bits 1–7 reserved (TUD), bits 8–27 reserved (SEC), bit 28
/// SEPT_VE_DISABLE, bit 29 reserved, bit 30 PKS, bit 31 KL, bits 32–62 reserved (OTHER), bit 63
/// PERFMON. Names as in trustee `tdx/claims.rs` (`TdAttributesFlags`) and dcap-qvl
/// `TDAttributes` (formats-tdx-snp.md §1.2).
public struct TDAttributes: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Bit 0: the TD is debuggable — its memory and state are visible to the host.
    public var debug: Bool { rawValue & (1 << 0) != 0 }
    /// Bit 28: EPT violations on pending pages are not converted to #VE.
    public var septVEDisable: Bool { rawValue & (1 << 28) != 0 }
    /// Bit 30: supervisor protection keys are enabled.
    public var protectionKeys: Bool { rawValue & (1 << 30) != 0 }
    /// Bit 31: Key Locker is enabled.
    public var keyLocker: Bool { rawValue & (1 << 31) != 0 }
    /// Bit 63: performance monitoring is enabled.
    public var perfmon: Bool { rawValue & (1 << 63) != 0 }
    /// The reserved bits (1–27, 29, 32–62) that are set; 0 on every real TD in the corpus.
    public var reservedBits: UInt64 { rawValue & ~Self.definedBits }

    static let definedBits: UInt64 = (1 << 0) | (1 << 28) | (1 << 30) | (1 << 31) | (1 << 63)

    public var description: String {
        var names: [String] = []
        if debug { names.append("DEBUG") }
        if septVEDisable { names.append("SEPT_VE_DISABLE") }
        if protectionKeys { names.append("PKS") }
        if keyLocker { names.append("KL") }
        if perfmon { names.append("PERFMON") }
        return names.isEmpty ? "none" : names.joined(separator: "|")
    }
}
