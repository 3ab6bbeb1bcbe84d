/// The tokens of the policy language (`Grammar/policy.ebnf`, lexical productions).
public enum TokenKind: Hashable, Sendable {
    /// `Identifier`: a word that is not a keyword.
    case identifier
    /// `Integer`: decimal digits.
    case integer
    /// `Duration`: digits and a unit (`30d`).
    case duration
    /// `String`: `"…"` with escapes.
    case string
    /// `HexBytes`: `0x…`.
    case hexBytes
    /// `HexString`: `h"…"`.
    case hexString
    /// `TimeLiteral`: `t"…"`.
    case time
    case keyword(Keyword)
    case punctuation(Punctuation)
    case endOfFile
    /// Text the lexer could not make a token of (already reported).
    case invalid
}

/// Reserved words: they cannot name a declaration, but may follow `.` as a field or claim name.
public enum Keyword: String, Hashable, Sendable, CaseIterable {
    case policy, input, param, const, `let`, check, trust, allow, deny
    case `if`, `else`, and, or, not, `in`, any, all, count, `true`, `false`, now, svn

    /// The keywords that start a declaration: where the parser resynchronizes after an error.
    var startsDeclaration: Bool {
        switch self {
        case .policy, .input, .param, .const, .let, .check, .trust, .allow, .deny: return true
        default: return false
        }
    }
}

public enum Punctuation: String, Hashable, Sendable, CaseIterable {
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case leftBrace = "{"
    case rightBrace = "}"
    case comma = ","
    case colon = ":"
    case dot = "."
    case assign = "="
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case plus = "+"
    case minus = "-"
}

public struct Token: Hashable, Sendable {
    public let kind: TokenKind
    /// The exact source text of the token.
    public let text: String
    public let span: SourceSpan

    /// How the token reads in a diagnostic: `` `check` ``, or "end of file".
    var quoted: String {
        switch kind {
        case .endOfFile: return "end of file"
        case .string, .hexString, .time: return text.count > 24 ? "a string" : "`\(text)`"
        default: return "`\(text)`"
        }
    }
}

/// A `//` comment, kept for the formatter.
public struct Comment: Hashable, Sendable {
    /// The text including `//`, without the line break.
    public let text: String
    public let span: SourceSpan
    /// Whether code precedes the comment on its line.
    public let isTrailing: Bool
}
