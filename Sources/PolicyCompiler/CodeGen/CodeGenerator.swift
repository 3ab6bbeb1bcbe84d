import Claims
import Crypto
import PolicyBytecode

/// Code generation (issue #4): turns the optimized IR into a ``BytecodeModule``: tables
/// (constants, sets, regexes, enums, records, params, typed registers), straight-line register
/// code with forward jumps for `and`/`or`/trust chains and bounded loops for quantifiers, the
/// check, rule and trust tables, and the debug section (a span per instruction and the
/// comparisons that can explain a failed check).
///
/// Layout of the code: lets and checks in the optimizer's order (each let just before the first
/// block that needs it, each check after the checks it reads), then every rule in source order,
/// then every trust entry. Registers are typed and reused only for values of the same type.
struct CodeGenerator {
    struct Failure: Error {
        let message: String
        let span: SourceSpan
    }

    private let program: IRProgram
    private let decisive: Set<Int>
    private var code: [Instruction] = []
    private var lineTable: [BytecodeModule.Span] = []
    private var sites: [BytecodeModule.ExplainSite] = []
    private var constants: [BytecodeValue] = []
    private var constantIndex: [BytecodeValue: Int] = [:]
    private var sets: [SetTable] = []
    private var regexes: [RegexAutomaton] = []
    private var enums: [ClaimEnum] = []
    private var records: [ClaimRecordType] = []
    private var registers: [TypeDescriptor] = []
    private var free: [TypeDescriptor: [UInt16]] = [:]
    private var letRegisters: [Int: UInt16] = [:]
    private var locals: [Int: UInt16] = [:]
    private var emittedChecks = Set<Int>()
    private var checkRanges: [Int: (UInt32, UInt32)] = [:]
    private var currentCheck: UInt16 = 0xFFFF
    private var currentSpan: SourceSpan
    private var failure: Failure?

    static func generate(_ program: IRProgram, decisive: Set<Int>, debugInfo: Bool) -> Result<BytecodeModule, Failure> {
        var generator = CodeGenerator(program: program, decisive: decisive)
        return generator.run(debugInfo: debugInfo)
    }

    private init(program: IRProgram, decisive: Set<Int>) {
        self.program = program
        self.decisive = decisive
        self.currentSpan = SourceSpan(file: program.file, line: 0, column: 0, endLine: 0, endColumn: 0)
    }

    private mutating func run(debugInfo: Bool) -> Result<BytecodeModule, Failure> {
        for i in program.checkOrder { requireCheck(i) }
        for (i, rule) in program.rules.enumerated() {
            requireDependencies(of: rule.condition)
            currentSpan = rule.span
            let r = emit(rule.condition)
            instruction(Instruction(.rule, a: r.register, b: UInt16(truncatingIfNeeded: i)))
            release(r)
        }
        for (t, trust) in program.trusts.enumerated() {
            for branch in trust.branches { branch.condition.map { requireDependencies(of: $0) } }
            var exits: [Int] = []
            for (b, branch) in trust.branches.enumerated() {
                currentSpan = branch.span
                var skip: Int?
                if let condition = branch.condition {
                    let r = emit(condition)
                    skip = placeholderJump(.jumpIfNotTrue, condition: r.register)
                    release(r)
                }
                instruction(Instruction(.trust, x: UInt8(truncatingIfNeeded: b), b: UInt16(truncatingIfNeeded: t)))
                if skip != nil, b < trust.branches.count - 1 { exits.append(placeholderJump(.jump)) }
                if let skip { patch(skip) }
                if branch.condition == nil { break }
            }
            for exit in exits { patch(exit) }
        }
        if let failure { return .failure(failure) }
        for (name, count, limit) in [
            ("registers", registers.count, 0xFFFF), ("constants", constants.count, 0xFFFF),
            ("sets", sets.count, 0xFFFF),
            ("checks", program.checks.count, 0xFFFE), ("rules", program.rules.count, 0xFFFF),
            ("enums", enums.count, 0xFFFF), ("record types", records.count, 0xFFFF),
        ] where count > limit {
            return .failure(Failure(message: "the policy needs more than \(limit) \(name)", span: currentSpan))
        }
        let module = BytecodeModule(
            metadata: .init(
                name: program.name, version: program.version,
                sourceDigest: Array(SHA256.hash(data: Array(program.source.utf8)))),
            inputs: program.inputs.map {
                .init(
                    name: $0.name, kind: $0.schema.kind, schemaVersion: Int64($0.schema.version),
                    schemaFingerprint: $0.schema.fingerprint)
            },
            enums: enums.map { .init(name: $0.name, cases: $0.cases) },
            records: records.indices.map { recordEntry($0) },
            constants: constants, sets: sets, regexes: regexes,
            params: program.params.map { .init(name: $0.name, type: descriptor($0.type)) },
            registers: registers, code: code,
            checks: program.checks.enumerated().map { i, check in
                let range = checkRanges[i] ?? (0, 0)
                return .init(
                    name: check.name, message: check.message, span: span(check.span),
                    flags: decisive.contains(i) ? .decisive : [], codeStart: range.0, codeEnd: range.1)
            },
            rules: program.rules.map { .init(kind: $0.kind, message: $0.message, span: span($0.span)) },
            trusts: program.trusts.map { trust in
                .init(
                    claim: trust.claim, branches: trust.branches.map { .init(tier: $0.tier, span: span($0.span)) },
                    span: span(trust.span))
            },
            debug: debugInfo
                ? .init(
                    fileName: String(program.file.split(separator: "/").last ?? ""), source: program.source,
                    lineTable: lineTable, sites: sites)
                : nil)
        return .success(module)
    }

    // MARK: Scheduling

    private mutating func requireDependencies(of node: IRNode) {
        node.visit { n in
            switch n.kind {
            case .check(let c): requireCheck(c)
            case .letValue(let l): requireLet(l)
            default: break
            }
        }
    }

    private mutating func requireCheck(_ index: Int) {
        guard emittedChecks.insert(index).inserted else { return }
        let check = program.checks[index]
        requireDependencies(of: check.body)
        currentSpan = check.span
        currentCheck = UInt16(truncatingIfNeeded: index)
        let start = UInt32(code.count)
        let r = emit(check.body)
        instruction(
            Instruction(
                .check, x: decisive.contains(index) ? CheckFlags.decisive.rawValue : 0, a: r.register,
                b: UInt16(truncatingIfNeeded: index)))
        release(r)
        checkRanges[index] = (start, UInt32(code.count))
        currentCheck = 0xFFFF
    }

    private mutating func requireLet(_ index: Int) {
        guard letRegisters[index] == nil else { return }
        let value = program.lets[index].value
        requireDependencies(of: value)
        let saved = currentSpan
        currentSpan = program.lets[index].span
        let r = emit(value)
        if r.owned {
            letRegisters[index] = r.register
        } else {
            let pinned = allocate(value.type)
            instruction(Instruction(.move, a: pinned, b: r.register))
            letRegisters[index] = pinned
        }
        currentSpan = saved
    }

    // MARK: Tables

    private mutating func enumID(_ e: ClaimEnum) -> UInt16 {
        if let i = enums.firstIndex(of: e) { return UInt16(truncatingIfNeeded: i) }
        enums.append(e)
        return UInt16(truncatingIfNeeded: enums.count - 1)
    }

    private mutating func recordID(_ r: ClaimRecordType) -> UInt16 {
        if let i = records.firstIndex(of: r) { return UInt16(truncatingIfNeeded: i) }
        records.append(r)
        for field in r.fields { _ = descriptor(PolicyType(field.type)) }
        return UInt16(truncatingIfNeeded: records.count - 1)
    }

    private mutating func recordEntry(_ index: Int) -> BytecodeModule.RecordType {
        let r = records[index]
        return .init(name: r.name, fields: r.fields.map { .init(name: $0.name, type: descriptor(PolicyType($0.type))) })
    }

    private mutating func descriptor(_ type: PolicyType) -> TypeDescriptor {
        switch type {
        // A record field of a type the compiler cannot use is never read (the type checker
        // rejects it); the record table describes it as bool.
        case .bool, .error, .unsupported: return .bool
        case .int: return .int
        case .string: return .string
        case .bytes(let n): return .bytes(length: UInt32(truncatingIfNeeded: n ?? 0))
        case .svn(let n): return .svn(count: UInt16(truncatingIfNeeded: n))
        case .time: return .time
        case .duration: return .duration
        case .enumeration(let e): return .enumeration(id: enumID(e))
        case .record(let r): return .record(id: recordID(r))
        case .list(let r): return .list(id: recordID(r))
        case .array(let element): return .array(element: descriptor(element))
        case .set(let element): return .set(element: descriptor(element))
        }
    }

    private mutating func value(_ constant: ConstantValue) -> BytecodeValue {
        switch constant {
        case .bool(let b): return .bool(b)
        case .int(let v): return .int(v)
        case .string(let s): return .string(s)
        case .bytes(let b): return .bytes(b)
        case .svn(let c): return .svn(c)
        case .time(let t): return .time(t)
        case .duration(let d): return .duration(d)
        case .enumCase(let e, let i): return .enumeration(id: enumID(e), caseIndex: UInt16(truncatingIfNeeded: i))
        case .set: return .bool(false)
        }
    }

    private mutating func constantIndex(_ constant: ConstantValue) -> UInt16 {
        let v = value(constant)
        if let known = constantIndex[v] { return UInt16(truncatingIfNeeded: known) }
        constants.append(v)
        constantIndex[v] = constants.count - 1
        return UInt16(truncatingIfNeeded: constants.count - 1)
    }

    // MARK: Registers and instructions

    private struct Operand {
        let register: UInt16
        /// A temporary this expression owns (may be reused or released); otherwise a let's or a
        /// quantifier variable's register, which must not be written.
        let owned: Bool
    }

    private mutating func allocate(_ type: PolicyType) -> UInt16 {
        let d = descriptor(type)
        return allocate(d)
    }

    private mutating func allocate(_ d: TypeDescriptor) -> UInt16 {
        if let r = free[d]?.popLast() { return r }
        registers.append(d)
        return UInt16(truncatingIfNeeded: registers.count - 1)
    }

    private mutating func release(_ operand: Operand) {
        guard operand.owned, Int(operand.register) < registers.count else { return }
        free[registers[Int(operand.register)], default: []].append(operand.register)
    }

    private func span(_ s: SourceSpan) -> BytecodeModule.Span {
        .init(
            line: UInt32(clamping: s.line), column: UInt32(clamping: s.column), endLine: UInt32(clamping: s.endLine),
            endColumn: UInt32(clamping: s.endColumn))
    }

    private mutating func instruction(_ i: Instruction) {
        code.append(i)
        lineTable.append(span(currentSpan))
    }

    private mutating func placeholderJump(_ opcode: Opcode, condition: UInt16 = 0) -> Int {
        instruction(.jump(opcode, condition: condition, offset: 0))
        return code.count - 1
    }

    /// Points the jump at `position` to the next instruction to be emitted.
    private mutating func patch(_ position: Int) {
        let offset = UInt32(code.count - position - 1)
        let i = code[position]
        code[position] = .jump(i.opcode, condition: i.a, offset: offset)
    }

    private func kind(_ type: PolicyType) -> UInt8 {
        switch type {
        case .bool, .error, .unsupported: return ValueKind.bool.rawValue
        case .int: return ValueKind.int.rawValue
        case .string: return ValueKind.string.rawValue
        case .bytes: return ValueKind.bytes.rawValue
        case .svn: return ValueKind.svn.rawValue
        case .time: return ValueKind.time.rawValue
        case .duration: return ValueKind.duration.rawValue
        case .enumeration: return ValueKind.enumeration.rawValue
        case .record: return ValueKind.record.rawValue
        case .list: return ValueKind.list.rawValue
        case .array: return ValueKind.array.rawValue
        case .set: return ValueKind.set.rawValue
        }
    }

    private mutating func site(_ node: IRNode, left: IRNode, right: IRNode?) {
        let actual: BytecodeModule.ExplainSite.Actual
        if left.readsEvidence {
            actual = .left
        } else if right?.readsEvidence == true {
            actual = .right
        } else {
            actual = .neither
        }
        sites.append(
            .init(
                instruction: UInt32(code.count - 1), check: currentCheck, actual: actual, span: span(node.span),
                text: node.text))
    }

    // MARK: Expressions

    private mutating func emit(_ node: IRNode) -> Operand {
        let saved = currentSpan
        if node.span.line > 0 { currentSpan = node.span }
        defer { currentSpan = saved }
        switch node.kind {
        case .constant(.bool(let b)):
            let r = allocate(PolicyType.bool)
            instruction(Instruction(.loadBool, x: b ? 1 : 0, a: r))
            return Operand(register: r, owned: true)
        case .constant(.set):
            failure = failure ?? Failure(message: "a set can only be used on the right of `in`", span: node.span)
            return Operand(register: allocate(PolicyType.bool), owned: true)
        case .constant(let v):
            let r = allocate(node.type)
            instruction(Instruction(.loadConst, a: r, b: constantIndex(v)))
            return Operand(register: r, owned: true)
        case .claim(let input, let slot):
            let r = allocate(node.type)
            instruction(Instruction(.loadClaim, x: UInt8(truncatingIfNeeded: input), a: r, b: slot))
            return Operand(register: r, owned: true)
        case .param(let p):
            let r = allocate(node.type)
            instruction(Instruction(.loadParam, a: r, b: UInt16(truncatingIfNeeded: p)))
            return Operand(register: r, owned: true)
        case .now:
            let r = allocate(PolicyType.time)
            instruction(Instruction(.loadNow, a: r))
            return Operand(register: r, owned: true)
        case .check(let c):
            let r = allocate(PolicyType.bool)
            instruction(Instruction(.loadCheck, a: r, b: UInt16(truncatingIfNeeded: c)))
            return Operand(register: r, owned: true)
        case .letValue(let l):
            if letRegisters[l] == nil { requireLet(l) }
            return Operand(register: letRegisters[l] ?? 0, owned: false)
        case .local(let binding):
            return Operand(register: locals[binding] ?? 0, owned: false)
        case .not(let a):
            let ra = emit(a)
            release(ra)
            let r = allocate(PolicyType.bool)
            instruction(Instruction(.not, a: r, b: ra.register))
            return Operand(register: r, owned: true)
        case .and(let operands), .or(let operands):
            let isAnd: Bool
            if case .and = node.kind { isAnd = true } else { isAnd = false }
            let first = emit(operands[0])
            var accumulator = first.register
            if !first.owned {
                accumulator = allocate(PolicyType.bool)
                instruction(Instruction(.move, a: accumulator, b: first.register))
            }
            var exits: [Int] = []
            for operand in operands.dropFirst() {
                exits.append(placeholderJump(isAnd ? .jumpIfFalse : .jumpIfTrue, condition: accumulator))
                let r = emit(operand)
                instruction(Instruction(isAnd ? .and : .or, a: accumulator, b: accumulator, c: r.register))
                release(r)
            }
            for exit in exits { patch(exit) }
            return Operand(register: accumulator, owned: true)
        case .compare(let op, let a, let b):
            let ra = emit(a)
            let rb = emit(b)
            release(ra)
            release(rb)
            let r = allocate(PolicyType.bool)
            let opcode: Opcode
            switch op {
            case .equal: opcode = .eq
            case .notEqual: opcode = .ne
            case .less: opcode = .lt
            case .lessEqual: opcode = .le
            case .greater: opcode = .gt
            case .greaterEqual: opcode = .ge
            }
            instruction(Instruction(opcode, x: kind(a.type), a: r, b: ra.register, c: rb.register))
            site(node, left: a, right: b)
            return Operand(register: r, owned: true)
        case .inSet(let a, let elements, let hashed):
            let ra = emit(a)
            release(ra)
            let table = SetTable(elementType: descriptor(a.type), elements: elements.map { value($0) }, hashed: hashed)
            let s: Int
            if let known = sets.firstIndex(of: table) {
                s = known
            } else {
                sets.append(table)
                s = sets.count - 1
            }
            let r = allocate(PolicyType.bool)
            instruction(Instruction(.inSet, a: r, b: ra.register, c: UInt16(truncatingIfNeeded: s)))
            site(node, left: a, right: nil)
            return Operand(register: r, owned: true)
        case .inParam(let a, let p):
            let ra = emit(a)
            release(ra)
            let r = allocate(PolicyType.bool)
            instruction(Instruction(.inParam, a: r, b: ra.register, c: UInt16(truncatingIfNeeded: p)))
            site(node, left: a, right: nil)
            return Operand(register: r, owned: true)
        case .inArray(let a, let b):
            let ra = emit(a)
            let rb = emit(b)
            release(ra)
            release(rb)
            let r = allocate(PolicyType.bool)
            instruction(Instruction(.inArray, a: r, b: ra.register, c: rb.register))
            site(node, left: a, right: b)
            return Operand(register: r, owned: true)
        case .arithmetic(let op, var a, var b):
            let form: ArithmeticForm
            switch (a.type, b.type) {
            case (.int, _): form = .int
            case (.time, .duration): form = .timeDuration
            case (.duration, .time):
                swap(&a, &b)
                form = .timeDuration
            case (.time, .time): form = .timeDifference
            default: form = .duration
            }
            let ra = emit(a)
            let rb = emit(b)
            release(ra)
            release(rb)
            let r = allocate(node.type)
            instruction(
                Instruction(op == .add ? .add : .sub, x: form.rawValue, a: r, b: ra.register, c: rb.register))
            return Operand(register: r, owned: true)
        case .negate(let a):
            return unary(.neg, node, a, x: kind(a.type))
        case .length(let a):
            return unary(.len, node, a, x: kind(a.type))
        case .hex(let a):
            return unary(.hex, node, a, x: 0)
        case .startsWith(let a, let b):
            let ra = emit(a)
            let rb = emit(b)
            release(ra)
            release(rb)
            let r = allocate(PolicyType.bool)
            instruction(Instruction(.startsWith, x: kind(a.type), a: r, b: ra.register, c: rb.register))
            site(node, left: a, right: b)
            return Operand(register: r, owned: true)
        case .matches(let a, let automaton):
            let ra = emit(a)
            release(ra)
            let x: Int
            if let known = regexes.firstIndex(of: automaton) {
                x = known
            } else {
                regexes.append(automaton)
                x = regexes.count - 1
            }
            let r = allocate(PolicyType.bool)
            instruction(Instruction(.matches, a: r, b: ra.register, c: UInt16(truncatingIfNeeded: x)))
            site(node, left: a, right: nil)
            return Operand(register: r, owned: true)
        case .index(let a, let b):
            let ra = emit(a)
            let rb = emit(b)
            release(ra)
            release(rb)
            let r = allocate(node.type)
            instruction(Instruction(.index, x: kind(a.type), a: r, b: ra.register, c: rb.register))
            return Operand(register: r, owned: true)
        case .field(let a, let f):
            let ra = emit(a)
            release(ra)
            let r = allocate(node.type)
            instruction(Instruction(.field, a: r, b: ra.register, c: UInt16(truncatingIfNeeded: f)))
            return Operand(register: r, owned: true)
        case .quantifier(let q, let binding, let list, let body):
            return quantifier(q, binding: binding, list: list, body: body)
        }
    }

    private mutating func unary(_ opcode: Opcode, _ node: IRNode, _ a: IRNode, x: UInt8) -> Operand {
        let ra = emit(a)
        release(ra)
        let r = allocate(node.type)
        instruction(Instruction(opcode, x: x, a: r, b: ra.register))
        return Operand(register: r, owned: true)
    }

    /// `any`/`all`/`count x in L: body` as a bounded loop:
    /// `acc ← init; iter it, L, →next; elem x, it; body; combine; [break]; next it, ↑; taint acc, L`.
    /// `L` is a list (elements are records) or an array (elements are values).
    private mutating func quantifier(_ q: Quantifier, binding: Int, list: IRNode, body: IRNode) -> Operand {
        let iteratorType: TypeDescriptor
        let elementType: TypeDescriptor
        switch list.type {
        case .list(let record):
            let id = recordID(record)
            iteratorType = .iterator(id: id)
            elementType = .record(id: id)
        case .array(let element):
            let d = descriptor(element)
            iteratorType = .arrayIterator(element: d)
            elementType = d
        default:
            failure = failure ?? Failure(message: "a quantifier needs a list or an array", span: list.span)
            return Operand(register: allocate(PolicyType.bool), owned: true)
        }
        let rl = emit(list)
        let accumulator = allocate(q == .count ? PolicyType.int : PolicyType.bool)
        switch q {
        case .any: instruction(Instruction(.loadBool, x: 0, a: accumulator))
        case .all: instruction(Instruction(.loadBool, x: 1, a: accumulator))
        case .count: instruction(Instruction(.loadConst, a: accumulator, b: constantIndex(.int(0))))
        }
        let iterator = allocate(iteratorType)
        let begin = code.count
        instruction(Instruction(.iterBegin, a: iterator, b: rl.register))
        let element = allocate(elementType)
        locals[binding] = element
        instruction(Instruction(.iterElem, a: element, b: iterator))
        let rb = emit(body)
        var breaks: [Int] = []
        switch q {
        case .any:
            instruction(Instruction(.or, a: accumulator, b: accumulator, c: rb.register))
            breaks.append(placeholderJump(.jumpIfTrue, condition: accumulator))
        case .all:
            instruction(Instruction(.and, a: accumulator, b: accumulator, c: rb.register))
            breaks.append(placeholderJump(.jumpIfFalse, condition: accumulator))
        case .count:
            instruction(Instruction(.countIf, a: accumulator, b: rb.register))
        }
        release(rb)
        let next = code.count
        let distance = next - begin - 1
        guard distance <= Int(UInt16.max) else {
            failure =
                failure
                ?? Failure(
                    message: "the body of a quantifier compiles to more than 65535 instructions", span: body.span)
            return Operand(register: accumulator, owned: true)
        }
        code[begin].c = UInt16(distance)
        instruction(Instruction(.iterNext, a: iterator, c: UInt16(distance)))
        for jump in breaks { patch(jump) }
        instruction(Instruction(.taint, a: accumulator, b: rl.register))
        locals[binding] = nil
        release(Operand(register: element, owned: true))
        release(Operand(register: iterator, owned: true))
        release(rl)
        return Operand(register: accumulator, owned: true)
    }
}
