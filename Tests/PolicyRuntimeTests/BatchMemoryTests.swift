import Claims
import Dispatch
import Evidence
import Testing

@testable import PolicyRuntime

/// A policy reuses the frame memory of its batches that are gone (`FrameMemoryPool`): the next
/// batch of a similar size writes into the same arrays, sees none of the last one's claims, and
/// a small batch never takes (and keeps alive) a large one's memory.
@Suite("Batch memory")
struct BatchMemoryTests {
    /// `count` rows that the contract example allows (svn baseline met, debug off).
    static func allowedRows(_ count: Int) throws -> [[ClaimSet]] {
        let claims = try EvaluationTests.claims(svn: 7)
        return Array(repeating: [claims], count: count)
    }

    /// The address of a batch's cells.
    static func cellsAddress(_ batch: ClaimBatch) -> UnsafeRawPointer? {
        batch.cells.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }

    @Test func aBatchWritesIntoTheMemoryOfOneThatIsGoneAndSeesNoneOfItsClaims() throws {
        let policy = try ExplanationTests.contract()
        #expect(policy.framePool.count == 0)
        let first: UnsafeRawPointer?
        do {
            let batch = policy.prepare(try Self.allowedRows(200))
            first = Self.cellsAddress(batch)
            #expect(policy.evaluate(batch: batch, at: RuntimeFixtures.now).allSatisfy { $0.decision == .allow })
        }
        // The batch is gone: its arrays wait for the next one.
        #expect(policy.framePool.count == 1)

        // A batch of a similar size: its first row fits no input, the second lacks the claims the
        // first batch had, the others are denied on the svn floor.
        var sparse = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        try sparse.set("tdx.verified", .bool(true))
        try sparse.set("tdx.attributes.debug", .bool(false))
        try sparse.set("tdx.tcb.status", enumCase: "UpToDate")
        try sparse.set("tdx.tee_tcb_svn", .svn([3, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        try sparse.set("tdx.collateral.next_update", .time(RuntimeFixtures.now))
        let denied = try EvaluationTests.claims(svn: 2)
        let rows: [[ClaimSet]] =
            [[ClaimSet(schema: try RuntimeFixtures.schema("snp"))], [sparse]]
            + Array(repeating: [denied], count: 150)
        let batch = policy.prepare(rows)
        #expect(policy.framePool.count == 0)
        #expect(Self.cellsAddress(batch) == first, "the second batch is written into the first one's cells")
        let outcomes = policy.evaluate(batch: batch, at: RuntimeFixtures.now)
        for row in 0..<3 {
            let single = policy.evaluate(claims: rows[row], at: RuntimeFixtures.now)
            #expect(policy.verdict(for: outcomes[row], at: RuntimeFixtures.now) == single, "row \(row)")
        }
        #expect(outcomes[0].decision == .error)
        // Missing, not the first batch's values: no kernel event and no MRTD to match.
        #expect(
            policy.verdict(for: outcomes[1], at: RuntimeFixtures.now).failedChecks.map(\.name) == ["build", "kernel"])
        #expect(
            outcomes[2...].allSatisfy {
                policy.verdict(for: $0, at: RuntimeFixtures.now).failedChecks.map(\.name) == ["tcb_floor"]
            })
    }

    @Test func aSmallBatchDoesNotTakeALargeOnesMemory() throws {
        let policy = try ExplanationTests.contract()
        _ = policy.evaluate(batch: policy.prepare(try Self.allowedRows(2000)), at: RuntimeFixtures.now)
        let large = try #require(policy.framePool.keptBytes.first)
        #expect(large > FrameMemoryPool.smallBytes)
        // One row: the large arrays stay for a large batch; the small batch gets arrays of its own.
        do {
            let small = policy.prepare(try Self.allowedRows(1))
            #expect(policy.framePool.keptBytes == [large])
            #expect(small.cells.capacity * MemoryLayout<VMValue>.stride < FrameMemoryPool.smallBytes)
        }
        #expect(policy.framePool.count == 2)
        // A large batch again takes the large arrays.
        let again = policy.prepare(try Self.allowedRows(1500))
        #expect(policy.framePool.keptBytes.count == 1 && policy.framePool.keptBytes != [large])
        #expect(again.count == 1500)
    }

    @Test func batchesPreparedOnManyThreadsShareThePoolSafely() throws {
        let policy = try ExplanationTests.contract()
        let rows = try (0..<64).map { n in [try EvaluationTests.claims(svn: Int64(n % 8))] }
        let expected = rows.map { policy.evaluate(claims: $0, at: RuntimeFixtures.now).decision }
        let agreed = Mutex<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50 {
                // Each batch is freed at the end of the iteration: its arrays go back to the pool
                // while other threads take and refill others.
                let batch = policy.prepare(rows)
                guard policy.evaluate(batch: batch, at: RuntimeFixtures.now).map(\.decision) == expected,
                    policy.decide(batch: batch, at: RuntimeFixtures.now) == expected
                else { return }
                agreed.withLock { $0 += 1 }
            }
        }
        #expect(agreed.withLock { $0 } == 8 * 50)
        #expect(policy.framePool.count <= FrameMemoryPool.maximumKept)
    }

    @Test func releasingBatchMemoryFreesWhatThePolicyKeeps() throws {
        let policy = try ExplanationTests.contract()
        _ = policy.evaluate(batch: policy.prepare(try Self.allowedRows(1)), at: RuntimeFixtures.now)
        #expect(policy.framePool.count == 1)
        policy.releaseBatchMemory()
        #expect(policy.framePool.count == 0)
    }

    @Test func thePoolKeepsTheLatestSetsAndNoneTooLarge() {
        let pool = FrameMemoryPool()
        for count in [64, 128, 256] { pool.give(FrameMemory(bytes: [UInt8](repeating: 0, count: count))) }
        // Two kept, the one kept longest replaced.
        #expect(pool.keptBytes.count == FrameMemoryPool.maximumKept)
        #expect(pool.keptBytes.allSatisfy { $0 >= 128 })
        pool.removeAll()
        pool.give(FrameMemory(bytes: [UInt8](repeating: 0, count: FrameMemoryPool.maximumKeptBytes + 1)))
        #expect(pool.count == 0)
    }

    @Test func arraysFitAFrameTheyHoldWithoutGrowingUpToFourTimesItsSize() {
        func memory(cells: Int, bytes: Int) -> FrameMemory {
            FrameMemory(cells: [VMValue](repeating: .missing, count: cells), bytes: [UInt8](repeating: 0, count: bytes))
        }
        // (An array's capacity may exceed its count by what malloc rounds up: hence 3× and 5×.)
        let frame = FrameSize(cells: 10_000, bytes: 100_000, ints: 0)  // 260,000 bytes
        #expect(memory(cells: 10_000, bytes: 100_000).fits(columns: 0, size: frame))
        #expect(memory(cells: 30_000, bytes: 300_000).fits(columns: 0, size: frame))
        #expect(!memory(cells: 50_000, bytes: 500_000).fits(columns: 0, size: frame))
        // Too small in one array, however large in all.
        #expect(!memory(cells: 9_999, bytes: 400_000).fits(columns: 0, size: frame))
        // A small set holds a small frame, however much smaller that is.
        #expect(memory(cells: 1_000, bytes: 1_000).fits(columns: 0, size: FrameSize(cells: 1, bytes: 1, ints: 0)))
    }
}
