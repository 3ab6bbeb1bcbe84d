import Claims

/// Name resolution, second half, and type checking (POLICY-LANGUAGE.md, "Types and literals",
/// "Expressions"): resolves every name in every expression (claim paths against the input's
/// schema with aliases, enum cases by the type they are compared with, quantifier variables,
/// declarations), gives every expression a ``PolicyType`` and reports what does not fit: svn
/// compares only with svn of the same length, `bytesN` with `bytesN`, time ± duration, enums
/// only with their own cases, sets are homogeneous, quantifiers range only over lists.
struct TypeChecker {
    /// What a name or member expression refers to.
    enum Resolution: Hashable {
        case claim(input: Int, ClaimDescriptor)
        case param(Int)
        case const(Int)
        case `let`(Int)
        case check(Int)
        /// A quantifier variable: the id of the quantifier expression that binds it.
        case local(Int)
        case enumCase(ClaimEnum, Int)
        /// A record field, by index.
        case field(Int)
        /// `x in L` over a list of one-field records: compares `x` with that field.
        case listMembership
    }

    /// A declaration whose expressions are checked: the unit of the dependency graph.
    enum Root: Hashable {
        case const(Int), `let`(Int), check(Int), rule(Int), trust(Int)
    }

    /// The result: the table plus per-expression annotations.
    struct Typed {
        var table: Resolver.Table
        var types: [Int: PolicyType] = [:]
        var resolutions: [Int: Resolution] = [:]
        /// Expressions whose value is known at compile time.
        var constants: Set<Int> = []
        /// The declarations each root refers to directly.
        var uses: [Root: Set<Resolver.Symbol>] = [:]
    }

    private var typed: Typed
    private var diagnostics: [Diagnostic] = []
    private var scopes: [(name: String, binding: Int, type: PolicyType, span: SourceSpan)] = []
    private var roots: [Root] = []
    private var symbolTypes: [Resolver.Symbol: PolicyType] = [:]
    private var inProgress: [Resolver.Symbol] = []

    /// Checks every expression of `table`.
    static func check(_ table: Resolver.Table) -> (Typed, [Diagnostic]) {
        var checker = TypeChecker(typed: Typed(table: table))
        checker.run()
        return (checker.typed, checker.diagnostics)
    }

    private init(typed: Typed) { self.typed = typed }

    private var table: Resolver.Table { typed.table }

    private mutating func error(_ code: DiagnosticCode, _ span: SourceSpan, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, code, span, message, hint: hint))
    }

    private mutating func run() {
        for i in table.consts.indices { _ = symbolType(.const(i), at: table.consts[i].name.span) }
        for i in table.lets.indices { _ = symbolType(.let(i), at: table.lets[i].name.span) }
        for i in table.checks.indices { _ = symbolType(.check(i), at: table.checks[i].name.span) }
        for (i, rule) in table.rules.enumerated() {
            roots.append(.rule(i))
            expectBool(rule.condition, what: rule.kind == .allow ? "an `allow` condition" : "a `deny` condition")
            roots.removeLast()
        }
        for (i, trust) in table.trusts.enumerated() {
            roots.append(.trust(i))
            for branch in trust.branches {
                if let condition = branch.condition { expectBool(condition, what: "a trust condition") }
            }
            roots.removeLast()
        }
    }

    private mutating func expectBool(_ expression: Expression, what: String) {
        let type = infer(expression)
        if type != .bool, !type.isError {
            error(
                .typeMismatch, expression.span, "\(what) must be a bool, not `\(type)`",
                hint: type.isScalar ? "compare it with something, e.g. `== …` or `in …`" : nil)
        }
    }

    /// The type of a declaration, checking its expression the first time (forward references
    /// are fine; a declaration that depends on itself is reported once).
    private mutating func symbolType(_ symbol: Resolver.Symbol, at span: SourceSpan) -> PolicyType {
        if let known = symbolTypes[symbol] { return known }
        switch symbol {
        case .input: return .error
        case .param(let i): return table.params[i].type
        default: break
        }
        if let position = inProgress.firstIndex(of: symbol) {
            let cycle = (inProgress[position...] + [symbol]).map(name(of:)).joined(separator: " → ")
            error(
                .cycle, span, "`\(name(of: symbol))` depends on itself (\(cycle))",
                hint: "checks, lets and consts may refer to each other, but not in a circle")
            symbolTypes[symbol] = .error
            return .error
        }
        inProgress.append(symbol)
        let savedScopes = scopes
        scopes = []
        var type: PolicyType = .error
        switch symbol {
        case .const(let i):
            roots.append(.const(i))
            let value = table.consts[i].expression
            type = infer(value)
            if !type.isError, !typed.constants.contains(value.id) {
                error(
                    .notConstant, value.span,
                    "the value of const `\(table.consts[i].name.text)` is not known at compile time",
                    hint: "use `let` for values computed from claims or params")
            }
        case .let(let i):
            roots.append(.let(i))
            type = infer(table.lets[i].expression)
            if case .set = type {
                if !typed.constants.contains(table.lets[i].expression.id) { type = .error }
            }
        case .check(let i):
            roots.append(.check(i))
            expectBool(table.checks[i].body, what: "a check")
            type = .bool
        case .input, .param: break
        }
        roots.removeLast()
        scopes = savedScopes
        inProgress.removeLast()
        if symbolTypes[symbol] == nil { symbolTypes[symbol] = type }
        return symbolTypes[symbol] ?? type
    }

    private func name(of symbol: Resolver.Symbol) -> String {
        switch symbol {
        case .input(let i): return table.inputs[i].name.text
        case .param(let i): return table.params[i].name.text
        case .const(let i): return table.consts[i].name.text
        case .let(let i): return table.lets[i].name.text
        case .check(let i): return table.checks[i].name.text
        }
    }

    private mutating func use(_ symbol: Resolver.Symbol) {
        guard let root = roots.last else { return }
        typed.uses[root, default: []].insert(symbol)
    }

    @discardableResult
    private mutating func record(_ e: Expression, _ type: PolicyType, constant: Bool = false) -> PolicyType {
        typed.types[e.id] = type
        if constant { typed.constants.insert(e.id) }
        return type
    }

    private func isConstant(_ e: Expression) -> Bool { typed.constants.contains(e.id) }

    // MARK: Expressions

    /// The type of `e`; `expected` steers bare enum case names and set literals.
    mutating func infer(_ e: Expression, expected: PolicyType? = nil) -> PolicyType {
        switch e.kind {
        case .error: return record(e, .error)
        case .integer(let text):
            if case .invalid(let message, let hint) = LiteralDecoding.integer(text) {
                error(.invalidLiteral, e.span, message, hint: hint)
            }
            return record(e, .int, constant: true)
        case .duration(let text):
            if case .invalid(let message, let hint) = LiteralDecoding.duration(text) {
                error(.invalidLiteral, e.span, message, hint: hint)
            }
            return record(e, .duration, constant: true)
        case .string(let text):
            if case .invalid(let message, let hint) = LiteralDecoding.string(text) {
                error(.invalidLiteral, e.span, message, hint: hint)
            }
            return record(e, .string, constant: true)
        case .hexBytes, .hexString:
            let bytes = LiteralDecoding.bytes(e.kind.literalText)
            return record(e, .bytes(bytes.count), constant: true)
        case .time(let text):
            if case .invalid(let message, let hint) = LiteralDecoding.time(text) {
                error(.invalidLiteral, e.span, message, hint: hint)
            }
            return record(e, .time, constant: true)
        case .svn(let components):
            for component in components where Int64(component.text) == nil {
                error(.invalidLiteral, component.span, "svn component `\(component.text)` does not fit in 64 bits")
            }
            return record(e, .svn(components.count), constant: true)
        case .bool: return record(e, .bool, constant: true)
        case .now: return record(e, .time)
        case .name(let name): return inferName(e, name, expected: expected)
        case .member: return inferMember(e)
        case .index(let base, let position):
            let baseType = infer(base)
            let indexType = infer(position)
            if indexType != .int, !indexType.isError {
                error(.typeMismatch, position.span, "an index must be an int, not `\(indexType)`")
            }
            switch baseType {
            case .svn, .bytes: return record(e, .int)
            case .list(let r): return record(e, .record(r))
            case .array(let element): return record(e, element)
            case .error: return record(e, .error)
            default:
                error(
                    .typeMismatch, e.span, "cannot index `\(baseType)`",
                    hint: "indexing applies to svn, bytes, lists and arrays")
                return record(e, .error)
            }
        case .call(let function, let arguments): return inferCall(e, function, arguments)
        case .unary(.not, let operand):
            let type = infer(operand)
            if type != .bool, !type.isError { error(.typeMismatch, operand.span, "`not` needs a bool, not `\(type)`") }
            return record(e, .bool, constant: isConstant(operand))
        case .unary(.negate, let operand):
            let type = infer(operand)
            switch type {
            case .int, .duration, .error: return record(e, type, constant: isConstant(operand))
            default:
                error(.typeMismatch, operand.span, "cannot negate `\(type)`", hint: "`-` applies to int and duration")
                return record(e, .error)
            }
        case .chain(let op, let operands):
            for operand in operands {
                let type = infer(operand)
                if type != .bool, !type.isError {
                    error(.typeMismatch, operand.span, "`\(op.rawValue)` needs bool operands, not `\(type)`")
                }
            }
            return record(e, .bool, constant: operands.allSatisfy(isConstant))
        case .binary(let op, let left, let right): return inferBinary(e, op, left, right)
        case .set(let elements): return inferSet(e, elements, expected: expected)
        case .quantifier(let quantifier, let variable, let list, let body):
            let listType = infer(list)
            var elementType: PolicyType = .error
            switch listType {
            case .list(let r): elementType = .record(r)
            case .array(let element): elementType = element
            case .error: break
            default:
                error(
                    .typeMismatch, list.span,
                    "`\(quantifier.rawValue)` ranges over a list or an array, not `\(listType)`",
                    hint: "quantifiers walk list claims such as event logs and array claims such as PCR banks")
            }
            if let clash = declaredSpan(variable.text) {
                error(
                    .duplicateDeclaration, variable.span,
                    "`\(variable.text)` is already declared at line \(clash.line)",
                    hint: "give the quantifier variable another name")
            }
            scopes.append((variable.text, e.id, elementType, variable.span))
            let bodyType = infer(body)
            scopes.removeLast()
            if bodyType != .bool, !bodyType.isError {
                error(
                    .typeMismatch, body.span, "the body of `\(quantifier.rawValue)` must be a bool, not `\(bodyType)`")
            }
            return record(e, quantifier == .count ? .int : .bool)
        }
    }

    private func declaredSpan(_ name: String) -> SourceSpan? {
        if let local = scopes.last(where: { $0.name == name }) { return local.span }
        if let symbol = table.symbols[name] { return table.spans[symbol] }
        return nil
    }

    private mutating func inferName(_ e: Expression, _ name: String, expected: PolicyType?) -> PolicyType {
        if let local = scopes.last(where: { $0.name == name }) {
            typed.resolutions[e.id] = .local(local.binding)
            return record(e, local.type)
        }
        if let symbol = table.symbols[name] {
            typed.resolutions[e.id] = resolution(symbol)
            if case .input = symbol {
                let example = table.inputs.first { $0.name.text == name }?.schema.claims.first.map {
                    name + $0.path.dropFirst($0.path.split(separator: ".")[0].count)
                }
                error(
                    .typeMismatch, e.span, "input `\(name)` is not a value",
                    hint: "name one of its claims" + (example.map { ", e.g. `\($0)`" } ?? ""))
                return record(e, .error)
            }
            use(symbol)
            let type = symbolType(symbol, at: e.span)
            if case .const = symbol { return record(e, type, constant: !type.isError) }
            if case .let(let i) = symbol, case .set = type {
                return record(e, type, constant: isConstant(table.lets[i].expression))
            }
            return record(e, type)
        }
        // Compared with something that already has an error: say nothing more about it.
        if expected == .error || expected == .set(.error) { return record(e, .error) }
        // An enum case: by the expected type, or the only enum of the inputs that has it.
        if case .enumeration(let expectedEnum)? = expected, let index = expectedEnum.index(of: name) {
            typed.resolutions[e.id] = .enumCase(expectedEnum, index)
            return record(e, .enumeration(expectedEnum), constant: true)
        }
        if case .set(.enumeration(let expectedEnum))? = expected, let index = expectedEnum.index(of: name) {
            typed.resolutions[e.id] = .enumCase(expectedEnum, index)
            return record(e, .enumeration(expectedEnum), constant: true)
        }
        let owners = table.enums.values.filter { $0.index(of: name) != nil }.sorted { $0.name < $1.name }
        if owners.count == 1, let owner = owners.first, let index = owner.index(of: name) {
            if case .enumeration(let expectedEnum)? = expected, expectedEnum != owner {
                error(
                    .typeMismatch, e.span, "`\(name)` is a case of `\(owner.name)`, not of `\(expectedEnum.name)`",
                    hint: "`\(expectedEnum.name)` has " + expectedEnum.cases.prefix(6).joined(separator: ", ")
                        + (expectedEnum.cases.count > 6 ? ", …" : ""))
                return record(e, .error)
            }
            typed.resolutions[e.id] = .enumCase(owner, index)
            return record(e, .enumeration(owner), constant: true)
        }
        if owners.count > 1 {
            error(
                .ambiguousName, e.span,
                "`\(name)` is a case of several enums (" + owners.map { "`\($0.name)`" }.joined(separator: ", ") + ")",
                hint: "compare it with a claim of the enum you mean")
            return record(e, .error)
        }
        var candidates = Set(table.symbols.keys).union(scopes.map(\.name))
        if case .enumeration(let expectedEnum)? = expected { candidates.formUnion(expectedEnum.cases) }
        if case .set(.enumeration(let expectedEnum))? = expected { candidates.formUnion(expectedEnum.cases) }
        for owner in table.enums.values { candidates.formUnion(owner.cases) }
        let suggestion = EditDistance.suggestion(for: name, among: candidates)
        var hint = "declare it with `const`, `let`, `param` or `check`, or name a claim through its input"
        if case .enumeration(let expectedEnum)? = expected {
            hint =
                "`\(expectedEnum.name)` has " + expectedEnum.cases.prefix(8).joined(separator: ", ")
                + (expectedEnum.cases.count > 8 ? ", …" : "")
        }
        error(
            .unknownName, e.span, "unknown name `\(name)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
            hint: hint)
        return record(e, .error)
    }

    private func resolution(_ symbol: Resolver.Symbol) -> Resolution {
        switch symbol {
        case .input(let i): return .claim(input: i, ClaimDescriptor.placeholder)
        case .param(let i): return .param(i)
        case .const(let i): return .const(i)
        case .let(let i): return .let(i)
        case .check(let i): return .check(i)
        }
    }

    /// `a.b.c`: a claim path when `a` is an input, otherwise a field of a record.
    private mutating func inferMember(_ e: Expression) -> PolicyType {
        guard case .member(let base, let member) = e.kind else { return .error }
        var chain: [Expression] = [e]
        var segments: [String] = [member.text]
        var root = base
        while case .member(let inner, let innerMember) = root.kind {
            chain.append(root)
            segments.append(innerMember.text)
            root = inner
        }
        chain.reverse()
        segments.reverse()
        if case .name(let rootName) = root.kind, !scopes.contains(where: { $0.name == rootName }),
            case .input(let inputIndex)? = table.symbols[rootName]
        {
            let schema = table.inputs[inputIndex].schema
            typed.resolutions[root.id] = .claim(input: inputIndex, ClaimDescriptor.placeholder)
            guard let (descriptor, used) = Resolver.resolveClaim(segments, in: schema) else {
                reportUnknownClaim(rootName: rootName, segments: segments, schema: schema, span: e.span)
                for node in chain { record(node, .error) }
                return .error
            }
            use(.input(inputIndex))
            let claimNode = chain[used - 1]
            typed.resolutions[claimNode.id] = .claim(input: inputIndex, descriptor)
            var type = record(
                claimNode,
                supported(
                    PolicyType(descriptor.type), claimNode,
                    "claim `\(([rootName] + segments.prefix(used)).joined(separator: "."))`"))
            for position in used..<segments.count {
                type = fieldAccess(chain[position], type, Name(text: segments[position], span: chain[position].span))
            }
            return type
        }
        let baseType = infer(base)
        return fieldAccess(e, baseType, member)
    }

    private mutating func fieldAccess(_ e: Expression, _ baseType: PolicyType, _ member: Name) -> PolicyType {
        switch baseType {
        case .error: return record(e, .error)
        case .record(let r):
            guard let index = r.fieldIndex(member.text) else {
                let suggestion = EditDistance.suggestion(for: member.text, among: r.fields.map(\.name))
                error(
                    .unknownField, e.span,
                    "`\(r.name)` has no field `\(member.text)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
                    hint: "its fields are " + r.fields.map(\.name).joined(separator: ", "))
                return record(e, .error)
            }
            typed.resolutions[e.id] = .field(index)
            return record(e, supported(PolicyType(r.fields[index].type), e, "field `\(member.text)`"))
        default:
            error(.unknownField, e.span, "`\(baseType)` has no field `\(member.text)`")
            return record(e, .error)
        }
    }

    /// `type`, or `.error` after a diagnostic when it is a claim type this compiler cannot use.
    private mutating func supported(_ type: PolicyType, _ e: Expression, _ what: String) -> PolicyType {
        guard case .unsupported(let spelling) = type else { return type }
        error(
            .typeMismatch, e.span, "\(what) has type `\(spelling)`, which this compiler cannot use yet",
            hint: "the claim schema is newer than the policy compiler")
        return .error
    }

    private mutating func reportUnknownClaim(
        rootName: String, segments: [String], schema: ClaimSchema, span: SourceSpan
    ) {
        let written = ([rootName] + segments).joined(separator: ".")
        func spelled(_ path: String) -> String { rootName + path.dropFirst(schema.kind.count) }
        var candidates: [String: ClaimDescriptor] = [:]
        for claim in schema.claims { candidates[spelled(claim.path)] = claim }
        for (alias, canonical) in schema.aliases {
            if let claim = schema.resolve(canonical) { candidates[spelled(alias)] = claim }
        }
        if let suggestion = EditDistance.suggestion(for: written, among: candidates.keys.sorted()),
            let claim = candidates[suggestion]
        {
            let summary = claim.summary.isEmpty ? "" : ": \(claim.summary)"
            error(
                .unknownClaim, span, "unknown claim `\(written)`; did you mean `\(suggestion)`?",
                hint: "`\(suggestion)` is \(PolicyType(claim.type))\(summary)")
        } else if schema.claims.isEmpty {
            error(
                .unknownClaim, span, "unknown claim `\(written)`",
                hint: "the `\(schema.kind)` schema (version \(schema.version)) has no claims yet")
        } else {
            let prefix = spelled(schema.kind) + "." + (segments.first ?? "")
            let related = candidates.keys.filter { $0.hasPrefix(prefix) }.sorted().prefix(5)
            error(
                .unknownClaim, span, "unknown claim `\(written)`",
                hint: related.isEmpty
                    ? "the `\(schema.kind)` schema (version \(schema.version)) has \(schema.claims.count) claims; `policyc claims` shows what evidence provides"
                    : "claims under `\(prefix)`: " + related.joined(separator: ", "))
        }
    }

    private mutating func inferCall(_ e: Expression, _ function: Name, _ arguments: [Expression]) -> PolicyType {
        let types = arguments.map { infer($0) }
        let constant = arguments.allSatisfy(isConstant)
        func arity(_ n: Int, _ signature: String) -> Bool {
            guard arguments.count == n else {
                error(.typeMismatch, e.span, "`\(function.text)` takes \(n) argument\(n == 1 ? "" : "s"): \(signature)")
                return false
            }
            return true
        }
        switch function.text {
        case "len":
            guard arity(1, "len(string | bytes | svn | list | array)") else { return record(e, .error) }
            switch types[0] {
            case .string, .bytes, .svn, .list, .array, .error: return record(e, .int, constant: constant)
            default:
                error(
                    .typeMismatch, arguments[0].span,
                    "`len` applies to string, bytes, svn, lists and arrays, not `\(types[0])`")
                return record(e, .error)
            }
        case "starts_with":
            guard arity(2, "starts_with(string, string) or starts_with(bytes, bytes)") else { return record(e, .error) }
            switch (types[0], types[1]) {
            case (.string, .string), (.bytes, .bytes), (.error, _), (_, .error):
                return record(e, .bool, constant: constant)
            default:
                error(
                    .typeMismatch, e.span,
                    "`starts_with` compares two strings or two byte strings, not `\(types[0])` and `\(types[1])`")
                return record(e, .error)
            }
        case "matches":
            guard arity(2, "matches(string, \"regex\")") else { return record(e, .error) }
            if types[0] != .string, !types[0].isError {
                error(.typeMismatch, arguments[0].span, "`matches` applies to a string, not `\(types[0])`")
            }
            if types[1] != .string, !types[1].isError {
                error(.typeMismatch, arguments[1].span, "the pattern of `matches` is a string, not `\(types[1])`")
            } else if !isConstant(arguments[1]) {
                error(
                    .notConstant, arguments[1].span, "the pattern of `matches` must be known at compile time",
                    hint: "write the regex as a string literal or a `const`")
            }
            return record(e, .bool, constant: constant)
        case "hex":
            guard arity(1, "hex(bytes)") else { return record(e, .error) }
            if case .bytes = types[0] {
            } else if !types[0].isError {
                error(.typeMismatch, arguments[0].span, "`hex` applies to bytes, not `\(types[0])`")
            }
            return record(e, .string, constant: constant)
        default:
            let suggestion = EditDistance.suggestion(
                for: function.text, among: ["len", "starts_with", "matches", "hex"])
            error(
                .unknownFunction, function.span,
                "unknown function `\(function.text)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
                hint: "the functions are len, starts_with, matches and hex")
            return record(e, .error)
        }
    }

    /// Whether `e` is a plain name that no declaration or variable claims (an enum case candidate).
    private func isBareName(_ e: Expression) -> Bool {
        guard case .name(let name) = e.kind else { return false }
        return table.symbols[name] == nil && !scopes.contains { $0.name == name }
    }

    private mutating func inferBinary(_ e: Expression, _ op: BinaryOperator, _ left: Expression, _ right: Expression)
        -> PolicyType
    {
        var lt: PolicyType
        var rt: PolicyType
        if op == .in {
            if isBareName(left), !isBareName(right) {
                rt = infer(right)
                var elementType: PolicyType?
                if case .set(let element) = rt { elementType = element }
                if case .array(let element) = rt { elementType = element }
                lt = infer(left, expected: elementType)
            } else {
                lt = infer(left)
                rt = infer(right, expected: .set(lt))
            }
        } else if isBareName(left), !isBareName(right) {
            rt = infer(right)
            lt = infer(left, expected: rt)
        } else {
            lt = infer(left)
            rt = infer(right, expected: lt)
        }
        let constant = isConstant(left) && isConstant(right)
        switch op {
        case .equal, .notEqual:
            if !lt.isComparable(with: rt) { reportCompare(e, lt, rt, left, right) }
            return record(e, .bool, constant: constant)
        case .less, .lessEqual, .greater, .greaterEqual:
            if !lt.isComparable(with: rt) {
                reportCompare(e, lt, rt, left, right)
            } else if !lt.isOrdered || !rt.isOrdered {
                let shown = lt.isOrdered ? rt : lt
                error(
                    .typeMismatch, e.span, "`\(op.rawValue)` does not apply to `\(shown)`",
                    hint: "order comparisons apply to int, time, duration and svn; use `==`, `!=` or `in`")
            }
            return record(e, .bool, constant: constant)
        case .in:
            switch rt {
            case .set(let element):
                if !lt.isComparable(with: element) || !lt.isScalar {
                    error(
                        .typeMismatch, e.span, "cannot look for `\(lt)` in `\(rt)`",
                        hint: "the value and the set's elements must have the same type")
                }
                return record(e, .bool, constant: constant)
            case .list(let r) where r.fields.count == 1:
                let fieldType = PolicyType(r.fields[0].type)
                if !lt.isComparable(with: fieldType) {
                    error(.typeMismatch, e.span, "cannot look for `\(lt)` in `\(rt)` (its elements are `\(fieldType)`)")
                }
                typed.resolutions[e.id] = .listMembership
                return record(e, .bool)
            case .array(let element):
                if !lt.isComparable(with: element) || !lt.isScalar {
                    error(.typeMismatch, e.span, "cannot look for `\(lt)` in `\(rt)` (its elements are `\(element)`)")
                }
                return record(e, .bool)
            case .error: return record(e, .bool)
            default:
                error(
                    .typeMismatch, right.span, "`in` needs a set or a list on the right, not `\(rt)`",
                    hint: "write a set literal `{a, b}`, a set `param`, or a list claim")
                return record(e, .bool)
            }
        case .plus, .minus:
            let result: PolicyType?
            switch (lt, rt, op) {
            case (.error, _, _), (_, .error, _): result = .error
            case (.int, .int, _): result = .int
            case (.time, .duration, _): result = .time
            case (.duration, .time, .plus): result = .time
            case (.duration, .duration, _): result = .duration
            case (.time, .time, .minus): result = .duration
            default: result = nil
            }
            guard let result else {
                let verb = op == .plus ? "add" : "subtract"
                let hint =
                    (lt == .time || rt == .time) ? "a time moves by a duration with a unit: `+ 7d`, `- 12h`" : nil
                error(
                    .typeMismatch, e.span,
                    op == .plus ? "cannot add `\(lt)` and `\(rt)`" : "cannot subtract `\(rt)` from `\(lt)`",
                    hint: hint
                        ?? "`\(op.rawValue)` applies to int ± int, time ± duration, duration ± duration and time - time; \(verb) values of those types"
                )
                return record(e, .error)
            }
            return record(e, result, constant: constant)
        case .and, .or:
            return record(e, .bool)
        }
    }

    private mutating func reportCompare(
        _ e: Expression, _ lt: PolicyType, _ rt: PolicyType, _ left: Expression, _ right: Expression
    ) {
        var hint: String?
        switch (lt, rt) {
        case (.svn(let n), .int), (.int, .svn(let n)):
            hint =
                "an svn compares component-wise with an svn of the same length, e.g. `svn[\(Array(repeating: "0", count: min(n, 4)).joined(separator: ", "))\(n > 4 ? ", …" : "")]`; to compare one component, index it: `x[0] >= 3`"
        case (.svn, .svn):
            hint = "svn vectors compare component by component, so both need the same number of components"
        case (.bytes(let a?), .bytes(let b?)):
            hint = "a \(a)-byte value can never equal a \(b)-byte value; check the literal's length"
        case (.enumeration(let en), .string), (.string, .enumeration(let en)):
            hint = "write an enum case without quotes, e.g. `\(en.cases.first ?? "Case")`"
        case (.time, .string), (.string, .time):
            hint = "write times as t\"2026-01-01T00:00:00Z\""
        case (.bytes, .string), (.string, .bytes):
            hint = "digests are bytes: write 0x… or h\"…\", not a string"
        case (.int, .bytes), (.bytes, .int):
            hint = "`0x…` is a bytes literal; write integers in decimal"
        default: break
        }
        error(.typeMismatch, e.span, "cannot compare `\(lt)` with `\(rt)`", hint: hint)
    }

    private mutating func inferSet(_ e: Expression, _ elements: [Expression], expected: PolicyType?) -> PolicyType {
        var elementType: PolicyType?
        if case .set(let expectedElement)? = expected, !expectedElement.isError { elementType = expectedElement }
        var first: PolicyType?
        var allConstant = true
        for element in elements {
            let type = infer(element, expected: elementType ?? first)
            if !isConstant(element) {
                allConstant = false
                if !type.isError {
                    error(
                        .notConstant, element.span, "set elements must be known at compile time",
                        hint: "compare with `==` and `or` for values computed from claims, or use a set `param`")
                }
            }
            if type.isError { continue }
            if !type.isScalar {
                error(.typeMismatch, element.span, "a set cannot hold `\(type)`")
                continue
            }
            if let firstType = first {
                if !firstType.isComparable(with: type) {
                    error(
                        .typeMismatch, element.span,
                        "set elements must all have the same type: `\(firstType)` and `\(type)`")
                }
            } else {
                first = type
            }
        }
        guard let first else {
            if elements.isEmpty {
                if let elementType { return record(e, .set(elementType), constant: true) }
                error(
                    .typeMismatch, e.span, "the type of an empty set is unknown here",
                    hint: "use it on the right of `in`")
            }
            return record(e, .error)
        }
        var setType = first
        if case .bytes(let expectedLength)? = elementType, case .bytes = first { setType = .bytes(expectedLength) }
        return record(e, .set(setType), constant: allConstant)
    }
}

extension ClaimDescriptor {
    /// Stands for "some claim of this input" where the path is not yet resolved.
    static let placeholder = ClaimSchema(kind: "_", version: 0, entries: [.init("_._", .bool, "")]).claims[0]
}

extension Expression.Kind {
    /// The source text of a literal kind.
    var literalText: String {
        switch self {
        case .integer(let t), .duration(let t), .string(let t), .hexBytes(let t), .hexString(let t), .time(let t):
            return t
        default: return ""
        }
    }
}
