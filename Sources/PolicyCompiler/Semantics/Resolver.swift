import Claims
import PolicyBytecode

/// Name resolution, first half: the declaration table. Collects every top-level name (inputs,
/// params, consts, lets, checks), resolves `input NAME: KIND` to a ``ClaimSchema`` and param
/// types, checks trust declarations, and reports duplicates. Expression-level names (claim
/// paths, enum cases, locals) are resolved by ``TypeChecker`` through ``resolveClaim(_:in:)``.
struct Resolver {
    struct Input {
        let name: Name
        let schema: ClaimSchema
    }

    struct Param {
        let name: Name
        let type: PolicyType
    }

    struct Value {
        let name: Name
        let expression: Expression
        let span: SourceSpan
    }

    struct Check {
        let name: Name
        let message: String
        let body: Expression
        let span: SourceSpan
    }

    struct Rule {
        let kind: BytecodeModule.Rule.Kind
        let message: String
        let condition: Expression
        let span: SourceSpan
    }

    struct Trust {
        let claim: TrustClaim
        let branches: [(tier: TrustTier, condition: Expression?, span: SourceSpan)]
        let span: SourceSpan
    }

    enum Symbol: Hashable {
        case input(Int), param(Int), const(Int), `let`(Int), check(Int)
    }

    /// The resolved declarations of one policy.
    struct Table {
        var name = ""
        var version: Int64 = 0
        var inputs: [Input] = []
        var params: [Param] = []
        var consts: [Value] = []
        var lets: [Value] = []
        var checks: [Check] = []
        var rules: [Rule] = []
        var trusts: [Trust] = []
        var symbols: [String: Symbol] = [:]
        var spans: [Symbol: SourceSpan] = [:]

        /// Every enum of the declared inputs' schemas, by name (claims and record fields).
        var enums: [String: ClaimEnum] {
            var out: [String: ClaimEnum] = [:]
            func collect(_ type: ClaimType) {
                switch type {
                case .enumeration(let e): out[e.name] = e
                case .list(let record): for field in record.fields { collect(field.type) }
                case .array(let element): collect(element)
                default: break
                }
            }
            for input in inputs { for claim in input.schema.claims { collect(claim.type) } }
            return out
        }
    }

    private(set) var diagnostics: [Diagnostic] = []
    private let schemas: [String: ClaimSchema]

    /// Builds the declaration table of `syntax` against `schemas`.
    static func resolve(_ syntax: PolicySyntax, schemas: [String: ClaimSchema]) -> (Table, [Diagnostic]) {
        var resolver = Resolver(schemas: schemas)
        let table = resolver.run(syntax)
        return (table, resolver.diagnostics)
    }

    private init(schemas: [String: ClaimSchema]) { self.schemas = schemas }

    private mutating func error(_ code: DiagnosticCode, _ span: SourceSpan, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, code, span, message, hint: hint))
    }

    private mutating func run(_ syntax: PolicySyntax) -> Table {
        var table = Table()
        if let header = syntax.header {
            if case .value(let name) = LiteralDecoding.string(header.name.text) { table.name = name }
            if case .value(let version) = LiteralDecoding.integer(header.version.text) {
                table.version = version
            } else {
                error(
                    .invalidLiteral, header.version.span,
                    "policy version `\(header.version.text)` does not fit in 64 bits")
            }
        }
        // Inputs first: param types may name their schemas' enums.
        for declaration in syntax.declarations {
            guard case .input(let name, let kind) = declaration.kind else { continue }
            guard let schema = schemas[kind.text] else {
                let known = schemas.keys.sorted()
                let suggestion = EditDistance.suggestion(for: kind.text, among: known)
                error(
                    .unknownKind, kind.span,
                    "unknown evidence kind `\(kind.text)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
                    hint: "the kinds are " + known.map { "`\($0)`" }.joined(separator: ", "))
                continue
            }
            if declare(name, .input(table.inputs.count), in: &table) {
                table.inputs.append(Input(name: name, schema: schema))
            }
        }
        let enums = table.enums
        for declaration in syntax.declarations {
            switch declaration.kind {
            case .input: break
            case .param(let name, let typeSyntax):
                let type = resolveType(typeSyntax, enums: enums, topLevel: true)
                if declare(name, .param(table.params.count), in: &table) {
                    table.params.append(Param(name: name, type: type))
                }
            case .const(let name, let value):
                if declare(name, .const(table.consts.count), in: &table) {
                    table.consts.append(Value(name: name, expression: value, span: declaration.span))
                }
            case .let(let name, let value):
                if declare(name, .let(table.lets.count), in: &table) {
                    table.lets.append(Value(name: name, expression: value, span: declaration.span))
                }
            case .check(let name, let message, let body):
                let text = decodedMessage(message)
                if declare(name, .check(table.checks.count), in: &table) {
                    table.checks.append(Check(name: name, message: text, body: body, span: declaration.span))
                }
            case .allow(let condition):
                table.rules.append(Rule(kind: .allow, message: "", condition: condition, span: declaration.span))
            case .deny(let message, let condition):
                table.rules.append(
                    Rule(kind: .deny, message: decodedMessage(message), condition: condition, span: declaration.span))
            case .trust(let claimName, let branches):
                guard let claim = TrustClaim(name: claimName.text) else {
                    let names = TrustClaim.allCases.map(\.description)
                    let suggestion = EditDistance.suggestion(
                        for: claimName.text.replacingHyphens, among: names)
                    error(
                        .unknownTrustClaim, claimName.span,
                        "unknown trust claim `\(claimName.text)`"
                            + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
                        hint: "the AR4SI trust claims are " + names.joined(separator: ", "))
                    continue
                }
                if let earlier = table.trusts.first(where: { $0.claim == claim }) {
                    error(
                        .duplicateDeclaration, claimName.span,
                        "trust claim `\(claim)` is already set at line \(earlier.span.line)",
                        hint: "combine the conditions into one `trust \(claim) = … else …` chain")
                    continue
                }
                var resolved: [(TrustTier, Expression?, SourceSpan)] = []
                for branch in branches {
                    guard let tier = TrustTier(name: branch.tier.text) else {
                        let suggestion = EditDistance.suggestion(
                            for: branch.tier.text, among: TrustTier.allCases.map(\.description))
                        error(
                            .syntax, branch.tier.span,
                            "unknown trust tier `\(branch.tier.text)`"
                                + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
                            hint: "the tiers are affirming, warning, contraindicated and none")
                        continue
                    }
                    let span = branch.condition.map { branch.tier.span.through($0.span) } ?? branch.tier.span
                    resolved.append((tier, branch.condition, span))
                }
                if resolved.count == branches.count {
                    table.trusts.append(Trust(claim: claim, branches: resolved, span: declaration.span))
                }
            }
        }
        return table
    }

    private func decodedMessage(_ literal: StringLiteral) -> String {
        if case .value(let text) = LiteralDecoding.string(literal.text) { return text }
        return literal.text
    }

    /// Adds `name` to the table; reports and returns false when it is already taken.
    private mutating func declare(_ name: Name, _ symbol: Symbol, in table: inout Table) -> Bool {
        if let existing = table.symbols[name.text] {
            let line = table.spans[existing]?.line ?? 0
            error(
                .duplicateDeclaration, name.span, "`\(name.text)` is already declared at line \(line)",
                hint: "every input, param, const, let and check needs its own name")
            return false
        }
        table.symbols[name.text] = symbol
        table.spans[symbol] = name.span
        return true
    }

    /// The type a parameter declares (`Grammar/policy.ebnf`, `type`).
    private mutating func resolveType(_ syntax: TypeSyntax, enums: [String: ClaimEnum], topLevel: Bool) -> PolicyType {
        switch syntax {
        case .svn(let count, _):
            guard let n = Int(count.text), n >= 1, n <= 1024 else {
                error(.invalidLiteral, count.span, "an svn has 1 to 1024 components, not \(count.text)")
                return .error
            }
            return .svn(n)
        case .set(let element, let span):
            let elementType = resolveType(element, enums: enums, topLevel: false)
            guard elementType.isScalar else {
                error(.unknownType, span, "a set holds scalar values, not `\(elementType)`")
                return .error
            }
            return topLevel ? .set(elementType) : .error
        case .named(let parts):
            let text = parts.map(\.text).joined(separator: ".")
            switch text {
            case "bool": return .bool
            case "int": return .int
            case "string": return .string
            case "time": return .time
            case "duration": return .duration
            case "bytes": return .bytes(nil)
            default: break
            }
            if text.hasPrefix("bytes"), let n = Int(text.dropFirst(5)), n >= 1, n <= 65_536,
                text.dropFirst(5).first != "0"
            {
                return .bytes(n)
            }
            if let e = enums[text] { return .enumeration(e) }
            let candidates =
                ["bool", "int", "string", "time", "duration", "bytes", "bytes32", "bytes48"] + enums.keys.sorted()
            let suggestion = EditDistance.suggestion(for: text, among: candidates)
            error(
                .unknownType, syntax.span,
                "unknown type `\(text)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
                hint:
                    "types are bool, int, string, bytes, bytesN, svn[N], time, duration, set<T> and the enums of the declared inputs' schemas"
            )
            return .error
        }
    }

    /// The claim a dotted path names: `segments` after the input name, resolved against the
    /// input's schema (aliases included). Returns the longest prefix that is a claim and how many
    /// segments it used, or `nil`.
    static func resolveClaim(_ segments: [String], in schema: ClaimSchema) -> (ClaimDescriptor, Int)? {
        var count = segments.count
        while count > 0 {
            let path = ([schema.kind] + segments.prefix(count)).joined(separator: ".")
            if let descriptor = schema.resolve(path) { return (descriptor, count) }
            count -= 1
        }
        return nil
    }
}

extension String {
    fileprivate var replacingHyphens: String { String(map { $0 == "-" ? "_" : $0 }) }
}
