import Claims
import Dispatch
import Evidence
import Foundation
import PolicyBytecode

extension LoadedPolicy {
    /// Converts rows of claim sets into the VM's representation for this policy. Each row holds
    /// one claim set per ``inputs`` entry, in the same order (an SNP report and a vTPM quote for
    /// `input snp: snp` / `input vtpm: tpm`). A row whose sets do not fit the inputs becomes an
    /// `error` outcome when evaluated.
    ///
    /// The batch's memory is reused by a later batch of this policy once the batch is freed
    /// (see ``releaseBatchMemory()``).
    public func prepare(_ rows: [[ClaimSet]]) -> ClaimBatch {
        let rowErrors = rows.map { $0.withUnsafeBufferPointer(bindingProblem) }
        var size = FrameSize()
        for (row, sets) in rows.enumerated() where rowErrors[row] == nil {
            sets.withUnsafeBufferPointer { measure($0, into: &size) }
        }
        // The arrays of a batch that is gone, when there is one (see FrameMemoryPool).
        let columnCount = columns.count * rows.count
        var memory = framePool.take(columns: columnCount, size: size)
        memory.reset(columns: columnCount, size: size)
        memory.cells.withUnsafeMutableBufferPointer { cellBuffer in
            memory.bytes.withUnsafeMutableBufferPointer { byteBuffer in
                memory.ints.withUnsafeMutableBufferPointer { intBuffer in
                    var writer = FrameWriter(cells: cellBuffer, bytes: byteBuffer, ints: intBuffer, plans: plansBuffer)
                    memory.columns.withUnsafeMutableBufferPointer { columnBuffer in
                        // A policy that reads no claim has no columns (and no row to slice).
                        guard !columns.isEmpty else { return }
                        for (row, sets) in rows.enumerated() where rowErrors[row] == nil {
                            sets.withUnsafeBufferPointer { sets in
                                writeColumns(
                                    of: sets, with: &writer,
                                    into: UnsafeMutableBufferPointer(rebasing: columnBuffer[row...]),
                                    stride: rows.count, reads: columnReads)
                            }
                        }
                        // FrameSize is an upper bound of what the writer writes: an overflow
                        // here would be a bug that leaves values missing.
                        assert(!writer.overflowed, "a batch frame smaller than FrameSize measured")
                    }
                }
            }
        }
        return ClaimBatch(
            count: rows.count, rowErrors: rowErrors, memory: memory, policyIdentity: ObjectIdentifier(self),
            pool: framePool)
    }

    /// Frees the frame memory this policy keeps from batches that are gone. ``prepare(_:)``
    /// reuses the arrays of the latest two freed batches of up to 32 MiB each for batches of a
    /// similar size (writing into memory that is already mapped halves the time of preparing and
    /// evaluating a batch); call this after a burst of large batches to give that memory back.
    public func releaseBatchMemory() {
        framePool.removeAll()
    }

    /// Adds what the claims this policy reads from `sets` (one row, bound to the inputs) take in
    /// a frame to `size`. Claims are read in place through each set's values (one reference
    /// per set).
    func measure(_ sets: UnsafeBufferPointer<ClaimSet>, into size: inout FrameSize) {
        for input in sets.indices {
            let values = sets[input].slotValues
            for column in columns where column.input == input {
                values.withValue(at: column.slot) { size.add($0, plan: column.plan, plans: plansBuffer) }
            }
        }
    }

    /// Why `sets` cannot be bound to this policy's inputs, or `nil` when they can.
    func bindingProblem(_ sets: UnsafeBufferPointer<ClaimSet>) -> String? {
        guard sets.count == inputs.count else {
            return "policy \"\(name)\" has \(inputs.count) input\(inputs.count == 1 ? "" : "s") ("
                + inputs.map { "\($0.name): \($0.kind)" }.joined(separator: ", ") + "), got \(sets.count) claim set"
                + (sets.count == 1 ? "" : "s")
        }
        for (input, set) in zip(inputs, sets) {
            let schema = set.schema
            guard schema.kind == input.kind, schema.version == input.schema.version,
                schema.claims.count == input.schema.claims.count
            else {
                return "input `\(input.name)` needs \(input.kind) claims (schema v\(input.schema.version)), "
                    + "got \(schema.kind) claims (schema v\(schema.version))"
            }
        }
        return nil
    }

    /// Evaluates the policy on one set of claims (one claim set per input, in input order) at
    /// time `now` (the policy's `now`).
    ///
    /// The verdict lists every check whose outcome is not true; ``Verdict/explain()`` rebuilds,
    /// when asked, the actual and expected values of each one's failing comparison.
    public func evaluate(claims: [ClaimSet], at now: Timestamp) -> Verdict {
        let outcome = claims.withUnsafeBufferPointer { self.outcome(claims: $0, at: now) }
        return verdict(for: outcome, at: now, explanation: isExplainable(outcome) ? .claims(self, claims, now) : .none)
    }

    /// Evaluates a policy of one input on `claims` at time `now`: the same as
    /// ``evaluate(claims:at:)-([ClaimSet],_)`` with `[claims]`, without building the array (a
    /// denied verdict keeps the claims' values, and rebuilds the set when explained).
    ///
    /// ```swift
    /// let verdict = policy.evaluate(claims: tdxClaims, at: Timestamp(secondsSinceEpoch: now))
    /// if verdict.decision == .deny { print(verdict.explanationText()) }
    /// ```
    public func evaluate(claims: ClaimSet, at now: Timestamp) -> Verdict {
        let outcome = withUnsafePointer(to: claims) {
            self.outcome(claims: UnsafeBufferPointer(start: $0, count: 1), at: now)
        }
        return verdict(
            for: outcome, at: now,
            explanation: isExplainable(outcome) ? .claimValues(self, claims.slotValues, now) : .none)
    }

    /// The compact outcome of one evaluation (no verdict is built): for hot loops that only
    /// need the decision, the check outcomes or the trust tiers. The claims are converted into a
    /// frame on the stack, so nothing is allocated for policies of up to 64 checks and rules.
    public func outcome(claims: [ClaimSet], at now: Timestamp) -> PolicyOutcome {
        claims.withUnsafeBufferPointer { outcome(claims: $0, at: now) }
    }

    /// The compact outcome of one evaluation of a policy of one input on `claims`: the same as
    /// ``outcome(claims:at:)-([ClaimSet],_)`` with `[claims]`, without building the array.
    public func outcome(claims: ClaimSet, at now: Timestamp) -> PolicyOutcome {
        withUnsafePointer(to: claims) { outcome(claims: UnsafeBufferPointer(start: $0, count: 1), at: now) }
    }

    /// One evaluation of the claim sets in `claims` (one per input, in input order).
    func outcome(claims: UnsafeBufferPointer<ClaimSet>, at now: Timestamp) -> PolicyOutcome {
        if let problem = bindingProblem(claims) { return .failure(problem) }
        return withFrame(claims: claims, at: now, reads: columnReads) { environment, registers, bits in
            var observer = SilentObserver()
            let completion = Interpreter.run(
                self, environment, row: 0, registers: registers, outcomes: bits, observer: &observer)
            return outcome(bits, completion)
        } ?? .failure("the claims do not fit a frame")
    }

    /// Calls `body` once with the claims of the columns in `reads` converted from `claims` into a
    /// frame on the stack (see ``withStackFrame(claims:at:size:reads:_:)``); `nil` when they do
    /// not fit even a measured frame.
    ///
    /// Most claim sets fit a small frame; larger ones are measured first. The first try keeps
    /// each buffer within 1 KiB, which `withUnsafeTemporaryAllocation` puts on the stack without
    /// asking the runtime whether a larger one would fit (that query costs more than the
    /// evaluation, and a heap allocation where it says no).
    @inline(__always)
    func withFrame<R>(
        claims: UnsafeBufferPointer<ClaimSet>, at now: Timestamp, reads: UnsafeBufferPointer<ColumnRead>,
        _ body: (Interpreter.Environment, UnsafeMutableBufferPointer<VMValue>, OutcomeBits) -> R
    ) -> R? {
        let small = FrameSize(
            cells: max(0, Self.stackBufferBytes / MemoryLayout<VMValue>.stride - columns.count),
            bytes: Self.stackBufferBytes, ints: Self.stackBufferBytes / MemoryLayout<Int64>.stride)
        if let result = withStackFrame(claims: claims, at: now, size: small, reads: reads, body) { return result }
        var size = FrameSize(bytesInPlace: true)
        measure(claims, into: &size)
        return withStackFrame(claims: claims, at: now, size: size, reads: reads, body)
    }

    /// Converts the claims the policy reads from `sets` (one row, bound to the inputs) into
    /// column cells: column `c` goes to `cells[c * stride]`. Each claim set's values are
    /// borrowed once, not copied per claim. `reads` are the columns to write (``columnReads``, or
    /// those a decision needs); the others are left as they are.
    func writeColumns(
        of sets: UnsafeBufferPointer<ClaimSet>, with writer: inout FrameWriter,
        into cells: UnsafeMutableBufferPointer<VMValue>,
        stride: Int, reads columnReads: UnsafeBufferPointer<ColumnRead>
    ) {
        var k = 0
        while k < columnReads.count {
            let input = columnReads[k].input
            // Values are read in place (a copy of a `ClaimValue?` goes through generic code).
            let values = sets[input].slotValues
            while k < columnReads.count, columnReads[k].input == input {
                let read = columnReads[k]
                let index = read.column * stride
                if index < cells.count {
                    cells[index] = values.withValue(at: ClaimSlot(UInt16(truncatingIfNeeded: read.slot))) {
                        writer.cell($0, plan: read.plan)
                    }
                }
                k += 1
            }
        }
    }

    /// The largest temporary buffer that is always allocated on the stack.
    static var stackBufferBytes: Int { 1024 }

    /// Calls `body` with an environment whose frame, on the stack, holds the claims of the
    /// columns in `reads` converted from `claims` (any other column missing) and with registers
    /// and outcome bits; `nil` when the claims do not fit a frame of `size`.
    @inline(__always)
    private func withStackFrame<R>(
        claims: UnsafeBufferPointer<ClaimSet>, at now: Timestamp, size: FrameSize,
        reads: UnsafeBufferPointer<ColumnRead>,
        _ body: (Interpreter.Environment, UnsafeMutableBufferPointer<VMValue>, OutcomeBits) -> R
    ) -> R? {
        let wordCount = OutcomeBits.wordCount(checks: module.checks.count, rules: module.rules.count)
        return withUnsafeTemporaryAllocation(of: VMValue.self, capacity: max(1, columns.count + size.cells)) { frame in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, size.bytes)) { bytes in
                withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(1, size.ints)) { ints in
                    let columnCells = UnsafeMutableBufferPointer(rebasing: frame[0..<columns.count])
                    let cells = UnsafeMutableBufferPointer(rebasing: frame[columns.count...])
                    if reads.count < columns.count { columnCells.initialize(repeating: .missing) }
                    // The claim sets are borrowed for this evaluation: their bytes are read in place.
                    var writer = FrameWriter(
                        cells: cells, bytes: bytes, ints: ints, plans: plansBuffer, bytesInPlace: true)
                    writeColumns(of: claims, with: &writer, into: columnCells, stride: 1, reads: reads)
                    if writer.overflowed { return nil }
                    return withUnsafeTemporaryAllocation(of: VMValue.self, capacity: max(1, registerCount)) {
                        registers in
                        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(1, wordCount)) { words in
                            let memory = VMMemory(
                                policyBytes: policyBytesBuffer, policyInts: policyIntsBuffer,
                                frameBytes: UnsafeBufferPointer(rebasing: bytes[0..<writer.byteCount]),
                                frameInts: UnsafeBufferPointer(rebasing: ints[0..<writer.intCount]),
                                cells: UnsafeBufferPointer(rebasing: cells[0..<writer.cellCount]))
                            let environment = Interpreter.Environment(
                                self, memory: memory, columns: UnsafeBufferPointer(columnCells), rows: 1,
                                now: now.secondsSinceEpoch)
                            return body(
                                environment, registers,
                                OutcomeBits(words, checks: module.checks.count, rules: module.rules.count))
                        }
                    }
                }
            }
        }
    }

    /// Evaluates every row of `batch` at time `now`, in parallel over the available cores for
    /// large batches. The outcomes are compact; ``verdict(for:at:)`` turns one into a verdict.
    public func evaluate(batch: ClaimBatch, at now: Timestamp) -> [PolicyOutcome] {
        guard batch.policyIdentity == ObjectIdentifier(self) else {
            return Array(
                repeating: .failure("the batch was prepared for another policy"), count: batch.count)
        }
        let seconds = now.secondsSinceEpoch
        return Self.rowResults(count: batch.count) { rows, deliver in
            self.evaluate(batch, rows: rows, now: seconds, deliver)
        }
    }

    /// One result per row, `produce` computing those of a range of rows and delivering each
    /// exactly once (initializing its element in place); ranges of 512 rows run in parallel over
    /// the available cores when there are at least two of them.
    @inline(__always)
    static func rowResults<T>(count: Int, _ produce: @Sendable (Range<Int>, (Int, T) -> Void) -> Void) -> [T] {
        let chunk = 512
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            nonisolated(unsafe) let results = base
            if workers > 1, count >= 2 * chunk {
                DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { n in
                    produce(n * chunk..<min(count, (n + 1) * chunk)) { row, result in
                        (results + row).initialize(to: result)
                    }
                }
            } else {
                produce(0..<count) { row, result in (base + row).initialize(to: result) }
            }
            initialized = count
        }
    }

    /// The cores a large batch is spread over, asked once: `activeProcessorCount` reads the
    /// cgroup's CPU limit from files on every call (≈15 µs, perf of a 100-row batch).
    static let workers = ProcessInfo.processInfo.activeProcessorCount

    /// Evaluates rows of claim sets at `now` and returns a verdict for each.
    public func evaluate(batch rows: [[ClaimSet]], at now: Timestamp) -> [Verdict] {
        let batch = prepare(rows)
        return evaluate(batch: batch, at: now).enumerated().map { row, outcome in
            verdict(for: outcome, at: now, batch: batch, row: row)
        }
    }

    /// The verdict of one outcome (without an explanation source: ``Verdict/explain()`` then
    /// reports the outcomes only).
    public func verdict(for outcome: PolicyOutcome, at now: Timestamp) -> Verdict {
        verdict(for: outcome, at: now, batch: nil, row: 0)
    }

    /// The verdict of row `row` of `batch`, able to explain itself.
    public func verdict(for outcome: PolicyOutcome, at now: Timestamp, batch: ClaimBatch?, row: Int) -> Verdict {
        var explanation = ExplanationOrigin.none
        if let batch, isExplainable(outcome) {
            explanation = .batch(self, batch, row: row, now)
        }
        return verdict(for: outcome, at: now, explanation: explanation)
    }

    /// The verdict of one outcome, built in place (no copy of a verdict to set a field).
    func verdict(for outcome: PolicyOutcome, at now: Timestamp, explanation: ExplanationOrigin) -> Verdict {
        let isError = outcome.decision == .error
        var trust = TrustVector()
        if !isError {
            for (index, claim) in trustClaims.enumerated() { trust[claim] = outcome.trustTier(index) }
        }
        return Verdict.evaluated(
            decision: outcome.decision, trust: trust, failedChecks: isError ? .listed([]) : .outcome(self, outcome),
            details: isError ? verdictDetails.replacing { $0.errorMessage = outcome.error } : verdictDetails,
            evaluationTime: now, explanation: explanation)
    }

    /// Whether the verdict of `outcome` has failed checks to explain (an error has none).
    func isExplainable(_ outcome: PolicyOutcome) -> Bool {
        outcome.decision != .error && hasFailedChecks(outcome)
    }

    /// Whether some check's outcome is not true.
    func hasFailedChecks(_ outcome: PolicyOutcome) -> Bool {
        let count = module.checks.count
        guard count <= 64 else { return (0..<count).contains { outcome.failed($0) } }
        let all = count == 64 ? UInt64.max : (UInt64(1) << UInt64(count)) &- 1
        return outcome.low.checkEvaluated & outcome.low.checkPassed & all != all
    }

    /// Every check whose outcome is not true, in check order (without explanations).
    func failedChecks(_ outcome: PolicyOutcome) -> [Verdict.FailedCheck] {
        var failed: [Verdict.FailedCheck] = []
        for (index, check) in module.checks.enumerated() where outcome.failed(index) {
            failed.append(
                Verdict.FailedCheck(
                    name: check.name, message: check.message, line: Int(check.span.line),
                    column: Int(check.span.column),
                    actual: outcome.evaluated(index) ? (outcome.missing(index) ? "missing" : "") : "not evaluated",
                    expected: ""))
        }
        return failed
    }

    // MARK: Running

    /// Borrows the policy's and the batch's arenas for the duration of `body`.
    func withMemory<R>(_ batch: ClaimBatch, _ body: (VMMemory, UnsafeBufferPointer<VMValue>) -> R) -> R {
        batch.bytes.withUnsafeBufferPointer { fb in
            batch.ints.withUnsafeBufferPointer { fi in
                batch.cells.withUnsafeBufferPointer { cells in
                    batch.columns.withUnsafeBufferPointer { columns in
                        body(
                            VMMemory(
                                policyBytes: policyBytesBuffer, policyInts: policyIntsBuffer, frameBytes: fb,
                                frameInts: fi, cells: cells),
                            columns)
                    }
                }
            }
        }
    }

    /// Evaluates `rows` of `batch`, passing each outcome to `deliver`.
    func evaluate(
        _ batch: ClaimBatch, rows: Range<Int>, now: Int64, _ deliver: (Int, PolicyOutcome) -> Void
    ) {
        withRowState(batch, now: now) { environment, registers, bits in
            var observer = SilentObserver()
            for row in rows {
                if let problem = batch.rowErrors[row] {
                    deliver(row, .failure(problem))
                    continue
                }
                let completion = Interpreter.run(
                    self, environment, row: row, registers: registers, outcomes: bits, observer: &observer)
                deliver(row, outcome(bits, completion))
            }
        }
    }

    /// Calls `body` with the environment of `batch` at `now` and with registers and outcome bits
    /// on the stack, reused from row to row.
    @inline(__always)
    func withRowState(
        _ batch: ClaimBatch, now: Int64,
        _ body: (Interpreter.Environment, UnsafeMutableBufferPointer<VMValue>, OutcomeBits) -> Void
    ) {
        let wordCount = OutcomeBits.wordCount(checks: module.checks.count, rules: module.rules.count)
        withMemory(batch) { memory, columns in
            withUnsafeTemporaryAllocation(of: VMValue.self, capacity: max(1, registerCount)) { registers in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(1, wordCount)) { words in
                    body(
                        Interpreter.Environment(self, memory: memory, columns: columns, rows: batch.count, now: now),
                        registers, OutcomeBits(words, checks: module.checks.count, rules: module.rules.count))
                }
            }
        }
    }

    /// The outcome of row `row` of `batch`.
    func evaluate(_ batch: ClaimBatch, row: Int, now: Int64) -> PolicyOutcome {
        var result = PolicyOutcome.failure("not evaluated")
        evaluate(batch, rows: row..<row + 1, now: now) { _, outcome in result = outcome }
        return result
    }

    /// Whether the rule outcomes in `bits` allow (BYTECODE.md §6): some `allow` is true and every
    /// `deny` is false; a missing or unevaluated `deny` denies; no `allow` denies.
    @inline(__always)
    func allows(_ bits: OutcomeBits) -> Bool {
        let words = bits.words
        if bits.ruleWords == 1 {
            // Up to 64 rules: the decision from the rule masks, a word at a time.
            return DecisionTable.allows(
                ruleTrue: words[bits.ruleTrueBase], ruleMissing: words[bits.ruleMissingBase],
                ruleEvaluated: words[bits.ruleEvaluatedBase], allowMask: allowRuleMask, denyMask: denyRuleMask)
        }
        return allowRules.contains { bits.bit(bits.ruleTrueBase, $0) }
            && denyRules.allSatisfy {
                bits.bit(bits.ruleEvaluatedBase, $0) && !bits.bit(bits.ruleTrueBase, $0)
                    && !bits.bit(bits.ruleMissingBase, $0)
            }
    }

    /// The outcome of a run: the decision (``allows(_:)``), the check and rule outcome words and
    /// the trust tiers.
    func outcome(_ bits: OutcomeBits, _ completion: Interpreter.Completion) -> PolicyOutcome {
        guard completion.finished else {
            return .failure(
                "the evaluation ran more than \(loopBudget) loop iterations and was stopped (see LoadedPolicy.loopBudget)"
            )
        }
        let words = bits.words
        let allowed = allows(bits)
        var low = PolicyOutcome.LowWords()
        if bits.checkWords > 0 {
            low.checkPassed = words[bits.passedBase]
            low.checkMissing = words[bits.missingBase]
            low.checkEvaluated = words[bits.evaluatedBase]
        }
        if bits.ruleWords > 0 {
            low.rulePassed = words[bits.ruleTrueBase]
            low.ruleMissing = words[bits.ruleMissingBase]
            low.ruleEvaluated = words[bits.ruleEvaluatedBase]
        }
        var extended: PolicyOutcome.ExtendedWords?
        if bits.checkWords > 1 || bits.ruleWords > 1 {
            func rest(_ base: Int, _ count: Int) -> [UInt64] {
                count > 1 ? Array(words[(base + 1)..<(base + count)]) : []
            }
            extended = .init([
                rest(bits.passedBase, bits.checkWords), rest(bits.missingBase, bits.checkWords),
                rest(bits.evaluatedBase, bits.checkWords), rest(bits.ruleTrueBase, bits.ruleWords),
                rest(bits.ruleMissingBase, bits.ruleWords), rest(bits.ruleEvaluatedBase, bits.ruleWords),
            ])
        }
        return PolicyOutcome(
            decision: allowed ? .allow : .deny, low: low, extended: extended, trustTiers: completion.trust,
            failure: nil)
    }
}
