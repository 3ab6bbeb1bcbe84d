/// The syntax tree of a policy file, as written (`Grammar/policy.ebnf`): names are not yet
/// resolved and literals keep their source text. ``Parser`` builds it; ``Formatter`` prints it.
public struct PolicySyntax: Sendable {
    public var header: Header?
    public var declarations: [Declaration]
    /// Every `//` comment, for the formatter.
    public var comments: [Comment]
    public let file: String

    /// `policy "NAME" version N`.
    public struct Header: Sendable {
        public var name: StringLiteral
        public var version: Token
        public var span: SourceSpan
    }
}

/// A name as written, with its span.
public struct Name: Hashable, Sendable {
    public let text: String
    public let span: SourceSpan
}

/// A `"…"` literal: its source text (quotes and escapes included) and span.
public struct StringLiteral: Hashable, Sendable {
    public let text: String
    public let span: SourceSpan
}

/// One top-level declaration (`Grammar/policy.ebnf`, `declaration`).
public struct Declaration: Sendable {
    public enum Kind: Sendable {
        /// `input NAME: KIND`.
        case input(name: Name, kind: Name)
        /// `param NAME: TYPE`.
        case param(name: Name, type: TypeSyntax)
        /// `const NAME = EXPR`.
        case const(name: Name, value: Expression)
        /// `let NAME = EXPR`.
        case `let`(name: Name, value: Expression)
        /// `check NAME "MESSAGE": EXPR`.
        case check(name: Name, message: StringLiteral, body: Expression)
        /// `trust CLAIM = TIER if EXPR else … TIER`.
        case trust(claim: Name, branches: [TrustBranch])
        /// `allow if EXPR`.
        case allow(condition: Expression)
        /// `deny "MESSAGE" if EXPR`.
        case deny(message: StringLiteral, condition: Expression)
    }

    public var kind: Kind
    public var span: SourceSpan

    /// The declared name, for the declarations that have one.
    public var name: Name? {
        switch kind {
        case .input(let name, _), .param(let name, _), .const(let name, _), .let(let name, _),
            .check(let name, _, _):
            return name
        case .trust, .allow, .deny: return nil
        }
    }
}

/// One `TIER if EXPR` (or the final `TIER`) of a trust declaration.
public struct TrustBranch: Sendable {
    public var tier: Name
    /// `nil` for the last branch.
    public var condition: Expression?
}

/// A type as written after `param NAME:` (`Grammar/policy.ebnf`, `type`).
public indirect enum TypeSyntax: Sendable {
    /// `bool`, `int`, `string`, `bytes`, `bytes48`, `time`, `duration`, or an enum's name.
    case named([Name])
    /// `svn[N]`.
    case svn(count: Token, span: SourceSpan)
    /// `set<T>`.
    case set(TypeSyntax, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .named(let parts): return parts[0].span.through(parts[parts.count - 1].span)
        case .svn(_, let span), .set(_, let span): return span
        }
    }
}

/// An expression node. `id` is unique within one parse, so later passes can annotate nodes.
public struct Expression: Sendable {
    public let id: Int
    public let span: SourceSpan
    public indirect enum Kind: Sendable {
        case integer(String)
        case duration(String)
        case string(String)
        case hexBytes(String)
        case hexString(String)
        case time(String)
        /// `svn[1, 2, 3]`: the component tokens.
        case svn([Token])
        case bool(Bool)
        case now
        case name(String)
        /// `base.name`.
        case member(Expression, Name)
        /// `base[index]`.
        case index(Expression, Expression)
        /// `name(arguments)`.
        case call(Name, [Expression])
        case unary(UnaryOperator, Expression)
        /// A comparison, `in`, `+` or `-`.
        case binary(BinaryOperator, Expression, Expression)
        /// `a and b and c` or `a or b or c` (two or more operands, flat so long chains stay shallow).
        case chain(BinaryOperator, [Expression])
        /// `{a, b, c}`.
        case set([Expression])
        /// `any x in list: body`, `all …`, `count …`.
        case quantifier(Quantifier, Name, Expression, Expression)
        /// Could not be parsed (already reported).
        case error
    }
    public let kind: Kind
}

public enum UnaryOperator: String, Sendable {
    case not = "not"
    case negate = "-"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in`
    case plus = "+", minus = "-"

    /// Binding strength (higher binds tighter), following the grammar's nesting.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in: return 4
        case .plus, .minus: return 5
        }
    }

    var isComparison: Bool { precedence == 4 }
}

public enum Quantifier: String, Sendable {
    case any, all, count
}
