/// Prints an expression on one line in canonical form: single spaces around binary operators,
/// `, ` between elements, and only the parentheses the grammar needs: by precedence, and around
/// a quantifier anywhere but at the top of an expression (`Grammar/policy.ebnf`, `expression`).
enum ExpressionPrinter {
    static func text(_ e: Expression) -> String { render(e, required: 0) }

    /// The binding level of an expression (`Grammar/policy.ebnf`, loosest first).
    static func level(_ e: Expression) -> Int {
        switch e.kind {
        case .chain(let op, _): return op == .or ? 1 : 2
        case .unary(.not, _): return 3
        case .binary(let op, _, _): return op.precedence
        case .unary(.negate, _): return 6
        case .member, .index: return 7
        case .quantifier: return 0
        default: return 8
        }
    }

    /// `e` where the grammar expects a production of binding level `required` (0: a whole
    /// `expression`).
    static func render(_ e: Expression, required: Int) -> String {
        if level(e) < required { return "(" + render(e, required: 0) + ")" }
        switch e.kind {
        case .integer(let t), .duration(let t), .string(let t), .hexBytes(let t), .hexString(let t), .time(let t):
            return t
        case .svn(let components): return "svn[" + components.map(\.text).joined(separator: ", ") + "]"
        case .bool(let b): return b ? "true" : "false"
        case .now: return "now"
        case .name(let n): return n
        case .error: return "<error>"
        case .member(let base, let name): return render(base, required: 7) + "." + name.text
        case .index(let base, let position):
            return render(base, required: 7) + "[" + render(position, required: 0)
                + "]"
        case .call(let name, let arguments):
            return name.text + "(" + arguments.map { render($0, required: 0) }.joined(separator: ", ")
                + ")"
        case .set(let elements):
            return "{" + elements.map { render($0, required: 0) }.joined(separator: ", ") + "}"
        case .unary(.not, let operand): return "not " + render(operand, required: 3)
        case .unary(.negate, let operand): return "-" + render(operand, required: 6)
        case .chain(let op, let operands):
            let inner = op == .or ? 2 : 3
            return operands.map { render($0, required: inner) }.joined(separator: " \(op.rawValue) ")
        case .binary(let op, let left, let right):
            let leftRequired = op.isComparison ? 5 : 5
            let rightRequired = op.isComparison ? 5 : 6
            return render(left, required: leftRequired) + " \(op.rawValue) "
                + render(right, required: rightRequired)
        case .quantifier(let q, let variable, let list, let body):
            return "\(q.rawValue) \(variable.text) in " + render(list, required: 7) + ": "
                + render(body, required: 0)
        }
    }
}
