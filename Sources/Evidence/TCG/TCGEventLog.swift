/// A TCG PC Client event log (`/sys/kernel/security/tpm0/binary_bios_measurements`) or a
/// CC event log (CCEL, `/sys/firmware/acpi/tables/data/CCEL`), parsed into entries.
///
/// Format detection (PFP 1.05 §10.2, as every peer does it): the first entry is always in the
/// legacy SHA-1 layout. If it is an `EV_NO_ACTION` whose data is a `"Spec ID Event03"`
/// (``SpecIDEvent``), the log is crypto-agile and every later entry is a `TCG_PCR_EVENT2`
/// whose digests follow the Spec ID's algorithm table; otherwise the whole log is in the
/// legacy SHA-1 layout (TPM 1.2 and SHA-1-only firmware).
///
/// Real-world quirks are accepted and reported in ``notes``, never silently:
/// - the log buffer padded with 0xFF or 0x00 after the last entry (CCEL buffers are
///   LAML-sized; the trustee CCEL sample carries 1 MiB of zeros) — parsing stops there;
/// - fewer trailing bytes than an entry header (tpm2-tools' specid-vendordata fixture, AAEL);
/// - an entry with index 0xFFFFFFFF (Windows' "Windows AIK" EV_NO_ACTION trust point);
/// - entries carrying fewer digests than the Spec ID lists;
/// - a short `EV_NO_ACTION` first entry that is not a Spec ID (go-attestation's
///   `short_no_action_eventlog`: a legacy log);
/// - a Spec ID vendorInfoSize that runs past the event.
///
/// Everything else that does not fit the format is a typed ``EvidenceError`` with its offset:
/// an entry's data running past the end, a digest algorithm the Spec ID does not declare
/// (its length would be unknown), more digests than algorithms, an index of 24 or more.
///
/// ```swift
/// let log = try TCGEventLog(parsing: bytes)
/// for event in log.events where event.eventType == .efiBootServicesApplication {
///     print(event.registerIndex, log.digest(of: event, .sha256).map(Hex.encode) ?? "-")
/// }
/// ```
public struct TCGEventLog: Sendable {
    /// The two entry layouts.
    public enum Format: String, Hashable, Sendable {
        /// Every entry is a legacy `TCG_PCClientPCREvent` with one SHA-1 digest.
        case sha1 = "sha1"
        /// A Spec ID header followed by `TCG_PCR_EVENT2` entries.
        case cryptoAgile = "crypto_agile"
    }

    /// What the entries' index field means.
    public enum RegisterKind: String, Hashable, Sendable {
        /// A TPM PCR index (0–23).
        case pcr
        /// A CC measurement-register index: 0 = MRTD, n = RTMR[n−1] (UEFI 2.10 §38.4.1).
        case ccMeasurementRegister
    }

    /// Size of a legacy entry header (index, type, SHA-1 digest, data size).
    public static let legacyHeaderSize = 32
    /// Smallest crypto-agile entry header (index, type, digest count 0, data size).
    public static let agileHeaderMinimum = 16
    /// Index values 0…23 are PCRs; 0xFFFFFFFF marks Windows' trust-point entries.
    public static let registerCount = 24

    /// The whole input; events are views into it.
    public let bytes: [UInt8]
    public let format: Format
    public let registerKind: RegisterKind
    /// The Spec ID header of a crypto-agile log.
    public let specID: SpecIDEvent?
    /// Every entry, including the header entry (number 0).
    public let events: [TCGEvent]
    /// Offset where the entries end (the start of padding or trailing bytes, or the end).
    public let endOffset: Int
    /// Quirks found while parsing, in order.
    public let notes: [String]

    /// The digest algorithms of this log: the Spec ID's list, or SHA-1 for a legacy log.
    public var algorithms: [TPMAlgorithmID] {
        specID.map { $0.algorithms.map(\.algorithmID) } ?? [.sha1]
    }

    /// Width of `UINTN` fields in event data (8 unless the Spec ID says UINT32).
    public var uintnWidth: Int { specID?.uintnWidth ?? 8 }

    /// Parses `bytes` as an event log.
    ///
    /// - Throws: ``EvidenceError`` with structure `"TCG event log"`: `.truncated` (including an
    ///   empty input), `.invalidValue`, `.lengthOutOfRange`, `.unsupportedVersion` (Spec ID).
    public init(parsing bytes: [UInt8], registerKind: RegisterKind = .pcr) throws(EvidenceError) {
        self.bytes = bytes
        self.registerKind = registerKind
        var reader = ByteReader(bytes, structure: "TCG event log")
        var events: [TCGEvent] = []
        events.reserveCapacity(min(bytes.count / 64, 1 << 20))
        var notes: [String] = []

        // The first entry is always a legacy entry.
        let first = try Self.readLegacyEvent(&reader, number: 0)
        var specID: SpecIDEvent?
        if first.eventType == .noAction, SpecIDEvent.matches(first.data) {
            var specReader = ByteReader(
                buffer: bytes, lowerBound: first.data.startIndex, upperBound: first.data.endIndex,
                structure: "TCG_EfiSpecIDEvent")
            let parsed = try SpecIDEvent(parsing: &specReader)
            notes.append(contentsOf: parsed.notes)
            if !bytes[first.digestArea].allSatisfy({ $0 == 0 }) {
                notes.append("the Spec ID entry's SHA-1 digest is not zero")
            }
            specID = parsed
        } else if first.eventType == .noAction {
            notes.append(
                "the first entry is an EV_NO_ACTION without a Spec ID (\(first.data.count) bytes): "
                    + "read as a legacy SHA-1 log")
        }
        self.specID = specID
        self.format = specID == nil ? .sha1 : .cryptoAgile
        events.append(first)

        var fewerDigests = 0
        var trustPoints = 0
        while !reader.isAtEnd {
            if let padding = Self.uniformPadding(bytes, from: reader.offset) {
                notes.append(
                    "\(reader.remaining) bytes of 0x\(padding == 0 ? "00" : "ff") padding after the last entry "
                        + "(offset \(reader.offset)); parsing stops there")
                break
            }
            let minimum = specID == nil ? Self.legacyHeaderSize : Self.agileHeaderMinimum
            if reader.remaining < minimum {
                notes.append(
                    "\(reader.remaining) trailing byte(s) at offset \(reader.offset), fewer than an entry header: ignored"
                )
                break
            }
            let event: TCGEvent
            if let specID {
                event = try Self.readAgileEvent(&reader, number: events.count, specID: specID)
                if event.digestCount < specID.algorithms.count { fewerDigests += 1 }
            } else {
                event = try Self.readLegacyEvent(&reader, number: events.count)
            }
            if event.registerIndex == UInt32.max { trustPoints += 1 }
            events.append(event)
        }
        if fewerDigests > 0, let specID {
            notes.append(
                "\(fewerDigests) entr\(fewerDigests == 1 ? "y carries" : "ies carry") fewer digests than the "
                    + "\(specID.algorithms.count) algorithms of the Spec ID")
        }
        if trustPoints > 0 {
            notes.append(
                "\(trustPoints) entr\(trustPoints == 1 ? "y has" : "ies have") index 0xFFFFFFFF (never extended)")
        }
        self.endOffset = reader.offset
        self.events = events
        self.notes = notes
    }

    @inlinable
    static func readIndex(_ reader: inout ByteReader) throws(EvidenceError) -> UInt32 {
        let offset = reader.offset
        let index = try reader.readUInt32LE("pcrIndex")
        guard index < UInt32(registerCount) || index == UInt32.max else {
            throw reader.error(.invalidValue, "pcrIndex", at: offset, "index \(index) is not 0–23 (or 0xFFFFFFFF)")
        }
        return index
    }

    /// A legacy `TCG_PCClientPCREvent`.
    @inlinable
    static func readLegacyEvent(_ reader: inout ByteReader, number: Int) throws(EvidenceError) -> TCGEvent {
        let start = reader.offset
        let index = try readIndex(&reader)
        let type = TCGEventType(rawValue: try reader.readUInt32LE("eventType"))
        let digest = try reader.readBytes(20, "digest")
        let size = try reader.readUInt32LE("eventDataSize")
        let data = try reader.readBytes(length: size, "event")
        return TCGEvent(
            number: number, offset: start, registerIndex: index, eventType: type, digestCount: 1,
            digestArea: digest.startIndex..<digest.endIndex, isLegacyFormat: true, data: data)
    }

    /// A crypto-agile `TCG_PCR_EVENT2`.
    @inlinable
    static func readAgileEvent(_ reader: inout ByteReader, number: Int, specID: SpecIDEvent) throws(EvidenceError)
        -> TCGEvent
    {
        let start = reader.offset
        let index = try readIndex(&reader)
        let type = TCGEventType(rawValue: try reader.readUInt32LE("eventType"))
        let countOffset = reader.offset
        let count = try reader.readUInt32LE("digests.count")
        guard count <= UInt32(specID.algorithms.count) else {
            throw reader.error(
                .lengthOutOfRange, "digests.count", at: countOffset,
                "\(count) digests, but the Spec ID declares \(specID.algorithms.count) algorithms")
        }
        let digestStart = reader.offset
        var seen: UInt32 = 0
        for _ in 0..<Int(count) {
            let algOffset = reader.offset
            let algorithm = TPMAlgorithmID(rawValue: try reader.readUInt16LE("digests.hashAlg"))
            guard let position = specID.algorithms.firstIndex(where: { $0.algorithmID == algorithm }) else {
                throw reader.error(
                    .invalidValue, "digests.hashAlg", at: algOffset,
                    "\(algorithm) is not declared by the Spec ID, so its digest length is unknown")
            }
            let bit: UInt32 = 1 << UInt32(position)
            guard seen & bit == 0 else {
                throw reader.error(.invalidValue, "digests.hashAlg", at: algOffset, "\(algorithm) appears twice")
            }
            seen |= bit
            try reader.skip(specID.algorithms[position].digestSize, "digests.digest")
        }
        let digestEnd = reader.offset
        let size = try reader.readUInt32LE("eventSize")
        let data = try reader.readBytes(length: size, "event")
        return TCGEvent(
            number: number, offset: start, registerIndex: index, eventType: type, digestCount: Int(count),
            digestArea: digestStart..<digestEnd, isLegacyFormat: false, data: data)
    }

    /// 0xFF or 0x00 when every byte from `offset` to the end has that value.
    static func uniformPadding(_ bytes: [UInt8], from offset: Int) -> UInt8? {
        guard offset < bytes.count else { return nil }
        let value = bytes[offset]
        guard value == 0xFF || value == 0x00 else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> UInt8? in
            var index = offset
            let end = buffer.count
            let word = UInt64(value) &* 0x0101_0101_0101_0101
            let raw = UnsafeRawBufferPointer(buffer)
            while index + 8 <= end {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) != word { return nil }
                index += 8
            }
            while index < end {
                if buffer[index] != value { return nil }
                index += 1
            }
            return value
        }
    }

    // MARK: Digests

    /// The digests of `event`, in the order the entry lists them.
    public func digests(of event: TCGEvent) -> [TCGDigest] {
        if event.isLegacyFormat { return [TCGDigest(algorithm: .sha1, bytes: bytes[event.digestArea])] }
        guard let specID else { return [] }
        var result: [TCGDigest] = []
        result.reserveCapacity(event.digestCount)
        var index = event.digestArea.lowerBound
        while index + 2 <= event.digestArea.upperBound {
            let algorithm = TPMAlgorithmID(rawValue: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
            guard let size = specID.digestSize(of: algorithm), index + 2 + size <= event.digestArea.upperBound
            else { break }
            result.append(TCGDigest(algorithm: algorithm, bytes: bytes[(index + 2)..<(index + 2 + size)]))
            index += 2 + size
        }
        return result
    }

    /// Calls `body` with each digest of `event`, in order, without building an array.
    @inlinable
    public func forEachDigest(of event: TCGEvent, _ body: (TPMAlgorithmID, ArraySlice<UInt8>) -> Void) {
        if event.isLegacyFormat {
            body(.sha1, bytes[event.digestArea])
            return
        }
        guard let specID else { return }
        var index = event.digestArea.lowerBound
        while index + 2 <= event.digestArea.upperBound {
            let algorithm = TPMAlgorithmID(rawValue: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
            guard let size = specID.digestSize(of: algorithm), index + 2 + size <= event.digestArea.upperBound
            else { return }
            body(algorithm, bytes[(index + 2)..<(index + 2 + size)])
            index += 2 + size
        }
    }

    /// The digest of `event` for `algorithm`, or `nil` if the entry does not carry one.
    public func digest(of event: TCGEvent, _ algorithm: TPMAlgorithmID) -> ArraySlice<UInt8>? {
        if event.isLegacyFormat { return algorithm == .sha1 ? bytes[event.digestArea] : nil }
        guard let specID else { return nil }
        var index = event.digestArea.lowerBound
        while index + 2 <= event.digestArea.upperBound {
            let id = TPMAlgorithmID(rawValue: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
            guard let size = specID.digestSize(of: id), index + 2 + size <= event.digestArea.upperBound else {
                return nil
            }
            if id == algorithm { return bytes[(index + 2)..<(index + 2 + size)] }
            index += 2 + size
        }
        return nil
    }
}
