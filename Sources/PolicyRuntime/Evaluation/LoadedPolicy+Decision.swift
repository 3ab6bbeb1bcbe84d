import Claims
import Evidence

extension LoadedPolicy {
    /// The decision alone, as a Rego engine answers a query for `allow`: the checks no rule
    /// depends on are not run (nor their claims converted), and a check every `allow` requires
    /// stops the evaluation when it is false or missing (see ``DecisionPlan``).
    ///
    /// `decide` allows exactly when ``evaluate(claims:at:)-(ClaimSet,_)`` does, for every
    /// evaluation that finishes; it may answer `deny` or `allow` where a full evaluation runs
    /// out of its loop budget in a check it skips. It records no outcome to explain: for the
    /// failed checks of a denial, evaluate the claims again.
    ///
    /// ```swift
    /// if policy.decide(claims: tdxClaims, at: now) != .allow {
    ///     reject(policy.evaluate(claims: tdxClaims, at: now).explanationText())
    /// }
    /// ```
    public func decide(claims: ClaimSet, at now: Timestamp) -> Decision {
        withUnsafePointer(to: claims) { decide(claims: UnsafeBufferPointer(start: $0, count: 1), at: now) }
    }

    /// ``decide(claims:at:)-(ClaimSet,_)`` for a policy of any number of inputs (one claim set
    /// per input, in input order).
    public func decide(claims: [ClaimSet], at now: Timestamp) -> Decision {
        claims.withUnsafeBufferPointer { decide(claims: $0, at: now) }
    }

    /// The decision of every row of `batch` at time `now`, in parallel over the available cores
    /// for large batches (see ``decide(claims:at:)-(ClaimSet,_)``). ``prepare(_:)`` converts
    /// every claim the policy reads, so a batch saves running the skipped checks only.
    public func decide(batch: ClaimBatch, at now: Timestamp) -> [Decision] {
        guard batch.policyIdentity == ObjectIdentifier(self) else {
            return Array(repeating: .error, count: batch.count)
        }
        guard let plan = decisionPlan, let table = decision else {
            return evaluate(batch: batch, at: now).map(\.decision)
        }
        let seconds = now.secondsSinceEpoch
        return Self.rowResults(count: batch.count) { rows, deliver in
            self.decide(batch, rows: rows, now: seconds, plan: plan, table: table, deliver)
        }
    }

    /// One decision for the claim sets in `claims` (one per input, in input order).
    func decide(claims: UnsafeBufferPointer<ClaimSet>, at now: Timestamp) -> Decision {
        guard let plan = decisionPlan, let table = decision else { return outcome(claims: claims, at: now).decision }
        if bindingProblem(claims) != nil { return .error }
        return withFrame(claims: claims, at: now, reads: decisionColumnReads) { environment, registers, bits in
            Interpreter.decide(
                self, plan: plan, table: table, environment, row: 0, registers: registers, outcomes: bits)
        } ?? .error
    }

    /// Decides `rows` of `batch` with `plan` and `table`, passing each decision to `deliver`.
    private func decide(
        _ batch: ClaimBatch, rows: Range<Int>, now: Int64, plan: DecisionPlan, table: DecisionTable,
        _ deliver: (Int, Decision) -> Void
    ) {
        withRowState(batch, now: now) { environment, registers, bits in
            for row in rows {
                guard batch.rowErrors[row] == nil else {
                    deliver(row, .error)
                    continue
                }
                deliver(
                    row,
                    Interpreter.decide(
                        self, plan: plan, table: table, environment, row: row, registers: registers, outcomes: bits))
            }
        }
    }
}
