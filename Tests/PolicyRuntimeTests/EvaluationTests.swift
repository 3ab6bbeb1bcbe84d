import Claims
import Dispatch
import Evidence
import Foundation
import PolicyBytecode
import PolicyRuntime
import TestSupport
import Testing

/// The embeddable API (issue #5 items 3 and 7): load once, evaluate many — single, batch and
/// from many threads at once — with `now` an explicit input and a bound on loop work.
@Suite("Evaluation")
struct EvaluationTests {
    static func claims(svn third: Int64, debug: Bool = false) throws -> ClaimSet {
        var claims = try ExplanationTests.passing()
        try claims.set("tdx.tee_tcb_svn", .svn([3, 0, third, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        try claims.set("tdx.attributes.debug", .bool(debug))
        return claims
    }

    @Test func nowIsAnInput() throws {
        let policy = try ExplanationTests.contract()
        let claims = try ExplanationTests.passing()  // next_update = 2026-01-01; fresh until 7 days later
        let inside = Timestamp(secondsSinceEpoch: RuntimeFixtures.now.secondsSinceEpoch + 7 * 86_400)
        let after = Timestamp(secondsSinceEpoch: inside.secondsSinceEpoch + 1)
        #expect(policy.evaluate(claims: [claims], at: inside).decision == .allow)
        let late = policy.evaluate(claims: [claims], at: after)
        #expect(late.decision == .deny)
        #expect(late.failedChecks.map(\.name) == ["fresh"])
        #expect(late.evaluationTime == after)
    }

    @Test func aBatchGivesTheVerdictsOfSingleEvaluations() throws {
        let policy = try ExplanationTests.contract()
        // Enough rows to take the parallel path (the batch is split over the cores).
        let rows = try (0..<3000).map { n in [try Self.claims(svn: Int64(n % 8), debug: n % 7 == 0)] }
        let batch = policy.prepare(rows)
        #expect(batch.count == 3000)
        let outcomes = policy.evaluate(batch: batch, at: RuntimeFixtures.now)
        for (n, row) in rows.enumerated() {
            let single = policy.evaluate(claims: row, at: RuntimeFixtures.now)
            #expect(outcomes[n].decision == single.decision)
            #expect(policy.verdict(for: outcomes[n], at: RuntimeFixtures.now) == single)
            // allow iff the svn baseline (component 2 ≥ 5) holds and debug is off
            #expect((single.decision == .allow) == (n % 8 >= 5 && n % 7 != 0))
        }
        let verdicts = policy.evaluate(batch: rows, at: RuntimeFixtures.now)
        #expect(
            verdicts[1].explain().first?.explanation == "`tdx.tee_tcb_svn` component 2 is 1; the policy requires ≥ 5")
    }

    @Test func aPolicyOfOneInputTakesItsClaimSetWithoutAnArray() throws {
        let policy = try ExplanationTests.contract()
        let allowed = try Self.claims(svn: 5)
        let denied = try Self.claims(svn: 1, debug: true)
        #expect(policy.evaluate(claims: allowed, at: RuntimeFixtures.now).decision == .allow)
        let verdict = policy.evaluate(claims: denied, at: RuntimeFixtures.now)
        #expect(verdict == policy.evaluate(claims: [denied], at: RuntimeFixtures.now))
        #expect(verdict.failedChecks.map(\.name) == ["not_debug", "tcb_floor"])
        #expect(
            verdict.explain().map(\.explanation).last == "`tdx.tee_tcb_svn` component 2 is 1; the policy requires ≥ 5")
        #expect(policy.outcome(claims: denied, at: RuntimeFixtures.now).decision == .deny)
        // A policy of two inputs given one set: an error, as with an array of one.
        let two = try RuntimeFixtures.load(
            RuntimeFixtures.compile(
                "policy \"two\" version 1\ninput tdx: tdx\ninput other: tdx\ncheck ok \"ok\": tdx.verified\nallow if ok\n",
                against: .test))
        let one = two.evaluate(claims: allowed, at: RuntimeFixtures.now)
        #expect(one.decision == .error)
        #expect(one.errorMessage == two.evaluate(claims: [allowed], at: RuntimeFixtures.now).errorMessage)
    }

    @Test func aDeniedVerdictExplainsTheClaimsItWasGivenAfterTheSetChanges() throws {
        let policy = try ExplanationTests.contract()
        var claims = try Self.claims(svn: 1)
        let verdict = policy.evaluate(claims: claims, at: RuntimeFixtures.now)
        // The verdict keeps the set's values, not a copy: the set copies them before this write.
        try claims.set("tdx.tee_tcb_svn", .svn([3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        try claims.set("tdx.verified", .bool(false))
        #expect(verdict.failedChecks.map(\.name) == ["tcb_floor"])
        #expect(
            verdict.explain().map(\.explanation) == ["`tdx.tee_tcb_svn` component 2 is 1; the policy requires ≥ 5"])
        #expect(
            policy.evaluate(claims: claims, at: RuntimeFixtures.now).failedChecks.map(\.name) == [
                "verified", "tcb_floor",
            ])
    }

    @Test func aPolicyThatReadsNoClaimEvaluatesABatch() throws {
        // No claim is read, so the batch has no columns: preparing rows must not slice them.
        let policy = try RuntimeFixtures.load(
            RuntimeFixtures.compile(
                RuntimeFixtures.tdx("check always \"always\": true\nallow if always"), against: .test))
        let claims = try Self.claims(svn: 5)
        let outcomes = policy.evaluate(batch: policy.prepare([[claims], [claims], [claims]]), at: RuntimeFixtures.now)
        #expect(outcomes.map(\.decision) == [.allow, .allow, .allow])
        #expect(policy.evaluate(batch: [[claims], []], at: RuntimeFixtures.now).map(\.decision) == [.allow, .error])
    }

    @Test func oneLoadedPolicyIsSharedByManyThreads() throws {
        let policy = try ExplanationTests.contract()
        let rows = try (0..<64).map { n in [try Self.claims(svn: Int64(n % 8))] }
        let expected = rows.map { policy.evaluate(claims: $0, at: RuntimeFixtures.now) }
        let results = Mutex<[Int: [Verdict]]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            var mine: [Verdict] = []
            for _ in 0..<20 {
                for row in rows {
                    let verdict = policy.evaluate(claims: row, at: RuntimeFixtures.now)
                    // The decision alone, from the same threads, agrees.
                    if policy.decide(claims: row, at: RuntimeFixtures.now) != verdict.decision { return }
                    mine.append(verdict)
                }
            }
            results.withLock { $0[thread] = mine }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 8)
        for (_, verdicts) in all {
            #expect(verdicts.count == 20 * rows.count)
            for (n, verdict) in verdicts.enumerated() {
                #expect(verdict == expected[n % rows.count])
            }
        }
    }

    @Test func loopWorkIsBounded() throws {
        let source = RuntimeFixtures.tdx(
            """
            check pairs "m": any a in tdx.events: any b in tdx.events: any c in tdx.events: a.mr + b.mr + c.mr == -1
            allow if pairs
            """)
        let bytes = try RuntimeFixtures.compile(source, against: .test)
        var claims = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        let event = ClaimRecord(fields: [.int(1), .enumeration(1), .bytes(ClaimBytes(Array(repeating: 0, count: 48)))])
        try claims.set("tdx.events", .list(Array(repeating: event, count: 60)))  // 60³ = 216,000 iterations
        let bounded = try LoadedPolicy(bytecode: bytes, schemas: RuntimeFixtures.catalog, loopBudget: 100_000)
        let verdict = bounded.evaluate(claims: [claims], at: RuntimeFixtures.now)
        #expect(verdict.decision == .error)
        #expect(verdict.errorMessage?.contains("more than 100000 loop iterations") == true)
        #expect(verdict.status == .none)
        let generous = try LoadedPolicy(bytecode: bytes, schemas: RuntimeFixtures.catalog)
        #expect(generous.evaluate(claims: [claims], at: RuntimeFixtures.now).decision == .deny)
    }

    @Test func claimSetsThatDoNotFitTheInputsAreAnError() throws {
        let policy = try ExplanationTests.contract()
        let none = policy.evaluate(claims: [], at: RuntimeFixtures.now)
        #expect(none.decision == .error)
        #expect(none.errorMessage == "policy \"tdx-production\" has 1 input (tdx: tdx), got 0 claim sets")
        let snp = ClaimSet(schema: try RuntimeFixtures.schema("snp"))
        let wrong = policy.evaluate(claims: [snp], at: RuntimeFixtures.now)
        #expect(wrong.decision == .error)
        #expect(wrong.errorMessage == "input `tdx` needs tdx claims (schema v1), got snp claims (schema v1)")
    }
}

/// A lock around a value (tests only).
final class Mutex<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
