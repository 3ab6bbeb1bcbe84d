/// The optimizer pipeline (issue #4): constant folding with constant-`let` inlining, set
/// layout (8+ elements → hash table, one element → `==`), cost-based ordering of `and`/`or`
/// operands and of checks, and dead-`let` removal. No pass changes any check's outcome, any
/// rule's outcome or any trust tier: Kleene `and`/`or` are commutative and every expression is
/// pure, so only which operands are evaluated changes, never the result
/// (`OptimizerEquivalenceTests` checks this on random claim sets).
enum Optimizer {
    /// Sets with at least this many elements get a hash table.
    static let hashedSetThreshold = 8

    static func optimize(_ program: IRProgram) -> (IRProgram, [Diagnostic]) {
        var p = program
        var folder = ConstantFolder()
        LetInlining.run(&p, folder: &folder)
        p = SetLayout.run(p)
        p = CheckOrdering.run(p)
        p = DeadLetElimination.run(p)
        return (p, folder.diagnostics)
    }
}

/// Folds every expression and replaces references to lets whose value folds to a constant.
enum LetInlining {
    static func run(_ p: inout IRProgram, folder: inout ConstantFolder) {
        var constantLets: [Int: ConstantValue] = [:]
        func substitute(_ node: IRNode) -> IRNode {
            node.rewritten { n in
                if case .letValue(let i) = n.kind, let value = constantLets[i] {
                    var copy = n
                    copy.kind = .constant(value)
                    return copy
                }
                return ConstantFolder.foldOne(n).0
            }
        }
        // Lets may refer to lets: fold until nothing new becomes constant (at most once per let).
        for _ in 0...p.lets.count {
            var changed = false
            for i in p.lets.indices where constantLets[i] == nil {
                p.lets[i].value = folder.fold(substitute(p.lets[i].value))
                if let value = p.lets[i].value.constantValue {
                    constantLets[i] = value
                    changed = true
                }
            }
            if !changed { break }
        }
        for i in p.checks.indices { p.checks[i].body = folder.fold(substitute(p.checks[i].body)) }
        for i in p.rules.indices { p.rules[i].condition = folder.fold(substitute(p.rules[i].condition)) }
        for i in p.trusts.indices {
            for j in p.trusts[i].branches.indices {
                p.trusts[i].branches[j].condition = p.trusts[i].branches[j].condition.map {
                    folder.fold(substitute($0))
                }
            }
        }
    }
}

/// Chooses each constant set's layout: hashed from ``Optimizer/hashedSetThreshold`` elements,
/// a plain `==` for a one-element set.
enum SetLayout {
    static func run(_ program: IRProgram) -> IRProgram {
        var p = program
        func layout(_ node: IRNode) -> IRNode {
            node.rewritten { n in
                guard case .inSet(let value, let elements, _) = n.kind else { return n }
                var copy = n
                if elements.count == 1, let only = elements.first {
                    let constant = IRNode(kind: .constant(only), type: value.type, span: n.span)
                    copy.kind = .compare(.equal, value, constant)
                } else {
                    copy.kind = .inSet(
                        value, elements: elements, hashed: elements.count >= Optimizer.hashedSetThreshold)
                }
                return copy
            }
        }
        p.apply(layout)
        return p
    }
}

/// Removes lets that no check, rule or trust entry uses (directly or through other lets).
enum DeadLetElimination {
    static func run(_ program: IRProgram) -> IRProgram {
        var p = program
        var live = Array(repeating: false, count: p.lets.count)
        var work: [Int] = []
        func mark(_ node: IRNode) {
            node.visit { n in
                if case .letValue(let i) = n.kind, i < live.count, !live[i] {
                    live[i] = true
                    work.append(i)
                }
            }
        }
        for check in p.checks { mark(check.body) }
        for rule in p.rules { mark(rule.condition) }
        for trust in p.trusts { for branch in trust.branches { branch.condition.map(mark) } }
        while let i = work.popLast() { mark(p.lets[i].value) }
        p.liveLets = live
        return p
    }
}

extension IRProgram {
    /// Rewrites every expression of the program with `transform`.
    mutating func apply(_ transform: (IRNode) -> IRNode) {
        for i in lets.indices { lets[i].value = transform(lets[i].value) }
        for i in checks.indices { checks[i].body = transform(checks[i].body) }
        for i in rules.indices { rules[i].condition = transform(rules[i].condition) }
        for i in trusts.indices {
            for j in trusts[i].branches.indices {
                trusts[i].branches[j].condition = trusts[i].branches[j].condition.map(transform)
            }
        }
    }
}
