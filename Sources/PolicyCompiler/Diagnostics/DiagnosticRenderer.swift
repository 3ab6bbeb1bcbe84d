import Claims

/// Renders diagnostics for people (`file:line:col: error: message`, the source line, a caret
/// line under the span, `hint: …`) and for programs (a JSON array, `policyc check --format
/// json`).
public enum DiagnosticRenderer {
    /// The text form of `diagnostics` against `source`, each block ending in a newline.
    public static func text(_ diagnostics: [Diagnostic], source: String) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var out = ""
        for d in diagnostics {
            out += "\(d.span.start): \(d.severity.rawValue): \(d.message)\n"
            if d.span.line >= 1, d.span.line <= lines.count {
                let line = Array(lines[d.span.line - 1].unicodeScalars)
                out += String(String.UnicodeScalarView(line)) + "\n"
                let startColumn = max(1, min(d.span.column, line.count + 1))
                var caret = ""
                for scalar in line.prefix(startColumn - 1) { caret += scalar == "\t" ? "\t" : " " }
                let endColumn = d.span.endLine == d.span.line ? d.span.endColumn : line.count + 1
                let width = max(1, min(endColumn, line.count + 1) - startColumn)
                caret += "^" + String(repeating: "~", count: width - 1)
                out += caret + "\n"
            }
            if let hint = d.hint { out += "hint: \(hint)\n" }
        }
        return out
    }

    /// A one-line summary such as `2 errors, 1 warning`.
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning"))"
    }

    /// A JSON array with one object per diagnostic: `file`, `line`, `column`, `endLine`,
    /// `endColumn`, `severity` (`error` or `warning`), `code`, `message`, `hint` (string or null).
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        var out = "["
        for (i, d) in diagnostics.enumerated() {
            out += i == 0 ? "\n  {" : ",\n  {"
            out += "\"file\": \(quoted(d.span.file)), \"line\": \(d.span.line), \"column\": \(d.span.column), "
            out += "\"endLine\": \(d.span.endLine), \"endColumn\": \(d.span.endColumn), "
            out += "\"severity\": \"\(d.severity.rawValue)\", \"code\": \"\(d.code.rawValue)\", "
            out += "\"message\": \(quoted(d.message)), \"hint\": \(d.hint.map(quoted) ?? "null")}"
        }
        return out + (diagnostics.isEmpty ? "]\n" : "\n]\n")
    }

    /// A JSON string literal (RFC 8259 §7): the project's one escaper, `JSONWriter.quoted`.
    static func quoted(_ text: String) -> String { JSONWriter.quoted(text) }
}
