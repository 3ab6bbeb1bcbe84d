import Claims
import Endorsement
import Evidence

/// Parse-only claims of the event-log kinds and TPM quotes (used by ``EvidenceDecoder``).
enum EventLogDecoding {
    static func claims(_ bytes: [UInt8], kind: EvidenceKind) throws -> [ClaimSet] {
        switch kind {
        case .tcgEventLog:
            var claims = ClaimSet(schema: .tpm)
            let log = try TCGEventLog(parsing: bytes, registerKind: .pcr)
            try claims.add(tpmEventLog: EventLogAnalysis(log))
            try claims.set("tpm.verified", .bool(false))
            return [claims]
        case .ccelLog:
            var claims = ClaimSet(schema: .ccel)
            let log = try TCGEventLog(parsing: bytes, registerKind: .ccMeasurementRegister)
            try claims.add(ccelLog: EventLogAnalysis(log))
            try claims.set("ccel.verified", .bool(false))
            return [claims]
        case .ccelACPITable:
            var claims = ClaimSet(schema: .ccel)
            var reader = ByteReader(bytes, structure: "ACPI CCEL table")
            try claims.add(ccelTable: CCELTable(parsing: &reader))
            try claims.set("ccel.verified", .bool(false))
            return [claims]
        case .celTLV:
            let log = try CELLog(parsing: bytes)
            let isCC = log.records.contains { $0.indexType == CELLog.FieldType.ccMeasurementRegister }
            var claims = ClaimSet(schema: isCC ? .ccel : .tpm)
            try claims.add(celLog: log)
            try claims.set(isCC ? "ccel.verified" : "tpm.verified", .bool(false))
            return [claims]
        case .tpmQuote:
            var claims = ClaimSet(schema: .tpm)
            try claims.add(tpmQuote: TPMQuote(parsing: bytes))
            try claims.set("tpm.verified", .bool(false))
            return [claims]
        case .tdxQuote, .sgxQuote, .snpReport, .snpExtendedReport, .configFSTSMReport, .azureHCLReport,
            .snpTrusteeEvidence, .azureTDXHCLReport, .azureTDXEvidence:
            return []
        }
    }
}

extension EvidenceDecoder {
    /// Streams the event log in `bytes` as tpm2_eventlog-style YAML to `write` (pieces of about
    /// 1 MiB); returns false when the evidence is not a TCG event log or CCEL.
    ///
    /// - Throws: ``AppraisalError`` `.unrecognized` or `.parse`.
    public static func writeEventLogYAML(
        _ bytes: [UInt8], kind hint: EvidenceKind? = nil, to write: ([UInt8]) -> Void
    ) throws(AppraisalError) -> Bool {
        guard let kind = hint ?? EvidenceKind.detect(bytes) else {
            throw .unrecognized("not a recognized evidence format")
        }
        guard kind == .tcgEventLog || kind == .ccelLog else { return false }
        do {
            let log = try TCGEventLog(parsing: bytes, registerKind: kind == .ccelLog ? .ccMeasurementRegister : .pcr)
            EventLogYAML.render(EventLogAnalysis(log, checkDigests: false), replay: RegisterReplay(log: log), to: write)
            return true
        } catch {
            throw .parse(error)
        }
    }

    /// The event log in `bytes` as tpm2_eventlog-style YAML (``EventLogYAML``, UTF-8), or `nil` when
    /// the evidence is not a TCG event log or CCEL (there is no YAML rendering of other kinds).
    ///
    /// - Throws: ``AppraisalError`` `.unrecognized` or `.parse`.
    public static func eventLogYAML(_ bytes: [UInt8], kind hint: EvidenceKind? = nil) throws(AppraisalError) -> [UInt8]?
    {
        guard let kind = hint ?? EvidenceKind.detect(bytes) else {
            throw .unrecognized("not a recognized evidence format")
        }
        guard kind == .tcgEventLog || kind == .ccelLog else { return nil }
        do {
            let log = try TCGEventLog(
                parsing: bytes, registerKind: kind == .ccelLog ? .ccMeasurementRegister : .pcr)
            return EventLogYAML.renderUTF8(EventLogAnalysis(log, checkDigests: false), replay: RegisterReplay(log: log))
        } catch {
            throw .parse(error)
        }
    }
}
