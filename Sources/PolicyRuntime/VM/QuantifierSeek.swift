/// An `any` quantifier whose body starts with a conjunction of comparisons between fields of the
/// element and constants (`any e in tdx.events: e.mr == 1 and e.type == EV_… and …`), run as one
/// instruction that rejects, in a tight loop, every element for which one of them is false.
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
///            cmp   C, F2, K2
///            and   T, T, C
///            jf    T, → j
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
struct SeekPlan {
    /// One comparison of the conjunction: `field F, R, .f; loadk K, k; cmp C, F, K` and, after
    /// the first, `and T, T, C`; then `jf T, → j`.
    struct Stage {
        var field: Int64
        var fieldRegister: Int
        /// The constant's value (`loadk`'s, read once at load time).
        var constant: VMValue
        var constantRegister: Int
        /// `C` (for the first stage, `T` itself).
        var compareRegister: Int
        /// The comparison's less / equal / greater truth mask, bit 3: constant on the left (see
        /// ``Interpreter/compare(_:_:x:)``).
        var comparison: UInt8
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
    /// The accumulator (`A`), the pc of `or` (`j`), `jt`'s target, and the pc after the last
    /// stage's `jf`.
    var accumulator: Int
    var orPC: Int
    var exitPC: Int
    var bodyPC: Int

    @inline(__always)
    func stage(_ k: Int) -> Stage {
        switch k {
        case 0: return stages.0
        case 1: return stages.1
        case 2: return stages.2
        default: return stages.3
        }
    }

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
        let comparisons: [VMInstruction.Operation] = [.eqWord, .neWord, .ltWord, .leWord, .gtWord, .geWord]
        let element = code[p]
        let (iterator, record) = (element.b, element.a)
        guard iterator != record else { return nil }
        var stages: [Stage] = []
        var conjunction: UInt16?
        var j: Int?
        var pc = p + 1
        // Stages: `field; loadk; cmp; jf` first, then `field; loadk; cmp; and; jf`.
        while stages.count < maximumStages {
            let length = stages.isEmpty ? 4 : 5
            guard pc + length <= code.count, (pc..<pc + length).allSatisfy({ !targets.contains($0) }) else { break }
            let (field, load, compare) = (code[pc], code[pc + 1], code[pc + 2])
            guard field.operation == .field, field.b == record, load.operation == .loadConst,
                comparisons.contains(compare.operation), field.a != load.a, Int(load.b) < constants.count,
                (compare.b == field.a && compare.c == load.a) || (compare.b == load.a && compare.c == field.a)
            else { break }
            let t: UInt16
            if let conjunction {
                let and = code[pc + 3]
                guard and.operation == .and, and.a == conjunction, compare.a != conjunction,
                    (and.b == conjunction && and.c == compare.a) || (and.c == conjunction && and.b == compare.a)
                else { break }
                t = conjunction
            } else {
                t = compare.a
            }
            let jump = code[pc + length - 1]
            guard jump.operation == .jumpIfFalse, jump.a == t, j == nil || Int(jump.n) == j,
                ![iterator, record, t].contains(field.a), ![iterator, record, t].contains(load.a),
                compare.a != iterator, compare.a != record
            else { break }
            conjunction = t
            j = Int(jump.n)
            stages.append(
                Stage(
                    field: Int64(field.c), fieldRegister: Int(field.a), constant: constants[Int(load.b)],
                    constantRegister: Int(load.a), compareRegister: Int(compare.a),
                    comparison: Interpreter.orderingMask(compare.operation) | (compare.b == load.a ? 8 : 0)))
            pc += length
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
            field: 0, fieldRegister: 0, constant: .missing, constantRegister: 0, compareRegister: 0, comparison: 0)
        func stage(_ k: Int) -> Stage { k < stages.count ? stages[k] : padding }
        return SeekPlan(
            iterator: Int(iterator), record: Int(record), stride: Int64(element.n), conjunction: Int(conjunction),
            stages: (stage(0), stage(1), stage(2), stage(3)), stageCount: stages.count,
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
        _ plan: SeekPlan, _ environment: Environment, registers: UnsafeMutableBufferPointer<VMValue>,
        budget: inout Int
    ) -> Int {
        var iterator = registers[plan.iterator]
        let count = UInt64(iterator.count)
        let start = UInt64(bitPattern: iterator.word) & 0xFFFF_FFFF
        var position = UInt64(bitPattern: iterator.word) >> 32
        guard iterator.isPresent, position >= 1, position <= count else { return -2 }
        let memory = environment.memory
        /// The first cell of element `n` (counted from 1, as the iterator counts).
        func firstCell(_ n: UInt64) -> Int64 { Int64(start) + Int64(n - 1) * plan.stride }
        /// Stage `k`'s field of element `n` and its comparison with the constant.
        func compared(_ k: Int, _ n: UInt64) -> (field: VMValue, result: VMValue) {
            let stage = plan.stage(k)
            let field = memory.cell(firstCell(n) + stage.field)
            return (field, compare(field, stage.constant, x: stage.comparison))
        }
        // Per stage, the last element that reached it (0: none).
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: SeekPlan.maximumStages) { last in
            last.initialize(repeating: 0)
            var next: Int
            while true {
                // `elem`, then the stages, until one rejects the element.
                var conjunction = VMValue.missing
                for k in 0..<plan.stageCount {
                    last[k] = position
                    let result = compared(k, position).result
                    conjunction = k == 0 ? result : .and(conjunction, result)
                    if conjunction.isFalse { break }
                }
                if !conjunction.isFalse {
                    next = plan.bodyPC
                    break
                }
                // `or A, A, false` leaves A as it is; `jt A` leaves the loop when A is true.
                if registers[plan.accumulator].isTrue {
                    next = plan.exitPC
                    break
                }
                // `next`.
                position += 1
                iterator.word = Int64(bitPattern: start | (position << 32))
                registers[plan.iterator] = iterator
                if position > count {
                    next = plan.orPC + 3
                    break
                }
                budget -= 1
                if budget < 0 {
                    next = -1
                    break
                }
            }
            // The registers as the stages left them: each stage's for the element that last
            // reached it, written in the order they ran — by element, then by stage (a later
            // stage was last reached no later than an earlier one, so going from the last
            // stage back and then forward within each element keeps that order).
            let visited = min(position, count)
            var conjunction = VMValue.missing
            var group = plan.stageCount - 1
            while group >= 0 {
                var first = group
                while first > 0, last[first - 1] == last[group] { first -= 1 }
                for k in first...group where last[k] >= 1 {
                    if k == 0 {
                        // `elem` ran just before the first stage of the last element.
                        registers[plan.record] = .reference(
                            offset: Int(firstCell(visited)), count: Int(plan.stride), inFrame: true)
                    }
                    let stage = plan.stage(k)
                    let (field, result) = compared(k, last[k])
                    registers[stage.fieldRegister] = field
                    registers[stage.constantRegister] = stage.constant
                    registers[stage.compareRegister] = result
                    if k == 0 {
                        conjunction = result
                    } else if last[k] == visited {
                        // `and T, T, C` for the last element (its conjunction so far).
                        conjunction = .and(conjunction, result)
                        registers[plan.conjunction] = conjunction
                    }
                }
                group = first - 1
            }
            return next
        }
    }
}
