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
        guard let kind = options.kindHint ?? EvidenceKind.detect(bytes) else {
            throw .unrecognized("not a recognized evidence format")
        }
        switch kind {
        case .tdxQuote, .sgxQuote:
            return try TDXVerification.verify(bytes, options: options)
        case .azureTDXEvidence:
            return try TDXVerification.verifyAzure(bytes, options: options)
        case .azureTDXHCLReport:
            let decoded = try EvidenceDecoder.decode(bytes)
            let step = VerificationStep.failed(
                "td_quote",
                EndorsementError(
                    .collateralMissing, step: "TD quote",
                    detail:
                        "an HCL report alone cannot be verified off its platform (the TD report is MACed); verify the Azure evidence that carries the TD quote"
                ))
            return VerificationReport(kind: kind, steps: [step], claims: decoded.claims)
        case .snpReport, .snpExtendedReport, .configFSTSMReport, .azureHCLReport, .snpTrusteeEvidence:
            return try SNPVerification().verify(bytes, kind: kind, options: options)
        case .tcgEventLog, .ccelLog, .ccelACPITable, .celTLV, .tpmQuote:
            return try EventLogVerification.verify(bytes, kind: kind, options: options)
        }
    }
}
