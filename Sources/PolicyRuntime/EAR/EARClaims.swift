import Claims
import Evidence
import PolicyBytecode

/// The EAT Attestation Result (EAR) claims-set of a verdict, per draft-ietf-rats-ear-04:
/// `eat_profile`, `iat`, `ear_verifier_id`, and one appraisal in `submods` with `ear_status`,
/// `ear_trustworthiness_vector` (AR4SI code points) and `ear_appraisal_policy_ids`. The
/// explanation of a denial travels in an unregistered extension, `appraise_failed_checks`
/// (CBOR label -70000, in the private range EAR §4.1 recommends).
public struct EARClaims: Sendable {
    /// The EAR -04 profile identifier.
    public static let profile = "tag:ietf.org,2026:rats/ear#04"
    /// The CBOR label of the failed-checks extension.
    public static let failedChecksLabel: Int64 = -70_000

    public let verdict: Verdict
    /// The submodule label (the attester's name); defaults to the policy name.
    public let submodule: String
    /// `ear_verifier_id.developer` and `.build`.
    public let developer: String
    public let build: String

    public init(verdict: Verdict, submodule: String? = nil, developer: String = "Appraise", build: String) {
        self.verdict = verdict
        self.submodule = submodule ?? verdict.policy.name
        self.developer = developer
        self.build = build
    }

    /// The policy id: name, version and bytecode hash, so the exact policy can be found again.
    public var policyID: String {
        "policy:\(verdict.policy.name)@\(verdict.policy.version)#sha256:\(Hex.encode(verdict.policy.hash))"
    }

    /// The claims-set as JSON (the JWT payload).
    public func json() -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.string(Self.profile, key: "eat_profile")
        w.int(verdict.evaluationTime.secondsSinceEpoch, key: "iat")
        w.beginObject("ear_verifier_id")
        w.string(developer, key: "developer")
        w.string(build, key: "build")
        w.endObject()
        w.beginObject("submods")
        w.beginObject(submodule)
        w.string(verdict.status.description, key: "ear_status")
        w.beginObject("ear_trustworthiness_vector")
        for claim in TrustClaim.allCases {
            if let tier = verdict.trustVector[claim] { w.int(tier.codePoint, key: claim.earName) }
        }
        w.endObject()
        w.beginArray("ear_appraisal_policy_ids")
        w.string(policyID)
        w.endArray()
        w.failedChecks(verdict.failedChecks, key: "appraise_failed_checks", explanation: false)
        w.endObject()
        w.endObject()
        w.endObject()
        return w.output
    }

    /// The claims-set as CBOR data (EAR -04 `cbor-labels.cddl`).
    public func cbor() -> CBORValue {
        let vector = TrustClaim.allCases.compactMap { claim -> (CBORValue, CBORValue)? in
            verdict.trustVector[claim].map { (.unsigned(claim.earKey), .int($0.codePoint)) }
        }
        let checks = verdict.failedChecks.map { $0.cbor(explanation: false) }
        let appraisal: CBORValue = .map([
            (.unsigned(1000), .int(verdict.status.codePoint)),
            (.unsigned(1001), .map(vector)),
            (.unsigned(1003), .array([.text(policyID)])),
            (.int(Self.failedChecksLabel), .array(checks)),
        ])
        return .map([
            (.unsigned(265), .text(Self.profile)),
            (.unsigned(6), .int(verdict.evaluationTime.secondsSinceEpoch)),
            (.unsigned(1004), .map([(.unsigned(0), .text(developer)), (.unsigned(1), .text(build))])),
            (.unsigned(266), .map([(.text(submodule), appraisal)])),
        ])
    }
}
