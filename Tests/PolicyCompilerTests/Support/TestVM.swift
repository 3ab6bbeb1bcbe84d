import Claims
import Evidence
import PolicyBytecode

@testable import PolicyCompiler

/// A plain, slow executor of `.apb` code written from `Grammar/BYTECODE.md` alone, for tests:
/// the compiled code run here must give the reference interpreter's outcomes. (The real VM is
/// the runtime's, issue #5.)
struct TestVM {
    enum Value: Equatable {
        case missing
        case bool(Bool)
        /// int, time, duration and enum case index.
        case int(Int64)
        case string(String)
        case bytes([UInt8])
        case svn([Int64])
        case record(ClaimRecord)
        case list([ClaimRecord])
        case array([Value])
        /// A loop over a list (elements as `.record`) or an array.
        case iterator([Value], index: Int)
    }

    struct Outcome: Equatable {
        var checks: [ReferenceInterpreter.Truth]
        var rules: [ReferenceInterpreter.Truth]
        var trust: [TrustTier]
        var allowed: Bool
    }

    struct Trap: Error { let message: String }

    let module: BytecodeModule

    static func value(_ c: ConstantValue) -> Value {
        switch c {
        case .bool(let b): return .bool(b)
        case .int(let v), .time(let v), .duration(let v): return .int(v)
        case .string(let s): return .string(s)
        case .bytes(let b): return .bytes(b)
        case .svn(let s): return .svn(s)
        case .enumCase(_, let i): return .int(Int64(i))
        case .set: return .missing
        }
    }

    /// A claim value as a register value (`if case`, so newer claim value kinds read as missing).
    static func value(_ c: ClaimValue) -> Value {
        if case .bool(let b) = c { return .bool(b) }
        if case .int(let v) = c { return .int(v) }
        if case .string(let s) = c { return .string(s) }
        if case .bytes(let b) = c { return .bytes(b.array) }
        if case .svn(let s) = c { return .svn(s.array) }
        if case .time(let t) = c { return .int(t.secondsSinceEpoch) }
        if case .enumeration(let i) = c { return .int(Int64(i)) }
        if case .list(let records) = c { return .list(records) }
        if case .array(let elements) = c { return .array(elements.map(value)) }
        return .missing
    }

    func run(inputs: [ClaimSet], params: [ConstantValue], now: Int64) throws -> Outcome {
        var r = [Value](repeating: .missing, count: module.registers.count)
        var checks = [Value](repeating: .missing, count: module.checks.count)
        var rules = [Value](repeating: .missing, count: module.rules.count)
        var trust = [TrustTier](repeating: .none, count: module.trusts.count)
        var pc = 0
        var steps = 0
        func truth(_ v: Value) -> ReferenceInterpreter.Truth {
            if case .bool(let b) = v { return b ? .true : .false }
            return .missing
        }
        func bool(_ t: ReferenceInterpreter.Truth) -> Value { t == .missing ? .missing : .bool(t == .true) }
        func element(_ v: Value, _ type: TypeDescriptor) -> BytecodeValue? {
            switch (v, type) {
            case (.bool(let b), _): return .bool(b)
            case (.int(let i), .time): return .time(i)
            case (.int(let i), .duration): return .duration(i)
            case (.int(let i), .enumeration(let id)):
                return .enumeration(id: id, caseIndex: UInt16(truncatingIfNeeded: i))
            case (.int(let i), _): return .int(i)
            case (.string(let s), _): return .string(s)
            case (.bytes(let b), _): return .bytes(b)
            case (.svn(let s), _): return .svn(s)
            default: return nil
            }
        }
        while pc < module.code.count {
            steps += 1
            guard steps < 1_000_000 else { throw Trap(message: "no termination") }
            let i = module.code[pc]
            let (a, b, c) = (Int(i.a), Int(i.b), Int(i.c))
            var next = pc + 1
            switch i.opcode {
            case .loadConst:
                switch module.constants[b] {
                case .bool(let v): r[a] = .bool(v)
                case .int(let v), .time(let v), .duration(let v): r[a] = .int(v)
                case .string(let s): r[a] = .string(s)
                case .bytes(let v): r[a] = .bytes(v)
                case .svn(let s): r[a] = .svn(s)
                case .enumeration(_, let index): r[a] = .int(Int64(index))
                }
            case .loadBool: r[a] = .bool(i.x == 1)
            case .loadClaim: r[a] = inputs[Int(i.x)][ClaimSlot(i.b)].map(Self.value) ?? .missing
            case .loadParam: r[a] = Self.value(params[b])
            case .loadNow: r[a] = .int(now)
            case .loadCheck: r[a] = checks[b]
            case .move: r[a] = r[b]
            case .not:
                switch truth(r[b]) {
                case .true: r[a] = .bool(false)
                case .false: r[a] = .bool(true)
                case .missing: r[a] = .missing
                }
            case .and:
                let (x, y) = (truth(r[b]), truth(r[c]))
                r[a] = bool(x == .false || y == .false ? .false : x == .missing || y == .missing ? .missing : .true)
            case .or:
                let (x, y) = (truth(r[b]), truth(r[c]))
                r[a] = bool(x == .true || y == .true ? .true : x == .missing || y == .missing ? .missing : .false)
            case .jump: next = i.target(at: pc) ?? next
            case .jumpIfFalse: if truth(r[a]) == .false { next = i.target(at: pc) ?? next }
            case .jumpIfTrue: if truth(r[a]) == .true { next = i.target(at: pc) ?? next }
            case .jumpIfNotTrue: if truth(r[a]) != .true { next = i.target(at: pc) ?? next }
            case .taint: if r[b] == .missing { r[a] = .missing }
            case .eq, .ne, .lt, .le, .gt, .ge:
                let (x, y) = (r[b], r[c])
                if x == .missing || y == .missing {
                    r[a] = .missing
                    break
                }
                switch (x, y) {
                case (.int(let p), .int(let q)):
                    let result: Bool
                    switch i.opcode {
                    case .eq: result = p == q
                    case .ne: result = p != q
                    case .lt: result = p < q
                    case .le: result = p <= q
                    case .gt: result = p > q
                    default: result = p >= q
                    }
                    r[a] = .bool(result)
                case (.svn(let p), .svn(let q)) where i.opcode != .eq && i.opcode != .ne:
                    let le = p.count == q.count && zip(p, q).allSatisfy { $0 <= $1 }
                    let ge = p.count == q.count && zip(p, q).allSatisfy { $0 >= $1 }
                    switch i.opcode {
                    case .le: r[a] = .bool(le)
                    case .ge: r[a] = .bool(ge)
                    case .lt: r[a] = .bool(le && p != q)
                    default: r[a] = .bool(ge && p != q)
                    }
                default:
                    guard i.opcode == .eq || i.opcode == .ne else { throw Trap(message: "order on \(x)") }
                    r[a] = .bool((x == y) == (i.opcode == .eq))
                }
            case .inSet:
                let set = module.sets[c]
                guard r[b] != .missing else {
                    r[a] = .missing
                    break
                }
                guard let v = element(r[b], set.elementType) else { throw Trap(message: "inset value") }
                r[a] = .bool(set.contains(v))
            case .inParam:
                guard r[b] != .missing else {
                    r[a] = .missing
                    break
                }
                guard case .set(_, let elements) = params[c] else { throw Trap(message: "inparam") }
                r[a] = .bool(elements.map(Self.value).contains(r[b]))
            case .inArray:
                guard r[b] != .missing, case .array(let elements) = r[c] else {
                    r[a] = .missing
                    break
                }
                r[a] = .bool(elements.contains(r[b]))
            case .add, .sub:
                guard case .int(let p) = r[b], case .int(let q) = r[c] else {
                    r[a] = .missing
                    break
                }
                let (sum, overflow) =
                    i.opcode == .add ? p.addingReportingOverflow(q) : p.subtractingReportingOverflow(q)
                r[a] = overflow ? .missing : .int(sum)
            case .neg:
                guard case .int(let p) = r[b], p != .min else {
                    r[a] = .missing
                    break
                }
                r[a] = .int(-p)
            case .len:
                switch r[b] {
                case .string(let s): r[a] = .int(Int64(s.utf8.count))
                case .bytes(let v): r[a] = .int(Int64(v.count))
                case .svn(let v): r[a] = .int(Int64(v.count))
                case .list(let v): r[a] = .int(Int64(v.count))
                case .array(let v): r[a] = .int(Int64(v.count))
                default: r[a] = .missing
                }
            case .startsWith:
                switch (r[b], r[c]) {
                case (.string(let s), .string(let p)): r[a] = .bool(Array(s.utf8).starts(with: Array(p.utf8)))
                case (.bytes(let s), .bytes(let p)): r[a] = .bool(s.starts(with: p))
                default: r[a] = .missing
                }
            case .matches:
                guard case .string(let s) = r[b] else {
                    r[a] = .missing
                    break
                }
                r[a] = .bool(module.regexes[c].matches(s.utf8))
            case .hex:
                guard case .bytes(let v) = r[b] else {
                    r[a] = .missing
                    break
                }
                r[a] = .string(Hex.encode(v))
            case .index:
                guard case .int(let n) = r[c], n >= 0 else {
                    r[a] = .missing
                    break
                }
                switch r[b] {
                case .svn(let v): r[a] = n < v.count ? .int(v[Int(n)]) : .missing
                case .bytes(let v): r[a] = n < v.count ? .int(Int64(v[Int(n)])) : .missing
                case .list(let v): r[a] = n < v.count ? .record(v[Int(n)]) : .missing
                case .array(let v): r[a] = n < v.count ? v[Int(n)] : .missing
                default: r[a] = .missing
                }
            case .field:
                guard case .record(let record) = r[b], c < record.fields.count, let v = record.fields[c] else {
                    r[a] = .missing
                    break
                }
                r[a] = Self.value(v)
            case .iterBegin:
                switch r[b] {
                case .list(let records): r[a] = .iterator(records.map(Value.record), index: -1)
                case .array(let elements): r[a] = .iterator(elements, index: -1)
                default: r[a] = .iterator([], index: -1)
                }
                next = i.target(at: pc) ?? next
            case .iterNext:
                guard case .iterator(let records, let index) = r[a] else { throw Trap(message: "next") }
                r[a] = .iterator(records, index: index + 1)
                if index + 1 < records.count { next = i.target(at: pc) ?? next }
            case .iterElem:
                guard case .iterator(let elements, let index) = r[b], index >= 0, index < elements.count else {
                    throw Trap(message: "elem")
                }
                r[a] = elements[index]
            case .countIf:
                guard case .int(let n) = r[a], r[b] != .missing else {
                    r[a] = .missing
                    break
                }
                if r[b] == .bool(true) { r[a] = .int(n + 1) }
            case .check: checks[b] = r[a]
            case .rule: rules[b] = r[a]
            case .trust: trust[b] = module.trusts[b].branches[Int(i.x)].tier
            }
            pc = next
        }
        let ruleTruths = rules.map(truth)
        let allowed =
            zip(module.rules, ruleTruths).contains { $0.kind == .allow && $1 == .true }
            && zip(module.rules, ruleTruths).allSatisfy { $0.kind == .allow || $1 == .false }
        return Outcome(checks: checks.map(truth), rules: ruleTruths, trust: trust, allowed: allowed)
    }
}
