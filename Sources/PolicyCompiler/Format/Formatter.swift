/// Canonical formatting of policy source (`policyc fmt`): one declaration per line (longer
/// expressions broken before `and`/`or`, indented), single spaces around operators, the names
/// and messages of consecutive checks (and the claims of consecutive trust entries) aligned in
/// columns, at most one blank line where the source had blank lines, comments kept (a comment
/// inside a multi-line declaration moves to the line above it). Formatting formatted text
/// changes nothing, and the result parses to the same syntax tree.
public enum Formatter {
    /// Lines longer than this are broken where the grammar allows.
    public static let lineWidth = 100

    /// The formatted text, or the syntax diagnostics when `source` does not parse.
    public static func format(_ source: String, file: String) -> Result<String, FormatError> {
        let parsed = Parser.parse(source, file: file)
        let errors = parsed.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let header = parsed.syntax.header else {
            return .failure(FormatError(diagnostics: errors))
        }
        var printer = Printer(syntax: parsed.syntax, header: header)
        return .success(printer.run())
    }

    /// Why a file could not be formatted: its syntax errors.
    public struct FormatError: Error, Sendable {
        public let diagnostics: [Diagnostic]
    }

    private struct Printer {
        let syntax: PolicySyntax
        let header: PolicySyntax.Header
        var lines: [String] = []
        var commentIndex = 0

        init(syntax: PolicySyntax, header: PolicySyntax.Header) {
            self.syntax = syntax
            self.header = header
        }

        /// Units of output: the header and each declaration, with their first and last lines.
        private struct Unit {
            let first: Int
            let last: Int
            let declaration: Declaration?
        }

        mutating func run() -> String {
            var units = [Unit(first: header.span.line, last: header.span.endLine, declaration: nil)]
            units += syntax.declarations.map { Unit(first: $0.span.line, last: $0.span.endLine, declaration: $0) }
            let comments = syntax.comments
            var previousLast = 0
            // Alignment runs: consecutive checks (or trusts) with no blank line or comment between.
            var rendered: [[String]] = []
            var index = 0
            while index < units.count {
                let unit = units[index]
                var leading: [Comment] = []
                while commentIndex < comments.count, comments[commentIndex].span.line < unit.first {
                    leading.append(comments[commentIndex])
                    commentIndex += 1
                }
                var interior: [Comment] = []
                var trailing: Comment?
                while commentIndex < comments.count, comments[commentIndex].span.line <= unit.last {
                    let c = comments[commentIndex]
                    if c.span.line == unit.last, c.isTrailing { trailing = c } else { interior.append(c) }
                    commentIndex += 1
                }
                var blankBefore = false
                var cursor = previousLast
                for c in leading {
                    if c.span.line > cursor + 1, cursor > 0 { blankBefore = true }
                    if blankBefore {
                        lines.append("")
                        blankBefore = false
                    }
                    lines.append(c.text)
                    cursor = c.span.line
                }
                if unit.first > cursor + 1, cursor > 0 { lines.append("") }
                for c in interior { lines.append(c.text) }
                // Gather the alignment run starting here.
                var run = [unit]
                var runTrailing = [trailing]
                if let d = unit.declaration, Self.alignable(d) {
                    var next = index + 1
                    var last = unit.last
                    while next < units.count, let nd = units[next].declaration, Self.sameRun(d, nd),
                        units[next].first <= last + 1,
                        commentIndex >= comments.count || comments[commentIndex].span.line > units[next].last
                            || (comments[commentIndex].span.line == units[next].last
                                && comments[commentIndex].isTrailing
                                && units[next].first == units[next].last)
                    {
                        var t: Comment?
                        if commentIndex < comments.count, comments[commentIndex].span.line == units[next].last {
                            t = comments[commentIndex]
                            commentIndex += 1
                        }
                        run.append(units[next])
                        runTrailing.append(t)
                        last = units[next].last
                        next += 1
                    }
                }
                rendered = render(run.map { $0.declaration })
                for (i, block) in rendered.enumerated() {
                    var block = block
                    if let t = runTrailing[i], !block.isEmpty { block[block.count - 1] += "  " + t.text }
                    lines += block
                }
                previousLast = run[run.count - 1].last
                index += run.count
            }
            var cursor = previousLast
            while commentIndex < comments.count {
                let c = comments[commentIndex]
                if c.span.line > cursor + 1 { lines.append("") }
                lines.append(c.text)
                cursor = c.span.line
                commentIndex += 1
            }
            return lines.joined(separator: "\n") + "\n"
        }

        private static func alignable(_ d: Declaration) -> Bool {
            switch d.kind {
            case .check, .trust: return true
            default: return false
            }
        }

        private static func sameRun(_ a: Declaration, _ b: Declaration) -> Bool {
            switch (a.kind, b.kind) {
            case (.check, .check), (.trust, .trust): return true
            default: return false
            }
        }

        /// Renders a run of declarations (one, or consecutive checks / trusts to align).
        private func render(_ declarations: [Declaration?]) -> [[String]] {
            let ds = declarations.compactMap { $0 }
            guard ds.count == declarations.count else {
                return [["policy \(header.name.text) version \(header.version.text)"]]
            }
            // Column widths over the run's members that fit on one line.
            var nameWidth = 0
            var headWidth = 0
            for d in ds {
                if case .check(let name, let message, let body) = d.kind {
                    let head = "check \(name.text) \(message.text):"
                    if head.count + 1 + ExpressionPrinter.text(body).count <= lineWidth {
                        nameWidth = max(nameWidth, name.text.count)
                        headWidth = max(headWidth, message.text.count)
                    }
                }
                if case .trust(let claim, _) = d.kind { nameWidth = max(nameWidth, claim.text.count) }
            }
            return ds.map { declaration($0, nameWidth: nameWidth, messageWidth: headWidth) }
        }

        private func declaration(_ d: Declaration, nameWidth: Int, messageWidth: Int) -> [String] {
            switch d.kind {
            case .input(let name, let kind): return ["input \(name.text): \(kind.text)"]
            case .param(let name, let type): return ["param \(name.text): \(Self.type(type))"]
            case .const(let name, let value): return Self.layout(prefix: "const \(name.text) = ", value)
            case .let(let name, let value): return Self.layout(prefix: "let \(name.text) = ", value)
            case .check(let name, let message, let body):
                let flat = ExpressionPrinter.text(body)
                let plain = "check \(name.text) \(message.text): \(flat)"
                if plain.count <= lineWidth {
                    let paddedName = name.text.padding(to: nameWidth)
                    let paddedMessage = (message.text + ":").padding(to: messageWidth + 1)
                    return ["check \(paddedName) \(paddedMessage) \(flat)"]
                }
                return ["check \(name.text) \(message.text):"] + Self.layout(prefix: "    ", body)
            case .trust(let claim, let branches):
                let prefix = "trust \(claim.text.padding(to: nameWidth)) = "
                let parts = branches.map { branch -> String in
                    branch.condition.map { "\(branch.tier.text) if \(ExpressionPrinter.text($0))" } ?? branch.tier.text
                }
                let single = prefix + parts.joined(separator: " else ")
                if branches.count <= 2, single.count <= lineWidth { return [single] }
                let indent = String(repeating: " ", count: prefix.count)
                return parts.enumerated().map { i, part in i == 0 ? prefix + part : indent + "else " + part }
            case .allow(let condition): return Self.layout(prefix: "allow if ", condition)
            case .deny(let message, let condition): return Self.layout(prefix: "deny \(message.text) if ", condition)
            }
        }

        /// `prefix` + the expression, broken before each top-level `and`/`or` (also inside a
        /// final quantifier's body) when it does not fit.
        static func layout(prefix: String, _ e: Expression) -> [String] {
            let flat = ExpressionPrinter.text(e)
            if prefix.count + flat.count <= lineWidth { return [prefix + flat] }
            let base = prefix.hasPrefix("    ") ? prefix.count : 0
            let continuation = String(repeating: " ", count: base + 4)
            switch e.kind {
            case .chain(let op, let operands):
                return fill(prefix + "", op, operands, continuation: continuation)
            case .quantifier(let q, let variable, let list, let body):
                guard case .chain(let op, let operands) = body.kind else { return [prefix + flat] }
                let head = "\(q.rawValue) \(variable.text) in \(ExpressionPrinter.render(list, required: 7)): "
                return fill(prefix + head, op, operands, continuation: continuation)
            default:
                return [prefix + flat]
            }
        }

        /// The operands of an `and`/`or` chain after `start`, as many per line as fit; each
        /// continuation line starts with the operator.
        static func fill(_ start: String, _ op: BinaryOperator, _ operands: [Expression], continuation: String)
            -> [String]
        {
            let inner = op == .or ? 2 : 3
            var out: [String] = []
            var line = start
            for (i, operand) in operands.enumerated() {
                let text = ExpressionPrinter.render(operand, required: inner)
                if i == 0 {
                    line += text
                } else if line.count + op.rawValue.count + text.count + 2 <= lineWidth {
                    line += " " + op.rawValue + " " + text
                } else {
                    out.append(line)
                    line = continuation + op.rawValue + " " + text
                }
            }
            out.append(line)
            return out
        }

        static func type(_ t: TypeSyntax) -> String {
            switch t {
            case .named(let parts): return parts.map(\.text).joined(separator: ".")
            case .svn(let count, _): return "svn[\(count.text)]"
            case .set(let element, _): return "set<\(type(element))>"
            }
        }
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
