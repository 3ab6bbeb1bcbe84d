/// One finding of the compiler about a policy: where, how bad, what, and what to do about it.
///
/// Rendered by ``DiagnosticRenderer`` as `file:line:col: error: message`, the source line, a
/// caret line and `hint: …`; `policyc check --format json` writes the same fields as JSON.
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: String, Hashable, Sendable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public let severity: Severity
    /// A stable identifier for programs (`unknown-claim`, `type-mismatch`, …).
    public let code: DiagnosticCode
    public let span: SourceSpan
    public let message: String
    /// What to do about it; `nil` when the message says it all.
    public let hint: String?

    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ span: SourceSpan, _ message: String, hint: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.span = span
        self.message = message
        self.hint = hint
    }

    /// Orders by position, then errors before warnings, then message.
    static func precedes(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.span.line != b.span.line { return a.span.line < b.span.line }
        if a.span.column != b.span.column { return a.span.column < b.span.column }
        if a.severity != b.severity { return a.severity < b.severity }
        return a.message < b.message
    }
}

/// Stable identifiers of diagnostics, written as `code` in JSON output.
public enum DiagnosticCode: String, Hashable, Sendable, CaseIterable {
    case syntax = "syntax"
    case nestingTooDeep = "nesting-too-deep"
    case invalidLiteral = "invalid-literal"
    case duplicateDeclaration = "duplicate-declaration"
    case unknownKind = "unknown-kind"
    case unknownClaim = "unknown-claim"
    case unknownName = "unknown-name"
    case unknownField = "unknown-field"
    case unknownFunction = "unknown-function"
    case unknownType = "unknown-type"
    case ambiguousName = "ambiguous-name"
    case cycle = "cycle"
    case typeMismatch = "type-mismatch"
    case notConstant = "not-constant"
    case overflow = "overflow"
    case unsupportedRegex = "unsupported-regex"
    case unknownTrustClaim = "unknown-trust-claim"
    case limitExceeded = "limit-exceeded"
    case allowNeverTrue = "allow-never-true"
    case denyAlwaysTrue = "deny-shadows-allow"
    case unusedCheck = "unused-check"
    case unusedDeclaration = "unused-declaration"
    case noAllow = "no-allow"
    case duplicateSetElement = "duplicate-set-element"
}
