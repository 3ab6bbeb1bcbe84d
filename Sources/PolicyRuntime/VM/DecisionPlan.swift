/// What computing only a policy's decision needs (BYTECODE.md §6, "Checks": "a VM computing only
/// the decision may stop there"), worked out at load time from the policy's ``DecisionTable``:
/// where the checks the rules depend on end, which of them decide deny on their own, and (see
/// ``columns(of:)``) which claims the code before that point reads.
///
/// A decision-only evaluation runs the code from the start up to ``end`` — a prefix of what a
/// full evaluation runs — and stops early after recording a ``decisiveMask`` check whose outcome
/// is not true. Checks after ``end`` (those only trust entries read, such as an event-log
/// `any`) are not run, and their claims are not converted. The rules then read the recorded
/// outcomes through the table, as in a full evaluation, so the decision is the full
/// evaluation's whenever that one finishes.
///
/// Nothing is taken from the bytecode's own `decisive` flags: relevance and decisiveness are
/// read off the table's 3^k entries, so a crafted flag cannot change a decision.
struct DecisionPlan {
    /// Evaluation stops here: after the last instruction that records a check the rules depend
    /// on (0 when they depend on none).
    let end: Int
    /// Checks (below 64) whose outcome other than true makes the decision deny whatever the
    /// other checks' outcomes, each recorded by one instruction outside any loop: evaluation may
    /// stop once one of them is recorded so.
    let decisiveMask: UInt64

    /// The plan of a policy with `table`, or `nil` when a loop spans the point where the
    /// decision's checks end (then only a full evaluation runs that code as written).
    ///
    /// `code` is the decoded, unfused code; `allowMask` / `denyMask` the rules (≤ 64) by kind;
    /// `loops` the verifier's loop ranges (`iter` pc, `next` pc).
    init?(
        table: DecisionTable, code: UnsafeBufferPointer<VMInstruction>, allowMask: UInt64, denyMask: UInt64,
        loops: [(begin: Int, end: Int)]
    ) {
        /// The decision of one entry, as an evaluation takes it (`LoadedPolicy.allows`).
        func allows(_ entry: DecisionTable.Entry) -> Bool {
            DecisionTable.allows(
                ruleTrue: entry.ruleTrue, ruleMissing: entry.ruleMissing, ruleEvaluated: entry.ruleEvaluated,
                allowMask: allowMask, denyMask: denyMask)
        }
        let entries = table.entries
        var relevant: [Int] = []
        var decisive: [Int] = []
        var weight = 1
        for check in table.checks {
            // Entries differing only in this check's digit: 0 false, 1 true, 2 missing.
            var matters = false
            var decides = true
            for index in entries.indices where (index / weight) % 3 == 0 && index + 2 * weight < entries.count {
                let (whenFalse, whenTrue, whenMissing) = (
                    allows(entries[index]), allows(entries[index + weight]), allows(entries[index + 2 * weight])
                )
                if whenFalse != whenTrue || whenFalse != whenMissing { matters = true }
                if whenFalse || whenMissing { decides = false }
            }
            if matters { relevant.append(check) }
            if decides { decisive.append(check) }
            weight *= 3
        }
        // Where each check is recorded, and whether inside a loop.
        var records: [Int: [Int]] = [:]
        for pc in code.indices where code[pc].operation == .check {
            records[Int(code[pc].b), default: []].append(pc)
        }
        func inLoop(_ pc: Int) -> Bool { loops.contains { $0.begin < pc && pc < $0.end } }
        let end = relevant.compactMap { records[$0]?.max() }.max().map { $0 + 1 } ?? 0
        // A loop entered before `end` and left after it could run code before `end` again.
        guard !loops.contains(where: { $0.begin < end && end <= $0.end }) else { return nil }
        self.end = end
        self.decisiveMask = decisive.reduce(UInt64(0)) { mask, check in
            guard check < 64, let pcs = records[check], pcs.count == 1, let pc = pcs.first, !inLoop(pc) else {
                return mask
            }
            return mask | (1 << UInt64(check))
        }
    }

    /// The columns `code` (decoded, unfused) reads before ``end``: what converting claims for a
    /// decision needs. (Kept out of the plan, which an evaluation copies: a set would be retained.)
    func columns(of code: UnsafeBufferPointer<VMInstruction>) -> Set<Int> {
        Set(code[0..<min(end, code.count)].filter { $0.operation == .loadClaim }.map { Int($0.n) })
    }
}

/// The observer of a decision-only run: stops after an instruction that recorded a decisive
/// check as false or missing (the decision is then deny).
struct DecisionObserver: ExecutionObserver {
    let decisiveMask: UInt64
    /// Whether the run stopped on a decisive check.
    private(set) var denied = false

    init(decisiveMask: UInt64) { self.decisiveMask = decisiveMask }

    @inline(__always)
    mutating func willExecute(_ pc: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, _ memory: VMMemory) {}
    @inline(__always)
    mutating func didExecute(_ pc: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, _ memory: VMMemory) {}

    @inline(__always)
    mutating func stops(_ outcomes: OutcomeBits) -> Bool {
        guard decisiveMask != 0, outcomes.checkWords > 0 else { return false }
        // Evaluated and not passed: false or missing.
        let words = outcomes.words
        denied = words[outcomes.evaluatedBase] & ~words[outcomes.passedBase] & decisiveMask != 0
        return denied
    }
}
