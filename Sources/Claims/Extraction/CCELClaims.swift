import Endorsement
import Evidence

extension ClaimSet {
    /// The `cc.event` records of a CC event log (for `ccel.events` and `tdx.events`).
    public static func ccEventRecords(_ analysis: EventLogAnalysis) -> [ClaimRecord] {
        let log = analysis.log
        return analysis.events.map { entry in
            let event = entry.event
            let register: Int64 = event.registerIndex == UInt32.max ? -1 : Int64(event.registerIndex)
            return ClaimRecord(fields: [
                .int(Int64(event.number)), .int(register),
                .enumeration(TCGEventTypeNames.caseIndex(event.eventType)), .int(Int64(event.eventType.rawValue)),
                log.digest(of: event, .sha384).map { .bytes(ClaimBytes($0)) },
                log.digest(of: event, .sm3_256).map { .bytes(ClaimBytes($0)) },
                .bytes(ClaimBytes(event.data)), .string(EventText.render(entry.data)), .bool(entry.check.trusted),
                .string(entry.check.rawValue),
            ])
        }
    }

    /// Adds the claims of a CC event log: `ccel.log.*`, `ccel.rtmr.<bank>` (RTMR0–3 replayed)
    /// and `ccel.events`.
    ///
    /// - Throws: ``ClaimError`` only if the schema and this extractor disagree (a bug caught by tests).
    @discardableResult
    public mutating func add(ccelLog analysis: EventLogAnalysis) throws(ClaimError) -> RegisterReplay {
        let replay = try addLogAndReplay(analysis, registers: "rtmr") { $0 == .sha384 || $0 == .sm3_256 }
        try set("ccel.events", .list(Self.ccEventRecords(analysis)))
        return replay
    }

    /// Adds the claims of an ACPI CCEL table (`ccel.table.*`).
    public mutating func add(ccelTable table: CCELTable) throws(ClaimError) {
        try set("ccel.table.cc_type", .int(Int64(table.ccType)))
        try set("ccel.table.cc_subtype", .int(Int64(table.ccSubtype)))
        try set("ccel.table.laml", .int(Int64(bitPattern: table.logAreaMinimumLength)))
        try set("ccel.table.lasa", .int(Int64(bitPattern: table.logAreaStartAddress)))
        try set("ccel.table.checksum_valid", .bool(table.checksumValid))
        if !table.checksumValid { notes.append("the ACPI CCEL table checksum does not hold") }
    }

    /// Adds the claims of a CCEL that came with a TDX quote, into a `tdx` claim set whose schema
    /// has ``ClaimSchema/Entry/tdxEventLogEntries``: `tdx.events`, `tdx.rtmr_replay`,
    /// `tdx.rtmr_replay_matches` (wired into TDX verification by `CCELBinding`).
    ///
    /// Fail closed: `tdx.events` is set only when the comparison passed — entries of a log that
    /// does not replay to this quote's RTMRs describe some other TD, so a policy must not see them.
    public mutating func add(ccelReplay analysis: EventLogAnalysis, comparison: RTMRComparison) throws(ClaimError) {
        if comparison.passed { try set("tdx.events", .list(Self.ccEventRecords(analysis))) }
        let outcomes = ClaimSchema.Entry.rtmrReplayOutcome
        try set(
            "tdx.rtmr_replay",
            .list(
                comparison.registers.map { register in
                    ClaimRecord(fields: [
                        .int(Int64(register.index)), .enumeration(outcomes.index(of: register.outcome.rawValue) ?? 1),
                        .bytes(ClaimBytes(register.replayed)), .bytes(ClaimBytes(register.quoted)),
                        .int(Int64(register.eventCount)),
                    ])
                }))
        try set("tdx.rtmr_replay_matches", .bool(comparison.passed))
        if let rtmr3 = comparison.registers.last, rtmr3.outcome == .runtimeExtension {
            notes.append("RTMR3 differs from the CCEL replay: runtime extensions without log entries (not a failure)")
        }
    }

    /// Adds the claims of a CEL-TLV log: into `ccel` (records indexed by CC MR) or `tpm`
    /// (records indexed by PCR), by this set's schema.
    public mutating func add(celLog log: CELLog) throws(ClaimError) {
        let kind = schema.kind
        try set("\(kind).log.format", enumCase: "cel_tlv")
        var algorithms: [TPMAlgorithmID] = []
        for record in log.records {
            for digest in record.digests where !algorithms.contains(digest.algorithm) {
                algorithms.append(digest.algorithm)
            }
        }
        try set("\(kind).log.algorithms", .array(algorithms.map { .string($0.name) }))
        try set("\(kind).log.events", .int(Int64(log.records.count)))
        let isCC = kind == "ccel"
        let count = isCC ? 4 : 24
        for algorithm in algorithms where algorithm.digestSize != nil {
            guard isCC ? (algorithm == .sha384 || algorithm == .sm3_256) : TPMAlgorithmID.pcrBanks.contains(algorithm),
                let size = algorithm.digestSize
            else { continue }
            var values = (0..<count).map {
                isCC ? [UInt8](repeating: 0, count: size) : RegisterReplay.pcrResetValue($0, size: size)
            }
            var complete = true
            for record in log.records {
                let register = isCC ? Int(record.index) - 1 : Int(record.index)
                guard values.indices.contains(register) else { continue }
                guard let digest = record.digests.first(where: { $0.algorithm == algorithm }) else {
                    complete = false
                    continue
                }
                RegisterReplay.extend(algorithm, &values[register], digest.bytes)
            }
            if complete {
                try set(
                    isCC ? "ccel.rtmr.\(algorithm.name)" : "tpm.pcr.\(algorithm.name)",
                    .array(values.map { .bytes(ClaimBytes($0)) }))
            }
        }
        var records: [ClaimRecord] = []
        for (position, record) in log.records.enumerated() {
            let text = Self.celContentText(record, log)
            let unknownType = TCGEventTypeNames.table.count
            if isCC {
                records.append(
                    ClaimRecord(fields: [
                        .int(Int64(position)), .int(Int64(record.index)), .enumeration(unknownType), .int(-1),
                        record.digests.first { $0.algorithm == .sha384 }.map { .bytes(ClaimBytes($0.bytes)) },
                        record.digests.first { $0.algorithm == .sm3_256 }.map { .bytes(ClaimBytes($0.bytes)) },
                        .bytes(ClaimBytes(record.content)), .string(text), .bool(false), .string("not_covered"),
                    ]))
            } else {
                let digests: [ClaimValue?] = TPMAlgorithmID.pcrBanks.map { bank in
                    record.digests.first { $0.algorithm == bank }.map { .bytes(ClaimBytes($0.bytes)) }
                }
                records.append(
                    ClaimRecord(
                        fields: [.int(Int64(position)), .int(Int64(record.index)), .enumeration(unknownType), .int(-1)]
                            + digests + [
                                .bytes(ClaimBytes(record.content)), .string(text), .bool(false), .string("not_covered"),
                            ]))
            }
        }
        try set("\(kind).events", .list(records))
    }

    /// Confidential Space (content type 80) and PC Client (5) CEL content as text.
    static func celContentText(_ record: CELLog.Record, _ log: CELLog) -> String {
        let names = [
            "image_ref", "image_digest", "restart_policy", "image_id", "arg", "env", "override_arg", "override_env",
            "launch_separator", "memory_monitor", "gpu_cc_mode", "gpu_attestation_binding",
        ]
        guard let fields = try? log.nestedFields(record.content) else { return "" }
        return fields.map { type, value in
            let name =
                record.contentType == CELLog.FieldType.confidentialSpace && Int(type) < names.count
                ? names[Int(type)] : "\(type)"
            let body = ASCIIText.isPrintable(value) || value.isEmpty ? ASCIIText.decode(value) : Hex.encode(value)
            return "\(name)=\(body)"
        }.joined(separator: " ")
    }
}
