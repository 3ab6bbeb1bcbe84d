extension EvidenceKind {
    /// Detects the event-log kinds and TPM quotes from their shape (called after the DCAP quote
    /// check, so a TDX quote is never taken for a log).
    ///
    /// - "CCEL" ACPI table: exactly 56 bytes starting with the signature "CCEL".
    /// - TPM2 quote: `TPMS_ATTEST` magic 0xFF544347 and type 0x8018, bare or after a TPM2B size.
    /// - CEL-TLV: a `recnum` field (type 0, length 8), then an index field (pcr 1, nv_index 2 or
    ///   mr 108, 1–4 bytes), then a `digests` field (type 3).
    /// - TCG log: a first legacy entry whose index is 0–23, whose type is a PFP event type
    ///   and whose data fits in the file. A legacy SHA-1 log has no signature, so it is only
    ///   considered (`includeLegacy`) after every other kind, SEV-SNP included. A crypto-agile log (Spec ID first) is a **CCEL** when
    ///   the Spec ID entry's index is 1 (every TDVF since 2022: MR1 = RTMR0), or when it is 0
    ///   and the log carries a single SHA-384 or SM3 bank with every index at most 4 (older
    ///   TDVF, Hygon CSV); otherwise a TPM log. `policyc --kind` overrides this guess.
    static func detectEventLogKind(_ bytes: [UInt8], includeLegacy: Bool) -> EvidenceKind? {
        if bytes.count == CCELTable.size, bytes.starts(with: CCELTable.signature) { return .ccelACPITable }
        if TPMQuote.looksLikeQuote(bytes) { return .tpmQuote }
        if looksLikeCELTLV(bytes) { return .celTLV }
        var reader = ByteReader(bytes, structure: "TCG event log")
        guard let first = try? TCGEventLog.readLegacyEvent(&reader, number: 0), first.registerIndex < 24,
            isPlausibleEventType(first.eventType)
        else { return nil }
        guard first.eventType == .noAction, SpecIDEvent.matches(first.data) else {
            // A legacy log has no signature: accept it only if the first header is not all
            // zero (zero-filled buffers are not logs) and the whole file parses as one.
            guard includeLegacy, bytes.prefix(TCGEventLog.legacyHeaderSize).contains(where: { $0 != 0 }),
                (try? TCGEventLog(parsing: bytes)) != nil
            else { return nil }
            return .tcgEventLog
        }
        if first.registerIndex == 1 { return .ccelLog }
        guard first.registerIndex == 0,
            let log = try? TCGEventLog(parsing: bytes),
            log.algorithms == [.sha384] || log.algorithms == [.sm3_256],
            log.events.allSatisfy({ $0.registerIndex <= 4 })
        else { return .tcgEventLog }
        return .ccelLog
    }

    static func isPlausibleEventType(_ type: TCGEventType) -> Bool {
        type.rawValue <= 0x13 || (0x8000_0000...0x8000_00E4).contains(type.rawValue)
    }

    static func looksLikeCELTLV(_ bytes: [UInt8]) -> Bool {
        var reader = ByteReader(bytes, structure: "CEL-TLV")
        guard let (recnumType, recnum) = try? CELLog.field(&reader, "recnum"), recnumType == 0, recnum.count == 8,
            let (indexType, index) = try? CELLog.field(&reader, "index"), [1, 2, 108].contains(indexType),
            (1...4).contains(index.count),
            let (digestsType, _) = try? CELLog.field(&reader, "digests"), digestsType == 3
        else { return false }
        return true
    }
}
