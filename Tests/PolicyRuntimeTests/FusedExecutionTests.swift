import Claims
import Evidence
import PolicyBytecode
import TestSupport
import Testing

@testable import PolicyRuntime

/// What the evaluation path runs instead of the instructions as written: the decision table
/// (rules and trust tiers looked up from the check outcomes) and `seekAny` (an `any` loop's
/// rejected elements skipped in one instruction). Each must give exactly what the instructions
/// give — the decision table against the contract example's rules written out here by hand, the
/// seek and the fused checks against the unfused code, register for register.
@Suite("Fused execution")
struct FusedExecutionTests {
    /// A check's outcome as the table indexes it.
    enum Truth: Int, CaseIterable {
        case no = 0, yes = 1, missing = 2
    }

    /// Kleene conjunction, written out here (BYTECODE.md §6), independent of the VM.
    static func all(_ truths: Truth...) -> Truth {
        truths.contains(.no) ? .no : (truths.contains(.missing) ? .missing : .yes)
    }

    @Test func theContractExampleDecidesFromATableThatFollowsItsRulesForEveryCheckOutcome() throws {
        let policy = try ExplanationTests.contract()
        let table = try #require(policy.decision)
        let names = policy.module.checks.map(\.name)
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        #expect(Set(table.checks.map { names[$0] }) == Set(names))
        #expect(table.entries.count == 2187)  // 3^7: seven checks, each true, false or missing

        var words = [UInt64](repeating: 0, count: OutcomeBits.wordCount(checks: names.count, rules: 1))
        for combination in 0..<2187 {
            var truth: [String: Truth] = [:]
            var rest = combination
            for name in names {
                truth[name] = Truth(rawValue: rest % 3)
                rest /= 3
            }
            let t = { (name: String) in truth[name] ?? .missing }
            words.withUnsafeMutableBufferPointer { buffer in
                buffer.update(repeating: 0)
                let bits = OutcomeBits(buffer, checks: names.count, rules: 1)
                for name in names {
                    let bit = UInt64(1) << UInt64(index[name] ?? 0)
                    buffer[bits.evaluatedBase] |= bit
                    if t(name) == .yes { buffer[bits.passedBase] |= bit }
                    if t(name) == .missing { buffer[bits.missingBase] |= bit }
                }
                var trust: UInt32 = 0
                table.apply(to: bits, trust: &trust)

                // allow if verified and not_debug and tcb_floor and build and fresh
                let allow = Self.all(t("verified"), t("not_debug"), t("tcb_floor"), t("build"), t("fresh"))
                #expect(buffer[bits.ruleEvaluatedBase] == 1)
                #expect(buffer[bits.ruleTrueBase] == (allow == .yes ? 1 : 0))
                #expect(buffer[bits.ruleMissingBase] == (allow == .missing ? 1 : 0))
                // An `if` takes its branch only when the condition is true.
                let hardware: TrustTier =
                    Self.all(t("tcb_status"), t("tcb_floor")) == .yes
                    ? .affirming : (t("tcb_floor") == .yes ? .warning : .contraindicated)
                let executables: TrustTier =
                    Self.all(t("build"), t("kernel")) == .yes ? .affirming : .contraindicated
                let configuration: TrustTier = t("not_debug") == .yes ? .affirming : .contraindicated
                let expected =
                    UInt32(hardware.rawValue) | UInt32(executables.rawValue) << 4 | UInt32(configuration.rawValue) << 8
                #expect(trust == expected, "combination \(combination)")
            }
        }
    }

    @Test func aRuleThatReadsAClaimRunsAsWritten() throws {
        let source = RuntimeFixtures.tdx(
            """
            check verified "verified": tdx.verified
            allow if verified and not tdx.attributes.debug
            """)
        let policy = try RuntimeFixtures.load(try RuntimeFixtures.compile(source, against: .test))
        #expect(policy.decision == nil)
        func decision(debug: Bool?) throws -> Decision {
            var claims = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
            try claims.set("tdx.verified", .bool(true))
            if let debug { try claims.set("tdx.attributes.debug", .bool(debug)) }
            return policy.evaluate(claims: [claims], at: RuntimeFixtures.now).decision
        }
        #expect(try decision(debug: false) == .allow)
        #expect(try decision(debug: true) == .deny)
        #expect(try decision(debug: nil) == .deny)
    }

    /// The contract example's event records: `mr`, `type` (a `TcgEventType` index), `digest`.
    static func event(_ mr: Int64?, _ type: Int?, kernel: Bool) -> ClaimRecord {
        ClaimRecord(fields: [
            mr.map(ClaimValue.int), type.map(ClaimValue.enumeration),
            .bytes(ClaimBytes(kernel ? ExplanationTests.kernel : Array(repeating: 0, count: 48))),
        ])
    }

    static let application = 9  // EV_EFI_BOOT_SERVICES_APPLICATION
    static let separator = 1  // EV_SEPARATOR

    static func kernelCheck(_ events: [ClaimRecord], loopBudget: Int = 10_000_000) throws -> (Decision, String?) {
        let policy = try LoadedPolicy(
            bytecode: try RuntimeFixtures.corpusPolicy("contract-example.policy"),
            parameters: try PolicyParameters(
                json: Array(
                    """
                    {"allowed_mrtd": ["\(Hex.encode(ExplanationTests.mrtd))"],
                     "allowed_kernels": ["\(Hex.encode(ExplanationTests.kernel))"]}
                    """.utf8)),
            schemas: RuntimeFixtures.catalog, loopBudget: loopBudget)
        #expect(policy.seekPlansBuffer.count == 1)
        var claims = try ExplanationTests.passing()
        try claims.set("tdx.events", .list(events))
        let verdict = policy.evaluate(claims: [claims], at: RuntimeFixtures.now)
        // The check's outcome as the verdict lists it: "missing", or "" for false.
        let kernel = verdict.failedChecks.first { $0.name == "kernel" }
        return (verdict.decision, kernel.map { $0.actual })
    }

    @Test func anAnyLoopFindsTheElementAfterTheOnesItRejects() throws {
        // Rejected by the first comparison (mr), by the second (type), then the kernel.
        let events = [
            Self.event(2, Self.application, kernel: true), Self.event(1, Self.separator, kernel: true),
            Self.event(0, Self.application, kernel: false), Self.event(1, Self.application, kernel: true),
        ]
        let (decision, failed) = try Self.kernelCheck(events)
        #expect(decision == .allow)
        #expect(failed == nil)
        // Without the last element nothing qualifies: the check fails (it is not part of `allow`).
        let (_, without) = try Self.kernelCheck(Array(events.dropLast()))
        #expect(without != nil)
        #expect(without != "missing")
    }

    @Test func anElementWithAMissingFieldIsNotRejectedByTheSeek() throws {
        // mr missing: the body runs; with an approved digest `any` is missing, not false.
        let (_, missing) = try Self.kernelCheck([
            Self.event(nil, Self.application, kernel: true), Self.event(2, Self.application, kernel: true),
        ])
        #expect(missing == "missing")
        // A later qualifying element makes it true.
        let (_, found) = try Self.kernelCheck([
            Self.event(nil, Self.application, kernel: true), Self.event(1, Self.application, kernel: true),
        ])
        #expect(found == nil)
    }

    @Test func skippedElementsCountAgainstTheLoopBudget() throws {
        // The qualifying element is the 7th: reaching it takes 7 loop iterations.
        let events =
            (0..<6).map { _ in Self.event(2, Self.application, kernel: true) }
            + [Self.event(1, Self.application, kernel: true)]
        #expect(try Self.kernelCheck(events, loopBudget: 7).0 == .allow)
        #expect(try Self.kernelCheck(events, loopBudget: 6).0 == .error)
    }

    /// The contract example's claims with random values, each missing one time in eight: what
    /// the fused checks (`claim; check`, `claim; not; check`, `claim; inset; check`,
    /// `claim; loadk; ge.svn; check`, `loadk; add`, `le; check`) see in turn.
    static func randomClaims(using rng: inout SplitMix64) throws -> ClaimSet {
        var claims = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        func sometimes(_ path: String, _ value: ClaimValue) throws {
            if Int.random(in: 0..<8, using: &rng) > 0 { try claims.set(path, value) }
        }
        try sometimes("tdx.verified", .bool(Bool.random(using: &rng)))
        try sometimes("tdx.attributes.debug", .bool(Bool.random(using: &rng)))
        try sometimes("tdx.tcb.status", .enumeration(Int.random(in: 0..<7, using: &rng)))
        try sometimes("tdx.tee_tcb_svn", .svn(ClaimSVN((0..<16).map { _ in Int64.random(in: 0...6, using: &rng) })))
        let mrtds = [ExplanationTests.mrtd, Array(repeating: 0xCD, count: 48), Array(repeating: 0x01, count: 48)]
        try sometimes("tdx.mrtd", .bytes(ClaimBytes(mrtds[Int.random(in: 0..<3, using: &rng)])))
        let day: Int64 = 86_400
        try sometimes(
            "tdx.collateral.next_update",
            .time(
                Timestamp(
                    secondsSinceEpoch: RuntimeFixtures.now.secondsSinceEpoch
                        + Int64.random(in: -10...2, using: &rng) * day)))
        return claims
    }

    @Test func fusedCodeLeavesTheRegistersAsTheInstructionsWould() throws {
        let policy = try ExplanationTests.contract()
        let table = try #require(policy.decision)
        var rng = SplitMix64(seed: 0x5EE4)  // fixed, so a failure reproduces
        var rows: [[ClaimSet]] = []
        for _ in 0..<500 {
            var claims = try Self.randomClaims(using: &rng)
            let events = (0..<Int.random(in: 0...6, using: &rng)).map { _ in
                Self.event(
                    Int.random(in: 0..<8, using: &rng) == 0 ? nil : Int64.random(in: 0...2, using: &rng),
                    Int.random(in: 0..<8, using: &rng) == 0
                        ? nil : [Self.application, Self.separator].randomElement(using: &rng),
                    kernel: Bool.random(using: &rng))
            }
            if Int.random(in: 0..<8, using: &rng) > 0 { try claims.set("tdx.events", .list(events)) }
            rows.append([claims])
        }
        let batch = policy.prepare(rows)
        let registerCount = policy.registerCount
        let wordCount = OutcomeBits.wordCount(checks: policy.module.checks.count, rules: policy.module.rules.count)
        policy.withMemory(batch) { memory, columns in
            let environment = Interpreter.Environment(
                policy, memory: memory, columns: columns, rows: batch.count, now: RuntimeFixtures.now.secondsSinceEpoch)
            for row in 0..<batch.count {
                var states: [([VMValue], [UInt64])] = []
                for code in [policy.codeBuffer, policy.fusedCodeBuffer] {
                    var registers = [VMValue](repeating: .missing, count: registerCount)
                    var words = [UInt64](repeating: 0, count: wordCount)
                    registers.withUnsafeMutableBufferPointer { r in
                        words.withUnsafeMutableBufferPointer { w in
                            var trust: UInt32 = 0
                            var observer = SilentObserver()
                            _ = Interpreter.execute(
                                code, from: 0, to: table.start, environment, row: row, budget: 1000, registers: r,
                                outcomes: OutcomeBits(
                                    w, checks: policy.module.checks.count, rules: policy.module.rules.count),
                                trust: &trust, observer: &observer)
                        }
                    }
                    states.append((registers, words))
                }
                #expect(states[0].0 == states[1].0, "registers, row \(row)")
                #expect(states[0].1 == states[1].1, "check outcomes, row \(row)")
            }
        }
        // One evaluation reads the claims' bytes in place, a batch copies them: same outcomes.
        let outcomes = policy.evaluate(batch: batch, at: RuntimeFixtures.now)
        for (row, sets) in rows.enumerated() {
            #expect(policy.outcome(claims: sets[0], at: RuntimeFixtures.now) == outcomes[row], "row \(row)")
        }
    }
}
