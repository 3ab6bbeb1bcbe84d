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
    /// - Throws: ``AppraisalError`` wrapping the parse error (`EvidenceError`), or
    ///   `.unrecognized` when no known format matches.
    public static func decode(_ bytes: [UInt8]) throws(AppraisalError) -> Decoded {
        guard let kind = EvidenceKind.detect(bytes) else {
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
                try claims.add(hclReport: try HCLReport(parsing: bytes))
                return Decoded(kind: kind, claims: [claims])
            case .azureTDXEvidence:
                let evidence = try AzureTDXEvidence(json: bytes)
                let quote = try DCAPQuote(parsing: evidence.tdQuote)
                var claims = ClaimSet(schema: .tdx)
                try claims.add(dcapQuote: quote)
                try claims.add(
                    hclReport: try HCLReport(parsing: evidence.hclReport), quoteReportData: quote.tdBody?.reportData)
                return Decoded(kind: kind, claims: [claims])
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
