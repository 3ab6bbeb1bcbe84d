import Evidence
import PolicyBytecode

/// The result of appraising evidence with a compiled policy: the decision, the AR4SI trust
/// vector and overall status, every failed check with its explanation, and the digests that
/// let an auditor reconstruct the frame of reference (policy, parameters, evidence, time).
public struct Verdict: Sendable, Hashable {
    // Equality and hashing compare what a verdict says, not ``explanationSource``.
    /// One failed check, explained: its name and message from the policy, where it is, and
    /// the actual and expected values of its failing comparison.
    public struct FailedCheck: Sendable, Hashable {
        public let name: String
        public let message: String
        public let line: Int
        public let column: Int
        /// The observed value, rendered with the claims output convention (e.g. hex), or
        /// `"missing"` when a claim was absent.
        public let actual: String
        /// What the policy required, e.g. `">= [3,0,5,…]"` or `"one of 12 allowed values"`.
        public let expected: String
        /// The failing comparison in a sentence, e.g. "`tdx.tee_tcb_svn` component 2 is 3; the
        /// policy requires ≥ 5" (empty until explained, see ``Verdict/explain()``).
        public let explanation: String

        public init(
            name: String, message: String, line: Int, column: Int, actual: String, expected: String,
            explanation: String = ""
        ) {
            self.name = name
            self.message = message
            self.line = line
            self.column = column
            self.actual = actual
            self.expected = expected
            self.explanation = explanation
        }
    }

    /// The policy that produced the verdict.
    public struct PolicyIdentity: Sendable, Hashable {
        public let name: String
        public let version: Int64
        /// SHA-256 of the bytecode file.
        public let hash: [UInt8]

        public init(name: String, version: Int64, hash: [UInt8]) {
            self.name = name
            self.version = version
            self.hash = hash
        }
    }

    /// One input to the appraisal and its digest.
    public struct Digest: Sendable, Hashable {
        /// What it is, e.g. `tdx-quote` or the collateral file name.
        public let label: String
        public let sha256: [UInt8]

        public init(label: String, sha256: [UInt8]) {
            self.label = label
            self.sha256 = sha256
        }
    }

    /// One verification step's outcome, as carried in the verdict.
    public struct Step: Sendable, Hashable {
        public let name: String
        /// `passed`, `failed` or `skipped`.
        public let status: String
        public let detail: String

        public init(name: String, status: String, detail: String) {
            self.name = name
            self.status = status
            self.detail = detail
        }
    }

    public var decision: Decision
    /// Overall EAR status: never better than the worst trust claim (EAR §3.2), and never
    /// `affirming` unless the decision is `allow`.
    public var status: TrustTier
    /// The trust vector; claims the policy does not set are absent.
    public var trust: [TrustClaim: TrustTier] {
        get { trustVector.dictionary }
        set { trustVector = TrustVector(newValue) }
    }
    /// The trust vector as stored (one word).
    var trustVector: TrustVector
    /// Every check whose outcome is not true, in the policy's check order.
    public var failedChecks: [FailedCheck] {
        get { failedCheckList.checks }
        set { failedCheckList = .listed(newValue) }
    }
    /// The failed checks as stored: a list, or an evaluation's outcome bits listed when read.
    var failedCheckList: FailedCheckList
    /// The policy that produced the verdict.
    public var policy: PolicyIdentity {
        get { details.fields.policy }
        set { details = details.replacing { $0.policy = newValue } }
    }
    /// SHA-256 of the parameter (reference values) file, if one was bound.
    public var parametersDigest: [UInt8]? {
        get { details.fields.parametersDigest }
        set { details = details.replacing { $0.parametersDigest = newValue } }
    }
    public var evidence: [Digest] {
        get { details.fields.evidence }
        set { details = details.replacing { $0.evidence = newValue } }
    }
    public var collateral: [Digest] {
        get { details.fields.collateral }
        set { details = details.replacing { $0.collateral = newValue } }
    }
    public var verification: [Step] {
        get { details.fields.verification }
        set { details = details.replacing { $0.verification = newValue } }
    }
    /// Sets the evidence and collateral digests and the verification steps at once: each of
    /// their setters replaces the shared ``details`` object, so setting the three one by one
    /// makes three.
    package mutating func setProvenance(evidence: [Digest], collateral: [Digest], verification: [Step]) {
        details = details.replacing {
            $0.evidence = evidence
            $0.collateral = collateral
            $0.verification = verification
        }
    }
    /// Why the decision is `error`, when it is.
    public var errorMessage: String? {
        get { details.fields.errorMessage }
        set { details = details.replacing { $0.errorMessage = newValue } }
    }
    /// The policy, parameters, evidence and verification steps, and the error message, as
    /// stored: one object that the verdicts of one policy's evaluations share, so making and
    /// dropping a verdict retains and releases it once instead of each of its arrays and strings.
    var details: VerdictDetails
    /// The evaluation time (`now` of the policy).
    public var evaluationTime: Timestamp
    /// What ``explain()`` re-runs to find each failed check's actual and expected values: the
    /// policy, the claims and the time (set by ``LoadedPolicy/evaluate(claims:at:)``).
    public var explanationSource: ExplanationSource? {
        get { explanationOrigin.source }
        set { explanationOrigin = newValue.map(ExplanationOrigin.source) ?? .none }
    }
    /// The explanation source as stored: evaluation keeps what it already holds (the policy and
    /// the claims, or the batch and row) and makes the ``ExplanationSource`` only when read.
    var explanationOrigin: ExplanationOrigin = .none

    public static func == (lhs: Verdict, rhs: Verdict) -> Bool {
        lhs.decision == rhs.decision && lhs.status == rhs.status && lhs.trustVector == rhs.trustVector
            && lhs.failedChecks == rhs.failedChecks && lhs.policy == rhs.policy
            && lhs.parametersDigest == rhs.parametersDigest && lhs.evidence == rhs.evidence
            && lhs.collateral == rhs.collateral && lhs.verification == rhs.verification
            && lhs.evaluationTime == rhs.evaluationTime && lhs.errorMessage == rhs.errorMessage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(decision)
        hasher.combine(trustVector)
        hasher.combine(failedChecks)
        hasher.combine(policy)
        hasher.combine(evaluationTime)
    }

    /// The EAR rule (`TrustTier.overallStatus`, BYTECODE.md §6): the worst of the decision's
    /// tier (allow → affirming, deny → contraindicated) and every trust claim made; an `error`
    /// is `none`. A relying party that checks for `affirming` never admits a denied or failed
    /// appraisal.
    public static func overallStatus(decision: Decision, trust: [TrustClaim: TrustTier]) -> TrustTier {
        switch decision {
        case .error: return .none
        case .allow, .deny:
            return TrustTier.overallStatus(
                allowed: decision == .allow, entries: TrustClaim.allCases.compactMap { trust[$0] })
        }
    }

    /// ``overallStatus(decision:trust:)`` of a packed vector.
    static func overallStatus(decision: Decision, trust: TrustVector) -> TrustTier {
        switch decision {
        case .error: return .none
        case .allow, .deny:
            let base: TrustTier = decision == .allow ? .affirming : .contraindicated
            let worst = trust.worst
            return worst.rawValue > base.rawValue ? worst : base
        }
    }
}

// The initializers are in an extension, so the struct keeps its memberwise initializer: it
// builds the value in place, where an initializer of our own stored each field into a `self`
// and then copied the finished verdict out of it (a retain and a release of every reference it
// holds, per evaluation: the initializer's `self` has a lexical lifetime).
extension Verdict {
    public init(
        decision: Decision, trust: [TrustClaim: TrustTier], failedChecks: [FailedCheck], policy: PolicyIdentity,
        parametersDigest: [UInt8]? = nil, evidence: [Digest] = [], collateral: [Digest] = [],
        verification: [Step] = [], evaluationTime: Timestamp, errorMessage: String? = nil
    ) {
        let trustVector = TrustVector(trust)
        self.init(
            decision: decision, status: Self.overallStatus(decision: decision, trust: trustVector),
            trustVector: trustVector, failedCheckList: .listed(failedChecks),
            details: VerdictDetails(
                .init(
                    policy: policy, parametersDigest: parametersDigest, evidence: evidence, collateral: collateral,
                    verification: verification, errorMessage: errorMessage)),
            evaluationTime: evaluationTime, explanationOrigin: .none)
    }

    /// A verdict as evaluation makes it: the trust vector packed, the failed checks still
    /// outcome bits and the details the policy's, so that building it allocates nothing.
    static func evaluated(
        decision: Decision, trust: TrustVector, failedChecks: FailedCheckList, details: VerdictDetails,
        evaluationTime: Timestamp, explanation: ExplanationOrigin
    ) -> Verdict {
        Verdict(
            decision: decision, status: overallStatus(decision: decision, trust: trust), trustVector: trust,
            failedCheckList: failedChecks, details: details, evaluationTime: evaluationTime,
            explanationOrigin: explanation)
    }
}

/// A verdict's policy, parameters digest, evidence and collateral digests, verification steps
/// and error message (see ``Verdict/details``): immutable, replaced as a whole when one of them
/// is set.
final class VerdictDetails: Sendable {
    struct Fields: Sendable {
        var policy: Verdict.PolicyIdentity
        var parametersDigest: [UInt8]?
        var evidence: [Verdict.Digest] = []
        var collateral: [Verdict.Digest] = []
        var verification: [Verdict.Step] = []
        var errorMessage: String?
    }

    let fields: Fields

    init(_ fields: Fields) { self.fields = fields }

    /// These details with `change` applied.
    func replacing(_ change: (inout Fields) -> Void) -> VerdictDetails {
        var fields = fields
        change(&fields)
        return VerdictDetails(fields)
    }
}
