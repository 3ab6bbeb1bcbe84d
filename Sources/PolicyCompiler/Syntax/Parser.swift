/// A recursive-descent parser for `Grammar/policy.ebnf` with error recovery: a syntax error
/// abandons the current declaration, the parser skips to the next keyword that starts a
/// declaration, and parsing goes on, so one run reports every broken declaration. Nesting is
/// bounded (``maximumDepth``) so no input can exhaust the stack; the parser never traps or
/// loops on any input.
public struct Parser {
    /// The deepest expression nesting accepted; deeper input is an error, never a stack overflow.
    public static let maximumDepth = 128

    public struct Output: Sendable {
        public var syntax: PolicySyntax
        public var diagnostics: [Diagnostic]
    }

    private let tokens: [Token]
    private let file: String
    private var index = 0
    private var nextID = 0
    private var depth = 0
    private var diagnostics: [Diagnostic] = []

    /// Abandons the current declaration after an error has been reported.
    private struct Abandon: Error {}

    /// Parses `source` (tokenizing it first) into a syntax tree and the syntax diagnostics.
    public static func parse(_ source: String, file: String) -> Output {
        let lexed = Lexer.tokenize(source, file: file)
        var parser = Parser(tokens: lexed.tokens.filter { $0.kind != .invalid }, file: file)
        parser.diagnostics = lexed.diagnostics
        let syntax = parser.parsePolicy(comments: lexed.comments)
        return Output(syntax: syntax, diagnostics: parser.diagnostics)
    }

    private init(tokens: [Token], file: String) {
        self.tokens = tokens
        self.file = file
    }

    // MARK: Token access

    private var current: Token { tokens[min(index, tokens.count - 1)] }
    private func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }
    private var previousEnd: SourceSpan { index > 0 ? tokens[index - 1].span : current.span }

    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func at(_ p: Punctuation) -> Bool { current.kind == .punctuation(p) }
    private func at(_ k: Keyword) -> Bool { current.kind == .keyword(k) }

    /// Reports a syntax error at `token` (default: the current one; at the end of the file, just
    /// after the last token). A second error on a line that already has one is a consequence of
    /// it and is not reported.
    private mutating func fail(_ message: String, hint: String? = nil, at token: Token? = nil) -> Abandon {
        let t = token ?? current
        var span = t.span
        if t.kind == .endOfFile, index > 0 {
            let last = tokens[index - 1].span
            span = SourceSpan(
                file: file, line: last.endLine, column: last.endColumn, endLine: last.endLine,
                endColumn: last.endColumn + 1)
        }
        if diagnostics.contains(where: { $0.severity == .error && $0.span.line == span.line }) { return Abandon() }
        diagnostics.append(Diagnostic(.error, .syntax, span, message, hint: hint))
        return Abandon()
    }

    /// The closing `p` of a bracket opened by `opener`; when the text reaches a declaration
    /// keyword or the end first, the error points at the bracket that was never closed.
    private mutating func close(_ p: Punctuation, opener: Token, hint: String? = nil) throws(Abandon) -> Token {
        if at(p) { return advance() }
        if current.kind == .endOfFile
            || { if case .keyword(let k) = current.kind { return k.startsDeclaration } else { return false } }()
        {
            throw fail("`\(opener.text)` is never closed", hint: hint ?? "add `\(p.rawValue)`", at: opener)
        }
        throw fail("expected `\(p.rawValue)` to close `\(opener.text)`, found \(current.quoted)", hint: hint)
    }

    private mutating func expect(_ p: Punctuation, _ context: String, hint: String? = nil) throws(Abandon) -> Token {
        guard at(p) else { throw fail("expected `\(p.rawValue)` \(context), found \(current.quoted)", hint: hint) }
        return advance()
    }

    private mutating func expect(_ k: Keyword, _ context: String, hint: String? = nil) throws(Abandon) -> Token {
        guard at(k) else { throw fail("expected `\(k.rawValue)` \(context), found \(current.quoted)", hint: hint) }
        return advance()
    }

    private mutating func identifier(_ what: String) throws(Abandon) -> Name {
        if current.kind == .identifier {
            let t = advance()
            return Name(text: t.text, span: t.span)
        }
        if case .keyword(let k) = current.kind {
            throw fail("`\(k.rawValue)` is a reserved word and cannot be \(what)", hint: "choose another name")
        }
        throw fail("expected \(what), found \(current.quoted)")
    }

    /// After `.`: any word, keywords included (`tdx.quote.version`, `e.count`).
    private mutating func memberName() throws(Abandon) -> Name {
        switch current.kind {
        case .identifier, .keyword:
            let t = advance()
            return Name(text: t.text, span: t.span)
        default: throw fail("expected a field or claim name after `.`, found \(current.quoted)")
        }
    }

    private mutating func string(_ what: String, hint: String? = nil) throws(Abandon) -> StringLiteral {
        guard current.kind == .string else { throw fail("expected \(what), found \(current.quoted)", hint: hint) }
        let t = advance()
        return StringLiteral(text: t.text, span: t.span)
    }

    private mutating func make(_ kind: Expression.Kind, _ span: SourceSpan) -> Expression {
        nextID += 1
        return Expression(id: nextID, span: span, kind: kind)
    }

    // MARK: Declarations

    /// `policy ::= header declaration*`
    private mutating func parsePolicy(comments: [Comment]) -> PolicySyntax {
        var syntax = PolicySyntax(header: nil, declarations: [], comments: comments, file: file)
        if at(.policy) {
            do throws(Abandon) {
                syntax.header = try parseHeader()
            } catch {
                synchronize()
            }
        } else {
            diagnostics.append(
                Diagnostic(
                    .error, .syntax, current.span,
                    "a policy starts with `policy \"NAME\" version N`, found \(current.quoted)",
                    hint: "add a first line such as `policy \"tdx-production\" version 1`"))
            synchronize()
        }
        while current.kind != .endOfFile {
            let before = index
            do throws(Abandon) {
                if at(.policy) {
                    let token = current
                    _ = try parseHeader()
                    diagnostics.append(
                        Diagnostic(.error, .syntax, token.span, "a policy has one `policy` header, at its start"))
                } else {
                    syntax.declarations.append(try parseDeclaration())
                }
            } catch {
                synchronize()
            }
            if index == before { _ = advance() }
        }
        return syntax
    }

    /// Skips to the next keyword that starts a declaration (or the end).
    private mutating func synchronize() {
        while current.kind != .endOfFile {
            if case .keyword(let k) = current.kind, k.startsDeclaration { return }
            _ = advance()
        }
    }

    /// `header ::= 'policy' String 'version' Integer`
    private mutating func parseHeader() throws(Abandon) -> PolicySyntax.Header {
        let start = advance()
        let name = try string("the policy name in quotes", hint: "e.g. policy \"tdx-production\" version 1")
        guard current.kind == .identifier, current.text == "version" else {
            throw fail(
                "expected `version` after the policy name, found \(current.quoted)",
                hint: "e.g. policy \"tdx-production\" version 1")
        }
        _ = advance()
        guard current.kind == .integer else {
            throw fail("expected the policy version number, found \(current.quoted)")
        }
        let version = advance()
        return PolicySyntax.Header(name: name, version: version, span: start.span.through(version.span))
    }

    private mutating func parseDeclaration() throws(Abandon) -> Declaration {
        let start = current
        guard case .keyword(let keyword) = start.kind, keyword.startsDeclaration else {
            throw fail(
                "expected a declaration (`input`, `param`, `const`, `let`, `check`, `trust`, `allow`, `deny`), found \(current.quoted)"
            )
        }
        _ = advance()
        let kind: Declaration.Kind
        switch keyword {
        case .input:
            let name = try identifier("an input name")
            _ = try expect(.colon, "after the input name", hint: "e.g. input tdx: tdx")
            let kindName = try identifier("an evidence kind (tdx, snp, tpm, ccel)")
            kind = .input(name: name, kind: kindName)
        case .param:
            let name = try identifier("a parameter name")
            _ = try expect(.colon, "after the parameter name", hint: "e.g. param allowed_mrtd: set<bytes48>")
            kind = .param(name: name, type: try parseType())
        case .const:
            let name = try identifier("a constant name")
            _ = try expect(.assign, "after the constant name")
            kind = .const(name: name, value: try parseExpression())
        case .let:
            let name = try identifier("a name")
            _ = try expect(.assign, "after the name")
            kind = .let(name: name, value: try parseExpression())
        case .check:
            let name = try identifier("a check name")
            let message = try string(
                "the check's message in quotes", hint: "e.g. check not_debug \"TD must not be debuggable\": …")
            _ = try expect(.colon, "after the check message")
            kind = .check(name: name, message: message, body: try parseExpression())
        case .trust:
            let claim = try identifier("a trust claim (e.g. hardware, executables)")
            _ = try expect(.assign, "after the trust claim")
            kind = .trust(claim: claim, branches: try parseTrustBranches())
        case .allow:
            _ = try expect(.if, "after `allow`", hint: "e.g. allow if verified and build")
            kind = .allow(condition: try parseExpression())
        case .deny:
            let message = try string(
                "the deny message in quotes", hint: "e.g. deny \"debug TD\" if tdx.attributes.debug")
            _ = try expect(.if, "after the deny message")
            kind = .deny(message: message, condition: try parseExpression())
        default:
            throw fail("unexpected \(start.quoted)", at: start)
        }
        return Declaration(kind: kind, span: start.span.through(previousEnd))
    }

    /// `tierChain ::= Tier ( 'if' expression 'else' tierChain )?`
    private mutating func parseTrustBranches() throws(Abandon) -> [TrustBranch] {
        var branches: [TrustBranch] = []
        while true {
            guard current.kind == .identifier else {
                throw fail(
                    "expected a trust tier (affirming, warning, contraindicated, none), found \(current.quoted)")
            }
            let tierToken = advance()
            let tier = Name(text: tierToken.text, span: tierToken.span)
            guard at(.if) else {
                branches.append(TrustBranch(tier: tier, condition: nil))
                return branches
            }
            _ = advance()
            let condition = try parseExpression()
            branches.append(TrustBranch(tier: tier, condition: condition))
            _ = try expect(
                .else, "after the condition of a trust tier",
                hint: "end the chain with `else TIER`, e.g. `else contraindicated`")
        }
    }

    /// `type ::= 'svn' '[' Integer ']' | 'set' '<' type '>' | Identifier ( '.' Name )*`
    private mutating func parseType(depth: Int = 0) throws(Abandon) -> TypeSyntax {
        guard depth < 8 else { throw fail("type nested too deeply") }
        if at(.svn) {
            let start = advance()
            _ = try expect(.leftBracket, "after `svn` in a type", hint: "e.g. svn[16]")
            guard current.kind == .integer else { throw fail("expected the svn length, found \(current.quoted)") }
            let count = advance()
            let end = try expect(.rightBracket, "after the svn length")
            return .svn(count: count, span: start.span.through(end.span))
        }
        let first = try identifier("a type (bool, int, string, bytes, bytes48, svn[N], time, duration, set<T>)")
        if first.text == "set", at(.less) {
            _ = advance()
            let element = try parseType(depth: depth + 1)
            let end = try expect(.greater, "to close `set<`")
            return .set(element, span: first.span.through(end.span))
        }
        var parts = [first]
        while at(.dot) {
            _ = advance()
            parts.append(try memberName())
        }
        return .named(parts)
    }

    // MARK: Expressions

    private mutating func nested<T>(_ body: (inout Parser) throws(Abandon) -> T) throws(Abandon) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw tooDeep() }
        return try body(&self)
    }

    /// Nesting (or a chain of `+`/`-` or of `.`/`[]`, which nests the tree as deeply) beyond
    /// ``maximumDepth``: one diagnostic, so later passes never recurse deeper than that.
    private mutating func tooDeep() -> Abandon {
        diagnostics.append(
            Diagnostic(
                .error, .nestingTooDeep, current.span,
                "expression nested too deeply (more than \(Self.maximumDepth) levels)",
                hint: "split it with `let` declarations"))
        return Abandon()
    }

    /// `expression ::= quantifier | disjunction`
    private mutating func parseExpression() throws(Abandon) -> Expression {
        try nested { (p: inout Parser) throws(Abandon) in
            if p.at(.any) || p.at(.all) || p.at(.count) { return try p.parseQuantifier() }
            return try p.parseBinary(level: 1)
        }
    }

    /// `quantifier ::= ( 'any' | 'all' | 'count' ) Identifier 'in' postfix ':' expression`
    private mutating func parseQuantifier() throws(Abandon) -> Expression {
        let token = advance()
        let quantifier: Quantifier = token.kind == .keyword(.any) ? .any : token.kind == .keyword(.all) ? .all : .count
        let variable = try identifier("a variable name after `\(quantifier.rawValue)`")
        _ = try expect(.in, "after the variable", hint: "e.g. any e in tdx.events: e.mr == 1")
        let list = try nested { (p: inout Parser) throws(Abandon) in try p.parsePostfix() }
        _ = try expect(.colon, "after the list of `\(quantifier.rawValue)`")
        let body = try parseExpression()
        return make(.quantifier(quantifier, variable, list, body), token.span.through(body.span))
    }

    /// Levels: 1 `or`, 2 `and`, 3 `not`, 4 comparisons and `in` (non-associative), 5 `+ -`.
    private mutating func parseBinary(level: Int) throws(Abandon) -> Expression {
        switch level {
        case 1, 2:
            let first = try parseBinary(level: level + 1)
            let keyword: Keyword = level == 1 ? .or : .and
            guard at(keyword) else { return first }
            var operands = [first]
            while at(keyword) {
                _ = advance()
                operands.append(try nested { (p: inout Parser) throws(Abandon) in try p.parseBinary(level: level + 1) })
            }
            return make(
                .chain(level == 1 ? .or : .and, operands), first.span.through(operands[operands.count - 1].span))
        case 3:
            if at(.not) {
                let start = advance()
                let operand = try nested { (p: inout Parser) throws(Abandon) in try p.parseBinary(level: 3) }
                return make(.unary(.not, operand), start.span.through(operand.span))
            }
            return try parseBinary(level: 4)
        case 4:
            let left = try parseBinary(level: 5)
            guard let op = comparisonOperator() else { return left }
            _ = advance()
            let right = try nested { (p: inout Parser) throws(Abandon) in try p.parseBinary(level: 5) }
            if comparisonOperator() != nil {
                throw fail(
                    "comparisons cannot be chained", hint: "combine them with `and`: `a < b and b < c`")
            }
            return make(.binary(op, left, right), left.span.through(right.span))
        default:
            var left = try parseUnary()
            var terms = 1
            while at(.plus) || at(.minus) {
                terms += 1
                if terms > Self.maximumDepth { throw tooDeep() }
                let op: BinaryOperator = at(.plus) ? .plus : .minus
                _ = advance()
                let right = try nested { (p: inout Parser) throws(Abandon) in try p.parseUnary() }
                left = make(.binary(op, left, right), left.span.through(right.span))
            }
            return left
        }
    }

    private func comparisonOperator() -> BinaryOperator? {
        switch current.kind {
        case .punctuation(.equal): return .equal
        case .punctuation(.notEqual): return .notEqual
        case .punctuation(.less): return .less
        case .punctuation(.lessEqual): return .lessEqual
        case .punctuation(.greater): return .greater
        case .punctuation(.greaterEqual): return .greaterEqual
        case .keyword(.in): return .in
        case .punctuation(.assign):
            return .equal  // reported below as a typo for `==`
        default: return nil
        }
    }

    /// `unary ::= '-' unary | postfix`
    private mutating func parseUnary() throws(Abandon) -> Expression {
        if at(.assign) { throw fail("`=` is not a comparison", hint: "write `==` to compare") }
        if at(.minus) {
            let start = advance()
            let operand = try nested { (p: inout Parser) throws(Abandon) in try p.parseUnary() }
            return make(.unary(.negate, operand), start.span.through(operand.span))
        }
        return try parsePostfix()
    }

    /// `postfix ::= primary ( '.' Name | '[' expression ']' )*`
    private mutating func parsePostfix() throws(Abandon) -> Expression {
        var base = try parsePrimary()
        var steps = 0
        while true {
            steps += 1
            if steps > Self.maximumDepth { throw tooDeep() }
            if at(.dot) {
                _ = advance()
                let member = try memberName()
                base = make(.member(base, member), base.span.through(member.span))
            } else if at(.leftBracket) {
                let opener = advance()
                let subscriptExpression = try parseExpression()
                let end = try close(.rightBracket, opener: opener)
                base = make(.index(base, subscriptExpression), base.span.through(end.span))
            } else {
                return base
            }
        }
    }

    /// `primary ::= literal | 'now' | Identifier | call | setLiteral | '(' expression ')'`
    private mutating func parsePrimary() throws(Abandon) -> Expression {
        let token = current
        switch token.kind {
        case .integer:
            _ = advance()
            return make(.integer(token.text), token.span)
        case .duration:
            _ = advance()
            return make(.duration(token.text), token.span)
        case .string:
            _ = advance()
            return make(.string(token.text), token.span)
        case .hexBytes:
            _ = advance()
            return make(.hexBytes(token.text), token.span)
        case .hexString:
            _ = advance()
            return make(.hexString(token.text), token.span)
        case .time:
            _ = advance()
            return make(.time(token.text), token.span)
        case .keyword(.true), .keyword(.false):
            _ = advance()
            return make(.bool(token.kind == .keyword(.true)), token.span)
        case .keyword(.now):
            _ = advance()
            return make(.now, token.span)
        case .keyword(.svn):
            _ = advance()
            _ = try expect(.leftBracket, "after `svn`", hint: "an svn literal is svn[3, 0, 5, …]")
            var components: [Token] = []
            repeat {
                guard current.kind == .integer else {
                    throw fail("expected an svn component (a non-negative integer), found \(current.quoted)")
                }
                components.append(advance())
            } while at(.comma) && advance().kind == .punctuation(.comma)
            let end = try expect(.rightBracket, "to close the svn literal")
            return make(.svn(components), token.span.through(end.span))
        case .keyword(.any), .keyword(.all), .keyword(.count):
            throw fail(
                "`\(token.text)` here needs parentheses",
                hint:
                    "a quantifier's body extends to the end of the expression, so inside one write `(\(token.text) x in list: …)`"
            )
        case .identifier:
            _ = advance()
            guard at(.leftParen) else { return make(.name(token.text), token.span) }
            let opener = advance()
            var arguments: [Expression] = []
            if !at(.rightParen) {
                repeat {
                    arguments.append(try parseExpression())
                } while at(.comma) && advance().kind == .punctuation(.comma)
            }
            let end = try close(.rightParen, opener: opener)
            return make(.call(Name(text: token.text, span: token.span), arguments), token.span.through(end.span))
        case .punctuation(.leftParen):
            let opener = advance()
            let inner = try parseExpression()
            let end = try close(.rightParen, opener: opener)
            return Expression(id: inner.id, span: token.span.through(end.span), kind: inner.kind)
        case .punctuation(.leftBrace):
            let opener = advance()
            var elements: [Expression] = []
            while !at(.rightBrace) {
                elements.append(try parseExpression())
                guard at(.comma) else { break }
                _ = advance()
            }
            let end = try close(
                .rightBrace, opener: opener, hint: "separate elements with `,` and end the set with `}`")
            return make(.set(elements), token.span.through(end.span))
        default:
            throw fail("expected an expression, found \(token.quoted)")
        }
    }
}
