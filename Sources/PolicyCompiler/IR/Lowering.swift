import Claims
import PolicyBytecode

/// Lowers the checked syntax tree to the IR (``IRProgram``): claims become (input, slot)
/// reads, consts and enum cases become values, set literals become constant element lists,
/// `x in list` becomes an `any` over the list, `matches` patterns are compiled to automata, and
/// `and`/`or` chains are flattened. Reports what only shows once values are computed: constant
/// overflow and unsupported regex constructs.
struct Lowering {
    private let typed: TypeChecker.Typed
    private var folder = ConstantFolder()
    private var diagnostics: [Diagnostic] = []
    private var constCache: [Int: ConstantValue] = [:]
    private var nextBinding = -1

    static func lower(_ typed: TypeChecker.Typed, file: String, source: String) -> (IRProgram, [Diagnostic]) {
        var lowering = Lowering(typed: typed)
        let program = lowering.run(file: file, source: source)
        return (program, lowering.diagnostics + lowering.folder.diagnostics)
    }

    private init(typed: TypeChecker.Typed) { self.typed = typed }

    private var table: Resolver.Table { typed.table }

    private mutating func run(file: String, source: String) -> IRProgram {
        for i in table.consts.indices { _ = constValue(i) }  // reports overflow even in unused consts
        let lets = table.lets.map { IRProgram.Let(name: $0.name.text, value: lower($0.expression), span: $0.span) }
        let checks = table.checks.map {
            IRProgram.Check(name: $0.name.text, message: $0.message, span: $0.span, body: lower($0.body))
        }
        let rules = table.rules.map {
            IRProgram.Rule(kind: $0.kind, message: $0.message, span: $0.span, condition: lower($0.condition))
        }
        let trusts = table.trusts.map { trust in
            IRProgram.Trust(
                claim: trust.claim, span: trust.span,
                branches: trust.branches.map {
                    .init(tier: $0.tier, condition: $0.condition.map { lower($0) }, span: $0.span)
                })
        }
        return IRProgram(
            name: table.name, version: table.version, file: file, source: source,
            inputs: table.inputs.map { .init(name: $0.name.text, schema: $0.schema) },
            params: table.params.map { ($0.name.text, $0.type) }, lets: lets,
            liveLets: Array(repeating: true, count: lets.count), checks: checks, rules: rules, trusts: trusts,
            checkOrder: Array(checks.indices))
    }

    /// The compile-time value of const `index` (folded once).
    private mutating func constValue(_ index: Int) -> ConstantValue? {
        if let known = constCache[index] { return known }
        let folded = folder.fold(lower(table.consts[index].expression))
        guard let value = folded.constantValue else { return nil }
        constCache[index] = value
        return value
    }

    private func type(_ e: Expression) -> PolicyType { typed.types[e.id] ?? .error }

    private func node(_ kind: IRNode.Kind, _ e: Expression, text: Bool = false) -> IRNode {
        IRNode(kind: kind, type: type(e), span: e.span, text: text ? ExpressionPrinter.text(e) : "")
    }

    private func constant(_ value: ConstantValue, _ e: Expression) -> IRNode { node(.constant(value), e) }

    /// A placeholder for an expression that already has an error (never compiled: errors stop
    /// compilation before code generation).
    private func invalid(_ e: Expression) -> IRNode { constant(.bool(false), e) }

    private mutating func lower(_ e: Expression) -> IRNode {
        switch e.kind {
        case .error: return invalid(e)
        case .integer(let t):
            if case .value(let v) = LiteralDecoding.integer(t) { return constant(.int(v), e) }
            return invalid(e)
        case .duration(let t):
            if case .value(let v) = LiteralDecoding.duration(t) { return constant(.duration(v), e) }
            return invalid(e)
        case .string(let t):
            if case .value(let v) = LiteralDecoding.string(t) { return constant(.string(v), e) }
            return invalid(e)
        case .hexBytes(let t), .hexString(let t): return constant(.bytes(LiteralDecoding.bytes(t)), e)
        case .time(let t):
            if case .value(let v) = LiteralDecoding.time(t) { return constant(.time(v), e) }
            return invalid(e)
        case .svn(let components): return constant(.svn(components.map { Int64($0.text) ?? 0 }), e)
        case .bool(let b): return constant(.bool(b), e)
        case .now: return node(.now, e)
        case .name, .member:
            switch typed.resolutions[e.id] {
            case .claim(let input, let descriptor)?:
                return node(.claim(input: input, slot: descriptor.slot.rawValue), e)
            case .param(let i)?: return node(.param(i), e)
            case .const(let i)?:
                guard let value = constValue(i) else { return invalid(e) }
                return constant(value, e)
            case .let(let i)?:
                if case .set = type(e) {
                    let folded = folder.fold(lower(table.lets[i].expression))
                    return folded.constantValue.map { constant($0, e) } ?? invalid(e)
                }
                return node(.letValue(i), e)
            case .check(let i)?: return node(.check(i), e)
            case .local(let binding)?: return node(.local(binding), e)
            case .enumCase(let en, let index)?: return constant(.enumCase(en, index), e)
            case .field(let index)?:
                guard case .member(let base, _) = e.kind else { return invalid(e) }
                return node(.field(lower(base), index), e)
            case .listMembership?, nil: return invalid(e)
            }
        case .index(let base, let position): return node(.index(lower(base), lower(position)), e)
        case .call(let function, let arguments):
            let lowered = arguments.map { lower($0) }
            switch (function.text, lowered.count) {
            case ("len", 1): return node(.length(lowered[0]), e)
            case ("hex", 1): return node(.hex(lowered[0]), e)
            case ("starts_with", 2): return node(.startsWith(lowered[0], lowered[1]), e, text: true)
            case ("matches", 2):
                guard case .string(let pattern)? = folder.fold(lowered[1]).constantValue else { return invalid(e) }
                switch RegexCompiler.compile(pattern) {
                case .success(let automaton): return node(.matches(lowered[0], automaton), e, text: true)
                case .failure(let failure):
                    diagnostics.append(
                        Diagnostic(
                            .error, .unsupportedRegex, arguments[1].span, "unsupported regex: \(failure.message)",
                            hint:
                                "patterns compile to a linear-time automaton; see `matches` in POLICY-LANGUAGE.md for the supported syntax"
                        ))
                    return invalid(e)
                }
            default: return invalid(e)
            }
        case .unary(.not, let operand): return node(.not(lower(operand)), e)
        case .unary(.negate, let operand): return node(.negate(lower(operand)), e, text: true)
        case .chain(let op, let operands):
            let lowered = operands.map { lower($0) }
            return node(op == .and ? .and(lowered) : .or(lowered), e)
        case .binary(let op, let left, let right):
            let l = lower(left)
            switch op {
            case .and, .or: return node(op == .and ? .and([l, lower(right)]) : .or([l, lower(right)]), e)
            case .plus, .minus: return node(.arithmetic(op == .plus ? .add : .subtract, l, lower(right)), e, text: true)
            case .in:
                if typed.resolutions[e.id] == .listMembership {
                    nextBinding -= 1
                    let list = lower(right)
                    guard case .list(let record) = list.type, record.fields.count == 1 else { return invalid(e) }
                    let element = IRNode(kind: .local(nextBinding), type: .record(record), span: right.span)
                    let field = IRNode(
                        kind: .field(element, 0), type: PolicyType(record.fields[0].type), span: right.span,
                        text: ExpressionPrinter.text(right) + "[*]." + record.fields[0].name)
                    var comparison = node(.compare(.equal, field, l), e, text: true)
                    comparison.text = ExpressionPrinter.text(e)
                    return node(.quantifier(.any, binding: nextBinding, list: list, body: comparison), e)
                }
                if case .array = type(right) {
                    return node(.inArray(l, lower(right)), e, text: true)
                }
                if case .param(let i)? = typed.resolutions[right.id], case .set = type(right) {
                    return node(.inParam(l, param: i), e, text: true)
                }
                guard case .set(_, let elements)? = folder.fold(lower(right)).constantValue else { return invalid(e) }
                return node(.inSet(l, elements: elements, hashed: false), e, text: true)
            default:
                let compare: CompareOperator
                switch op {
                case .equal: compare = .equal
                case .notEqual: compare = .notEqual
                case .less: compare = .less
                case .lessEqual: compare = .lessEqual
                case .greater: compare = .greater
                default: compare = .greaterEqual
                }
                return node(.compare(compare, l, lower(right)), e, text: true)
            }
        case .set(let elements):
            var values: [ConstantValue] = []
            for element in elements {
                guard let value = folder.fold(lower(element)).constantValue else { return invalid(e) }
                values.append(value)
            }
            guard case .set(let elementType) = type(e) else { return invalid(e) }
            return constant(.set(elementType, values), e)
        case .quantifier(let q, _, let list, let body):
            return node(.quantifier(q, binding: e.id, list: lower(list), body: lower(body)), e)
        }
    }
}
