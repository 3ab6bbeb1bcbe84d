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
    /// Azure confidential VM HCL report holding a TDX TD report and its runtime data.
    case azureTDXHCLReport = "azure-tdx-hcl-report"
    /// Azure TDX confidential VM evidence as Trustee's `az-tdx-vtpm` attester sends it: a JSON
    /// object with the HCL report, the TD quote and the vTPM quote.
    case azureTDXEvidence = "azure-tdx-vtpm-evidence"

    /// A short human name.
    public var displayName: String {
        switch self {
        case .tdxQuote: return "Intel TDX quote"
        case .sgxQuote: return "Intel SGX quote"
        case .azureTDXHCLReport: return "Azure TDX HCL report"
        case .azureTDXEvidence: return "Azure TDX vTPM evidence"
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
        return nil
    }
}
