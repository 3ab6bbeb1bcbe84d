import Endorsement
import Evidence

extension ClaimSet {
    /// Adds the claims of a TPM event log (`tpm.log.*`, `tpm.pcr.*`, `tpm.events`,
    /// `tpm.startup_locality`, `tpm.hcrtm`) and its boot state (`tpm.secureboot.*`,
    /// `tpm.boot.*`, `tpm.kernel.*`, `tpm.grub.*`, `tpm.flags.*`, `tpm.platform.*`).
    /// Parse notes and replay notes go to ``notes``.
    ///
    /// - Returns: the replay, for quote verification.
    /// - Throws: ``ClaimError`` only if the schema and this extractor disagree (a bug caught by tests).
    @discardableResult
    public mutating func add(tpmEventLog analysis: EventLogAnalysis) throws(ClaimError) -> RegisterReplay {
        let replay = try addLogAndReplay(analysis, registers: "pcr") { TPMAlgorithmID.pcrBanks.contains($0) }
        try set("tpm.startup_locality", .int(Int64(replay.startupLocality ?? 0)))
        try set("tpm.hcrtm", .bool(replay.hcrtm))

        var records: [ClaimRecord] = []
        records.reserveCapacity(analysis.events.count)
        for entry in analysis.events {
            let event = entry.event
            let register: Int64 = event.registerIndex == UInt32.max ? -1 : Int64(event.registerIndex)
            var fields: [ClaimValue?] = [
                .int(Int64(event.number)), .int(register),
                .enumeration(TCGEventTypeNames.caseIndex(event.eventType)), .int(Int64(event.eventType.rawValue)),
            ]
            fields += analysis.bankDigests(event)
            fields += [
                .bytes(ClaimBytes(event.data)), .string(EventText.render(entry.data)), .bool(entry.check.trusted),
                .string(entry.check.rawValue),
            ]
            records.append(ClaimRecord(fields: fields))
        }
        try set("tpm.events", .list(records))

        var state = BootState(analysis)
        try state.addClaims(to: &self)
        return replay
    }
}

extension ClaimSet {
    /// The claims a TPM log and a CC event log share, under this schema's kind:
    /// `<kind>.log.{format,algorithms,events}` and `<kind>.<registers>.<bank>` (the replayed
    /// registers of every complete bank `keep` accepts); the parse and replay notes go to
    /// ``notes``.
    mutating func addLogAndReplay(
        _ analysis: EventLogAnalysis, registers: String, banks keep: (TPMAlgorithmID) -> Bool
    ) throws(ClaimError) -> RegisterReplay {
        let log = analysis.log
        let kind = schema.kind
        notes.append(contentsOf: log.notes)
        try set("\(kind).log.format", enumCase: log.format.rawValue)
        try set("\(kind).log.algorithms", .array(log.algorithms.map { .string($0.name) }))
        try set("\(kind).log.events", .int(Int64(log.events.count)))
        let replay = RegisterReplay(log: log)
        notes.append(contentsOf: replay.notes)
        for bank in replay.banks where bank.complete && keep(bank.algorithm) {
            try set("\(kind).\(registers).\(bank.algorithm.name)", .array(bank.values.map { .bytes(ClaimBytes($0)) }))
        }
        return replay
    }
}
