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
    /// AMD SEV-SNP ATTESTATION_REPORT (1184 bytes).
    case snpReport = "snp-report"
    /// AMD SEV-SNP extended report: the report followed by its GHCB certificate table.
    case snpExtendedReport = "snp-extended-report"
    /// Linux configfs-tsm report as JSON (`provider`, `outblob`, `auxblob`).
    case configFSTSMReport = "configfs-tsm-report"
    /// Azure HCL report (vTPM NV index): a hardware report plus the paravisor's runtime data.
    case azureHCLReport = "azure-hcl-report"
    /// Trustee's SEV-SNP evidence JSON (report fields and certificate chain).
    case snpTrusteeEvidence = "snp-trustee-evidence"
    /// Azure confidential VM HCL report holding a TDX TD report and its runtime data.
    case azureTDXHCLReport = "azure-tdx-hcl-report"
    /// Azure TDX confidential VM evidence as Trustee's `az-tdx-vtpm` attester sends it: a JSON
    /// object with the HCL report, the TD quote and the vTPM quote.
    case azureTDXEvidence = "azure-tdx-vtpm-evidence"
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
        case .snpReport: return "AMD SEV-SNP report"
        case .snpExtendedReport: return "AMD SEV-SNP extended report"
        case .configFSTSMReport: return "configfs-tsm report"
        case .azureHCLReport: return "Azure HCL report"
        case .snpTrusteeEvidence: return "Trustee SEV-SNP evidence"
        case .azureTDXHCLReport: return "Azure TDX HCL report"
        case .azureTDXEvidence: return "Azure TDX vTPM evidence"
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
        if let kind = detectDCAPQuoteOfUnknownVersion(bytes) { return kind }
        if let kind = detectAzure(bytes) { return kind }
        // Event logs with a signature of their own (Spec ID, "CCEL", TPMS_ATTEST magic, CEL
        // TLV shape) before SNP, whose 1184-byte rule takes any file of that size; a legacy
        // SHA-1 log (no signature, only a plausible first header) last.
        if let kind = detectEventLogKind(bytes, includeLegacy: false) { return kind }
        if let kind = detectSNP(bytes) { return kind }
        return detectEventLogKind(bytes, includeLegacy: true)
    }

    /// SEV-SNP evidence and its containers, tried after the DCAP quotes (whose detection is
    /// unchanged: an SNP report can never pass it, because bytes 2–3 of its 32-bit VERSION are
    /// zero where a quote has its attestation key type 2 or 3).
    ///
    /// - "HCLA" magic: Azure HCL report.
    /// - A JSON object with `outblob`: configfs-tsm report; with `attestation_report`: Trustee.
    /// - Exactly 1184 bytes: an SEV-SNP report, whatever its VERSION says — so that a report of
    ///   an unsupported version is reported as such, not as "unrecognized".
    /// - More than 1184 bytes whose VERSION is 2…5 and whose remainder starts a certificate
    ///   table entry with a known GUID: an extended report.
    static func detectSNP(_ bytes: [UInt8]) -> EvidenceKind? {
        if HCLReport.hasMagic(bytes) { return .azureHCLReport }
        if JSONValue.looksLikeObject(bytes) {
            var reader = ByteReader(bytes, structure: "JSON evidence")
            guard let json = try? JSONValue(parsing: &reader) else { return nil }
            if TSMReport.matches(json) { return .configFSTSMReport }
            if TrusteeSNPEvidence.matches(json) { return .snpTrusteeEvidence }
            return nil
        }
        if bytes.count == SNPReport.size { return .snpReport }
        if bytes.count > SNPReport.size + SNPCertificateTable.entrySize {
            var reader = ByteReader(bytes, structure: "evidence")
            guard let version = try? reader.readUInt32LE("VERSION"), SNPReport.supportedVersions.contains(version)
            else { return nil }
            let guid = bytes[SNPReport.size..<(SNPReport.size + 16)]
            if SNPCertificateTable.role(ofGUID: guid) != .other { return .snpExtendedReport }
        }
        return nil
    }
}
