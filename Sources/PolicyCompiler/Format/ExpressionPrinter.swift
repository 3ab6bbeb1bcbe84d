/// Prints an expression on one line in canonical form: single spaces around binary operators,
/// `, ` between elements, and only the parentheses the grammar needs (by precedence, and
/// around a quantifier that is not the rightmost part of its context, since a quantifier's
/// body extends as far right as possible).
enum ExpressionPrinter {
    static func text(_ e: Expression) -> String { print(e, required: 0, rightmost: true) }

    /// The binding level of an expression (`Grammar/policy.ebnf`, loosest first).
    static func level(_ e: Expression) -> Int {
        switch e.kind {
        case .chain(let op, _): return op == .or ? 1 : 2
        case .unary(.not, _): return 3
        case .binary(let op, _, _): return op.precedence
        case .unary(.negate, _): return 6
        case .member, .index: return 7
        default: return 8
        }
    }

    static func print(_ e: Expression, required: Int, rightmost: Bool) -> String {
        if case .quantifier = e.kind, !rightmost {
            return "(" + print(e, required: 0, rightmost: true) + ")"
        }
        if level(e) < required { return "(" + print(e, required: 0, rightmost: true) + ")" }
        switch e.kind {
        case .integer(let t), .duration(let t), .string(let t), .hexBytes(let t), .hexString(let t), .time(let t):
            return t
        case .svn(let components): return "svn[" + components.map(\.text).joined(separator: ", ") + "]"
        case .bool(let b): return b ? "true" : "false"
        case .now: return "now"
        case .name(let n): return n
        case .error: return "<error>"
        case .member(let base, let name): return print(base, required: 7, rightmost: false) + "." + name.text
        case .index(let base, let position):
            return print(base, required: 7, rightmost: false) + "[" + print(position, required: 0, rightmost: true)
                + "]"
        case .call(let name, let arguments):
            return name.text + "(" + arguments.map { print($0, required: 0, rightmost: true) }.joined(separator: ", ")
                + ")"
        case .set(let elements):
            return "{" + elements.map { print($0, required: 0, rightmost: true) }.joined(separator: ", ") + "}"
        case .unary(.not, let operand): return "not " + print(operand, required: 3, rightmost: rightmost)
        case .unary(.negate, let operand): return "-" + print(operand, required: 6, rightmost: rightmost)
        case .chain(let op, let operands):
            let inner = op == .or ? 2 : 3
            return operands.enumerated().map { i, operand in
                print(operand, required: inner, rightmost: rightmost && i == operands.count - 1)
            }.joined(separator: " \(op.rawValue) ")
        case .binary(let op, let left, let right):
            let leftRequired = op.isComparison ? 5 : 5
            let rightRequired = op.isComparison ? 5 : 6
            return print(left, required: leftRequired, rightmost: false) + " \(op.rawValue) "
                + print(right, required: rightRequired, rightmost: rightmost)
        case .quantifier(let q, let variable, let list, let body):
            return "\(q.rawValue) \(variable.text) in " + print(list, required: 7, rightmost: false) + ": "
                + print(body, required: 0, rightmost: true)
        }
    }
}
