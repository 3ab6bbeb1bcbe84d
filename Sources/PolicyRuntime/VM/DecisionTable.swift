/// The decision code of a policy — what follows its last check: the `allow` / `deny` rules and
/// the `trust` entries — precomputed as a table over the outcomes of the checks it reads.
///
/// Rules and trust entries are expressions over check names (POLICY-LANGUAGE.md, "Declarations")
/// and the compiler emits them after every check: `getcheck`, three-valued `and` / `or` / `not`,
/// forward jumps, `rule` and `trust` (BYTECODE.md §6). When that code reads nothing but check
/// outcomes — no claim, parameter, `now`, loop, and no register it did not write itself on every
/// path — its result is a function of those outcomes: each check reads as true, false or missing
/// (a check not evaluated reads as missing, as `getcheck` reads it). With at most
/// ``maximumChecks`` of them the loader runs that code once per combination (3^k runs) and an
/// evaluation stops at ``start`` and looks its rule outcomes and trust tiers up, instead of
/// running the 20–30 instructions a typical policy's decision takes.
///
/// A policy whose decision code does anything else, reads more checks, has more than 64 rules, or
/// has a rule or trust entry before its last check gets no table and runs its code as written.
struct DecisionTable: @unchecked Sendable {
    /// The rule outcomes (for rules 0–63) and trust tiers of one combination of check outcomes.
    struct Entry {
        var ruleTrue: UInt64
        var ruleMissing: UInt64
        var ruleEvaluated: UInt64
        var trust: UInt32
    }

    /// Whether rule outcomes allow (BYTECODE.md §6, "Decision"): some `allow` rule (in
    /// `allowMask`) is true and every `deny` rule (in `denyMask`) is false — evaluated, neither
    /// true nor missing. For up to 64 rules, one bit each.
    @inline(__always)
    static func allows(
        ruleTrue: UInt64, ruleMissing: UInt64, ruleEvaluated: UInt64, allowMask: UInt64, denyMask: UInt64
    ) -> Bool {
        let isFalse = ruleEvaluated & ~ruleTrue & ~ruleMissing
        return ruleTrue & allowMask != 0 && denyMask & ~isFalse == 0
    }

    /// The most checks the decision code may read for a table (3^8 = 6,561 entries, 210 KB).
    static let maximumChecks = 8

    /// The first instruction of the decision code: evaluation stops here.
    let start: Int
    /// The checks the decision code reads; check `checks[j]` contributes `3^j` × (0 false,
    /// 1 true, 2 missing) to an entry's index.
    let checks: UnsafeBufferPointer<Int>
    let entries: UnsafeBufferPointer<Entry>

    /// The table of `code` (decoded, unfused), or `nil` when its decision code does not qualify.
    /// Decision code reads nothing of an evaluation but check outcomes and `constants`.
    init?(
        code: UnsafeBufferPointer<VMInstruction>, checkCount: Int, ruleCount: Int, registerCount: Int,
        constants: UnsafeBufferPointer<VMValue>
    ) {
        guard ruleCount <= 64, let start = Self.decisionStart(code),
            let checks = Self.checksRead(code, from: start, registerCount: registerCount),
            checks.count <= Self.maximumChecks, checks.allSatisfy({ $0 < checkCount })
        else { return nil }
        let checkWords = (checkCount + 63) / 64
        let ruleWords = (ruleCount + 63) / 64
        var combinations = 1
        for _ in checks { combinations *= 3 }
        let environment = Interpreter.Environment(constants: constants)
        let entries = UnsafeMutableBufferPointer<Entry>.allocate(capacity: combinations)
        var complete = true
        withUnsafeTemporaryAllocation(of: VMValue.self, capacity: max(1, registerCount)) { registers in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(1, 3 * checkWords + 3 * ruleWords)) { words in
                let bits = OutcomeBits(words, checks: checkCount, rules: ruleCount)
                var observer = SilentObserver()
                for index in 0..<combinations {
                    registers.update(repeating: .missing)
                    words.update(repeating: 0)
                    var rest = index
                    for check in checks {
                        let bit = UInt64(1) << UInt64(check & 63)
                        let word = check >> 6
                        words[bits.evaluatedBase + word] |= bit
                        switch rest % 3 {
                        case 0: break
                        case 1: words[bits.passedBase + word] |= bit
                        default: words[bits.missingBase + word] |= bit
                        }
                        rest /= 3
                    }
                    var trust: UInt32 = 0
                    let finished = Interpreter.execute(
                        code, from: start, to: code.count, environment, row: 0, budget: 0, registers: registers,
                        outcomes: bits, trust: &trust, observer: &observer)
                    complete = complete && finished
                    let hasRules = ruleWords > 0
                    entries[index] = Entry(
                        ruleTrue: hasRules ? words[bits.ruleTrueBase] : 0,
                        ruleMissing: hasRules ? words[bits.ruleMissingBase] : 0,
                        ruleEvaluated: hasRules ? words[bits.ruleEvaluatedBase] : 0, trust: trust)
                }
            }
        }
        guard complete else {
            entries.deallocate()
            return nil
        }
        self.start = start
        self.checks = .allocatedCopy(of: checks)
        self.entries = UnsafeBufferPointer(entries)
    }

    func deallocate() {
        UnsafeMutableBufferPointer(mutating: checks).deallocate()
        UnsafeMutableBufferPointer(mutating: entries).deallocate()
    }

    /// Writes the rule outcomes and trust tiers for the check outcomes recorded in `outcomes`
    /// (as running the decision code would).
    @inline(__always)
    func apply(to outcomes: OutcomeBits, trust: inout UInt32) {
        var index = 0
        var weight = 1
        for check in checks {
            let value = outcomes.checkValue(check)
            index += weight * (value.isMissing ? 2 : Int(value.word & 1))
            weight *= 3
        }
        guard index < entries.count else { return }
        let entry = entries[index]
        if outcomes.ruleWords > 0 {
            outcomes.words[outcomes.ruleTrueBase] = entry.ruleTrue
            outcomes.words[outcomes.ruleMissingBase] = entry.ruleMissing
            outcomes.words[outcomes.ruleEvaluatedBase] = entry.ruleEvaluated
        }
        trust = entry.trust
    }

    /// The operations decision code may use: check reads, constants, moves, three-valued logic,
    /// forward jumps, rules and trust entries.
    private static func isDecisionOperation(_ operation: VMInstruction.Operation) -> Bool {
        switch operation {
        case .loadCheck, .loadTrue, .loadFalse, .loadConst, .move, .not, .and, .or, .taint, .jump, .jumpIfFalse,
            .jumpIfTrue, .jumpIfNotTrue, .rule, .trust:
            return true
        default: return false
        }
    }

    /// Where the decision code starts: after the last instruction that is not a decision
    /// operation, provided no rule or trust entry comes before it and no jump before it lands
    /// past it (control enters the decision code at its start only).
    private static func decisionStart(_ code: UnsafeBufferPointer<VMInstruction>) -> Int? {
        var start = code.count
        while start > 0, isDecisionOperation(code[start - 1].operation) { start -= 1 }
        guard start < code.count else { return nil }
        for i in code[0..<start] {
            switch i.operation {
            case .rule, .trust: return nil
            case .jump, .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue, .iterBegin:
                if Int(i.n) > start { return nil }
            default: break
            }
        }
        return start
    }

    /// The checks the decision code from `start` reads, or `nil` when it reads a register that is
    /// not written before on every path from `start` (it would depend on the checks' code) or
    /// jumps backwards or out of the code.
    private static func checksRead(_ code: UnsafeBufferPointer<VMInstruction>, from start: Int, registerCount: Int)
        -> [Int]?
    {
        // Registers written on every path to each instruction (nil: not reached yet), one pass
        // in code order: every jump goes forward.
        var written = [Set<UInt16>?](repeating: nil, count: code.count - start + 1)
        written[0] = []
        var checks: [Int] = []
        for pc in start..<code.count {
            guard var defined = written[pc - start] else { continue }
            let i = code[pc]
            var reads: [UInt16] = []
            var write: UInt16?
            var target: Int?
            var fallsThrough = true
            switch i.operation {
            case .loadCheck:
                if !checks.contains(Int(i.b)) { checks.append(Int(i.b)) }
                write = i.a
            case .loadTrue, .loadFalse, .loadConst: write = i.a
            case .move, .not:
                reads = [i.b]
                write = i.a
            case .and, .or:
                reads = [i.b, i.c]
                write = i.a
            case .taint:
                reads = [i.a, i.b]
                write = i.a
            case .jump:
                target = Int(i.n)
                fallsThrough = false
            case .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue:
                reads = [i.a]
                target = Int(i.n)
            case .rule: reads = [i.a]
            case .trust: break
            default: return nil
            }
            guard reads.allSatisfy({ Int($0) < registerCount && defined.contains($0) }) else { return nil }
            if let write {
                guard Int(write) < registerCount else { return nil }
                defined.insert(write)
            }
            var successors: [Int] = fallsThrough ? [pc + 1] : []
            if let target {
                guard target > pc, target <= code.count else { return nil }
                successors.append(target)
            }
            for successor in successors {
                let slot = successor - start
                written[slot] = written[slot].map { $0.intersection(defined) } ?? defined
            }
        }
        return checks
    }
}
