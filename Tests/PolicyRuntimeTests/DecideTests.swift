import Claims
import Evidence
import Testing

@testable import PolicyRuntime

/// The decision alone (`decide`), as a Rego engine answers a query for `allow`: it runs the
/// checks the rules depend on, stops at a check every `allow` requires when that one is not
/// true, and allows exactly when a full evaluation does. (VMDifferentialTests compares it with
/// the reference interpreter on every example policy; this suite checks the plan and the
/// documented edges.)
@Suite("Decision only")
struct DecideTests {
    @Test func theContractsDecisionRunsItsFiveDecisiveChecksAndNotTheKernelLoop() throws {
        let policy = try ExplanationTests.contract()
        let plan = try #require(policy.decisionPlan)
        // From `policyc disasm` of the contract example: `fresh` (c5) is recorded at pc 20; the
        // rule reads verified, not_debug, tcb_floor, build and fresh (c0, c1, c3, c4, c5);
        // tcb_status (c2) and kernel (c6) feed trust entries only.
        #expect(plan.end == 21)
        #expect(plan.decisiveMask == 0b11_1011)
        // Columns in the order of the policy's claims: the six it reads before pc 21, not tdx.events.
        #expect(plan.columns(of: policy.codeBuffer) == [0, 1, 2, 3, 4, 5])
        #expect(policy.decisionColumnReads.map(\.column).sorted() == [0, 1, 2, 3, 4, 5])
        #expect(policy.columns[6].path == "tdx.events")
    }

    @Test func decideAllowsExactlyWhenEvaluateDoes() throws {
        let policy = try ExplanationTests.contract()
        let passing = try ExplanationTests.passing()
        #expect(policy.decide(claims: passing, at: RuntimeFixtures.now) == .allow)
        // A check only a trust entry reads: the decision is still allow (no kernel is approved).
        var noKernel = passing
        try noKernel.set("tdx.events", .list([]))
        #expect(policy.evaluate(claims: noKernel, at: RuntimeFixtures.now).decision == .allow)
        #expect(policy.decide(claims: noKernel, at: RuntimeFixtures.now) == .allow)
        // Each decisive check failing on its own, and a missing claim.
        let debug = try EvaluationTests.claims(svn: 5, debug: true)
        let low = try EvaluationTests.claims(svn: 4)
        let late = Timestamp(secondsSinceEpoch: RuntimeFixtures.now.secondsSinceEpoch + 8 * 86_400)
        var unverified = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        try unverified.set("tdx.attributes.debug", .bool(false))
        for (claims, now) in [
            (debug, RuntimeFixtures.now), (low, RuntimeFixtures.now), (passing, late),
            (unverified, RuntimeFixtures.now),
        ] {
            #expect(policy.evaluate(claims: claims, at: now).decision == .deny)
            #expect(policy.decide(claims: claims, at: now) == .deny)
            #expect(policy.decide(claims: [claims], at: now) == .deny)
        }
        // Claim sets that fit no input: an error, as for evaluate.
        #expect(
            policy.decide(claims: ClaimSet(schema: try RuntimeFixtures.schema("snp")), at: RuntimeFixtures.now)
                == .error)
        #expect(policy.decide(claims: [], at: RuntimeFixtures.now) == .error)
    }

    @Test func aBatchIsDecidedRowByRowAsItIsEvaluated() throws {
        let policy = try ExplanationTests.contract()
        // Enough rows for the parallel path; every fourth one has no claims at all, every
        // seventh fits no input.
        let rows = try (0..<3000).map { n -> [ClaimSet] in
            if n % 7 == 0 { return [ClaimSet(schema: try RuntimeFixtures.schema("snp"))] }
            if n % 4 == 0 { return [ClaimSet(schema: try RuntimeFixtures.schema("tdx"))] }
            return [try EvaluationTests.claims(svn: Int64(n % 8), debug: n % 5 == 0)]
        }
        let batch = policy.prepare(rows)
        let decisions = policy.decide(batch: batch, at: RuntimeFixtures.now)
        #expect(decisions == policy.evaluate(batch: batch, at: RuntimeFixtures.now).map(\.decision))
        #expect(decisions.contains(.allow) && decisions.contains(.deny) && decisions.contains(.error))
        // A batch prepared for another policy.
        let other = try ExplanationTests.contract()
        #expect(other.decide(batch: batch, at: RuntimeFixtures.now) == Array(repeating: .error, count: 3000))
    }

    @Test func theLoopBudgetAppliesToTheCodeADecisionRuns() throws {
        // The kernel-like loop feeds a trust entry only; 50 events × 50 exceed a budget of 1000.
        let source = RuntimeFixtures.tdx(
            """
            check verified "v": tdx.verified
            check pairs "p": any a in tdx.events: any b in tdx.events: a.mr + b.mr == -1
            trust executables = affirming if pairs else contraindicated
            allow if verified
            """)
        let bytes = try RuntimeFixtures.compile(source, against: .test)
        let policy = try LoadedPolicy(bytecode: bytes, schemas: RuntimeFixtures.catalog, loopBudget: 1000)
        var claims = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        try claims.set("tdx.verified", .bool(true))
        let event = ClaimRecord(fields: [.int(1), .enumeration(1), .bytes(ClaimBytes(Array(repeating: 0, count: 48)))])
        try claims.set("tdx.events", .list(Array(repeating: event, count: 50)))
        // The full evaluation runs the loop and stops with an error; the decision does not run it.
        #expect(policy.evaluate(claims: claims, at: RuntimeFixtures.now).decision == .error)
        #expect(policy.decide(claims: claims, at: RuntimeFixtures.now) == .allow)
        // When the rule reads the loop's check, the decision runs it too.
        let strict = try LoadedPolicy(
            bytecode: try RuntimeFixtures.compile(
                source.replacingOccurrences(of: "allow if verified", with: "allow if verified and pairs"),
                against: .test),
            schemas: RuntimeFixtures.catalog, loopBudget: 1000)
        #expect(strict.decide(claims: claims, at: RuntimeFixtures.now) == .error)
    }

    @Test func aPolicyWithoutADecisionTableIsDecidedByAFullEvaluation() throws {
        // Nine checks read by the rule: more than a decision table takes (DecisionTable.maximumChecks).
        let checks = (0..<9).map { "check c\($0) \"c\($0)\": tdx.tee_tcb_svn[\($0)] >= 1" }.joined(separator: "\n")
        let rule = "allow if " + (0..<9).map { "c\($0)" }.joined(separator: " and ")
        let policy = try RuntimeFixtures.load(
            RuntimeFixtures.compile(RuntimeFixtures.tdx(checks + "\n" + rule), against: .test))
        #expect(policy.decision == nil && policy.decisionPlan == nil)
        var claims = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        try claims.set("tdx.tee_tcb_svn", .svn([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]))
        #expect(policy.decide(claims: claims, at: RuntimeFixtures.now) == .allow)
        try claims.set("tdx.tee_tcb_svn", .svn([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(policy.decide(claims: claims, at: RuntimeFixtures.now) == .deny)
    }
}
