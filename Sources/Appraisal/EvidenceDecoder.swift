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
    public static func decode(_ bytes: [UInt8], kind hint: EvidenceKind? = nil) throws(AppraisalError) -> Decoded {
        guard let kind = hint ?? EvidenceKind.detect(bytes) else {
            throw .unrecognized(
                "not a recognized evidence format (looked for: "
                    + EvidenceKind.allCases.map(\.displayName).joined(separator: ", ") + ")")
        }
        do {
            switch kind {
            case .tdxQuote, .sgxQuote:
                var reader = ByteReader(bytes, structure: "quote header")
                let header = try QuoteHeader(parsing: &reader)
                var claims = ClaimSet(schema: .tdx)
                try claims.add(quoteHeader: header)
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
