/// An AMD SEV-SNP ATTESTATION_REPORT (1184 = 0x4A0 bytes), parsed zero-copy.
///
/// Layout: SEV Secure Nested Paging Firmware ABI Specification #56860, "ATTESTATION_REPORT
/// Structure" (Table 21 in rev 1.55, Table 23 in rev 1.57 and 1.58). All integers are
/// little-endian.
///
/// | offset | size | field | versions |
/// |---|---|---|---|
/// | 0x000 | 4 | VERSION | 2, 3, 4, 5 |
/// | 0x004 | 4 | GUEST_SVN | |
/// | 0x008 | 8 | POLICY (``GuestPolicy``) | |
/// | 0x010 | 16 | FAMILY_ID | |
/// | 0x020 | 16 | IMAGE_ID | |
/// | 0x030 | 4 | VMPL | |
/// | 0x034 | 4 | SIGNATURE_ALGO (1 = ECDSA P-384 with SHA-384) | |
/// | 0x038 | 8 | CURRENT_TCB (``TCBVersion``) | |
/// | 0x040 | 8 | PLATFORM_INFO (``PlatformInfo``) | |
/// | 0x048 | 4 | AUTHOR_KEY_EN, MASK_CHIP_KEY, SIGNING_KEY (``SignerInfo``) | |
/// | 0x04C | 4 | reserved, must be zero | |
/// | 0x050 | 64 | REPORT_DATA | |
/// | 0x090 | 48 | MEASUREMENT | |
/// | 0x0C0 | 32 | HOST_DATA | |
/// | 0x0E0 | 48 | ID_KEY_DIGEST | |
/// | 0x110 | 48 | AUTHOR_KEY_DIGEST | |
/// | 0x140 | 32 | REPORT_ID | |
/// | 0x160 | 32 | REPORT_ID_MA | |
/// | 0x180 | 8 | REPORTED_TCB | |
/// | 0x188 | 1+1+1 | CPUID_FAM_ID, CPUID_MOD_ID, CPUID_STEP | 3+ (reserved in 2) |
/// | 0x18B | 21 | reserved, must be zero (v2: 0x188–0x19F) | |
/// | 0x1A0 | 64 | CHIP_ID (zero when MASK_CHIP_ID is set; Turin: 8 bytes used) | |
/// | 0x1E0 | 8 | COMMITTED_TCB | |
/// | 0x1E8 | 3+1 | CURRENT_BUILD, _MINOR, _MAJOR, reserved | |
/// | 0x1EC | 3+1 | COMMITTED_BUILD, _MINOR, _MAJOR, reserved | |
/// | 0x1F0 | 8 | LAUNCH_TCB | |
/// | 0x1F8 | 8 | LAUNCH_MIT_VECTOR | 5+ (reserved before) |
/// | 0x200 | 8 | CURRENT_MIT_VECTOR | 5+ (reserved before) |
/// | 0x208 | 0x98 | reserved, must be zero | |
/// | 0x2A0 | 0x200 | SIGNATURE (``ReportSignature``) over bytes 0x000–0x29F | |
///
/// **Version first.** VERSION is read and checked before any other field (ARCHITECTURE
/// principle 2). Versions 2, 3 and 5 are laid out by the public ABI revisions; version 4 is
/// AMD-embargoed but appears in the field (Milan firmware 1.55.31) and its known fields sit
/// where version 3 has them, so it is read with the version 3 field set and the version-5-only
/// range 0x1F8–0x207 checked as reserved — a version 4 report that used those bytes fails with
/// a typed error instead of being misread. Any other version is `.unsupportedVersion`; there is
/// no fallback layout.
///
/// **Generation.** TCB values are decoded with the layout of the CPU generation: from CPUID for
/// version 3+, from `generation` (the caller's `--product`, or the VCEK's product name) for
/// version 2. A version 2 report parsed without a generation keeps its TCB values raw
/// (``currentTCB`` etc. are `nil`) and has no ``chipID``: they are never guessed.
///
/// Every reserved range above is checked, as are the reserved bits of POLICY and of the signer
/// field, and the reserved TCB bytes of the generation's layout.
public struct SNPReport: Sendable {
    /// Size of the report in bytes.
    public static let size = 0x4A0
    /// The signed part of the report: bytes 0x000–0x29F.
    public static let signedSize = 0x2A0
    /// Versions this build parses.
    public static let supportedVersions: ClosedRange<UInt32> = 2...5
    /// The structure name used in errors.
    public static let structure = "SEV-SNP ATTESTATION_REPORT"

    /// The 1184 report bytes (a zero-copy slice of the input; indices are absolute).
    public var bytes: ArraySlice<UInt8> { input[start..<(start + Self.size)] }
    /// The whole input the report was read from (shared storage, not a copy): the report's only
    /// reference, so copying a report retains one buffer (its byte fields, ``bytes`` and
    /// ``signature`` are views computed from it).
    @usableFromInline
    let input: [UInt8]
    /// The offset of the report in ``input``.
    @usableFromInline
    let start: Int

    public let version: UInt32
    public let guestSVN: UInt32
    public let policy: GuestPolicy
    public let vmpl: UInt32
    public let signatureAlgorithm: UInt32
    public let platformInfo: PlatformInfo
    public let signerInfo: SignerInfo
    /// CPUID_FAM_ID, CPUID_MOD_ID, CPUID_STEP (version 3+).
    public let cpuid: CPUID?
    public let currentVersion: FirmwareVersion
    public let committedVersion: FirmwareVersion
    /// LAUNCH_MIT_VECTOR (version 5+).
    public let launchMitVector: UInt64?
    /// CURRENT_MIT_VECTOR (version 5+).
    public let currentMitVector: UInt64?
    public var signature: ReportSignature {
        ReportSignature(r: field(Layout.signatureR), s: field(Layout.signatureS))
    }

    /// The raw TCB_VERSION values, always available.
    public let rawCurrentTCB: UInt64
    public let rawReportedTCB: UInt64
    public let rawCommittedTCB: UInt64
    public let rawLaunchTCB: UInt64

    /// The CPU generation: from CPUID (version 3+) or the generation given to the parser
    /// (version 2); `nil` for a version 2 report parsed without one.
    public let generation: SNPGeneration?
    /// Decoded TCB values; `nil` when ``generation`` is unknown.
    public let currentTCB: TCBVersion?
    public let reportedTCB: TCBVersion?
    public let committedTCB: TCBVersion?
    public let launchTCB: TCBVersion?

    // The byte-string fields are views into ``bytes`` at the offsets of Table 23, computed when
    // read: a report then holds one reference however many fields it has, so parsing and
    // copying it (SNPEvidence, claims) costs no reference counting per field. Inlinable: called
    // from the claim extractor, each was a call that copied the report (perf, SNPBenchmarks).
    @inlinable public var familyID: ArraySlice<UInt8> { field(Layout.familyID) }
    @inlinable public var imageID: ArraySlice<UInt8> { field(Layout.imageID) }
    @inlinable public var reportData: ArraySlice<UInt8> { field(Layout.reportData) }
    @inlinable public var measurement: ArraySlice<UInt8> { field(Layout.measurement) }
    @inlinable public var hostData: ArraySlice<UInt8> { field(Layout.hostData) }
    @inlinable public var idKeyDigest: ArraySlice<UInt8> { field(Layout.idKeyDigest) }
    @inlinable public var authorKeyDigest: ArraySlice<UInt8> { field(Layout.authorKeyDigest) }
    @inlinable public var reportID: ArraySlice<UInt8> { field(Layout.reportID) }
    @inlinable public var reportIDMA: ArraySlice<UInt8> { field(Layout.reportIDMA) }
    /// The whole 64-byte CHIP_ID field as stored.
    @inlinable public var chipIDField: ArraySlice<UInt8> { field(Layout.chipID) }

    /// Offsets and sizes of the byte-string fields (SEV-SNP ABI spec #56860, Table 23). Computed
    /// constants, so the inlinable field getters fold them (a `static let` is read through a
    /// lazy global accessor).
    @usableFromInline
    enum Layout {
        @inlinable static var familyID: Range<Int> { 0x010..<0x020 }
        @inlinable static var imageID: Range<Int> { 0x020..<0x030 }
        @inlinable static var reportData: Range<Int> { 0x050..<0x090 }
        @inlinable static var measurement: Range<Int> { 0x090..<0x0C0 }
        @inlinable static var hostData: Range<Int> { 0x0C0..<0x0E0 }
        @inlinable static var idKeyDigest: Range<Int> { 0x0E0..<0x110 }
        @inlinable static var authorKeyDigest: Range<Int> { 0x110..<0x140 }
        @inlinable static var reportID: Range<Int> { 0x140..<0x160 }
        @inlinable static var reportIDMA: Range<Int> { 0x160..<0x180 }
        @inlinable static var chipID: Range<Int> { 0x1A0..<0x1E0 }
        @inlinable static var signatureR: Range<Int> { 0x2A0..<0x2E8 }
        @inlinable static var signatureS: Range<Int> { 0x2E8..<0x330 }
    }

    /// The bytes at `range` of the report; every range is inside the size checked when parsed.
    @inlinable
    func field(_ range: Range<Int>) -> ArraySlice<UInt8> {
        input[(start + range.lowerBound)..<(start + range.upperBound)]
    }

    /// Parses a report at the reader's position.
    ///
    /// - Parameters:
    ///   - generation: the CPU generation of a version 2 report, if known (`--product`, VCEK
    ///     product name). Ignored for version 3+, whose CPUID decides (the verifier compares the
    ///     two separately).
    /// - Throws: `EvidenceError`: `.truncated`; `.unsupportedVersion` for a VERSION outside 2…5;
    ///   `.unsupportedFeature` for a SIGNATURE_ALGO other than 1 or a CPUID of an unknown CPU
    ///   generation; `.reservedNotZero` / `.invalidValue` naming the reserved range or field.
    public init(parsing reader: inout ByteReader, generation hint: SNPGeneration? = nil) throws(EvidenceError) {
        let callerStructure = reader.structure
        reader.structure = Self.structure
        defer { reader.structure = callerStructure }
        let start = reader.offset
        input = reader.buffer
        // Version dispatch before anything else.
        version = try reader.readUInt32LE("VERSION")
        guard Self.supportedVersions.contains(version) else {
            throw reader.error(
                .unsupportedVersion, "VERSION", at: start,
                "report version \(version) is not supported (supported: 2, 3, 4, 5)")
        }
        guard reader.remaining >= Self.size - 4 else {
            throw reader.error(
                .truncated, "ATTESTATION_REPORT", at: start,
                "a report is \(Self.size) bytes, \(reader.remaining + 4) available")
        }
        self.start = start
        guestSVN = try reader.readUInt32LE("GUEST_SVN")
        let policyOffset = reader.offset
        policy = try GuestPolicy(raw: try reader.readUInt64LE("POLICY"), reader: reader, offset: policyOffset)
        try reader.skip(Layout.familyID.count, "FAMILY_ID")
        try reader.skip(Layout.imageID.count, "IMAGE_ID")
        vmpl = try reader.readUInt32LE("VMPL")
        let algorithmOffset = reader.offset
        signatureAlgorithm = try reader.readUInt32LE("SIGNATURE_ALGO")
        guard signatureAlgorithm == ReportSignature.ecdsaP384SHA384 else {
            throw reader.error(
                .unsupportedFeature, "SIGNATURE_ALGO", at: algorithmOffset,
                "signature algorithm \(signatureAlgorithm) is not supported (1 = ECDSA P-384 with SHA-384)")
        }
        let currentTCBOffset = reader.offset
        rawCurrentTCB = try reader.readUInt64LE("CURRENT_TCB")
        platformInfo = PlatformInfo(raw: try reader.readUInt64LE("PLATFORM_INFO"))
        let signerOffset = reader.offset
        signerInfo = try SignerInfo(raw: try reader.readUInt32LE("SIGNING_KEY"), reader: reader, offset: signerOffset)
        try reader.readReservedZero(4, "reserved 0x04C")
        try reader.skip(Layout.reportData.count, "REPORT_DATA")
        try reader.skip(Layout.measurement.count, "MEASUREMENT")
        try reader.skip(Layout.hostData.count, "HOST_DATA")
        try reader.skip(Layout.idKeyDigest.count, "ID_KEY_DIGEST")
        try reader.skip(Layout.authorKeyDigest.count, "AUTHOR_KEY_DIGEST")
        try reader.skip(Layout.reportID.count, "REPORT_ID")
        try reader.skip(Layout.reportIDMA.count, "REPORT_ID_MA")
        let reportedTCBOffset = reader.offset
        rawReportedTCB = try reader.readUInt64LE("REPORTED_TCB")
        if version >= 3 {
            let cpuidOffset = reader.offset
            let cpuid = CPUID(
                family: try reader.readUInt8("CPUID_FAM_ID"), model: try reader.readUInt8("CPUID_MOD_ID"),
                stepping: try reader.readUInt8("CPUID_STEP"))
            guard let known = SNPGeneration(cpuidFamily: cpuid.family, model: cpuid.model) else {
                throw reader.error(
                    .unsupportedFeature, "CPUID_FAM_ID", at: cpuidOffset,
                    "CPU family 0x\(String(cpuid.family, radix: 16)) model 0x\(String(cpuid.model, radix: 16)) is not a known SEV-SNP generation (Milan, Genoa, Turin); its TCB layout is unknown"
                )
            }
            self.cpuid = cpuid
            generation = known
            try reader.readReservedZero(21, "reserved 0x18B")
        } else {
            cpuid = nil
            generation = hint
            try reader.readReservedZero(24, "reserved 0x188 (version 2)")
        }
        let chipIDOffset = reader.offset
        let chipIDField = try reader.readBytes(Layout.chipID.count, "CHIP_ID")
        if generation == .turin, let bad = chipIDField.dropFirst(8).firstIndex(where: { $0 != 0 }) {
            throw reader.error(
                .reservedNotZero, "CHIP_ID bytes 8–63", at: bad,
                "a Turin CHIP_ID is 8 bytes; byte \(bad - chipIDOffset) is non-zero")
        }
        let committedTCBOffset = reader.offset
        rawCommittedTCB = try reader.readUInt64LE("COMMITTED_TCB")
        currentVersion = try FirmwareVersion(parsing: &reader, .current)
        committedVersion = try FirmwareVersion(parsing: &reader, .committed)
        let launchTCBOffset = reader.offset
        rawLaunchTCB = try reader.readUInt64LE("LAUNCH_TCB")
        if version >= 5 {
            launchMitVector = try reader.readUInt64LE("LAUNCH_MIT_VECTOR")
            currentMitVector = try reader.readUInt64LE("CURRENT_MIT_VECTOR")
        } else {
            launchMitVector = nil
            currentMitVector = nil
            try reader.readReservedZero(16, "reserved 0x1F8 (before version 5)")
        }
        try reader.readReservedZero(0x98, "reserved 0x208")
        try ReportSignature.skip(parsing: &reader)

        if let generation {
            let s = Self.structure
            currentTCB = try TCBVersion(
                raw: rawCurrentTCB, generation: generation, structure: s, field: "CURRENT_TCB", offset: currentTCBOffset
            )
            reportedTCB = try TCBVersion(
                raw: rawReportedTCB, generation: generation, structure: s, field: "REPORTED_TCB",
                offset: reportedTCBOffset)
            committedTCB = try TCBVersion(
                raw: rawCommittedTCB, generation: generation, structure: s, field: "COMMITTED_TCB",
                offset: committedTCBOffset)
            launchTCB = try TCBVersion(
                raw: rawLaunchTCB, generation: generation, structure: s, field: "LAUNCH_TCB", offset: launchTCBOffset)
        } else {
            currentTCB = nil
            reportedTCB = nil
            committedTCB = nil
            launchTCB = nil
        }
    }

    /// Parses `bytes`, which must be exactly one report.
    ///
    /// - Throws: as ``init(parsing:generation:)``, and `.lengthOutOfRange` for bytes after the report.
    public init(_ bytes: [UInt8], generation: SNPGeneration? = nil) throws(EvidenceError) {
        var reader = ByteReader(bytes, structure: Self.structure)
        try self.init(parsing: &reader, generation: generation)
        guard reader.isAtEnd else {
            throw reader.error(
                .lengthOutOfRange, "end of report", "\(reader.remaining) bytes follow the \(Self.size)-byte report")
        }
    }

    /// The signed bytes 0x000–0x29F.
    public var signedBytes: ArraySlice<UInt8> { bytes.prefix(Self.signedSize) }

    /// CHIP_ID as the generation defines it (64 bytes, or the first 8 on Turin); `nil` when the
    /// generation is unknown.
    @inlinable
    public var chipID: ArraySlice<UInt8>? {
        generation.map { chipIDField.prefix($0.chipIDLength) }
    }

    /// Whether CHIP_ID is all zero: the host set MASK_CHIP_ID, so the report does not identify
    /// the chip and the VCEK's hwID cannot be compared.
    public var isChipIDMasked: Bool { chipIDField.allSatisfy { $0 == 0 } }

    /// The same report parsed again with `generation` (for a version 2 report whose generation
    /// became known from its VCEK). Version 3+ reports are returned unchanged.
    ///
    /// - Throws: `.reservedNotZero` when a TCB value does not fit that generation's layout.
    public func with(generation: SNPGeneration) throws(EvidenceError) -> SNPReport {
        guard version == 2, self.generation != generation else { return self }
        var reader = ByteReader(
            buffer: input, lowerBound: start, upperBound: start + Self.size, structure: Self.structure)
        return try SNPReport(parsing: &reader, generation: generation)
    }
}
