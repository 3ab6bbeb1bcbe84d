import Claims
import Evidence

/// Everything verification established about one piece of evidence: each step's outcome and
/// the claims (which include `<kind>.verified` and `<kind>.verification.steps`).
public struct VerificationReport: Sendable {
    public let kind: EvidenceKind
    public let steps: [VerificationStep]
    public let claims: [ClaimSet]

    public init(kind: EvidenceKind, steps: [VerificationStep], claims: [ClaimSet]) {
        self.kind = kind
        self.steps = steps
        self.claims = claims
    }

    /// Whether every step passed or was legitimately skipped and none failed.
    public var passed: Bool { !steps.contains { $0.status == .failed } }

    /// The first failed step, which decides `policyc verify`'s exit code.
    public var firstFailure: VerificationStep? { steps.first { $0.status == .failed } }
}

extension ClaimSet {
    /// Records `steps` as `<kind>.verified` and `<kind>.verification.steps`; `verified` is true
    /// only when `steps` is non-empty and none failed.
    public mutating func add(verificationSteps steps: [VerificationStep]) throws(ClaimError) {
        try add(verificationSteps: steps, verified: !steps.isEmpty && !steps.contains { $0.status == .failed })
    }

    /// Records `steps` as `<kind>.verification.steps` and `verified` as `<kind>.verified`, for a
    /// verifier whose rule for `verified` is not "none failed" (DCAP quotes: see
    /// `TDXVerification`).
    public mutating func add(verificationSteps steps: [VerificationStep], verified: Bool) throws(ClaimError) {
        let kind = schema.kind
        try set("\(kind).verified", .bool(verified))
        try set("\(kind).verification.steps", .list(steps.map(\.claimRecord)))
    }
}
