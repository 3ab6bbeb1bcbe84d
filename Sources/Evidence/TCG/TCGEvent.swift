/// One entry of a TCG event log: a legacy `TCG_PCClientPCREvent` (SHA-1 only) or a
/// crypto-agile `TCG_PCR_EVENT2`, as a view over the log's bytes.
///
/// TCG PC Client Platform Firmware Profile 1.05, §10.2.1 Table 5 (`TCG_PCClientPCREvent`:
/// pcrIndex u32, eventType u32, digest[20], eventDataSize u32, event) and §10.2.2 Table 6
/// (`TCG_PCR_EVENT2`: pcrIndex u32, eventType u32, `TPML_DIGEST_VALUES` digests,
/// eventSize u32, event). In a CC event log (CCEL) the same layout is a `CC_EVENT` and the
/// index is a measurement-register index (UEFI 2.10 §38.4.1): see ``TCGEventLog/registerKind``.
///
/// The digests are not copied: ``TCGEventLog/digests(of:)`` walks them with the log's
/// algorithm table, because `TCG_PCR_EVENT2` carries no per-digest length.
public struct TCGEvent: Hashable, Sendable {
    /// Position in the log, counting the first (header) entry as 0 — tpm2-tools' `EventNum`.
    public let number: Int
    /// Absolute offset of the entry in the log.
    public let offset: Int
    /// `pcrIndex` (TPM logs) or the CC measurement-register index (CCEL).
    public let registerIndex: UInt32
    public let eventType: TCGEventType
    /// Number of digests the entry carries (1 for a legacy entry).
    public let digestCount: Int
    /// Absolute byte range of the digests: a legacy entry's 20-byte SHA-1 digest, or the
    /// `{hashAlg, digest}` list of a `TCG_PCR_EVENT2`.
    public let digestArea: Range<Int>
    /// Whether this entry uses the legacy SHA-1 layout.
    public let isLegacyFormat: Bool
    /// The event data (`event[eventSize]`), zero-copy.
    public let data: ArraySlice<UInt8>

    @inlinable
    init(
        number: Int, offset: Int, registerIndex: UInt32, eventType: TCGEventType, digestCount: Int,
        digestArea: Range<Int>, isLegacyFormat: Bool, data: ArraySlice<UInt8>
    ) {
        self.number = number
        self.offset = offset
        self.registerIndex = registerIndex
        self.eventType = eventType
        self.digestCount = digestCount
        self.digestArea = digestArea
        self.isLegacyFormat = isLegacyFormat
        self.data = data
    }
}

/// One digest of an event: its algorithm and bytes.
public struct TCGDigest: Hashable, Sendable {
    public let algorithm: TPMAlgorithmID
    public let bytes: ArraySlice<UInt8>

    public init(algorithm: TPMAlgorithmID, bytes: ArraySlice<UInt8>) {
        self.algorithm = algorithm
        self.bytes = bytes
    }
}
