import Claims
import PolicyBytecode

@testable import PolicyCompiler

/// A direct evaluator of the IR with the documented semantics (`Grammar/BYTECODE.md`,
/// "Semantics"): three-valued logic, any comparison with a missing value is missing, checked
/// arithmetic, quantifiers over lists. It evaluates every operand (no short-circuit) so that it
/// differs in strategy from the generated code; the optimizer and code generator tests compare
/// their results with it.
struct ReferenceInterpreter {
    enum Value: Equatable {
        case value(ConstantValue)
        case record(ClaimRecord, ClaimRecordType)
        case list([ClaimRecord], ClaimRecordType)
        /// An array claim's elements (never missing themselves).
        case array([Value])
        case missing

        var truth: Truth {
            switch self {
            case .value(.bool(let b)): return b ? .true : .false
            default: return .missing
            }
        }
    }

    enum Truth: Equatable { case `true`, `false`, missing }

    struct Outcome: Equatable {
        var checks: [Truth]
        var rules: [Truth]
        var trust: [TrustTier]
        var allowed: Bool
    }

    let program: IRProgram
    let inputs: [ClaimSet]
    let params: [ConstantValue]
    let now: Int64

    static func convert(_ value: ClaimValue, _ type: ClaimType) -> Value {
        switch (value, type) {
        case (.bool(let b), _): return .value(.bool(b))
        case (.int(let v), _): return .value(.int(v))
        case (.string(let s), _): return .value(.string(s))
        case (.bytes(let b), _): return .value(.bytes(b.array))
        case (.svn(let c), _): return .value(.svn(c.array))
        case (.time(let t), _): return .value(.time(t.secondsSinceEpoch))
        case (.enumeration(let i), .enumeration(let e)): return .value(.enumCase(e, i))
        case (.list(let records), .list(let r)): return .list(records, r)
        case (.array(let elements), .array(let element)): return .array(elements.map { convert($0, element) })
        default: return .missing
        }
    }

    func run() -> Outcome {
        var cache: [Int: Truth] = [:]
        var letCache: [Int: Value] = [:]
        func check(_ i: Int) -> Truth {
            if let known = cache[i] { return known }
            let t = eval(program.checks[i].body, [:], check, letValue).truth
            cache[i] = t
            return t
        }
        func letValue(_ i: Int) -> Value {
            if let known = letCache[i] { return known }
            let v = eval(program.lets[i].value, [:], check, letValue)
            letCache[i] = v
            return v
        }
        let checks = program.checks.indices.map(check)
        let rules = program.rules.map { eval($0.condition, [:], check, letValue).truth }
        let trust = program.trusts.map { entry -> TrustTier in
            for branch in entry.branches {
                guard let condition = branch.condition else { return branch.tier }
                if eval(condition, [:], check, letValue).truth == .true { return branch.tier }
            }
            return .none
        }
        let allowed =
            zip(program.rules, rules).contains { $0.kind == .allow && $1 == .true }
            && zip(program.rules, rules).allSatisfy { $0.kind == .allow || $1 == .false }
        return Outcome(checks: checks, rules: rules, trust: trust, allowed: allowed)
    }

    private func eval(
        _ n: IRNode, _ locals: [Int: Value], _ check: (Int) -> Truth, _ letValue: (Int) -> Value
    ) -> Value {
        func e(_ x: IRNode) -> Value { eval(x, locals, check, letValue) }
        func bool(_ t: Truth) -> Value { t == .missing ? .missing : .value(.bool(t == .true)) }
        switch n.kind {
        case .constant(let v): return .value(v)
        case .claim(let input, let slot):
            let set = inputs[input]
            guard let v = set[ClaimSlot(slot)], let d = set.schema.descriptor(ClaimSlot(slot)) else { return .missing }
            return Self.convert(v, d.type)
        case .param(let p): return .value(params[p])
        case .now: return .value(.time(now))
        case .check(let c): return bool(check(c))
        case .letValue(let l): return letValue(l)
        case .local(let b): return locals[b] ?? .missing
        case .not(let a):
            switch e(a).truth {
            case .true: return .value(.bool(false))
            case .false: return .value(.bool(true))
            case .missing: return .missing
            }
        case .and(let xs):
            let ts = xs.map { e($0).truth }
            return bool(ts.contains(.false) ? .false : ts.contains(.missing) ? .missing : .true)
        case .or(let xs):
            let ts = xs.map { e($0).truth }
            return bool(ts.contains(.true) ? .true : ts.contains(.missing) ? .missing : .false)
        case .compare(let op, let a, let b):
            guard case .value(let x) = e(a), case .value(let y) = e(b), let r = ValueSemantics.compare(op, x, y) else {
                return .missing
            }
            return .value(.bool(r))
        case .inSet(let a, let elements, _):
            guard case .value(let x) = e(a) else { return .missing }
            return .value(.bool(ValueSemantics.contains(elements, x)))
        case .inParam(let a, let p):
            guard case .value(let x) = e(a), case .set(_, let elements) = params[p] else { return .missing }
            return .value(.bool(ValueSemantics.contains(elements, x)))
        case .inArray(let a, let b):
            guard case .value(let x) = e(a), case .array(let elements) = e(b) else { return .missing }
            return .value(
                .bool(elements.contains { if case .value(let y) = $0 { ValueSemantics.equal(x, y) } else { false } }))
        case .arithmetic(let op, let a, let b):
            guard case .value(let x) = e(a), case .value(let y) = e(b), let r = ValueSemantics.arithmetic(op, x, y)
            else {
                return .missing
            }
            return .value(r)
        case .negate(let a):
            guard case .value(let x) = e(a), let r = ValueSemantics.negate(x) else { return .missing }
            return .value(r)
        case .length(let a):
            switch e(a) {
            case .value(let x): return ValueSemantics.length(x).map(Value.value) ?? .missing
            case .list(let records, _): return .value(.int(Int64(records.count)))
            case .array(let elements): return .value(.int(Int64(elements.count)))
            default: return .missing
            }
        case .startsWith(let a, let b):
            guard case .value(let x) = e(a), case .value(let y) = e(b), let r = ValueSemantics.startsWith(x, y) else {
                return .missing
            }
            return .value(.bool(r))
        case .matches(let a, let automaton):
            guard case .value(.string(let s)) = e(a) else { return .missing }
            return .value(.bool(automaton.matches(s.utf8)))
        case .hex(let a):
            guard case .value(let x) = e(a), let r = ValueSemantics.hex(x) else { return .missing }
            return .value(r)
        case .index(let a, let b):
            let base = e(a)
            guard case .value(.int(let i)) = e(b) else { return .missing }
            switch base {
            case .value(let x): return ValueSemantics.index(x, .int(i)).map(Value.value) ?? .missing
            case .list(let records, let r):
                return i >= 0 && i < records.count ? .record(records[Int(i)], r) : .missing
            case .array(let elements): return i >= 0 && i < elements.count ? elements[Int(i)] : .missing
            default: return .missing
            }
        case .field(let a, let f):
            guard case .record(let record, let r) = e(a), f < record.fields.count, let v = record.fields[f] else {
                return .missing
            }
            return Self.convert(v, r.fields[f].type)
        case .quantifier(let q, let binding, let list, let body):
            let elements: [Value]
            switch e(list) {
            case .list(let records, let r): elements = records.map { .record($0, r) }
            case .array(let values): elements = values
            default: return .missing
            }
            var truths: [Truth] = []
            for element in elements {
                var inner = locals
                inner[binding] = element
                truths.append(eval(body, inner, check, letValue).truth)
            }
            switch q {
            case .any: return bool(truths.contains(.true) ? .true : truths.contains(.missing) ? .missing : .false)
            case .all: return bool(truths.contains(.false) ? .false : truths.contains(.missing) ? .missing : .true)
            case .count:
                return truths.contains(.missing) ? .missing : .value(.int(Int64(truths.filter { $0 == .true }.count)))
            }
        }
    }
}
