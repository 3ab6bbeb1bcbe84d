/// Watches an evaluation instruction by instruction. The explainer's tracer implements it to
/// capture the operands of failing comparisons; the hot path uses ``SilentObserver``, whose
/// empty inlined methods compile away, so there is one interpreter for both.
protocol ExecutionObserver {
    /// Called before instruction `pc` runs.
    mutating func willExecute(
        _ pc: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, _ memory: VMMemory)
    /// Called after instruction `pc` ran (before control moves on).
    mutating func didExecute(
        _ pc: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, _ memory: VMMemory)
    /// Whether the run stops after the instruction that just ran (a decision-only run that has
    /// its answer, ``DecisionObserver``); false for every other observer.
    mutating func stops(_ outcomes: OutcomeBits) -> Bool
}

extension ExecutionObserver {
    @inline(__always)
    mutating func stops(_ outcomes: OutcomeBits) -> Bool { false }
}

/// The observer of the hot path: does nothing.
struct SilentObserver: ExecutionObserver {
    /// A byte, so the observer has an address: ThreadSanitizer records every `inout` access and
    /// faulted on the arbitrary pointer Swift passes for a value of size zero (debug builds;
    /// optimized code never reads it).
    private var addressable: UInt8 = 0

    @inline(__always)
    mutating func willExecute(
        _ pc: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, _ memory: VMMemory
    ) {}
    @inline(__always)
    mutating func didExecute(
        _ pc: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, _ memory: VMMemory
    ) {}
}

/// Where one evaluation records its outcomes: three bitsets over checks (passed, missing,
/// evaluated) and three over rules (true, missing, evaluated), one word per 64 entries, in one
/// buffer the caller provides (on the stack).
struct OutcomeBits {
    let words: UnsafeMutableBufferPointer<UInt64>
    let checkWords: Int
    let ruleWords: Int

    static func wordCount(checks: Int, rules: Int) -> Int {
        3 * ((checks + 63) / 64) + 3 * ((rules + 63) / 64)
    }

    init(_ words: UnsafeMutableBufferPointer<UInt64>, checks: Int, rules: Int) {
        self.words = words
        self.checkWords = (checks + 63) / 64
        self.ruleWords = (rules + 63) / 64
    }

    var passedBase: Int { 0 }
    var missingBase: Int { checkWords }
    var evaluatedBase: Int { 2 * checkWords }
    var ruleTrueBase: Int { 3 * checkWords }
    var ruleMissingBase: Int { 3 * checkWords + ruleWords }
    var ruleEvaluatedBase: Int { 3 * checkWords + 2 * ruleWords }

    @inline(__always)
    func record(_ value: VMValue, index: Int, trueBase: Int, missingBase: Int, evaluatedBase: Int) {
        let word = index >> 6
        let bit = UInt64(1) << UInt64(index & 63)
        words[evaluatedBase + word] |= bit
        if value.isTrue { words[trueBase + word] |= bit } else { words[trueBase + word] &= ~bit }
        if value.isMissing {
            words[missingBase + word] |= bit
        } else {
            words[missingBase + word] &= ~bit
        }
    }

    /// Records check `index`'s outcome.
    @inline(__always)
    func recordCheck(_ value: VMValue, index: Int) {
        record(value, index: index, trueBase: passedBase, missingBase: missingBase, evaluatedBase: evaluatedBase)
    }

    @inline(__always)
    func bit(_ base: Int, _ index: Int) -> Bool {
        words[base + (index >> 6)] & (UInt64(1) << UInt64(index & 63)) != 0
    }

    /// A check's outcome as a value: true, false, or missing (also when not evaluated yet).
    @inline(__always)
    func checkValue(_ index: Int) -> VMValue {
        guard bit(evaluatedBase, index), !bit(missingBase, index) else { return .missing }
        return .bool(bit(passedBase, index))
    }
}

extension Interpreter {
    /// `x op y` for one-word values (x bit 3 set: the constant `y` is the left operand), where
    /// x bits 0–2 are the truth of less / equal / greater (eq 010, ne 101, lt 001, le 011,
    /// gt 100, ge 110): no branch on the operator.
    @inline(__always)
    static func compare(_ value: VMValue, _ constant: VMValue, x: UInt8) -> VMValue {
        guard value.isPresent, constant.isPresent else { return .missing }
        let (left, right) = x & 8 == 0 ? (value.word, constant.word) : (constant.word, value.word)
        let ordering = left < right ? 0 : (left == right ? 1 : 2)
        return .bool(x & (1 << UInt8(ordering)) != 0)
    }

    /// The less / equal / greater truth mask of a comparison (see ``compare(_:_:x:)``).
    static func orderingMask(_ operation: VMInstruction.Operation) -> UInt8 {
        switch operation {
        case .eqWord: return 0b010
        case .neWord: return 0b101
        case .ltWord: return 0b001
        case .leWord: return 0b011
        case .gtWord: return 0b100
        default: return 0b110
        }
    }
}

extension Interpreter {
    /// The claim in column `column` of row `row` (missing when out of range).
    @inline(__always)
    static func claim(column: UInt32, _ environment: Environment, row: Int) -> VMValue {
        let index = Int(column) * environment.rows + row
        return index < environment.columns.count ? environment.columns[index] : .missing
    }

    /// `x operation y` for a comparison (one-word values, text equality, svn order or
    /// equality); missing when an operand is missing or a reference is out of range.
    @inline(__always)
    static func compare(_ operation: VMInstruction.Operation, _ x: VMValue, _ y: VMValue, _ memory: VMMemory)
        -> VMValue
    {
        guard x.isPresent, y.isPresent else { return .missing }
        switch operation {
        case .eqWord: return .bool(x.word == y.word)
        case .neWord: return .bool(x.word != y.word)
        case .ltWord: return .bool(x.word < y.word)
        case .leWord: return .bool(x.word <= y.word)
        case .gtWord: return .bool(x.word > y.word)
        case .geWord: return .bool(x.word >= y.word)
        case .eqText, .neText:
            guard let equal = memory.textEqual(x, y) else { return .missing }
            return .bool(equal == (operation == .eqText))
        case .eqSvn, .neSvn:
            guard let equal = memory.svnEqual(x, y) else { return .missing }
            return .bool(equal == (operation == .eqSvn))
        case .ltSvn, .leSvn, .gtSvn, .geSvn:
            guard let order = memory.svnOrder(x, y) else { return .missing }
            switch operation {
            case .leSvn: return .bool(order.le)
            case .geSvn: return .bool(order.ge)
            case .ltSvn: return .bool(order.le && !order.equal)
            default: return .bool(order.ge && !order.equal)
            }
        default: return .missing
        }
    }

    /// An iterator over `list` (a missing list has no elements) at `position` (elements visited
    /// so far: 0 as `iter` leaves it, 1 after the first `next`).
    @inline(__always)
    static func iterator(over list: VMValue, position: UInt64) -> VMValue {
        let start = VMValue(
            word: list.isPresent ? list.word : 0, count: list.isPresent ? list.count : 0, tag: VMValue.present)
        return start.iterator(at: position)
    }

    /// `next` on the iterator in register `r`: moves it to the next element; true when it is
    /// on one (a loop iteration, charged to the budget), false when the elements ran out, `nil`
    /// when the budget did.
    @inline(__always)
    static func advance(_ r: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, budget: inout Int) -> Bool? {
        let iterator = registers[r]
        let position = iterator.iteratorPosition + 1
        registers[r] = iterator.iterator(at: position)
        guard position <= UInt64(iterator.count) else { return false }
        budget -= 1
        return budget < 0 ? nil : true
    }

    /// Where a loop goes after its first `next` (at `loopNext`) put `iterator` on the first
    /// element: the loop's first instruction at `body` when there is one, charging the loop
    /// budget as `next` does, else the instruction after `loopNext`; -1 when the budget ran out.
    @inline(__always)
    static func enterLoop(_ iterator: VMValue, at body: Int, orAfter loopNext: Int, budget: inout Int) -> Int {
        guard iterator.count >= 1 else { return loopNext + 1 }
        budget -= 1
        return budget < 0 ? -1 : body
    }

    /// `x + y` or `x - y` of one-word values; missing when an operand is missing or on overflow.
    @inline(__always)
    static func arithmetic(_ x: VMValue, _ y: VMValue, subtract: Bool) -> VMValue {
        guard x.isPresent, y.isPresent else { return .missing }
        let (result, overflow) =
            subtract ? x.word.subtractingReportingOverflow(y.word) : x.word.addingReportingOverflow(y.word)
        return overflow ? .missing : .scalar(result)
    }

    /// Whether `x` is in set `index` (a parameter's when `params`); missing when `x` is.
    @inline(__always)
    static func member(_ x: VMValue, of index: Int, params: Bool, _ environment: Environment) -> VMValue {
        let tables = params ? environment.paramSets : environment.sets
        guard x.isPresent, index < tables.count, let found = tables[index].contains(x, environment.memory) else {
            return .missing
        }
        return .bool(found)
    }
}

/// The VM proper: a register machine over ``VMInstruction``s (BYTECODE.md §6). State lives in
/// locals and caller-provided buffers (registers, outcome bits); it reads claims from the
/// frame's columns by precomputed column index, compares bytes in place, probes prebuilt sets,
/// and never allocates, hashes a string or looks anything up by name.
enum Interpreter {
    /// What one run produced besides the outcome bits.
    struct Completion {
        /// Each trust entry's tier (4 bits per entry, at most 8 entries).
        var trust: UInt32
        /// False when the loop budget ran out (the evaluation is then an error).
        var finished: Bool
    }

    /// What instructions read besides registers and outcome bits: the policy's tables, in
    /// memory the policy owns, and the claims (no copy, no retain per run).
    struct Environment {
        let constants: UnsafeBufferPointer<VMValue>
        let params: UnsafeBufferPointer<VMValue>
        let sets: UnsafeBufferPointer<ProbeTable>
        let paramSets: UnsafeBufferPointer<ProbeTable>
        let regexes: [VMRegex]
        let seeks: UnsafeBufferPointer<SeekPlan>
        let memory: VMMemory
        /// The claim columns: column `n` of row `r` at `n * rows + r`.
        let columns: UnsafeBufferPointer<VMValue>
        let rows: Int
        let now: Int64
    }

    /// Runs `policy`'s code on row `row` of a frame whose columns hold `rows` rows. The fused
    /// code stops where the policy's ``DecisionTable`` starts (when it has one) and takes the
    /// rules' outcomes and the trust tiers from the table; the unfused code (the explainer's)
    /// runs every instruction.
    static func run<Observer: ExecutionObserver>(
        _ policy: LoadedPolicy, memory: VMMemory, columns: UnsafeBufferPointer<VMValue>, row: Int,
        rows: Int,
        now: Int64, registers: UnsafeMutableBufferPointer<VMValue>, outcomes: OutcomeBits,
        observer: inout Observer,
        fused: Bool = true
    ) -> Completion {
        run(
            policy, Environment(policy, memory: memory, columns: columns, rows: rows, now: now), row: row,
            registers: registers, outcomes: outcomes, observer: &observer, fused: fused)
    }

    /// ``run(_:memory:columns:row:rows:now:registers:outcomes:observer:fused:)`` in an
    /// environment built by the caller (once for the rows of a batch).
    @inline(__always)
    static func run<Observer: ExecutionObserver>(
        _ policy: LoadedPolicy, _ environment: Environment, row: Int,
        registers: UnsafeMutableBufferPointer<VMValue>, outcomes: OutcomeBits, observer: inout Observer,
        fused: Bool = true
    ) -> Completion {
        registers.update(repeating: .missing)
        outcomes.words.update(repeating: 0)
        var trust: UInt32 = 0
        let code = fused ? policy.fusedCodeBuffer : policy.codeBuffer
        let decision = fused ? policy.decision : nil
        let finished = execute(
            code, from: 0, to: decision?.start ?? code.count, environment, row: row,
            budget: policy.loopBudget, registers: registers, outcomes: outcomes, trust: &trust, observer: &observer)
        if finished, let decision { decision.apply(to: outcomes, trust: &trust) }
        return Completion(trust: trust, finished: finished)
    }

    /// Runs what `policy`'s decision needs (``DecisionPlan``) on row `row`: the code up to the
    /// plan's end, stopping early on a decisive check that is not true, then the rules through
    /// `table`. `error` when the loop budget runs out in that code. Not written with ``run``:
    /// ``run`` looks the rules up even for a row stopped early, and decided batch rows took
    /// 8–12 % longer that way (alternating runs of `PolicyRuntimeProfile decide-batch`).
    static func decide(
        _ policy: LoadedPolicy, plan: DecisionPlan, table: DecisionTable, _ environment: Environment, row: Int,
        registers: UnsafeMutableBufferPointer<VMValue>, outcomes: OutcomeBits
    ) -> Decision {
        registers.update(repeating: .missing)
        outcomes.words.update(repeating: 0)
        var trust: UInt32 = 0
        var observer = DecisionObserver(decisiveMask: plan.decisiveMask)
        let finished = execute(
            policy.fusedCodeBuffer, from: 0, to: plan.end, environment, row: row, budget: policy.loopBudget,
            registers: registers, outcomes: outcomes, trust: &trust, observer: &observer)
        guard finished else { return .error }
        if observer.denied { return .deny }
        table.apply(to: outcomes, trust: &trust)
        return policy.allows(outcomes) ? .allow : .deny
    }

    /// Runs `code` from `start` until control reaches `end` or beyond; false when the loop
    /// budget ran out first.
    static func execute<Observer: ExecutionObserver>(
        _ code: UnsafeBufferPointer<VMInstruction>, from start: Int, to end: Int, _ environment: Environment,
        row: Int, budget: Int, registers: UnsafeMutableBufferPointer<VMValue>, outcomes: OutcomeBits,
        trust: inout UInt32, observer: inout Observer
    ) -> Bool {
        var budget = budget
        var pc = start
        let end = min(end, code.count)
        while pc < end {
            observer.willExecute(pc, registers, environment.memory)
            let next = step(
                code[pc], at: pc, environment, row: row, registers: registers, outcomes: outcomes, trust: &trust,
                budget: &budget)
            if next < 0 { return false }
            observer.didExecute(pc, registers, environment.memory)
            if observer.stops(outcomes) { return true }
            pc = next
        }
        return true
    }

    /// Runs instruction `i` (at `pc`) for row `row`; returns the next pc, or -1 when the loop
    /// budget ran out.
    @inline(__always)
    static func step(
        _ i: VMInstruction, at pc: Int, _ environment: Environment, row: Int,
        registers: UnsafeMutableBufferPointer<VMValue>, outcomes: OutcomeBits, trust: inout UInt32,
        budget: inout Int
    ) -> Int {
        let (a, b, c) = (Int(i.a), Int(i.b), Int(i.c))
        var next = pc + 1
        /// The end of a fused check (its run of `length` instructions ends in `check`): the
        /// result goes to register `a` and is recorded as check `d`; returns the next pc.
        @inline(__always) func checked(_ result: VMValue, length: Int) -> Int {
            registers[a] = result
            outcomes.recordCheck(result, index: Int(i.d))
            return pc + length
        }
        switch i.operation {
        case .loadConst: registers[a] = environment.constants[b]
        case .loadFalse: registers[a] = .bool(false)
        case .loadTrue: registers[a] = .bool(true)
        case .loadClaim: registers[a] = claim(column: i.n, environment, row: row)
        case .loadParam: registers[a] = environment.params[b]
        case .loadNow: registers[a] = .scalar(environment.now)
        case .loadCheck: registers[a] = outcomes.checkValue(b)
        case .move: registers[a] = registers[b]
        case .not: registers[a] = VMValue.not(registers[b])
        case .and:
            let (x, y) = (registers[b], registers[c])
            registers[a] = VMValue.and(x, y)
        case .or:
            let (x, y) = (registers[b], registers[c])
            registers[a] = VMValue.or(x, y)
        case .jump: next = Int(i.n)
        case .jumpIfFalse: if registers[a].isFalse { next = Int(i.n) }
        case .jumpIfTrue: if registers[a].isTrue { next = Int(i.n) }
        case .jumpIfNotTrue: if !registers[a].isTrue { next = Int(i.n) }
        case .taint: if registers[b].isMissing { registers[a] = .missing }
        case .eqWord, .neWord, .ltWord, .leWord, .gtWord, .geWord, .eqText, .neText, .eqSvn, .neSvn, .ltSvn, .leSvn,
            .gtSvn, .geSvn:
            registers[a] = compare(i.operation, registers[b], registers[c], environment.memory)
        case .inSet, .inParam:
            registers[a] = member(registers[b], of: c, params: i.operation == .inParam, environment)
        case .inArray:
            let (x, array) = (registers[b], registers[c])
            guard x.isPresent, array.isPresent else {
                registers[a] = .missing
                break
            }
            let elementClass = ElementClass(rawValue: i.x) ?? .word
            var found: Bool? = false
            var cell = array.word
            for _ in 0..<array.count {
                let element = environment.memory.cell(cell)
                if element.isPresent {
                    found = environment.memory.equal(x, element, elementClass)
                    if found != false { break }
                }
                cell += 1
            }
            registers[a] = found.map(VMValue.bool) ?? .missing
        case .add, .sub:
            registers[a] = arithmetic(registers[b], registers[c], subtract: i.operation == .sub)
        case .neg:
            let x = registers[b]
            registers[a] = x.isPresent && x.word != .min ? .scalar(-x.word) : .missing
        case .length:
            let x = registers[b]
            registers[a] = x.isPresent ? .scalar(Int64(VMMemory.textLength(x))) : .missing
        case .startsWith:
            let (x, y) = (registers[b], registers[c])
            guard x.isPresent, y.isPresent, let result = environment.memory.textStartsWith(x, y) else {
                registers[a] = .missing
                break
            }
            registers[a] = .bool(result)
        case .matches:
            let x = registers[b]
            guard x.isPresent, let text = environment.memory.bytes(x) else {
                registers[a] = .missing
                break
            }
            registers[a] = .bool(environment.regexes[c].matches(text, hexView: x.isHexView))
        case .hex:
            var x = registers[b]
            if x.isPresent { x.tag |= VMValue.hexView }
            registers[a] = x
        case .indexSvn, .indexBytes, .indexList, .indexArray:
            let (x, position) = (registers[b], registers[c])
            guard x.isPresent, position.isPresent, position.word >= 0,
                position.word < Int64(x.count)
            else {
                registers[a] = .missing
                break
            }
            switch i.operation {
            case .indexSvn:
                let components = environment.memory.ints(x)
                registers[a] = components.map { .scalar($0[Int(position.word)]) } ?? .missing
            case .indexBytes:
                let bytes = environment.memory.bytes(x)
                registers[a] = bytes.map { .scalar(Int64($0[Int(position.word)])) } ?? .missing
            case .indexList:
                let stride = Int64(i.n)
                registers[a] = .reference(
                    offset: Int(x.word + position.word * stride), count: Int(stride), inFrame: true)
            default:
                registers[a] = environment.memory.cell(x.word + position.word)
            }
        case .field:
            let record = registers[b]
            registers[a] = record.isPresent ? environment.memory.cell(record.word + Int64(c)) : .missing
        case .iterBegin:
            registers[a] = iterator(over: registers[b], position: 0)
            next = Int(i.n)
        case .iterNext:
            switch advance(a, registers, budget: &budget) {
            case nil: return -1
            case true?: next = Int(i.n)
            case false?: break
            }
        case .elementRecord, .elementValue:
            let iterator = registers[b]
            guard iterator.isOnElement else {
                registers[a] = .missing
                break
            }
            if i.operation == .elementRecord {
                let stride = Int64(i.n)
                registers[a] = .reference(
                    offset: Int(iterator.elementCell(stride: stride)), count: Int(stride), inFrame: true)
            } else {
                registers[a] = environment.memory.cell(iterator.elementCell(stride: 1))
            }
        case .countIf:
            let (accumulator, x) = (registers[a], registers[b])
            if accumulator.isMissing || x.isMissing {
                registers[a] = .missing
            } else if x.word != 0 {
                let (sum, overflow) = accumulator.word.addingReportingOverflow(1)
                registers[a] = overflow ? .missing : .scalar(sum)
            }
        case .check:
            outcomes.recordCheck(registers[a], index: b)
        case .rule:
            outcomes.record(
                registers[a], index: b, trueBase: outcomes.ruleTrueBase,
                missingBase: outcomes.ruleMissingBase, evaluatedBase: outcomes.ruleEvaluatedBase)
        case .trust:
            let shift = UInt32(b & 7) * 4
            trust = (trust & ~(0xF << shift)) | ((i.n & 0xF) << shift)
        case .compareWordConstant:
            let constant = environment.constants[Int(i.n)]
            registers[c] = constant
            registers[a] = Self.compare(registers[b], constant, x: i.x)
            next = pc + 2
        case .orJumpIfTrue:
            let (x, y) = (registers[b], registers[c])
            let result = VMValue.or(x, y)
            registers[a] = result
            next = result.isTrue ? Int(i.n) : pc + 2
        case .compareWordConstantJump:
            let constant = environment.constants[Int(i.d)]
            registers[c] = constant
            let result = Self.compare(registers[b], constant, x: i.x)
            registers[a] = result
            // x bits 4–6: jump when false / true / missing.
            let truth = result.isMissing ? 2 : Int(result.word & 1)
            next = (i.x >> 4) & (1 << truth) != 0 ? Int(i.n) : pc + 3
        case .elementField:
            let iterator = registers[b]
            guard iterator.isOnElement else {
                registers[Int(i.d)] = .missing
                registers[a] = .missing
                next = pc + 2
                break
            }
            let stride = Int64(i.n)
            let record = VMValue.reference(
                offset: Int(iterator.elementCell(stride: stride)), count: Int(stride), inFrame: true)
            registers[Int(i.d)] = record
            registers[a] = environment.memory.cell(record.word + Int64(c))
            next = pc + 2
        case .loadCheckJump:
            let result = outcomes.checkValue(Int(i.d))
            registers[a] = result
            let truth = result.isMissing ? 2 : Int(result.word & 1)
            next = (i.x >> 4) & (1 << truth) != 0 ? Int(i.n) : pc + 2
        case .andCheck:
            registers[c] = outcomes.checkValue(Int(i.d))
            let (x, y) = (registers[b], registers[c])
            let result = VMValue.and(x, y)
            registers[a] = result
            if i.x & 0x80 == 0 {
                next = pc + 2
            } else {
                let truth = result.isMissing ? 2 : Int(result.word & 1)
                next = (i.x >> 4) & (1 << truth) != 0 ? Int(i.n) : pc + 3
            }
        case .orJumpIfTrueNext:
            let (x, y) = (registers[b], registers[c])
            let result = VMValue.or(x, y)
            registers[a] = result
            if result.isTrue {
                next = Int(i.n)
                break
            }
            // The `next` at pc + 2, as `iterNext` runs it.
            switch advance(Int(i.d), registers, budget: &budget) {
            case nil: return -1
            case true?: next = pc + 2 - Int(i.e)
            case false?: next = pc + 3
            }
        case .claimCheck:
            next = checked(claim(column: i.n, environment, row: row), length: 2)
        case .claimNotCheck, .claimMemberCheck:
            let value = claim(column: i.n, environment, row: row)
            registers[b] = value
            next = checked(
                i.operation == .claimNotCheck
                    ? VMValue.not(value) : member(value, of: c, params: i.x != 0, environment),
                length: 3)
        case .claimCompareCheck:
            // x bit 7: the claim's register is b (the constant's c), else the other way round.
            let value = claim(column: i.n, environment, row: row)
            let constant = environment.constants[Int(i.e)]
            let claimOnLeft = i.x & 0x80 != 0
            registers[claimOnLeft ? b : c] = value
            registers[claimOnLeft ? c : b] = constant
            let operation = VMInstruction.Operation(rawValue: i.x & 0x7F) ?? .eqWord
            next = checked(
                compare(
                    operation, claimOnLeft ? value : constant, claimOnLeft ? constant : value, environment.memory),
                length: 4)
        case .iterFirst:
            let iterator = iterator(over: registers[b], position: 1)
            registers[a] = iterator
            next = enterLoop(iterator, at: pc + 1, orAfter: Int(i.n), budget: &budget)
        case .claimIterFirst:
            let list = claim(column: i.n, environment, row: row)
            registers[a] = list
            registers[b] = .bool(i.x != 0)
            let iterator = iterator(over: list, position: 1)
            registers[c] = iterator
            next = enterLoop(iterator, at: pc + 3, orAfter: Int(i.e), budget: &budget)
        case .compareCheck:
            let operation = VMInstruction.Operation(rawValue: i.x) ?? .eqWord
            next = checked(compare(operation, registers[b], registers[c], environment.memory), length: 2)
        case .taintCheck:
            next = checked(registers[b].isMissing ? .missing : registers[a], length: 2)
        case .arithmeticConstant:
            registers[Int(i.d)] = environment.constants[Int(i.e)]
            registers[a] = arithmetic(registers[b], registers[c], subtract: i.x != 0)
            next = pc + 2
        case .seekAny:
            guard Int(i.n) < environment.seeks.count, let plans = environment.seeks.baseAddress else {
                next = pc + 1
                break
            }
            let plan = plans + Int(i.n)
            let result = seek(plan, environment, registers: registers, budget: &budget)
            if result == -2 {
                // Not positioned on an element: run the `elem` it replaced (then `field` at pc + 1).
                registers[plan.pointee.record] = .missing
                next = pc + 1
            } else {
                return result
            }
        case .andJumpIfFalse:
            let (x, y) = (registers[b], registers[c])
            let result = VMValue.and(x, y)
            registers[a] = result
            next = result.isFalse ? Int(i.n) : pc + 2
        }
        return next
    }
}

extension Interpreter.Environment {
    /// An environment with `constants` and nothing else: no parameters, sets, claims or memory
    /// (for code that reads only constants and check outcomes, as a ``DecisionTable`` runs).
    init(constants: UnsafeBufferPointer<VMValue>) {
        let empty = VMMemory(policyBytes: .init(start: nil, count: 0), policyInts: .init(start: nil, count: 0))
        self.init(
            constants: constants, params: .init(start: nil, count: 0), sets: .init(start: nil, count: 0),
            paramSets: .init(start: nil, count: 0), regexes: [], seeks: .init(start: nil, count: 0), memory: empty,
            columns: .init(start: nil, count: 0), rows: 1, now: 0)
    }

    /// The environment of an evaluation of `policy` (its tables) over `memory` and `columns`.
    init(_ policy: LoadedPolicy, memory: VMMemory, columns: UnsafeBufferPointer<VMValue>, rows: Int, now: Int64) {
        self.init(
            constants: policy.constantsBuffer, params: policy.paramValuesBuffer, sets: policy.setsBuffer,
            paramSets: policy.paramSetsBuffer, regexes: policy.regexes, seeks: policy.seekPlansBuffer,
            memory: memory, columns: columns, rows: rows, now: now)
    }
}
