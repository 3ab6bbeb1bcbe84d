import Claims
import Crypto
import Evidence
import PolicyBytecode

/// A compiled policy ready to evaluate: read, verified and decoded once, then shared read-only
/// by any number of threads (load once, evaluate many).
///
/// ```swift
/// let policy = try LoadedPolicy(
///     bytecode: Array(try Data(contentsOf: apbURL)),
///     parameters: try PolicyParameters(json: Array(try Data(contentsOf: refsURL))))
/// let verdict = policy.evaluate(claims: [tdxClaims], at: Timestamp(secondsSinceEpoch: now))
/// if verdict.decision == .deny { print(verdict.explain()) }
/// ```
///
/// Loading checks everything BYTECODE.md §7 requires (magic, version, section bounds, every
/// index, operand types, jumps and loops, the claim schemas) and binds the parameters; after it
/// succeeds no evaluation can trap, read out of bounds or loop without bound. The instructions
/// are decoded into a specialized form, constants and parameters are materialized into the VM's
/// value representation, and constant sets and set parameters become ready-to-probe tables.
public final class LoadedPolicy: Sendable {
    /// The policy input `input NAME: KIND` and the claim schema it binds to.
    public struct Input: Sendable {
        public let name: String
        public let kind: String
        public let schema: ClaimSchema
    }

    /// The decoded module (tables, debug information), for explanations and listings.
    public let module: BytecodeModule
    /// `policy "NAME"`.
    public let name: String
    /// `version N`.
    public let version: Int64
    /// SHA-256 of the bytecode file.
    public let hash: [UInt8]
    /// SHA-256 of the parameters file, when one was bound.
    public let parametersDigest: [UInt8]?
    /// The details every verdict of this policy carries (its identity and parameters digest).
    let verdictDetails: VerdictDetails
    public let inputs: [Input]
    /// The most loop iterations one evaluation may run before it stops with an error: a
    /// defence against policies whose nested quantifiers would take impractically long.
    public let loopBudget: Int

    let code: [VMInstruction]
    let registerCount: Int
    let constants: [VMValue]
    let paramSets: [ProbeSet?]
    let sets: [ProbeSet]
    let regexes: [VMRegex]
    /// The arenas of constants and parameters (bytes, svn components), in memory this object
    /// owns for its lifetime, so an evaluation borrows them without a closure per arena
    /// (written once in `init`, never mutated).
    nonisolated(unsafe) let policyBytesBuffer: UnsafeBufferPointer<UInt8>
    nonisolated(unsafe) let policyIntsBuffer: UnsafeBufferPointer<Int64>
    let columns: [ClaimColumn]
    /// What converting claims into columns needs of ``columns`` (no strings, nothing to
    /// retain), ordered by input so each claim set's values are borrowed once.
    nonisolated(unsafe) let columnReads: UnsafeBufferPointer<ColumnRead>
    /// Conversion plans of the columns (and of their fields and elements).
    nonisolated(unsafe) let plansBuffer: UnsafeBufferPointer<ValuePlan>
    /// ``sets`` and the set parameters (an empty set for scalar params) in memory this object
    /// owns, so the VM probes them in place.
    nonisolated(unsafe) let setsBuffer: UnsafeBufferPointer<ProbeTable>
    nonisolated(unsafe) let paramSetsBuffer: UnsafeBufferPointer<ProbeTable>
    /// ``code`` (what the explainer's tracer runs, one instruction per bytecode instruction),
    /// the same with superinstructions where instructions can be fused (what evaluation runs),
    /// ``constants`` and the scalar parameters' values, in memory this object owns, so an
    /// evaluation reads them in place without a closure (or a retain) per array.
    nonisolated(unsafe) let codeBuffer: UnsafeBufferPointer<VMInstruction>
    nonisolated(unsafe) let fusedCodeBuffer: UnsafeBufferPointer<VMInstruction>
    nonisolated(unsafe) let constantsBuffer: UnsafeBufferPointer<VMValue>
    nonisolated(unsafe) let paramValuesBuffer: UnsafeBufferPointer<VMValue>
    /// The `any` loops ``fusedCodeBuffer`` runs with `seekAny` (see ``SeekPlan``).
    nonisolated(unsafe) let seekPlansBuffer: UnsafeBufferPointer<SeekPlan>
    /// The rules and trust entries as a table over check outcomes, when the policy's decision
    /// code qualifies (see ``DecisionTable``).
    nonisolated(unsafe) let decision: DecisionTable?
    /// What computing only the decision runs, when the policy has a ``decision`` table.
    let decisionPlan: DecisionPlan?
    /// ``columnReads`` of the columns ``decisionPlan`` reads.
    nonisolated(unsafe) let decisionColumnReads: UnsafeBufferPointer<ColumnRead>
    let loops: [(begin: Int, end: Int)]
    let allowRules: [Int]
    let denyRules: [Int]
    /// Bit `i` set for each `allow` (`deny`) rule `i` below 64.
    let allowRuleMask: UInt64
    let denyRuleMask: UInt64
    /// The claim of each trust entry, in trust-table order.
    let trustClaims: [TrustClaim]
    /// The frame arrays of this policy's batches that are gone, for its next batch.
    let framePool = FrameMemoryPool()

    /// The policy identity a verdict carries.
    public var identity: Verdict.PolicyIdentity { verdictDetails.fields.policy }

    /// Loads and verifies `bytecode` and binds `parameters` to its `param` declarations.
    ///
    /// - Parameters:
    ///   - bytecode: the `.apb` file's bytes.
    ///   - parameters: reference values; required when the policy declares params.
    ///   - schemas: the claim schemas the policy may name (default: this build's).
    ///   - loopBudget: the most loop iterations per evaluation (default 10 million).
    /// - Throws: ``PolicyLoadError`` naming the section and byte offset of the first problem.
    public init(
        bytecode: [UInt8], parameters: PolicyParameters = .none, schemas: SchemaCatalog = .builtIn,
        loopBudget: Int = 10_000_000
    ) throws(PolicyLoadError) {
        let module: BytecodeModule
        do {
            module = try BytecodeReader.read(bytecode)
        } catch {
            throw PolicyLoadError(error)
        }
        let directory = SectionDirectory(bytecode)
        let verified = try BytecodeVerifier.verify(module, directory: directory, catalog: schemas)

        self.module = module
        self.name = module.metadata.name
        self.version = module.metadata.version
        self.hash = Array(SHA256.hash(data: bytecode))
        self.loopBudget = max(0, loopBudget)
        self.inputs = zip(module.inputs, verified.schemas).map { Input(name: $0.name, kind: $0.kind, schema: $1) }
        self.registerCount = module.registers.count
        self.loops = verified.loops

        var arena = PolicyArena()
        self.constants = module.constants.map { arena.value($0) }
        var sets: [ProbeSet] = []
        for table in module.sets {
            let elements = table.elements.map { arena.value($0) }
            sets.append(
                ProbeSet(
                    elementClass: ElementClass(table.elementType), elements: elements, policyBytes: arena.bytes,
                    policyInts: arena.ints))
        }

        // Parameters: every declared param bound, every name in the file declared.
        if !module.params.isEmpty, parameters.digest.isEmpty, parameters.values.isEmpty {
            throw PolicyLoadError(
                .parameters, section: .params, offset: directory.start(.params),
                "the policy declares params (\(module.params.map(\.name).joined(separator: ", "))): bind them with a parameters file"
            )
        }
        let declared = Set(module.params.map(\.name))
        for name in parameters.names where !declared.contains(name) {
            throw PolicyLoadError(
                .parameters, section: .params, offset: directory.start(.params),
                "`\(name)` is not a param of policy \"\(module.metadata.name)\"; its params are "
                    + module.params.map { "`\($0.name)`" }.joined(separator: ", "))
        }
        var paramValues: [VMValue] = []
        var paramSets: [ProbeSet?] = []
        for param in module.params {
            guard let json = parameters.values[param.name] else {
                throw PolicyLoadError(
                    .parameters, section: .params, offset: directory.start(.params),
                    "param `\(param.name)` (\(Disassembler.typeName(param.type, module))) has no value")
            }
            func problem(_ message: String) -> PolicyLoadError {
                PolicyLoadError(
                    .parameters, section: .params, offset: directory.start(.params),
                    "param `\(param.name)` (\(Disassembler.typeName(param.type, module))): \(message)")
            }
            if case .set(let element) = param.type {
                guard case .array(let items) = json else {
                    throw problem("expected an array, got \(json.summary)")
                }
                var elements: [VMValue] = []
                for (position, item) in items.enumerated() {
                    switch arena.parameter(item, element, enums: module.enums) {
                    case .success(let v): elements.append(v)
                    case .failure(let failure): throw problem("element \(position): \(failure.message)")
                    }
                }
                paramValues.append(.missing)
                paramSets.append(
                    ProbeSet(
                        elementClass: ElementClass(element), elements: elements, policyBytes: arena.bytes,
                        policyInts: arena.ints))
            } else {
                switch arena.parameter(json, param.type, enums: module.enums) {
                case .success(let v): paramValues.append(v)
                case .failure(let failure): throw problem(failure.message)
                }
                paramSets.append(nil)
            }
        }
        self.parametersDigest = module.params.isEmpty && parameters.digest.isEmpty ? nil : parameters.digest
        self.verdictDetails = VerdictDetails(
            .init(
                policy: .init(name: name, version: version, hash: hash), parametersDigest: self.parametersDigest))
        self.paramSets = paramSets
        self.sets = sets
        self.setsBuffer = UnsafeBufferPointer.allocatedCopy(of: sets.map(ProbeTable.init(copying:)))
        self.paramSetsBuffer = UnsafeBufferPointer.allocatedCopy(
            of:
                paramSets.map {
                    ProbeTable(
                        copying: $0 ?? ProbeSet(elementClass: .word, elements: [], policyBytes: [], policyInts: []))
                })
        self.regexes = module.regexes.map(VMRegex.init)
        self.policyBytesBuffer = UnsafeBufferPointer.allocatedCopy(of: arena.bytes)
        self.policyIntsBuffer = UnsafeBufferPointer.allocatedCopy(of: arena.ints)
        self.allowRules = module.rules.indices.filter { module.rules[$0].kind == .allow }
        self.denyRules = module.rules.indices.filter { module.rules[$0].kind == .deny }
        self.trustClaims = module.trusts.map(\.claim)
        func mask(_ kind: BytecodeModule.Rule.Kind) -> UInt64 {
            module.rules.indices.filter { $0 < 64 && module.rules[$0].kind == kind }.reduce(0) {
                $0 | (1 << UInt64($1))
            }
        }
        self.allowRuleMask = mask(.allow)
        self.denyRuleMask = mask(.deny)

        // Decode the instructions; claim reads become column indices.
        var columns: [ClaimColumn] = []
        var plans: [ValuePlan] = []
        // A column per claim and register type: two record types of one shape (a module may
        // declare both, the verifier matches claims by shape) can hold different fields
        // (RecordLayout), so a claim read as each is converted once for each.
        var columnIndex: [ColumnKey: Int] = [:]
        let layout = RecordLayout(module)
        var code: [VMInstruction] = []
        code.reserveCapacity(module.code.count)
        for (pc, i) in module.code.enumerated() {
            var column = 0
            if i.opcode == .loadClaim {
                let key = ColumnKey(input: Int(i.x), slot: Int(i.b), type: module.registers[Int(i.a)])
                if let known = columnIndex[key] {
                    column = known
                } else {
                    column = columns.count
                    columnIndex[key] = column
                    let input = inputs[Int(i.x)]
                    let path = input.schema.descriptor(ClaimSlot(i.b))?.path ?? "#\(i.b)"
                    let type = module.registers[Int(i.a)]
                    columns.append(
                        ClaimColumn(
                            input: Int(i.x), slot: ClaimSlot(i.b), type: type,
                            path: input.name + path.dropFirst(input.kind.count),
                            plan: ValuePlan.add(type, module: module, layout: layout, to: &plans)))
                }
            }
            code.append(Self.decode(i, at: pc, module: module, layout: layout, column: column))
        }
        self.code = code
        self.codeBuffer = UnsafeBufferPointer.allocatedCopy(of: code)
        self.constantsBuffer = UnsafeBufferPointer.allocatedCopy(of: constants)
        let decision = DecisionTable(
            code: codeBuffer, checkCount: module.checks.count, ruleCount: module.rules.count,
            registerCount: module.registers.count, constants: constantsBuffer)
        self.decision = decision
        let (unfused, allowMask, denyMask) = (codeBuffer, allowRuleMask, denyRuleMask)
        let decisionPlan = decision.flatMap {
            DecisionPlan(table: $0, code: unfused, allowMask: allowMask, denyMask: denyMask, loops: verified.loops)
        }
        self.decisionPlan = decisionPlan
        // Where a decision-only run stops is a barrier to fusion, as a jump target is: no
        // superinstruction starts before it and runs on past it.
        let barriers = Self.jumpTargets(module.code).union(decisionPlan.map { [$0.end] } ?? [])
        var fusedCode = Self.fuse(code, targets: barriers)
        self.seekPlansBuffer = UnsafeBufferPointer.allocatedCopy(
            of: SeekPlan.fuse(&fusedCode, code: code, targets: barriers, constants: constants))
        self.fusedCodeBuffer = UnsafeBufferPointer.allocatedCopy(of: fusedCode)
        self.paramValuesBuffer = UnsafeBufferPointer.allocatedCopy(of: paramValues)
        self.columns = columns
        self.columnReads = UnsafeBufferPointer.allocatedCopy(
            of:
                columns.enumerated().map {
                    ColumnRead(column: $0, input: $1.input, slot: Int($1.slot.rawValue), plan: $1.plan)
                }
                .sorted { ($0.input, $0.column) < ($1.input, $1.column) })
        self.plansBuffer = UnsafeBufferPointer.allocatedCopy(of: plans)
        let decisionColumns = decisionPlan?.columns(of: unfused)
        self.decisionColumnReads = UnsafeBufferPointer.allocatedCopy(
            of: Array(columnReads).filter { decisionColumns?.contains($0.column) ?? true })
    }

    deinit {
        policyBytesBuffer.deallocate()
        policyIntsBuffer.deallocate()
        plansBuffer.deallocate()
        codeBuffer.deallocate()
        fusedCodeBuffer.deallocate()
        constantsBuffer.deallocate()
        paramValuesBuffer.deallocate()
        columnReads.deallocate()
        decisionColumnReads.deallocate()
        decision?.deallocate()
        seekPlansBuffer.deallocate()
        for buffer in [setsBuffer, paramSetsBuffer] {
            for table in buffer { table.deallocate() }
            buffer.deallocate()
        }
    }

    /// One claim the policy reads, as the column writer reads it: the column's index, the
    /// input, the slot and the conversion plan.
    struct ColumnRead {
        let column: Int
        let input: Int
        let slot: Int
        let plan: Int
    }

    /// Every pc some instruction of `code` may jump to (jumps, and a loop's `iter` and `next`).
    static func jumpTargets(_ code: [Instruction]) -> Set<Int> {
        var targets = Set<Int>()
        for (pc, i) in code.enumerated() {
            if let target = i.target(at: pc) { targets.insert(target) }
        }
        return targets
    }

    /// `code` with runs of two or three instructions fused into superinstructions. A run
    /// `i, i + 1 (, i + 2)` is fused only when no jump (nor a loop's `iter` or `next`) targets
    /// `i + 1` (or `i + 2`), so control reaches them only from `i`; the fused instruction at `i`
    /// does what the run does and continues where the run would (the originals after `i` stay in
    /// place), so no index changes. The one exception is `or; jt; next`: the `next` is its
    /// `iter`'s target, and it stays in place for that jump while the fused instruction at `i`
    /// does what it does when reached from the `jt`. `targets` holds every jump target and any
    /// other position no run may cover (where a decision-only run stops, ``DecisionPlan/end``).
    static func fuse(_ code: [VMInstruction], targets: Set<Int>) -> [VMInstruction] {
        var fused = code
        let wordComparisons = VMInstruction.Operation.wordComparisons
        let jumps: [VMInstruction.Operation] = [.jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue]
        // Jump when the result is false (bit 4), true (bit 5), missing (bit 6).
        let jumpMasks: [UInt8] = [0b001, 0b010, 0b101]
        var pc = 0
        while pc + 1 < code.count {
            let (first, second) = (code[pc], code[pc + 1])
            defer { pc += 1 }
            guard !targets.contains(pc + 1) else { continue }
            /// The jump at `position` on register `register` that may join a fused group, as its
            /// x mask (bits 4–6) and target.
            func joinableJump(at position: Int, on register: UInt16) -> (mask: UInt8, target: UInt32)? {
                guard position < code.count, !targets.contains(position), code[position].a == register,
                    let jump = jumps.firstIndex(of: code[position].operation)
                else { return nil }
                return (jumpMasks[jump] << 4, code[position].n)
            }
            if first.operation == .loadClaim, let (check, length) = claimCheck(at: pc, code, targets) {
                fused[pc] = check
                pc += length - 2  // the rest of the run below
            } else if first.operation == .loadClaim, second.operation == .loadFalse || second.operation == .loadTrue,
                second.a != first.a, pc + 2 < code.count, !targets.contains(pc + 2), code[pc + 2].b == first.a,
                let loopNext = firstIteration(at: pc + 2, code), loopNext <= Int(UInt16.max)
            {
                // `claim L; loadb A; iter I, L` and the loop's first `next`.
                let iterator = code[pc + 2]
                fused[pc] = VMInstruction(
                    operation: .claimIterFirst, x: second.operation == .loadTrue ? 1 : 0, a: first.a, b: second.a,
                    c: iterator.a, n: first.n, e: UInt16(loopNext))
                pc += 1  // and the third below
            } else if first.operation == .iterBegin, let loopNext = firstIteration(at: pc, code) {
                fused[pc] = VMInstruction(
                    operation: .iterFirst, x: 0, a: first.a, b: first.b, c: 0, n: UInt32(loopNext))
                continue  // the loop's first instruction may start a pair
            } else if first.operation == .loadCheck, let jump = joinableJump(at: pc + 1, on: first.a) {
                fused[pc] = VMInstruction(
                    operation: .loadCheckJump, x: jump.mask, a: first.a, b: 0, c: 0, n: jump.target, d: first.b)
            } else if first.operation == .loadCheck, second.operation == .and,
                second.b == first.a || second.c == first.a
            {
                // `and` is commutative (Kleene), so the check's register goes to c.
                let other = second.b == first.a ? second.c : second.b
                let jump = joinableJump(at: pc + 2, on: second.a)
                fused[pc] = VMInstruction(
                    operation: .andCheck, x: jump.map { 0x80 | $0.mask } ?? 0, a: second.a, b: other, c: first.a,
                    n: jump?.target ?? 0, d: first.b)
                if jump != nil { pc += 1 }  // and the third below
            } else if first.operation == .or, second.operation == .jumpIfTrue, second.a == first.a,
                pc + 2 < code.count, code[pc + 2].operation == .iterNext,
                case let back = pc + 2 - Int(code[pc + 2].n), back > 0, back <= Int(UInt16.max)
            {
                // The `next` may be a jump target (its `iter` jumps to it): it stays in place for
                // that, and the fused instruction does what it does when reached from the `jt`.
                fused[pc] = VMInstruction(
                    operation: .orJumpIfTrueNext, x: 0, a: first.a, b: first.b, c: first.c, n: second.n,
                    d: code[pc + 2].a, e: UInt16(back))
                pc += 1  // `next` stays unfused: `iter` jumps to it
            } else if first.operation == .loadConst, wordComparisons.contains(second.operation),
                second.b == first.a || second.c == first.a, second.b != second.c, pc + 2 < code.count,
                !targets.contains(pc + 2), let jump = jumps.firstIndex(of: code[pc + 2].operation),
                code[pc + 2].a == second.a, first.b <= 0xFFFF
            {
                let constantOnLeft = second.b == first.a
                let jumpMask = jumpMasks[jump]
                fused[pc] = VMInstruction(
                    operation: .compareWordConstantJump,
                    x: Interpreter.orderingMask(second.operation) | (constantOnLeft ? 8 : 0) | jumpMask << 4,
                    a: second.a, b: constantOnLeft ? second.c : second.b, c: first.a, n: code[pc + 2].n, d: first.b)
                pc += 1  // and the third below
            } else if first.operation == .elementRecord, second.operation == .field, second.b == first.a,
                second.a != first.a
            {
                fused[pc] = VMInstruction(
                    operation: .elementField, x: 0, a: second.a, b: first.b, c: second.c, n: first.n, d: first.a)
            } else if first.operation == .loadConst, wordComparisons.contains(second.operation),
                second.b == first.a || second.c == first.a, second.b != second.c
            {
                let constantOnLeft = second.b == first.a
                fused[pc] = VMInstruction(
                    operation: .compareWordConstant,
                    x: Interpreter.orderingMask(second.operation) | (constantOnLeft ? 8 : 0), a: second.a,
                    b: constantOnLeft ? second.c : second.b, c: first.a, n: UInt32(first.b))
            } else if VMInstruction.Operation.comparisons.contains(first.operation), second.operation == .check,
                second.a == first.a
            {
                fused[pc] = VMInstruction(
                    operation: .compareCheck, x: first.operation.rawValue, a: first.a, b: first.b, c: first.c, n: 0,
                    d: second.b)
            } else if first.operation == .taint, second.operation == .check, second.a == first.a {
                fused[pc] = VMInstruction(
                    operation: .taintCheck, x: 0, a: first.a, b: first.b, c: 0, n: 0, d: second.b)
            } else if first.operation == .loadConst, second.operation == .add || second.operation == .sub,
                second.b == first.a || second.c == first.a
            {
                fused[pc] = VMInstruction(
                    operation: .arithmeticConstant, x: second.operation == .sub ? 1 : 0, a: second.a, b: second.b,
                    c: second.c, n: 0, d: first.a, e: first.b)
            } else if first.operation == .or, second.operation == .jumpIfTrue, second.a == first.a {
                fused[pc] = VMInstruction(
                    operation: .orJumpIfTrue, x: 0, a: first.a, b: first.b, c: first.c, n: second.n)
            } else if first.operation == .and, second.operation == .jumpIfFalse, second.a == first.a {
                fused[pc] = VMInstruction(
                    operation: .andJumpIfFalse, x: 0, a: first.a, b: first.b, c: first.c, n: second.n)
            } else {
                continue
            }
            pc += 1  // the second instruction of a pair starts no other pair
        }
        return fused
    }

    /// The pc of the `next` that the `iter` at `pc` jumps to, when that `next` goes back to
    /// `pc + 1` (the loop's first instruction, as the compiler lays loops out).
    static func firstIteration(at pc: Int, _ code: [VMInstruction]) -> Int? {
        guard pc < code.count, code[pc].operation == .iterBegin else { return nil }
        let loopNext = Int(code[pc].n)
        guard loopNext < code.count, code[loopNext].operation == .iterNext, code[loopNext].a == code[pc].a,
            Int(code[loopNext].n) == pc + 1
        else { return nil }
        return loopNext
    }

    /// A check on one claim fused into one instruction, and the length of the run it replaces:
    /// `claim; check`, `claim; not; check`, `claim; inset|inparam; check` and
    /// `claim; loadk; cmp; check` (BYTECODE.md §6), each writing the registers the run writes.
    /// `nil` when the run at `pc` has none of these shapes or a jump enters it.
    static func claimCheck(at pc: Int, _ code: [VMInstruction], _ targets: Set<Int>) -> (VMInstruction, Int)? {
        let claim = code[pc]
        /// Whether `length` instructions from `pc` exist, no jump entering after the first,
        /// and the last is `check` on `register`.
        func run(_ length: Int, checking register: UInt16) -> Bool {
            pc + length <= code.count && !(pc + 1..<pc + length).contains(where: targets.contains)
                && code[pc + length - 1].operation == .check && code[pc + length - 1].a == register
        }
        guard pc + 1 < code.count else { return nil }
        let second = code[pc + 1]
        if run(2, checking: claim.a) {
            return (
                VMInstruction(operation: .claimCheck, x: 0, a: claim.a, b: 0, c: 0, n: claim.n, d: code[pc + 1].b), 2
            )
        }
        if second.operation == .not, second.b == claim.a, run(3, checking: second.a) {
            return (
                VMInstruction(
                    operation: .claimNotCheck, x: 0, a: second.a, b: claim.a, c: 0, n: claim.n, d: code[pc + 2].b), 3
            )
        }
        if second.operation == .inSet || second.operation == .inParam, second.b == claim.a,
            run(3, checking: second.a)
        {
            return (
                VMInstruction(
                    operation: .claimMemberCheck, x: second.operation == .inParam ? 1 : 0, a: second.a, b: claim.a,
                    c: second.c, n: claim.n, d: code[pc + 2].b), 3
            )
        }
        guard pc + 2 < code.count, second.operation == .loadConst, second.a != claim.a else { return nil }
        let compare = code[pc + 2]
        let claimOnLeft = compare.b == claim.a && compare.c == second.a
        guard VMInstruction.Operation.comparisons.contains(compare.operation),
            claimOnLeft || (compare.b == second.a && compare.c == claim.a),
            compare.operation.rawValue < 0x80, run(4, checking: compare.a)
        else { return nil }
        return (
            VMInstruction(
                operation: .claimCompareCheck, x: compare.operation.rawValue | (claimOnLeft ? 0x80 : 0), a: compare.a,
                b: compare.b, c: compare.c, n: claim.n, d: code[pc + 3].b, e: second.b), 4
        )
    }

    /// What makes a claim column: the claim, and the type its registers have.
    private struct ColumnKey: Hashable {
        let input: Int
        let slot: Int
        let type: TypeDescriptor
    }

    /// The VM form of a verified instruction.
    /// Records are laid out as `layout` says: `field` reads the field's cell within the record,
    /// and a list's records are the layout's stride apart.
    private static func decode(
        _ i: Instruction, at pc: Int, module: BytecodeModule, layout: RecordLayout, column: Int
    ) -> VMInstruction {
        typealias Op = VMInstruction.Operation
        func op(_ operation: Op, n: UInt32 = 0, x: UInt8 = 0) -> VMInstruction {
            VMInstruction(operation: operation, x: x, a: i.a, b: i.b, c: i.c, n: n)
        }
        func register(_ r: UInt16) -> TypeDescriptor { module.registers[Int(r)] }
        func stride(_ id: UInt16) -> UInt32 { UInt32(layout.stride(Int(id))) }
        let target = UInt32(truncatingIfNeeded: i.target(at: pc) ?? 0)
        let kind = ValueKind(rawValue: i.x)
        switch i.opcode {
        case .loadConst: return op(.loadConst)
        case .loadBool: return op(i.x == 1 ? .loadTrue : .loadFalse)
        case .loadClaim: return op(.loadClaim, n: UInt32(column))
        case .loadParam: return op(.loadParam)
        case .loadNow: return op(.loadNow)
        case .loadCheck: return op(.loadCheck)
        case .move: return op(.move)
        case .not: return op(.not)
        case .and: return op(.and)
        case .or: return op(.or)
        case .jump: return op(.jump, n: target)
        case .jumpIfFalse: return op(.jumpIfFalse, n: target)
        case .jumpIfTrue: return op(.jumpIfTrue, n: target)
        case .jumpIfNotTrue: return op(.jumpIfNotTrue, n: target)
        case .taint: return op(.taint)
        case .eq, .ne, .lt, .le, .gt, .ge:
            let family: [Op]
            switch kind {
            case .bytes?, .string?: family = [.eqText, .neText, .eqText, .eqText, .eqText, .eqText]
            case .svn?: family = [.eqSvn, .neSvn, .ltSvn, .leSvn, .gtSvn, .geSvn]
            default: family = [.eqWord, .neWord, .ltWord, .leWord, .gtWord, .geWord]
            }
            let position = Int(i.opcode.rawValue - Opcode.eq.rawValue)
            return op(family[position])
        case .inSet: return op(.inSet)
        case .inParam: return op(.inParam)
        case .inArray:
            guard case .array(let element) = register(i.c) else { return op(.inArray) }
            return op(.inArray, x: ElementClass(element).rawValue)
        case .add: return op(.add)
        case .sub: return op(.sub)
        case .neg: return op(.neg)
        case .len: return op(.length)
        case .startsWith: return op(.startsWith)
        case .matches: return op(.matches)
        case .hex: return op(.hex)
        case .index:
            switch register(i.b) {
            case .svn: return op(.indexSvn)
            case .bytes: return op(.indexBytes)
            case .list(let id): return op(.indexList, n: stride(id))
            default: return op(.indexArray)
            }
        case .field:
            // Every field a `field` instruction reads is held (RecordLayout is made from them).
            guard case .record(let id) = register(i.b), let cell = layout.cell(record: Int(id), field: Int(i.c)) else {
                return op(.field)
            }
            return VMInstruction(operation: .field, x: i.x, a: i.a, b: i.b, c: UInt16(cell), n: 0)
        case .iterBegin: return op(.iterBegin, n: target)
        case .iterNext: return op(.iterNext, n: target)
        case .iterElem:
            if case .iterator(let id) = register(i.b) { return op(.elementRecord, n: stride(id)) }
            return op(.elementValue)
        case .countIf: return op(.countIf)
        case .check: return op(.check, x: i.x)
        case .rule: return op(.rule)
        case .trust:
            let tier = module.trusts[Int(i.b)].branches[Int(i.x)].tier.rawValue
            return op(.trust, n: UInt32(tier), x: i.x)
        }
    }
}
