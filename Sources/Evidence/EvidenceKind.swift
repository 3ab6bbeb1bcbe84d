/// The kinds of evidence Appraise recognizes, and detection of the kind from the bytes alone.
///
/// Detection looks only at magic numbers and version fields — never at file names — so that
/// `policyc claims FILE` works on any file, whatever it is called. It is deliberately
/// conservative: a kind whose parser is not built yet is still recognized, so the tool can
/// say "recognized as X, not supported yet" rather than "unknown".
public enum EvidenceKind: String, Hashable, Sendable, CaseIterable {
    /// Intel TDX quote, version 4 or 5 (DCAP).
    case tdxQuote = "tdx-quote"
    /// Intel SGX quote, version 3 (DCAP).
    case sgxQuote = "sgx-quote"
    /// TCG PC Client event log of a TPM (legacy SHA-1 or crypto-agile).
    case tcgEventLog = "tcg-event-log"
    /// Confidential-computing event log (CCEL): TCG crypto-agile layout, MR-indexed entries.
    case ccelLog = "ccel-log"
    /// The ACPI "CCEL" table that locates a CC event log.
    case ccelACPITable = "ccel-acpi-table"
    /// TCG Canonical Event Log, TLV encoding.
    case celTLV = "cel-tlv"
    /// A TPM 2.0 quote: `TPMS_ATTEST` and its `TPMT_SIGNATURE`.
    case tpmQuote = "tpm-quote"

    /// A short human name.
    public var displayName: String {
        switch self {
        case .tdxQuote: return "Intel TDX quote"
        case .sgxQuote: return "Intel SGX quote"
        case .tcgEventLog: return "TCG event log"
        case .ccelLog: return "CC event log (CCEL)"
        case .ccelACPITable: return "ACPI CCEL table"
        case .celTLV: return "CEL-TLV event log"
        case .tpmQuote: return "TPM2 quote"
        }
    }

    /// Detects the kind of `bytes`, or returns `nil` if nothing matches.
    public static func detect(_ bytes: [UInt8]) -> EvidenceKind? {
        var reader = ByteReader(bytes, structure: "evidence")
        if let header = try? QuoteHeader(parsing: &reader),
            header.attestationKeyType == 2
                || header.attestationKeyType == 3
        {
            if header.version == 3 { return .sgxQuote }
            return header.teeType == QuoteHeader.teeTypeTDX ? .tdxQuote : .sgxQuote
        }
        return detectEventLogKind(bytes)
    }
}
