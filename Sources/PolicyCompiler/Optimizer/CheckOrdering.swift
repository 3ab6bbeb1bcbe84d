/// Orders work so cheap tests run first (issue #4: "checks ordered so cheap ones run first
/// without changing results"): the operands of every `and`/`or` by estimated cost, and the
/// checks themselves by the cost of their code, keeping every check after the checks it reads.
/// Results cannot change: expressions are pure and Kleene `and`/`or` are commutative; only how
/// soon a short-circuit or a decisive failure stops the work changes.
enum CheckOrdering {
    /// Estimated instructions to evaluate `node` once (loop bodies count 16 iterations),
    /// saturating at `Int.max / 64` so deeply nested quantifiers cannot overflow the estimate.
    static func cost(_ node: IRNode) -> Int {
        let limit = Int.max / 64
        let own: Int
        switch node.kind {
        case .constant, .claim, .param, .now, .check, .letValue, .local: own = 1
        case .inSet(_, let elements, let hashed): own = hashed ? 4 : 1 + elements.count / 2
        case .inParam: own = 4
        case .inArray: own = 8
        case .matches: own = 24
        case .quantifier(_, _, let list, let body):
            return min(limit, cost(list) + 16 * min(limit / 32, cost(body) + 4))
        default: own = 1
        }
        return node.children.reduce(own) { min(limit, $0 + cost($1)) }
    }

    static func run(_ program: IRProgram) -> IRProgram {
        var p = program
        p.apply { node in
            node.rewritten { n in
                var copy = n
                switch n.kind {
                case .and(let xs): copy.kind = .and(sortedByCost(xs))
                case .or(let xs): copy.kind = .or(sortedByCost(xs))
                default: break
                }
                return copy
            }
        }
        // Checks: cheapest first among those whose dependencies are placed (stable on ties).
        let costs = p.checks.map { cost($0.body) }
        let dependencies = p.checks.map { check -> Set<Int> in
            var deps = Set<Int>()
            check.body.visit { if case .check(let i) = $0.kind { deps.insert(i) } }
            return deps
        }
        var placed = Set<Int>()
        var order: [Int] = []
        while order.count < p.checks.count {
            let ready = p.checks.indices.filter { !placed.contains($0) && dependencies[$0].isSubset(of: placed) }
            guard let next = ready.min(by: { (costs[$0], $0) < (costs[$1], $1) }) else {
                order += p.checks.indices.filter { !placed.contains($0) }  // a cycle: reported by the type checker
                break
            }
            placed.insert(next)
            order.append(next)
        }
        p.checkOrder = order
        return p
    }

    private static func sortedByCost(_ operands: [IRNode]) -> [IRNode] {
        operands.enumerated().sorted { (cost($0.element), $0.offset) < (cost($1.element), $1.offset) }.map(\.element)
    }
}
