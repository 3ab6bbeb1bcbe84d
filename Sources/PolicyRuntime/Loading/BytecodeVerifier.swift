import Claims
import Evidence
import PolicyBytecode

/// The loader's semantic verification of a structurally valid module (BYTECODE.md §7): after
/// it passes, no instruction can read a register or table entry that does not exist, operate on
/// a value of the wrong kind, jump outside the code or into a loop from outside, or loop without
/// bound. Every failure is a ``PolicyLoadError`` naming the section and the byte offset (for
/// code, the offset of the offending instruction).
struct BytecodeVerifier {
    /// The most loops that may nest; deeper nesting is rejected (the compiler emits one level
    /// per nested quantifier).
    static let maximumLoopDepth = 16

    /// What verification established, for the decoder.
    struct Result {
        /// The claim schema of each input.
        let schemas: [ClaimSchema]
        /// Every loop as (`iter` index, `next` index).
        let loops: [(begin: Int, end: Int)]
    }

    private let module: BytecodeModule
    private let directory: SectionDirectory

    static func verify(_ module: BytecodeModule, directory: SectionDirectory, catalog: SchemaCatalog)
        throws(PolicyLoadError) -> Result
    {
        let verifier = BytecodeVerifier(module: module, directory: directory)
        try verifier.verifyTypes()
        let schemas = try verifier.verifyInputs(catalog)
        try verifier.verifyTables()
        for pc in module.code.indices { try verifier.verifyInstruction(pc, schemas: schemas) }
        let loops = try verifier.verifyControlFlow()
        try verifier.verifyChecks()
        try verifier.verifyDebug()
        return Result(schemas: schemas, loops: loops)
    }

    // MARK: Errors

    private func fail(_ code: PolicyLoadError.Code, _ section: SectionID, _ detail: String) -> PolicyLoadError {
        PolicyLoadError(code, section: section, offset: directory.start(section), detail)
    }

    private func fail(_ code: PolicyLoadError.Code, at pc: Int, _ detail: String) -> PolicyLoadError {
        let instruction = module.code[pc]
        return PolicyLoadError(
            code, section: .code, offset: directory.instruction(pc),
            "instruction \(pc) (\(instruction.opcode)): \(detail)")
    }

    // MARK: Types

    /// Whether `type` refers only to enums and records that exist, and has a shape the VM holds.
    private func isValid(_ type: TypeDescriptor, depth: Int = 0) -> Bool {
        guard depth < 8 else { return false }
        switch type {
        case .bool, .int, .string, .bytes, .svn, .time, .duration: return true
        case .enumeration(let id): return Int(id) < module.enums.count
        case .record(let id), .list(let id), .iterator(let id): return Int(id) < module.records.count
        case .set(let element): return element.isScalar && isValid(element, depth: depth + 1)
        case .array(let element), .arrayIterator(let element):
            return element.isScalar && isValid(element, depth: depth + 1)
        }
    }

    private func verifyTypes() throws(PolicyLoadError) {
        // Record fields may be scalars, arrays or lists (nested lists are walked like claims);
        // a record may not contain itself, directly or through a list.
        for (id, record) in module.records.enumerated() {
            for field in record.fields {
                switch field.type {
                case .record, .iterator, .arrayIterator, .set:
                    throw fail(.typeMismatch, .types, "record #\(id) field `\(field.name)` has type \(field.type)")
                default:
                    guard isValid(field.type) else {
                        throw fail(.indexOutOfRange, .types, "record #\(id) field `\(field.name)`: \(field.type)")
                    }
                }
            }
        }
        var state = [UInt8](repeating: 0, count: module.records.count)  // 0 new, 1 visiting, 2 done
        func acyclic(_ id: Int) -> Bool {
            if state[id] == 2 { return true }
            if state[id] == 1 { return false }
            state[id] = 1
            for field in module.records[id].fields {
                if case .list(let inner) = field.type, !acyclic(Int(inner)) { return false }
            }
            state[id] = 2
            return true
        }
        for id in module.records.indices where !acyclic(id) {
            throw fail(.typeMismatch, .types, "record #\(id) contains itself")
        }
        for (i, register) in module.registers.enumerated() {
            guard isValid(register) else {
                throw fail(.indexOutOfRange, .registers, "register r\(i) has type \(register)")
            }
            if case .set = register { throw fail(.typeMismatch, .registers, "register r\(i) cannot hold a set") }
        }
        for (i, param) in module.params.enumerated() {
            guard isValid(param.type), param.type.isScalar || param.type.kind == .set else {
                throw fail(.typeMismatch, .params, "param \(i) `\(param.name)` has type \(param.type)")
            }
        }
    }

    // MARK: Inputs and claim types

    private func verifyInputs(_ catalog: SchemaCatalog) throws(PolicyLoadError) -> [ClaimSchema] {
        guard module.inputs.count <= 255 else { throw fail(.limitExceeded, .inputs, "more than 255 inputs") }
        var schemas: [ClaimSchema] = []
        for input in module.inputs {
            guard
                let schema = catalog.resolve(
                    kind: input.kind, version: input.schemaVersion, fingerprint: input.schemaFingerprint)
            else {
                let known = catalog.schemas.filter { $0.kind == input.kind }.map { "v\($0.version)" }
                throw fail(
                    .unknownSchema, .inputs,
                    "input `\(input.name)` was compiled against a `\(input.kind)` claim schema (v\(input.schemaVersion), "
                        + "fingerprint \(Hex.encode(Array(input.schemaFingerprint.prefix(8))))…) this build does not know"
                        + (known.isEmpty ? "" : " (it knows \(input.kind) \(known.joined(separator: ", ")))"))
            }
            schemas.append(schema)
        }
        return schemas
    }

    /// Whether a schema's claim type is the bytecode type `type`.
    func matches(_ claim: ClaimType, _ type: TypeDescriptor, depth: Int = 0) -> Bool {
        guard depth < 8 else { return false }
        switch (claim, type) {
        case (.bool, .bool), (.int, .int), (.string, .string), (.time, .time): return true
        case (.bytes(let length), .bytes(let n)): return UInt32(truncatingIfNeeded: length ?? 0) == n
        case (.svn(let count), .svn(let n)): return count == Int(n)
        case (.enumeration(let e), .enumeration(let id)):
            return Int(id) < module.enums.count && module.enums[Int(id)].cases == e.cases
        case (.list(let shape), .list(let id)):
            guard Int(id) < module.records.count else { return false }
            let record = module.records[Int(id)]
            return record.fields.count == shape.fields.count
                && zip(record.fields, shape.fields).allSatisfy {
                    $0.name == $1.name && matches($1.type, $0.type, depth: depth + 1)
                }
        case (.array(let element), .array(let e)): return matches(element, e, depth: depth + 1)
        default: return false
        }
    }

    // MARK: Tables

    private func verifyTables() throws(PolicyLoadError) {
        for (i, constant) in module.constants.enumerated() {
            if case .enumeration(let id, let index) = constant {
                guard Int(id) < module.enums.count, Int(index) < module.enums[Int(id)].cases.count else {
                    throw fail(.indexOutOfRange, .constants, "constant k\(i): enum #\(id) case \(index)")
                }
            }
        }
        for (i, set) in module.sets.enumerated() {
            guard isValid(set.elementType) else {
                throw fail(.indexOutOfRange, .sets, "set s\(i) has element type \(set.elementType)")
            }
            if case .enumeration(let id) = set.elementType {
                for case .enumeration(_, let index) in set.elements
                where Int(index) >= module.enums[Int(id)].cases.count {
                    throw fail(
                        .indexOutOfRange, .sets, "set s\(i): enum case \(index) of \(module.enums[Int(id)].name)")
                }
            }
        }
        var claims = Set<TrustClaim>()
        for (i, trust) in module.trusts.enumerated() {
            guard claims.insert(trust.claim).inserted else {
                throw fail(.invalidTable, .trust, "trust entry t\(i) repeats the claim \(trust.claim)")
            }
            guard !trust.branches.isEmpty else { throw fail(.invalidTable, .trust, "trust entry t\(i) has no branch") }
        }
        guard module.checks.count < 0xFFFF else { throw fail(.limitExceeded, .checks, "more than 65534 checks") }
    }

    // MARK: Instructions

    private func register(_ r: UInt16, at pc: Int) throws(PolicyLoadError) -> TypeDescriptor {
        guard Int(r) < module.registers.count else {
            throw fail(.indexOutOfRange, at: pc, "register r\(r) (of \(module.registers.count))")
        }
        return module.registers[Int(r)]
    }

    /// Whether two scalar types compare: same kind, same enum, and for bytes and svn the same
    /// length unless one side accepts any length (0).
    private func compatible(_ x: TypeDescriptor, _ y: TypeDescriptor) -> Bool {
        switch (x, y) {
        case (.bytes(let a), .bytes(let b)): return a == 0 || b == 0 || a == b
        case (.svn(let a), .svn(let b)): return a == 0 || b == 0 || a == b
        case (.enumeration(let a), .enumeration(let b)): return a == b
        default: return x.isScalar && x == y
        }
    }

    private func verifyInstruction(_ pc: Int, schemas: [ClaimSchema]) throws(PolicyLoadError) {
        let i = module.code[pc]
        let layout = i.opcode.layout
        // Unused fields are zero (so a corrupted byte there is caught, not ignored).
        if layout.x == .unused, i.x != 0 { throw fail(.typeMismatch, at: pc, "x must be 0") }
        if layout.a == .unused, i.a != 0 { throw fail(.typeMismatch, at: pc, "a must be 0") }
        if layout.b == .unused, i.b != 0 { throw fail(.typeMismatch, at: pc, "b must be 0") }
        if layout.c == .unused, i.c != 0 { throw fail(.typeMismatch, at: pc, "c must be 0") }
        // Only `iter` and `next` write iterator registers.
        if layout.a == .destination || layout.a == .readWrite, i.opcode != .iterBegin, i.opcode != .iterNext {
            switch try register(i.a, at: pc) {
            case .iterator, .arrayIterator: throw fail(.typeMismatch, at: pc, "only iter/next write iterator r\(i.a)")
            default: break
            }
        }
        func expect(_ condition: Bool, _ detail: @autoclosure () -> String) throws(PolicyLoadError) {
            if !condition { throw fail(.typeMismatch, at: pc, detail()) }
        }
        func index(_ value: UInt16, _ count: Int, _ what: String) throws(PolicyLoadError) {
            if Int(value) >= count { throw fail(.indexOutOfRange, at: pc, "\(what) \(value) (of \(count))") }
        }
        let ta = try layout.a == .unused ? TypeDescriptor.bool : register(i.a, at: pc)
        switch i.opcode {
        case .loadConst:
            try index(i.b, module.constants.count, "constant")
            try expect(constant(module.constants[Int(i.b)], fits: ta), "constant k\(i.b) does not fit r\(i.a): \(ta)")
        case .loadBool:
            try expect(i.x <= 1 && ta == .bool, "loadb needs x 0/1 and a bool register")
        case .loadClaim:
            try index(UInt16(i.x), schemas.count, "input")
            guard let descriptor = schemas[Int(i.x)].descriptor(ClaimSlot(i.b)) else {
                throw fail(.indexOutOfRange, at: pc, "input \(i.x) has no claim slot \(i.b)")
            }
            try expect(
                matches(descriptor.type, ta), "claim `\(descriptor.path)` is \(descriptor.type), r\(i.a) is \(ta)")
        case .loadParam:
            try index(i.b, module.params.count, "param")
            try expect(module.params[Int(i.b)].type == ta, "param \(i.b) is not of r\(i.a)'s type \(ta)")
        case .loadNow: try expect(ta == .time, "now writes a time register")
        case .loadCheck:
            try index(i.b, module.checks.count, "check")
            try expect(ta == .bool, "getcheck writes a bool register")
        case .move: try expect(try register(i.b, at: pc) == ta, "move between different types")
        case .not:
            let tb = try register(i.b, at: pc)
            try expect(ta == .bool && tb == .bool, "not needs bool registers")
        case .and, .or:
            let (tb, tc) = (try register(i.b, at: pc), try register(i.c, at: pc))
            try expect(ta == .bool && tb == .bool && tc == .bool, "\(i.opcode) needs bool registers")
        case .jump: break
        case .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue: try expect(ta == .bool, "a conditional jump tests a bool")
        case .taint: _ = try register(i.b, at: pc)
        case .eq, .ne, .lt, .le, .gt, .ge:
            let (tb, tc) = (try register(i.b, at: pc), try register(i.c, at: pc))
            let kind = ValueKind(rawValue: i.x)
            try expect(kind != nil && tb.kind == kind && tc.kind == kind, "operands are not of kind x=\(i.x)")
            try expect(compatible(tb, tc), "cannot compare \(tb) with \(tc)")
            if i.opcode != .eq, i.opcode != .ne {
                let ordered = kind == .int || kind == .time || kind == .duration || kind == .svn
                try expect(ordered, "no order on \(tb)")
            }
            try expect(ta == .bool, "a comparison writes a bool")
        case .inSet:
            try index(i.c, module.sets.count, "set")
            try expect(
                try compatible(register(i.b, at: pc), module.sets[Int(i.c)].elementType) && ta == .bool,
                "value is not of set s\(i.c)'s element type")
        case .inParam:
            try index(i.c, module.params.count, "param")
            guard case .set(let element) = module.params[Int(i.c)].type else {
                throw fail(.typeMismatch, at: pc, "param \(i.c) is not a set")
            }
            try expect(try compatible(register(i.b, at: pc), element) && ta == .bool, "value is not of the set's type")
        case .inArray:
            guard case .array(let element) = try register(i.c, at: pc) else {
                throw fail(.typeMismatch, at: pc, "inarray needs an array register in c")
            }
            try expect(
                try compatible(register(i.b, at: pc), element) && ta == .bool, "value is not of the array's type")
        case .add, .sub:
            let (tb, tc) = (try register(i.b, at: pc), try register(i.c, at: pc))
            switch ArithmeticForm(rawValue: i.x) {
            case .int?: try expect(ta == .int && tb == .int && tc == .int, "int arithmetic on non-ints")
            case .timeDuration?:
                try expect(ta == .time && tb == .time && tc == .duration, "time ± duration needs time, duration")
            case .duration?:
                try expect(
                    ta == .duration && tb == .duration && tc == .duration, "duration arithmetic on non-durations")
            case .timeDifference?:
                try expect(i.opcode == .sub && ta == .duration && tb == .time && tc == .time, "time − time")
            case nil: throw fail(.typeMismatch, at: pc, "unknown arithmetic form \(i.x)")
            }
        case .neg:
            let tb = try register(i.b, at: pc)
            try expect((tb == .int || tb == .duration) && tb.kind.rawValue == i.x && ta == tb, "neg on int or duration")
        case .len:
            let tb = try register(i.b, at: pc)
            let measurable = [ValueKind.string, .bytes, .svn, .list, .array].contains(tb.kind)
            try expect(measurable && tb.kind.rawValue == i.x && ta == .int, "len of \(tb)")
        case .startsWith:
            let (tb, tc) = (try register(i.b, at: pc), try register(i.c, at: pc))
            try expect(
                (i.x == ValueKind.string.rawValue || i.x == ValueKind.bytes.rawValue) && tb.kind.rawValue == i.x
                    && tc.kind.rawValue == i.x && ta == .bool, "starts_with on \(tb), \(tc)")
        case .matches:
            try index(i.c, module.regexes.count, "regex")
            try expect(try register(i.b, at: pc) == .string && ta == .bool, "matches needs a string")
        case .hex:
            guard case .bytes = try register(i.b, at: pc) else { throw fail(.typeMismatch, at: pc, "hex needs bytes") }
            try expect(ta == .string, "hex writes a string")
        case .index:
            let (tb, tc) = (try register(i.b, at: pc), try register(i.c, at: pc))
            try expect(tc == .int && tb.kind.rawValue == i.x, "index needs an int and a base of kind x")
            switch tb {
            case .svn, .bytes: try expect(ta == .int, "svn and bytes elements are ints")
            case .list(let id): try expect(ta == .record(id: id), "a list element is its record")
            case .array(let element): try expect(ta == element, "an array element is of its element type")
            default: throw fail(.typeMismatch, at: pc, "cannot index \(tb)")
            }
        case .field:
            guard case .record(let id) = try register(i.b, at: pc) else {
                throw fail(.typeMismatch, at: pc, "field reads a record register")
            }
            let fields = module.records[Int(id)].fields
            try index(i.c, fields.count, "field")
            try expect(fields[Int(i.c)].type == ta, "field `\(fields[Int(i.c)].name)` is not of r\(i.a)'s type")
        case .iterBegin:
            switch (ta, try register(i.b, at: pc)) {
            case (.iterator(let a), .list(let b)) where a == b: break
            case (.arrayIterator(let a), .array(let b)) where a == b: break
            default: throw fail(.typeMismatch, at: pc, "iter needs an iterator over the list's (array's) elements")
            }
        case .iterNext:
            switch ta {
            case .iterator, .arrayIterator: break
            default: throw fail(.typeMismatch, at: pc, "next advances an iterator register")
            }
        case .iterElem:
            switch (try register(i.b, at: pc), ta) {
            case (.iterator(let a), .record(let b)) where a == b: break
            case (.arrayIterator(let element), let target) where target == element: break
            default: throw fail(.typeMismatch, at: pc, "elem writes the iterator's element type")
            }
        case .countIf:
            let tb = try register(i.b, at: pc)
            try expect(ta == .int && tb == .bool, "countif needs an int and a bool")
        case .check:
            try index(i.b, module.checks.count, "check")
            try expect(ta == .bool && i.x & ~CheckFlags.decisive.rawValue == 0, "check records a bool")
        case .rule:
            try index(i.b, module.rules.count, "rule")
            try expect(ta == .bool, "rule records a bool")
        case .trust:
            try index(i.b, module.trusts.count, "trust entry")
            try index(UInt16(i.x), module.trusts[Int(i.b)].branches.count, "branch")
        }
    }

    /// Whether a constant may be loaded into a register of `type`.
    private func constant(_ value: BytecodeValue, fits type: TypeDescriptor) -> Bool {
        switch (value, type) {
        case (.bool, .bool), (.int, .int), (.string, .string), (.time, .time), (.duration, .duration): return true
        case (.bytes(let b), .bytes(let n)): return n == 0 || b.count == Int(n)
        case (.svn(let c), .svn(let n)): return n == 0 || c.count == Int(n)
        case (.enumeration(let id, _), .enumeration(let expected)): return id == expected
        default: return false
        }
    }

    // MARK: Control flow (BYTECODE.md §7.4)

    private func verifyControlFlow() throws(PolicyLoadError) -> [(begin: Int, end: Int)] {
        let code = module.code
        var loops: [(begin: Int, end: Int)] = []
        for (pc, i) in code.enumerated() {
            switch i.opcode {
            case .iterBegin:
                let end = pc + 1 + Int(i.c)
                guard end < code.count, code[end].opcode == .iterNext, code[end].a == i.a, code[end].c == i.c else {
                    throw fail(.invalidLoop, at: pc, "iter has no matching next at \(end)")
                }
                loops.append((pc, end))
            case .iterNext:
                let begin = pc - Int(i.c) - 1
                guard begin >= 0, code[begin].opcode == .iterBegin, code[begin].a == i.a, code[begin].c == i.c else {
                    throw fail(.invalidLoop, at: pc, "next has no matching iter at \(begin)")
                }
            case .jump, .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue:
                let target = pc + 1 + Int(i.jumpOffset)
                guard target <= code.count else {
                    throw fail(.invalidJump, at: pc, "jump target \(target) beyond the code (\(code.count))")
                }
            default: break
            }
        }
        // Loops nest: sorted by start, each one either inside the enclosing one or after it.
        // `innermost[pc]` is the innermost loop whose body `(begin, end]` holds `pc`.
        var innermost = [Int32](repeating: -1, count: code.count)
        var parent = [Int](repeating: -1, count: loops.count)
        var stack: [Int] = []
        for (index, loop) in loops.enumerated() {
            while let top = stack.last, loops[top].end < loop.begin { stack.removeLast() }
            if let top = stack.last, loop.end > loops[top].end {
                throw fail(.invalidLoop, at: loop.begin, "the loop overlaps the loop at \(loops[top].begin)")
            }
            parent[index] = stack.last ?? -1
            stack.append(index)
            guard stack.count <= Self.maximumLoopDepth else {
                throw fail(.limitExceeded, at: loop.begin, "loops nest deeper than \(Self.maximumLoopDepth)")
            }
            for pc in (loop.begin + 1)...loop.end { innermost[pc] = Int32(index) }
        }
        func inside(_ pc: Int, _ loop: Int) -> Bool { pc > loops[loop].begin && pc <= loops[loop].end }
        for (pc, i) in code.enumerated() {
            // No jump enters a loop body from outside it.
            if let target = i.target(at: pc), target < code.count, i.opcode != .iterNext {
                let loop = Int(innermost[target])
                if loop >= 0, !inside(pc, loop), !(i.opcode == .iterBegin && loops[loop].begin == pc) {
                    throw fail(.invalidJump, at: pc, "jump to \(target) enters the loop at \(loops[loop].begin)")
                }
            }
            // No instruction in a body writes its loops' list or iterator registers.
            var written: [UInt16] = []
            let layout = i.opcode.layout
            if layout.a == .destination || layout.a == .readWrite { written.append(i.a) }
            var loop = Int(innermost[pc])
            while loop >= 0 {
                let (begin, end) = loops[loop]
                if pc != end {
                    let header = code[begin]
                    for r in written where r == header.a || r == header.b {
                        throw fail(.invalidLoop, at: pc, "writes r\(r), the list or iterator of the loop at \(begin)")
                    }
                }
                loop = parent[loop]
            }
        }
        return loops
    }

    // MARK: Checks and debug information

    private func verifyChecks() throws(PolicyLoadError) {
        for (index, check) in module.checks.enumerated() {
            let (start, end) = (Int(check.codeStart), Int(check.codeEnd))
            guard start < end, end <= module.code.count, module.code[end - 1].opcode == .check,
                Int(module.code[end - 1].b) == index
            else {
                throw fail(
                    .invalidTable, .checks,
                    "check c\(index) `\(check.name)`: code \(start)..<\(end) does not end with its check")
            }
        }
    }

    private func verifyDebug() throws(PolicyLoadError) {
        guard let debug = module.debug else { return }
        for (n, site) in debug.sites.enumerated() {
            guard Int(site.instruction) < module.code.count,
                site.check == 0xFFFF || Int(site.check) < module.checks.count
            else { throw fail(.indexOutOfRange, .debug, "explanation site \(n) is out of range") }
        }
    }
}
