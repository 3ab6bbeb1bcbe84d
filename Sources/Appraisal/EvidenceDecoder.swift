import Claims
import Evidence

/// Turns evidence bytes into claims: detects the kind from the content, parses it and runs
/// the matching extractor. The one entry point `policyc claims` and the appraisal pipeline use.
public enum EvidenceDecoder {
    /// What decoding produced: the detected kind, its claim sets, and parse notes.
    public struct Decoded: Sendable {
        public let kind: EvidenceKind
        public let claims: [ClaimSet]
    }

    /// Decodes `bytes`.
    ///
    /// - Parameter product: the CPU product for evidence that cannot say (SEV-SNP version 2
    ///   reports: `Milan`, `Genoa` or `Turin`); ignored by other kinds.
    /// - Parameter hint: the kind to parse as instead of detecting it (`policyc --kind`), e.g. a
    ///   CCEL whose Spec ID entry sits at index 0.
    /// - Throws: ``AppraisalError`` wrapping the parse error (`EvidenceError`), or
    ///   `.unrecognized` when no known format matches.
    public static func decode(_ bytes: [UInt8], product: String? = nil, kind hint: EvidenceKind? = nil)
        throws(AppraisalError) -> Decoded
    {
        guard let kind = hint ?? EvidenceKind.detect(bytes) else {
            throw .unrecognized(
                "not a recognized evidence format (looked for: "
                    + EvidenceKind.allCases.map(\.displayName).joined(separator: ", ") + ")")
        }
        do {
            switch kind {
            case .tdxQuote, .sgxQuote:
                let quote = try DCAPQuote(parsing: bytes)
                var claims = ClaimSet(schema: quote.isTDX ? .tdx : .sgx)
                try claims.add(dcapQuote: quote)
                return Decoded(kind: quote.isTDX ? .tdxQuote : .sgxQuote, claims: [claims])
            case .azureTDXHCLReport:
                var claims = ClaimSet(schema: .tdx)
                try claims.add(hclReport: try HCLReport(bytes))
                return Decoded(kind: kind, claims: [claims])
            case .azureTDXEvidence:
                let evidence = try AzureTDXEvidence(json: bytes)
                let quote = try DCAPQuote(parsing: evidence.tdQuote)
                var claims = ClaimSet(schema: .tdx)
                try claims.add(dcapQuote: quote)
                try claims.add(
                    hclReport: try HCLReport(evidence.hclReport), quoteReportData: quote.tdBody?.reportData)
                return Decoded(kind: kind, claims: [claims])
            case .snpReport, .snpExtendedReport, .configFSTSMReport, .azureHCLReport, .snpTrusteeEvidence:
                let requested = try SNPGeneration.named(option: product)
                let evidence = try SNPEvidence(bytes, kind: kind, generation: requested)
                var claims = ClaimSet(schema: .snp)
                try claims.add(snpEvidence: evidence)
                if let requested, let cpuid = evidence.report.generation, evidence.report.cpuid != nil,
                    cpuid != requested
                {
                    claims.notes.append(
                        "--product \(requested.rawValue) ignored: the report's CPUID says \(cpuid.rawValue)")
                }
                try claims.add(verificationSteps: [])  // parse only: snp.verified is false
                return Decoded(kind: kind, claims: [claims])
            case .tcgEventLog, .ccelLog, .ccelACPITable, .celTLV, .tpmQuote:
                return Decoded(kind: kind, claims: try EventLogDecoding.claims(bytes, kind: kind))
            }
        } catch let error as EvidenceError {
            throw .parse(error)
        } catch let error as ClaimError {
            throw .claims(error)
        } catch {
            throw .unrecognized("\(error)")
        }
    }
}
