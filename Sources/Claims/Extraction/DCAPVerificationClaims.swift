import Endorsement
import Evidence

extension ClaimSet {
    /// Adds what verifying a DCAP quote established: one `<kind>.verification.<step>` flag per
    /// step, the TCB evaluation (`<kind>.tcb.*`) and the collateral windows
    /// (`<kind>.collateral.*`). `<kind>.verified` is not written here: it also depends on the
    /// bindings verified after the quote (event log, Azure runtime data), so the verifier writes
    /// it once, from `DCAPQuoteVerification.verified` and those steps.
    ///
    /// Call after ``add(dcapQuote:)``.
    ///
    /// - Throws: ``ClaimError`` only if the schema and this extractor disagree (a bug caught by tests).
    public mutating func add(dcapVerification verification: DCAPQuoteVerification) throws(ClaimError) {
        let s = DCAPVerificationSlots.slots(for: schema.kind)
        for (index, step) in verification.steps.enumerated() {
            // Steps come in `DCAPQuoteVerification.stepNames` order; the slot table follows it.
            guard index < s.steps.count, DCAPQuoteVerification.stepNames[index] == step.name else {
                try set("\(schema.kind).verification.\(step.name)", .bool(step.outcome.passed))
                continue
            }
            try set(s.steps[index], .bool(step.outcome.passed))
        }
        if let evaluation = verification.tcbEvaluation {
            try set(s.status, .enumeration(evaluation.status.claimIndex))
            try set(s.platformStatus, .enumeration(evaluation.platformStatus.claimIndex))
            if let module = evaluation.moduleStatus { try set(s.moduleStatus, .enumeration(module.claimIndex)) }
            try set(s.qeStatus, .enumeration(evaluation.qeStatus.claimIndex))
            try set(s.date, .time(evaluation.tcbDate))
            try set(s.advisories, .array(evaluation.advisoryIDs.map { .string($0) }))
            try set(s.evaluationDataNumber, .int(Int64(evaluation.evaluationDataNumber)))
            if s.relaunchAdvised != ClaimSlot.unresolved, self[DCAPClaimSlots.tdx.teeTCBSVN2] != nil {
                try set(s.relaunchAdvised, .bool(evaluation.relaunchAdvised))
            }
        }
        if let next = verification.nextUpdate { try set(s.nextUpdate, .time(next)) }
        if let earliest = verification.earliestExpiry { try set(s.earliestExpiry, .time(earliest)) }
    }
}

extension TCBStatus {
    /// The index of this status in the `TCBStatus` claim enum (the same seven names, in the same
    /// order; `ClaimsTests` checks it).
    var claimIndex: Int { ClaimEnum.tcbStatus.index(of: rawValue) ?? ClaimEnum.tcbStatus.cases.count }
}

/// The slots of the verification claims of one schema, resolved once.
struct DCAPVerificationSlots: Sendable {
    static let tdx = DCAPVerificationSlots(schema: .tdx)
    static let sgx = DCAPVerificationSlots(schema: .sgx)

    static func slots(for kind: String) -> DCAPVerificationSlots { kind == "sgx" ? sgx : tdx }

    /// In `DCAPQuoteVerification.stepNames` order.
    let steps: [ClaimSlot]
    let status, platformStatus, moduleStatus, qeStatus, date, advisories, evaluationDataNumber: ClaimSlot
    let relaunchAdvised, nextUpdate, earliestExpiry: ClaimSlot

    init(schema: ClaimSchema) {
        let k = schema.kind
        func slot(_ path: String) -> ClaimSlot { schema.resolve(path)?.slot ?? .unresolved }
        steps = DCAPQuoteVerification.stepNames.map { slot("\(k).verification.\($0)") }
        status = slot("\(k).tcb.status")
        platformStatus = slot("\(k).tcb.platform_status")
        moduleStatus = slot("\(k).tcb.module_status")
        qeStatus = slot("\(k).tcb.qe_status")
        date = slot("\(k).tcb.date")
        advisories = slot("\(k).tcb.advisories")
        evaluationDataNumber = slot("\(k).tcb.evaluation_data_number")
        relaunchAdvised = slot("\(k).tcb.relaunch_advised")
        nextUpdate = slot("\(k).collateral.next_update")
        earliestExpiry = slot("\(k).collateral.earliest_expiry")
    }
}
