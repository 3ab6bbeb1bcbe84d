import Claims
import Evidence
import Testing

@testable import PolicyRuntime

/// A policy reuses the frame memory of its batches that are gone (`FrameMemoryPool`): the next
/// batch must see none of the last one's claims, whatever their sizes.
@Suite("Batch memory")
struct BatchMemoryTests {
    @Test func aBatchReusesTheMemoryOfOneThatIsGoneAndSeesNoneOfItsClaims() throws {
        let policy = try ExplanationTests.contract()
        #expect(policy.framePool.count == 0)
        do {
            // A large batch, every row allowed (svn baseline met, debug off).
            let rows = try (0..<200).map { _ in [try EvaluationTests.claims(svn: 7)] }
            let outcomes = policy.evaluate(batch: policy.prepare(rows), at: RuntimeFixtures.now)
            #expect(outcomes.allSatisfy { $0.decision == .allow })
        }
        // The batch is gone: its arrays wait for the next one.
        #expect(policy.framePool.count == 1)

        // A smaller batch: its first row fits no input, the others lack claims the large one had.
        var sparse = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        try sparse.set("tdx.verified", .bool(true))
        try sparse.set("tdx.attributes.debug", .bool(false))
        try sparse.set("tdx.tcb.status", enumCase: "UpToDate")
        try sparse.set("tdx.tee_tcb_svn", .svn([3, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        try sparse.set("tdx.collateral.next_update", .time(RuntimeFixtures.now))
        let rows: [[ClaimSet]] = [
            [ClaimSet(schema: try RuntimeFixtures.schema("snp"))],
            [sparse],
            [try EvaluationTests.claims(svn: 2)],
        ]
        let batch = policy.prepare(rows)
        #expect(policy.framePool.count == 0)
        let outcomes = policy.evaluate(batch: batch, at: RuntimeFixtures.now)
        for (row, sets) in rows.enumerated() {
            let single = policy.evaluate(claims: sets, at: RuntimeFixtures.now)
            #expect(policy.verdict(for: outcomes[row], at: RuntimeFixtures.now) == single, "row \(row)")
        }
        #expect(outcomes[0].decision == .error)
        // Missing, not the large batch's values: no kernel event and no MRTD to match.
        #expect(
            policy.verdict(for: outcomes[1], at: RuntimeFixtures.now).failedChecks.map(\.name) == ["build", "kernel"])
        #expect(policy.verdict(for: outcomes[2], at: RuntimeFixtures.now).failedChecks.map(\.name) == ["tcb_floor"])
    }

    @Test func releasingBatchMemoryFreesWhatThePolicyKeeps() throws {
        let policy = try ExplanationTests.contract()
        _ = policy.evaluate(batch: policy.prepare([[try EvaluationTests.claims(svn: 7)]]), at: RuntimeFixtures.now)
        #expect(policy.framePool.count == 1)
        policy.releaseBatchMemory()
        #expect(policy.framePool.count == 0)
    }

    @Test func thePoolKeepsAFewSetsOfArraysAndNoneTooLarge() {
        let pool = FrameMemoryPool()
        for _ in 0..<5 { pool.give(FrameMemory(bytes: [UInt8](repeating: 0, count: 64))) }
        #expect(pool.count == FrameMemoryPool.maximumKept)
        pool.removeAll()
        pool.give(FrameMemory(bytes: [UInt8](repeating: 0, count: FrameMemoryPool.maximumKeptBytes + 1)))
        #expect(pool.count == 0)
    }
}
