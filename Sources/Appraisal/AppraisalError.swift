import Claims
import Endorsement
import Evidence

/// The error type of the `Appraisal` façade: which stage failed, carrying that layer's own
/// typed error. `policyc` maps each case to a distinct exit code.
public enum AppraisalError: Error, Sendable, CustomStringConvertible {
    /// The bytes match no supported evidence format.
    case unrecognized(String)
    /// The evidence was recognized but could not be parsed.
    case parse(EvidenceError)
    /// A verification step failed.
    case endorsement(EndorsementError)
    /// Claims could not be extracted (schema and extractor disagree: a bug).
    case claims(ClaimError)
    /// The evidence is recognized but this operation is not supported for it (yet).
    case unsupported(String)

    public var description: String {
        switch self {
        case .unrecognized(let detail): return "unrecognized evidence: \(detail)"
        case .parse(let error): return "parse error: \(error)"
        case .endorsement(let error): return "verification failed: \(error)"
        case .claims(let error): return "claim extraction failed: \(error)"
        case .unsupported(let detail): return "not supported: \(detail)"
        }
    }
}
