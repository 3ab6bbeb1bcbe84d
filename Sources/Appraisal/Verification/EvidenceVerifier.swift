import Claims
import Endorsement
import Evidence

/// Verifies evidence offline and extracts its claims: the entry point of `policyc verify`
/// and of the appraisal pipeline. Dispatches on the kind detected from the content; each
/// kind's verifier lives in its own file (`TDXVerification.swift`, `SNPVerification.swift`, …).
public enum EvidenceVerifier {
    /// Verifies `bytes`.
    ///
    /// Verification failures are recorded as failed steps in the report, not thrown: the
    /// report always says which steps ran. Only unusable input throws.
    ///
    /// - Throws: ``AppraisalError`` `.unrecognized` or `.parse`.
    public static func verify(_ bytes: [UInt8], options: VerificationOptions) throws(AppraisalError)
        -> VerificationReport
    {
        guard let kind = EvidenceKind.detect(bytes) else {
            throw .unrecognized("not a recognized evidence format")
        }
        switch kind {
        case .tdxQuote, .sgxQuote:
            throw .unsupported("verification of \(kind.displayName)s is not built yet (issue #3)")
        case .snpReport, .snpExtendedReport, .configFSTSMReport, .azureHCLReport, .snpTrusteeEvidence:
            return try SNPVerification().verify(bytes, kind: kind, options: options)
        }
    }
}
