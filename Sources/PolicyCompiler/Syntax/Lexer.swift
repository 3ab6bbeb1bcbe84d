/// Splits policy source into tokens (`Grammar/policy.ebnf`, lexical productions), collecting
/// comments for the formatter and reporting malformed tokens as diagnostics without stopping:
/// an unknown character or an unterminated string becomes an ``TokenKind/invalid`` token and
/// lexing continues.
public struct Lexer {
    public struct Output: Sendable {
        public var tokens: [Token]
        public var comments: [Comment]
        public var diagnostics: [Diagnostic]
    }

    private let file: String
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    private var comments: [Comment] = []
    private var diagnostics: [Diagnostic] = []
    private var lastTokenLine = 0

    /// Tokenizes `source`; the last token is always ``TokenKind/endOfFile``.
    public static func tokenize(_ source: String, file: String) -> Output {
        var lexer = Lexer(file: file, scalars: Array(source.unicodeScalars))
        lexer.run()
        return Output(tokens: lexer.tokens, comments: lexer.comments, diagnostics: lexer.diagnostics)
    }

    private init(file: String, scalars: [Unicode.Scalar]) {
        self.file = file
        self.scalars = scalars
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = position + offset
        return i < scalars.count ? scalars[i] : nil
    }

    private mutating func advance() {
        guard position < scalars.count else { return }
        if scalars[position] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        position += 1
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    static func isHexDigit(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F")
    }

    private mutating func run() {
        while true {
            while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
            guard let c = peek() else { break }
            let startPosition = position
            let startLine = line
            let startColumn = column
            func span() -> SourceSpan {
                SourceSpan(file: file, line: startLine, column: startColumn, endLine: line, endColumn: column)
            }
            func text() -> String { String(String.UnicodeScalarView(scalars[startPosition..<position])) }
            func emit(_ kind: TokenKind) {
                tokens.append(Token(kind: kind, text: text(), span: span()))
                lastTokenLine = line
            }
            func fail(_ message: String, hint: String? = nil) {
                diagnostics.append(Diagnostic(.error, .syntax, span(), message, hint: hint))
                emit(.invalid)
            }

            if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n" { advance() }
                var commentText = text()
                if commentText.hasSuffix("\r") { commentText.removeLast() }
                comments.append(Comment(text: commentText, span: span(), isTrailing: lastTokenLine == startLine))
                continue
            }
            if c == "h" || c == "t", peek(1) == "\"" {
                advance()
                guard scanQuoted() else {
                    fail(
                        "unterminated \(c == "h" ? "hex string" : "time literal")",
                        hint: "close it with `\"` on the same line")
                    continue
                }
                if c == "h" {
                    let body = Array(text().unicodeScalars.dropFirst(2).dropLast())
                    let digits = body.filter { $0 != " " }
                    let wellFormed =
                        body.allSatisfy { Self.isHexDigit($0) || $0 == " " } && digits.count % 2 == 0
                        && body.first != " " && body.last != " "
                        && !String(String.UnicodeScalarView(body)).contains("  ")
                    if !wellFormed {
                        fail(
                            "malformed hex string",
                            hint: "write pairs of hex digits, optionally separated by single spaces: h\"0a1b 2c3d\"")
                        continue
                    }
                    emit(.hexString)
                } else {
                    emit(.time)
                }
                continue
            }
            if Self.isIdentifierStart(c) {
                while let d = peek(), Self.isIdentifierPart(d) { advance() }
                let word = text()
                emit(Keyword(rawValue: word).map { .keyword($0) } ?? .identifier)
                continue
            }
            if Self.isDigit(c) {
                if c == "0", peek(1) == "x" || peek(1) == "X" {
                    advance()
                    advance()
                    var digits = 0
                    while let d = peek(), Self.isHexDigit(d) {
                        advance()
                        digits += 1
                    }
                    if let d = peek(), Self.isIdentifierPart(d) {
                        while let d = peek(), Self.isIdentifierPart(d) { advance() }
                        fail(
                            "malformed hex bytes `\(text())`",
                            hint: "a bytes literal is `0x` followed by hex digit pairs")
                    } else if digits % 2 != 0 {
                        fail(
                            "odd number of hex digits in `\(text())`", hint: "bytes are written as pairs of hex digits")
                    } else {
                        emit(.hexBytes)
                    }
                    continue
                }
                while let d = peek(), Self.isDigit(d) { advance() }
                if let d = peek(), Self.isIdentifierStart(d) {
                    let unitStart = position
                    while let d = peek(), Self.isIdentifierPart(d) { advance() }
                    let unit = String(String.UnicodeScalarView(scalars[unitStart..<position]))
                    if ["s", "m", "h", "d", "w"].contains(unit) {
                        emit(.duration)
                    } else {
                        fail(
                            "unknown duration unit `\(unit)` in `\(text())`",
                            hint: "durations are digits and one of s, m, h, d, w: `30d`, `12h`")
                    }
                    continue
                }
                emit(.integer)
                continue
            }
            if c == "\"" {
                if scanQuoted() {
                    emit(.string)
                } else {
                    fail("unterminated string", hint: "close it with `\"` on the same line")
                }
                continue
            }
            let two = peek(1).map { String(c) + String($0) }
            if let two, let p = Punctuation(rawValue: two) {
                advance()
                advance()
                emit(.punctuation(p))
                continue
            }
            if let p = Punctuation(rawValue: String(c)) {
                advance()
                emit(.punctuation(p))
                continue
            }
            advance()
            if c == "!" {
                fail("unexpected `!`", hint: "negation is written `not`; inequality is `!=`")
            } else if c == "&" || c == "|" {
                if peek() == c { advance() }
                fail("unexpected `\(text())`", hint: "logical operators are written `and`, `or` and `not`")
            } else {
                fail("unexpected character `\(text())`")
            }
        }
        tokens.append(
            Token(
                kind: .endOfFile, text: "",
                span: SourceSpan(file: file, line: line, column: column, endLine: line, endColumn: column)))
    }

    /// Scans a `"…"` body from the opening quote: escapes `\" \\ \n \t \r \u{…}`; stops at
    /// the closing quote (returns true) or at a line break or the end (returns false).
    private mutating func scanQuoted() -> Bool {
        advance()
        while let c = peek() {
            if c == "\n" { return false }
            advance()
            if c == "\"" { return true }
            if c == "\\", let next = peek(), next != "\n" { advance() }
        }
        return false
    }
}
