/// An `any` quantifier whose body starts with a conjunction of tests on fields of the element —
/// comparisons with constants and set memberships (`any e in tdx.events: e.mr == 1 and
/// e.type == EV_… and e.digest in allowed_kernels`) — run as one instruction that rejects, in a
/// tight loop, every element for which one of them is false.
///
/// The compiler lowers such a loop (BYTECODE.md §6) to
///
///     p:     elem  R, I            ; the element (a record)
///     p+1:   field F, R, .f        ; first stage
///            loadk K, k
///            cmp   T, F, K         ; a one-word comparison, either operand order
///            jf    T, → j
///            field F2, R, .g       ; each further stage (up to ``SeekPlan/maximumStages``)
///            loadk K2, k2
///            cmp   C, F2, K2       ; or, without the loadk, `inset|inparam C, F2, s`
///            and   T, T, C
///            jf    T, → j          ; absent after the last stage when the body ends there
///     …                            ; the rest of the body, for elements that pass
///     j:     or    A, A, T         ; the quantifier's accumulator
///     j+1:   jt    A, → out
///     j+2:   next  I, ↑ p
///
/// For an element rejected at some stage the instructions run are exactly `elem`, the stages up
/// to that one, `or` (A or false is A), `jt` and `next`. The `seekAny` instruction at `p` runs
/// them for each rejected element without a dispatch, writing the same registers, and continues
/// after the last stage with the first element no stage rejects (its conjunction true or
/// missing), at `jt`'s target when the accumulator is true, or after `next` when the elements
/// run out. Loop budget accounting is that of `next`.
///
/// When the stages are the whole body (the last one ends at `j`), the plan is *complete*: the
/// instruction also runs `or`, `jt` and `next` for the elements that pass, so it runs the whole
/// loop and continues at `jt`'s target or after `next`.
struct SeekPlan {
    /// One test of the conjunction: `field F, R, .f; loadk K, k; cmp C, F, K` or
    /// `field F, R, .f; inset|inparam C, F, s` and, after the first, `and T, T, C`; then
    /// `jf T, → j`.
    struct Stage {
        var field: Int64
        var fieldRegister: Int
        /// The constant's value (`loadk`'s, read once at load time).
        var constant: VMValue
        /// `K`, or -1 for a membership test.
        var constantRegister: Int
        /// `C` (for the first stage, `T` itself).
        var compareRegister: Int
        /// The comparison's less / equal / greater truth mask, bit 3: constant on the left (see
        /// ``Interpreter/compare(_:_:x:)``).
        var comparison: UInt8
        /// A membership test's set (-1 for a comparison), and whether it is a parameter's.
        var set: Int = -1
        var params = false
    }

    /// The most comparisons one plan runs in line.
    static let maximumStages = 4

    var iterator: Int
    var record: Int
    var stride: Int64
    /// `T`: the conjunction so far.
    var conjunction: Int
    var stages: (Stage, Stage, Stage, Stage)
    var stageCount: Int
    /// How many stages, from the first, are comparisons (not memberships): the elements they
    /// reject are skipped in a tighter loop (see ``Interpreter/seek(_:_:registers:budget:)``).
    var comparisonPrefix: Int
    /// The accumulator (`A`), the pc of `or` (`j`), `jt`'s target, and the pc after the last
    /// stage's `jf`.
    var accumulator: Int
    var orPC: Int
    var exitPC: Int
    var bodyPC: Int
    /// Whether the stages are the whole body (``bodyPC`` is ``orPC``).
    var complete: Bool { bodyPC == orPC }

    /// Replaces each qualifying `elem` in `fused` by a `seekAny` whose `n` indexes the returned
    /// plans. `code` is the decoded, unfused code and `targets` every jump target in it.
    /// `constants` are the policy's constants, as `loadk` reads them.
    static func fuse(
        _ fused: inout [VMInstruction], code: [VMInstruction], targets: Set<Int>, constants: [VMValue]
    ) -> [SeekPlan] {
        var plans: [SeekPlan] = []
        for p in code.indices where code[p].operation == .elementRecord {
            if let plan = plan(at: p, code: code, targets: targets, constants: constants) {
                fused[p] = VMInstruction(operation: .seekAny, x: 0, a: 0, b: 0, c: 0, n: UInt32(plans.count))
                plans.append(plan)
            }
        }
        return plans
    }

    /// The plan of the loop whose `elem` is at `p`, or `nil` when it does not have the shape.
    private static func plan(at p: Int, code: [VMInstruction], targets: Set<Int>, constants: [VMValue])
        -> SeekPlan?
    {
        let element = code[p]
        let (iterator, record) = (element.b, element.a)
        guard iterator != record else { return nil }
        var stages: [Stage] = []
        var conjunction: UInt16?
        var j: Int?
        var pc = p + 1
        // Stages: `field; (loadk; cmp | inset); jf` first, then `field; (loadk; cmp | inset); and; jf`;
        // the last one's `jf` is absent when the body ends with it.
        while stages.count < maximumStages, pc + 2 < code.count {
            let field = code[pc]
            guard field.operation == .field, field.b == record, !targets.contains(pc + 1) else { break }
            var stage: Stage
            var test: VMInstruction
            let load = code[pc + 1]
            if load.operation == .inSet || load.operation == .inParam {
                test = load
                guard test.b == field.a, test.a != field.a else { break }
                stage = Stage(
                    field: Int64(field.c), fieldRegister: Int(field.a), constant: .missing, constantRegister: -1,
                    compareRegister: Int(test.a), comparison: 0, set: Int(test.c), params: test.operation == .inParam)
            } else {
                test = code[pc + 2]
                guard load.operation == .loadConst, !targets.contains(pc + 2),
                    VMInstruction.Operation.wordComparisons.contains(test.operation),
                    field.a != load.a, Int(load.b) < constants.count,
                    (test.b == field.a && test.c == load.a) || (test.b == load.a && test.c == field.a),
                    ![iterator, record].contains(load.a)
                else { break }
                stage = Stage(
                    field: Int64(field.c), fieldRegister: Int(field.a), constant: constants[Int(load.b)],
                    constantRegister: Int(load.a), compareRegister: Int(test.a),
                    comparison: Interpreter.orderingMask(test.operation) | (test.b == load.a ? 8 : 0))
            }
            var end = pc + (stage.constantRegister < 0 ? 2 : 3)
            let t: UInt16
            if let conjunction {
                guard end < code.count, !targets.contains(end) else { break }
                let and = code[end]
                guard and.operation == .and, and.a == conjunction, test.a != conjunction,
                    (and.b == conjunction && and.c == test.a) || (and.c == conjunction && and.b == test.a)
                else { break }
                t = conjunction
                end += 1
            } else {
                t = test.a
            }
            guard ![iterator, record, t].contains(field.a), test.a != iterator, test.a != record,
                stage.constantRegister != Int(t)
            else { break }
            if end < code.count, !targets.contains(end), code[end].operation == .jumpIfFalse, code[end].a == t,
                j == nil || Int(code[end].n) == j
            {
                j = Int(code[end].n)
                end += 1
            } else if j == nil || end == j, end < code.count, code[end].operation == .or {
                // The body ends with this stage: the plan is complete (checked below).
                j = end
            } else {
                break
            }
            conjunction = t
            stages.append(stage)
            pc = end
            if pc == j { break }
        }
        guard let conjunction, let j, j >= pc, j + 2 < code.count, !targets.contains(j + 1) else { return nil }
        let (or, exit, next) = (code[j], code[j + 1], code[j + 2])
        let accumulator = or.b == conjunction ? or.c : or.b
        guard or.operation == .or, or.a == accumulator, or.b == conjunction || or.c == conjunction,
            accumulator != conjunction, exit.operation == .jumpIfTrue, exit.a == accumulator,
            next.operation == .iterNext, next.a == iterator, Int(next.n) == p, accumulator != iterator,
            accumulator != record,
            stages.allSatisfy({
                ![$0.fieldRegister, $0.constantRegister, $0.compareRegister].contains(Int(accumulator))
            })
        else { return nil }
        let padding = Stage(
            field: 0, fieldRegister: 0, constant: .missing, constantRegister: -1, compareRegister: 0, comparison: 0)
        func stage(_ k: Int) -> Stage { k < stages.count ? stages[k] : padding }
        return SeekPlan(
            iterator: Int(iterator), record: Int(record), stride: Int64(element.n), conjunction: Int(conjunction),
            stages: (stage(0), stage(1), stage(2), stage(3)), stageCount: stages.count,
            comparisonPrefix: stages.prefix { $0.set < 0 }.count,
            accumulator: Int(accumulator), orPC: j, exitPC: Int(exit.n), bodyPC: pc)
    }
}

extension Interpreter {
    /// Runs `seekAny` with `plan` (see ``SeekPlan``); returns the next pc, -1 when the loop
    /// budget ran out, or -2 when the iterator is not on an element (the caller then runs the
    /// `elem` it replaced).
    ///
    /// The stages' registers are written once, on the way out, for the element that last
    /// reached each stage: what running the rejected elements' instructions would have left.
    static func seek(
        _ plan: UnsafePointer<SeekPlan>, _ environment: Environment, registers: UnsafeMutableBufferPointer<VMValue>,
        budget: inout Int
    ) -> Int {
        // The plan is read in place (a copy of its stages per run was a memmove).
        guard let stagesOffset = MemoryLayout<SeekPlan>.offset(of: \SeekPlan.stages) else { return -2 }
        let stages = (UnsafeRawPointer(plan) + stagesOffset).assumingMemoryBound(to: SeekPlan.Stage.self)
        let (stride, stageCount) = (plan.pointee.stride, plan.pointee.stageCount)
        let iterator = registers[plan.pointee.iterator]
        let count = UInt64(iterator.count)
        let start = iterator.iteratorStart
        var position = iterator.iteratorPosition
        guard iterator.isOnElement else { return -2 }
        let memory = environment.memory
        /// The first cell of element `n` (counted from 1, as the iterator counts).
        func firstCell(_ n: UInt64) -> Int64 { start + Int64(n - 1) * stride }
        /// Per stage, the last element that reached it (0: none), the field it read and its
        /// test's result: what the stage's registers hold afterwards.
        /// (`stale`: the element was skipped by the comparison prefix, and its field and result
        /// are read again on the way out.)
        struct Reached {
            var element: UInt64 = 0
            var field = VMValue.missing
            var result = VMValue.missing
            var stale = false
        }
        let prefix = plan.pointee.comparisonPrefix
        let cells = memory.cells
        return withUnsafeTemporaryAllocation(of: Reached.self, capacity: SeekPlan.maximumStages) { last in
            last.initialize(repeating: Reached())
            var accumulator = registers[plan.pointee.accumulator]
            var next = -1
            elements: while true {
                // Elements a leading comparison rejects — all comparisons before it true — are
                // skipped here: a false conjunction leaves the accumulator as it is, so only
                // `next` runs for them, and which stages they reached. An element with a
                // missing field, or one that passes the prefix, takes the general path below,
                // as do all when the accumulator is already true (`jt` leaves after one).
                let skipping = prefix > 0 && !accumulator.isTrue
                while skipping {
                    let first = firstCell(position)
                    var k = 0
                    var rejected = false
                    while k < prefix {
                        let index = first + stages[k].field
                        guard index >= 0, index < Int64(cells.count) else { break }
                        let field = cells[Int(index)]
                        guard field.isPresent else { break }
                        if compare(field, stages[k].constant, x: stages[k].comparison).word == 0 {
                            rejected = true
                            break
                        }
                        k += 1
                    }
                    guard rejected else { break }
                    for reached in 0...k {
                        last[reached].element = position
                        last[reached].stale = true
                    }
                    // `jt A` (A is not true), then `next`.
                    position += 1
                    if position > count {
                        next = plan.pointee.orPC + 3
                        break elements
                    }
                    budget -= 1
                    if budget < 0 {
                        next = -1
                        break elements
                    }
                }
                // `elem`, then the stages, until one rejects the element.
                var conjunction = VMValue.missing
                for k in 0..<stageCount {
                    let stage = stages[k]
                    let field = memory.cell(firstCell(position) + stage.field)
                    let result =
                        stage.set >= 0
                        ? member(field, of: stage.set, params: stage.params, environment)
                        : compare(field, stage.constant, x: stage.comparison)
                    last[k] = Reached(element: position, field: field, result: result, stale: false)
                    conjunction = k == 0 ? result : .and(conjunction, result)
                    if conjunction.isFalse { break }
                }
                if !conjunction.isFalse {
                    guard plan.pointee.complete else {
                        next = plan.pointee.bodyPC
                        break
                    }
                    // `or A, A, T` (for a rejected element A or false is A).
                    accumulator = .or(accumulator, conjunction)
                }
                // `jt A`: out of the loop when A is true.
                if accumulator.isTrue {
                    next = plan.pointee.exitPC
                    break
                }
                // `next`.
                position += 1
                if position > count {
                    next = plan.pointee.orPC + 3
                    break
                }
                budget -= 1
                if budget < 0 {
                    next = -1
                    break
                }
            }
            // The fields and results of the stages skipped elements reached last.
            for k in 0..<stageCount where last[k].stale {
                let field = memory.cell(firstCell(last[k].element) + stages[k].field)
                last[k].field = field
                last[k].result = compare(field, stages[k].constant, x: stages[k].comparison)
            }
            registers[plan.pointee.iterator] = iterator.iterator(at: position)
            registers[plan.pointee.accumulator] = accumulator
            // The registers as the stages left them: each stage's for the element that last
            // reached it, written in the order they ran — by element, then by stage (a later
            // stage was last reached no later than an earlier one, so going from the last
            // stage back and then forward within each element keeps that order).
            let visited = min(position, count)
            var conjunction = VMValue.missing
            var group = stageCount - 1
            while group >= 0 {
                var first = group
                while first > 0, last[first - 1].element == last[group].element { first -= 1 }
                for k in first...group where last[k].element >= 1 {
                    if k == 0 {
                        // `elem` ran just before the first stage of the last element.
                        registers[plan.pointee.record] = .reference(
                            offset: Int(firstCell(visited)), count: Int(stride), inFrame: true)
                    }
                    let stage = stages[k]
                    registers[stage.fieldRegister] = last[k].field
                    if stage.constantRegister >= 0 { registers[stage.constantRegister] = stage.constant }
                    registers[stage.compareRegister] = last[k].result
                    if k == 0 {
                        conjunction = last[k].result
                    } else if last[k].element == visited {
                        // `and T, T, C` for the last element (its conjunction so far).
                        conjunction = .and(conjunction, last[k].result)
                        registers[plan.pointee.conjunction] = conjunction
                    }
                }
                group = first - 1
            }
            return next
        }
    }
}
