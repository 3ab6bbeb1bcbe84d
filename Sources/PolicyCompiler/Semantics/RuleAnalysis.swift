import PolicyBytecode

/// Whole-policy findings on the folded IR (issue #4, "diagnostics a person can act on"):
/// an `allow` that can never be true (a check it requires is false for every input, or its
/// conditions contradict each other), a `deny` that makes every `allow` unreachable, checks no
/// rule or trust entry uses, unused declarations, a policy without `allow`. Also decides which
/// checks are decisive (every `allow` requires them), for the check table.
struct RuleAnalysis {
    private let program: IRProgram
    private let typed: TypeChecker.Typed
    private(set) var diagnostics: [Diagnostic] = []
    private var neverTrueCache: [Int: String?] = [:]

    /// Runs on `program` after constant folding (``LetInlining``).
    static func analyze(_ program: IRProgram, typed: TypeChecker.Typed) -> (decisive: Set<Int>, [Diagnostic]) {
        var analysis = RuleAnalysis(program: program, typed: typed)
        analysis.findings()
        return (analysis.decisiveChecks(), analysis.diagnostics)
    }

    private init(program: IRProgram, typed: TypeChecker.Typed) {
        self.program = program
        self.typed = typed
    }

    private mutating func report(
        _ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ span: SourceSpan, _ message: String, hint: String?
    ) {
        diagnostics.append(Diagnostic(severity, code, span, message, hint: hint))
    }

    /// The span of a declaration's first line (keyword to end of line), for rule-level findings.
    private func headSpan(_ span: SourceSpan) -> SourceSpan {
        span.endLine == span.line
            ? span
            : SourceSpan(file: span.file, line: span.line, column: span.column, endLine: span.line, endColumn: Int.max)
    }

    private mutating func findings() {
        let allows = program.rules.indices.filter { program.rules[$0].kind == .allow }
        if allows.isEmpty {
            let span =
                program.rules.first?.span ?? program.checks.first?.span
                ?? SourceSpan(file: program.file, line: 1, column: 1, endLine: 1, endColumn: 2)
            report(
                .warning, .noAllow, headSpan(span), "the policy has no `allow`: it denies every input",
                hint: "add `allow if …` with the checks that must hold")
        }
        for i in allows {
            let rule = program.rules[i]
            if let reason = neverTrue(rule.condition) {
                report(
                    .error, .allowNeverTrue, headSpan(rule.span), "`allow` can never be true: \(reason)",
                    hint: hintFor(rule.condition))
            }
        }
        for rule in program.rules where rule.kind == .deny {
            if case .bool(true)? = rule.condition.constantValue {
                report(
                    .error, .denyAlwaysTrue, headSpan(rule.span), "this `deny` makes every `allow` unreachable",
                    hint: "its condition is true for every input")
                continue
            }
            let denied = Set(rule.condition.conjuncts.map(\.key))
            let covered = allows.filter { denied.isSubset(of: Set(program.rules[$0].condition.conjuncts.map(\.key))) }
            if !allows.isEmpty, covered.count == allows.count, let first = covered.first {
                report(
                    .error, .denyAlwaysTrue, headSpan(rule.span), "this `deny` makes every `allow` unreachable",
                    hint:
                        "every input that satisfies the `allow` at line \(program.rules[first].span.line) also satisfies this `deny`; did you mean `not …`?"
                )
            }
        }
        // Checks that no rule or trust entry reaches (directly, or through lets and other checks).
        let used = reachableChecks()
        for (i, check) in program.checks.enumerated() where !used.contains(i) {
            report(
                .warning, .unusedCheck, headSpan(check.span),
                "check `\(check.name)` is not used by any `allow`, `deny` or `trust`",
                hint: "it is still evaluated and reported; use it in a rule, or remove it")
            if let reason = neverTrue(check.body) {
                report(
                    .warning, .allowNeverTrue, headSpan(check.span),
                    "check `\(check.name)` can never be true: \(reason)", hint: nil)
            }
        }
        // Declarations nothing refers to.
        var referenced = Set<Resolver.Symbol>()
        for (_, symbols) in typed.uses { referenced.formUnion(symbols) }
        for (i, c) in typed.table.consts.enumerated() where !referenced.contains(.const(i)) {
            report(.warning, .unusedDeclaration, c.name.span, "const `\(c.name.text)` is never used", hint: nil)
        }
        for (i, l) in typed.table.lets.enumerated() where !referenced.contains(.let(i)) {
            report(
                .warning, .unusedDeclaration, l.name.span, "let `\(l.name.text)` is never used",
                hint: "it is removed from the compiled policy")
        }
        for (i, p) in typed.table.params.enumerated() where !referenced.contains(.param(i)) {
            report(
                .warning, .unusedDeclaration, p.name.span, "param `\(p.name.text)` is never used",
                hint: "the loader still requires a value for it")
        }
        for (i, input) in typed.table.inputs.enumerated() where !referenced.contains(.input(i)) {
            report(.warning, .unusedDeclaration, input.name.span, "input `\(input.name.text)` is never used", hint: nil)
        }
    }

    private mutating func hintFor(_ condition: IRNode) -> String? {
        for conjunct in condition.conjuncts {
            if case .check(let c) = conjunct.kind, let reason = checkNeverTrue(c) {
                return "in check `\(program.checks[c].name)` (line \(program.checks[c].span.line)), \(reason); "
                    + "to accept any of several values write `in {…}`"
            }
        }
        return "no input can satisfy all of its conditions at once"
    }

    /// Why `node` is false (or missing) for every input, or `nil` when it may be true.
    private mutating func neverTrue(_ node: IRNode) -> String? {
        if case .bool(false)? = node.constantValue { return "its condition is `false` for every input" }
        let conjuncts = node.conjuncts
        for conjunct in conjuncts {
            if case .check(let c) = conjunct.kind, checkNeverTrue(c) != nil {
                return "check `\(program.checks[c].name)` is `false` for every input"
            }
            if case .bool(false)? = conjunct.constantValue { return "one of its conditions is `false`" }
        }
        let keys = Set(conjuncts.map(\.key))
        for conjunct in conjuncts {
            if case .not(let inner) = conjunct.kind, keys.contains(inner.key) {
                return "it requires both `\(describe(inner))` and `not \(describe(inner))`"
            }
        }
        return Self.contradiction(conjuncts)
    }

    private mutating func checkNeverTrue(_ index: Int) -> String? {
        if let known = neverTrueCache[index] { return known }
        neverTrueCache[index] = .some(nil)  // guards against cycles (already reported)
        let reason = neverTrue(program.checks[index].body)
        neverTrueCache[index] = .some(reason)
        return reason
    }

    private func describe(_ node: IRNode) -> String {
        if case .check(let c) = node.kind { return program.checks[c].name }
        return node.text.isEmpty ? "…" : node.text
    }

    /// Conjunctions of comparisons of one claim or param with constants that no value satisfies:
    /// two different `==`, `==` outside an `in` set, `==` excluded by `!=`, empty intervals.
    static func contradiction(_ conjuncts: [IRNode]) -> String? {
        struct Facts {
            var allowed: [ConstantValue]?
            var excluded: [ConstantValue] = []
            var lower: (Int64, strict: Bool)?
            var upper: (Int64, strict: Bool)?
        }
        var facts: [String: Facts] = [:]
        var texts: [String: String] = [:]
        func ordinal(_ v: ConstantValue) -> Int64? {
            switch v {
            case .int(let x), .time(let x), .duration(let x): return x
            default: return nil
            }
        }
        for conjunct in conjuncts {
            var subject: IRNode
            var op: CompareOperator
            var values: [ConstantValue]
            switch conjunct.kind {
            case .compare(let o, let a, let b):
                if let v = b.constantValue {
                    subject = a
                    op = o
                    values = [v]
                } else if let v = a.constantValue {
                    subject = b
                    values = [v]
                    switch o {
                    case .less: op = .greater
                    case .lessEqual: op = .greaterEqual
                    case .greater: op = .less
                    case .greaterEqual: op = .lessEqual
                    default: op = o
                    }
                } else {
                    continue
                }
            case .inSet(let a, let elements, _):
                subject = a
                op = .equal
                values = elements
            default: continue
            }
            switch subject.kind {
            case .claim, .param: break
            default: continue
            }
            if case .svn = subject.type, op != .equal, op != .notEqual { continue }
            let key = subject.key
            texts[key] = texts[key] ?? conjunct.text
            var f = facts[key] ?? Facts()
            switch op {
            case .equal:
                let current = f.allowed ?? values
                f.allowed = current.filter { v in values.contains { ValueSemantics.equal($0, v) } }
            case .notEqual: f.excluded += values
            case .greater, .greaterEqual:
                if let x = values.first.flatMap(ordinal) {
                    let strict = op == .greater
                    if let (lx, ls) = f.lower, lx > x || (lx == x && ls) {
                    } else {
                        f.lower = (x, strict)
                    }
                }
            case .less, .lessEqual:
                if let x = values.first.flatMap(ordinal) {
                    let strict = op == .less
                    if let (ux, us) = f.upper, ux < x || (ux == x && us) {
                    } else {
                        f.upper = (x, strict)
                    }
                }
            }
            facts[key] = f
            func satisfiable(_ v: ConstantValue) -> Bool {
                if f.excluded.contains(where: { ValueSemantics.equal($0, v) }) { return false }
                guard let x = ordinal(v) else { return true }
                if let (lx, ls) = f.lower, x < lx || (x == lx && ls) { return false }
                if let (ux, us) = f.upper, x > ux || (x == ux && us) { return false }
                return true
            }
            let unsatisfiable: Bool
            if let allowed = f.allowed {
                unsatisfiable = !allowed.contains(where: satisfiable)
            } else if let (lx, ls) = f.lower, let (ux, us) = f.upper {
                unsatisfiable = lx > ux || (lx == ux && (ls || us))
            } else {
                unsatisfiable = false
            }
            if unsatisfiable {
                let first = abbreviated(texts[key] ?? "")
                let conjunctText = abbreviated(conjunct.text)
                return first == conjunctText || first.isEmpty
                    ? "`\(conjunctText)` cannot hold" : "`\(first)` and `\(conjunctText)` cannot both hold"
            }
        }
        return nil
    }

    /// `text` cut to 40 characters (long digests make unreadable messages).
    static func abbreviated(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(38)) + "…" + (text.hasSuffix("\"") ? "\"" : "")
    }

    /// Checks referenced by a rule or trust entry, directly or through lets and checks.
    private func reachableChecks() -> Set<Int> {
        var checks = Set<Int>()
        var lets = Set<Int>()
        var work: [IRNode] =
            program.rules.map(\.condition) + program.trusts.flatMap { $0.branches.compactMap(\.condition) }
        while let node = work.popLast() {
            node.visit { n in
                switch n.kind {
                case .check(let c):
                    if checks.insert(c).inserted { work.append(program.checks[c].body) }
                case .letValue(let l):
                    if lets.insert(l).inserted { work.append(program.lets[l].value) }
                default: break
                }
            }
        }
        return checks
    }

    /// Checks every `allow` requires as a top-level conjunct (or whose failure fires a `deny`
    /// of the form `deny … if not CHECK`): when one is not true, the decision is deny.
    private func decisiveChecks() -> Set<Int> {
        let allows = program.rules.filter { $0.kind == .allow }
        var decisive = Set<Int>()
        if !allows.isEmpty {
            let sets = allows.map { rule in
                Set(
                    rule.condition.conjuncts.compactMap { n -> Int? in
                        if case .check(let c) = n.kind { return c }
                        return nil
                    })
            }
            decisive = sets.dropFirst().reduce(sets[0]) { $0.intersection($1) }
        }
        for rule in program.rules where rule.kind == .deny {
            if case .not(let inner) = rule.condition.kind, case .check(let c) = inner.kind { decisive.insert(c) }
        }
        return decisive
    }
}
