import Claims
import Evidence
import PolicyBytecode

extension Verdict {
    /// The verdict as JSON for machines (issue #5): top-level `decision`, `status`, `trust`,
    /// `failed_checks` [{`name`, `message`, `line`, `column`, `actual`, `expected`, and
    /// `explanation` once explained}],
    /// `policy` {`name`, `version`, `hash`}, `parameters_digest`, `evidence`, `collateral`,
    /// `verification`, `evaluation_time`, and `error` when the decision is `error`. Digests are
    /// lowercase hex; keys are in this fixed order so output is deterministic.
    public func json(pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.string(decision.rawValue, key: "decision")
        w.string(status.description, key: "status")
        w.beginObject("trust")
        for claim in TrustClaim.allCases {
            if let tier = trustVector[claim] { w.string(tier.description, key: claim.description) }
        }
        w.endObject()
        w.failedChecks(failedChecks, key: "failed_checks", explanation: true)
        w.beginObject("policy")
        w.string(policy.name, key: "name")
        w.int(policy.version, key: "version")
        w.string(Hex.encode(policy.hash), key: "hash")
        w.endObject()
        if let parametersDigest { w.string(Hex.encode(parametersDigest), key: "parameters_digest") }
        for (key, digests) in [("evidence", evidence), ("collateral", collateral)] {
            w.beginArray(key)
            for digest in digests {
                w.beginObject()
                w.string(digest.label, key: "label")
                w.string(Hex.encode(digest.sha256), key: "sha256")
                w.endObject()
            }
            w.endArray()
        }
        w.beginArray("verification")
        for step in verification {
            w.beginObject()
            w.string(step.name, key: "step")
            w.string(step.status, key: "status")
            w.string(step.detail, key: "detail")
            w.endObject()
        }
        w.endArray()
        w.string(evaluationTime.rfc3339, key: "evaluation_time")
        if let errorMessage { w.string(errorMessage, key: "error") }
        w.endObject()
        return w.output
    }
}
