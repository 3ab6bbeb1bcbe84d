/// A canonical text of an IR node that ignores spans and source text, so two expressions can
/// be compared for sameness (`x and not x`, a `deny` whose condition repeats an `allow`'s).
extension IRNode {
    var key: String {
        switch kind {
        case .constant(let v): return "k(\(v))"
        case .claim(let input, let slot): return "claim(\(input),\(slot))"
        case .param(let p): return "param(\(p))"
        case .now: return "now"
        case .check(let c): return "check(\(c))"
        case .letValue(let l): return "let(\(l))"
        case .local(let b): return "local(\(b))"
        case .not(let a): return "not(\(a.key))"
        case .and(let xs): return "and(" + xs.map(\.key).joined(separator: ",") + ")"
        case .or(let xs): return "or(" + xs.map(\.key).joined(separator: ",") + ")"
        case .compare(let op, let a, let b): return "cmp\(op.rawValue)(\(a.key),\(b.key))"
        case .inSet(let a, let elements, _): return "in(\(a.key),\(elements))"
        case .inParam(let a, let p): return "inparam(\(a.key),\(p))"
        case .inArray(let a, let b): return "inarray(\(a.key),\(b.key))"
        case .arithmetic(let op, let a, let b): return "\(op.rawValue)(\(a.key),\(b.key))"
        case .negate(let a): return "neg(\(a.key))"
        case .length(let a): return "len(\(a.key))"
        case .startsWith(let a, let b): return "sw(\(a.key),\(b.key))"
        case .matches(let a, let r): return "matches(\(a.key),\(r.pattern))"
        case .hex(let a): return "hex(\(a.key))"
        case .index(let a, let b): return "idx(\(a.key),\(b.key))"
        case .field(let a, let f): return "field(\(a.key),\(f))"
        case .quantifier(let q, let b, let l, let body): return "\(q.rawValue)[\(b)](\(l.key),\(body.key))"
        }
    }

    /// The operands of a top-level `and` (the node itself when it is not a conjunction).
    var conjuncts: [IRNode] {
        if case .and(let xs) = kind { return xs.flatMap(\.conjuncts) }
        return [self]
    }
}
