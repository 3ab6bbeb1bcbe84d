import Claims
import Endorsement

/// The outcome of one verification step, so that a verdict can say exactly which step failed.
public struct VerificationStep: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case passed
        case failed
        /// Not run: its input is absent (e.g. no CRL in the bundle) or an earlier step failed.
        case skipped
    }

    /// What was checked, e.g. `"quote signature"`, `"PCK chain"`, `"TCB level"`.
    public let name: String
    public let status: Status
    /// Why it failed or was skipped, or extra facts when it passed (e.g. the TCB status).
    public let detail: String
    /// The failure, for exit codes and programs.
    public let error: EndorsementError?

    public static func passed(_ name: String, _ detail: String = "") -> VerificationStep {
        VerificationStep(name: name, status: .passed, detail: detail, error: nil)
    }

    public static func failed(_ name: String, _ error: EndorsementError) -> VerificationStep {
        VerificationStep(name: name, status: .failed, detail: error.description, error: error)
    }

    public static func skipped(_ name: String, _ reason: String) -> VerificationStep {
        VerificationStep(name: name, status: .skipped, detail: reason, error: nil)
    }

    /// This step as a `verification_step` claim record.
    public var claimRecord: ClaimRecord {
        let statusIndex = ClaimSchema.Entry.verificationStatus.index(of: status.rawValue) ?? 0
        return ClaimRecord(fields: [.string(name), .enumeration(statusIndex), .string(detail)])
    }
}
