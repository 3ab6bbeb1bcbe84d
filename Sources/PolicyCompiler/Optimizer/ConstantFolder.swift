/// Constant folding (issue #4, optimizer): evaluates every operation whose operands are known
/// at compile time and simplifies `and`/`or`/`not` around constants with three-valued logic
/// (`false and x` is false even when `x` is missing; `true and x` is `x`). An operation on
/// constants that overflows is a compile error, reported with the expression's span.
struct ConstantFolder {
    private(set) var diagnostics: [Diagnostic] = []

    /// `node` with every foldable sub-expression replaced by its value.
    mutating func fold(_ node: IRNode) -> IRNode {
        var overflowSpans: [(SourceSpan, String)] = []
        let result = node.rewritten { n in
            let (folded, overflow) = Self.foldOne(n)
            if overflow { overflowSpans.append((n.span, n.text)) }
            return folded
        }
        for (span, text) in overflowSpans {
            diagnostics.append(
                Diagnostic(
                    .error, .overflow, span, "`\(text)` overflows 64 bits",
                    hint: "int, time and duration arithmetic is checked; this would make every evaluation fail"))
        }
        return result
    }

    /// Folds one node whose children are already folded; `overflow` when constant operands overflow.
    static func foldOne(_ n: IRNode) -> (IRNode, overflow: Bool) {
        func constant(_ value: ConstantValue) -> IRNode {
            var copy = n
            copy.kind = .constant(value)
            return copy
        }
        switch n.kind {
        case .not(let a):
            if case .bool(let b)? = a.constantValue { return (constant(.bool(!b)), false) }
            return (n, false)
        case .and(let operands), .or(let operands):
            let isAnd: Bool
            if case .and = n.kind { isAnd = true } else { isAnd = false }
            var kept: [IRNode] = []
            for operand in operands {
                if case .bool(let b)? = operand.constantValue {
                    if b != isAnd { return (constant(.bool(b)), false) }  // false and …, true or …
                    continue  // true and x = x
                }
                if case .and(let inner) = operand.kind, isAnd {
                    kept += inner
                } else if case .or(let inner) = operand.kind, !isAnd {
                    kept += inner
                } else {
                    kept.append(operand)
                }
            }
            if kept.isEmpty { return (constant(.bool(isAnd)), false) }
            if kept.count == 1 { return (kept[0], false) }
            var copy = n
            copy.kind = isAnd ? .and(kept) : .or(kept)
            return (copy, false)
        case .compare(let op, let a, let b):
            if let x = a.constantValue, let y = b.constantValue, let r = ValueSemantics.compare(op, x, y) {
                return (constant(.bool(r)), false)
            }
        case .inSet(let a, let elements, _):
            if let x = a.constantValue { return (constant(.bool(ValueSemantics.contains(elements, x))), false) }
        case .arithmetic(let op, let a, let b):
            if let x = a.constantValue, let y = b.constantValue {
                guard let r = ValueSemantics.arithmetic(op, x, y) else { return (n, true) }
                return (constant(r), false)
            }
        case .negate(let a):
            if let x = a.constantValue {
                guard let r = ValueSemantics.negate(x) else { return (n, true) }
                return (constant(r), false)
            }
        case .length(let a):
            if let x = a.constantValue, let r = ValueSemantics.length(x) { return (constant(r), false) }
        case .startsWith(let a, let b):
            if let x = a.constantValue, let y = b.constantValue, let r = ValueSemantics.startsWith(x, y) {
                return (constant(.bool(r)), false)
            }
        case .matches(let a, let automaton):
            if case .string(let s)? = a.constantValue { return (constant(.bool(automaton.matches(s.utf8))), false) }
        case .hex(let a):
            if let x = a.constantValue, let r = ValueSemantics.hex(x) { return (constant(r), false) }
        case .index(let a, let b):
            if let x = a.constantValue, let y = b.constantValue, let r = ValueSemantics.index(x, y) {
                return (constant(r), false)
            }
        default: break
        }
        return (n, false)
    }
}
