import Endorsement
import Evidence

extension ClaimSet {
    /// Adds what verifying a DCAP quote established: one `<kind>.verification.<step>` flag per
    /// step, the TCB evaluation (`<kind>.tcb.*`), the collateral windows
    /// (`<kind>.collateral.*`), and `<kind>.verified` — true exactly when every cryptographic
    /// step passed (signatures, key binding, PCK chain, revocation, collateral signatures and
    /// validity windows); the TCB status stays a separate claim for the policy to judge.
    ///
    /// Call after ``add(dcapQuote:)`` (and after the generic step list, whose `verified` this
    /// replaces with the rule above).
    ///
    /// - Throws: ``ClaimError`` only if the schema and this extractor disagree (a bug caught by tests).
    public mutating func add(dcapVerification verification: DCAPQuoteVerification) throws(ClaimError) {
        let k = schema.kind
        let quoteHasTEETCBSVN2 = value("tdx.tee_tcb_svn2") != nil
        for step in verification.steps {
            try set("\(k).verification.\(step.name)", .bool(step.outcome.passed))
        }
        if let evaluation = verification.tcbEvaluation {
            try set("\(k).tcb.status", enumCase: evaluation.status.rawValue)
            try set("\(k).tcb.platform_status", enumCase: evaluation.platformStatus.rawValue)
            if let module = evaluation.moduleStatus { try set("\(k).tcb.module_status", enumCase: module.rawValue) }
            try set("\(k).tcb.qe_status", enumCase: evaluation.qeStatus.rawValue)
            try set("\(k).tcb.date", .time(evaluation.tcbDate))
            try set("\(k).tcb.advisories", .array(evaluation.advisoryIDs.map { .string($0) }))
            try set("\(k).tcb.evaluation_data_number", .int(Int64(evaluation.evaluationDataNumber)))
            if k == "tdx", quoteHasTEETCBSVN2 { try set("tdx.tcb.relaunch_advised", .bool(evaluation.relaunchAdvised)) }
        }
        if let next = verification.nextUpdate { try set("\(k).collateral.next_update", .time(next)) }
        if let earliest = verification.earliestExpiry { try set("\(k).collateral.earliest_expiry", .time(earliest)) }
        try set("\(k).verified", .bool(verification.verified))
    }
}
