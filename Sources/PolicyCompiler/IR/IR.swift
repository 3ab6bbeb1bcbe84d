import Claims
import PolicyBytecode

/// The compiler's intermediate representation: a typed expression tree with every name
/// resolved (claims to input and slot, declarations to indices, enum cases to values) and
/// and/or flattened. ``Lowering`` builds it from the checked syntax tree; the optimizer rewrites
/// it; ``CodeGenerator`` turns it into register code.
struct IRNode: Hashable, Sendable {
    indirect enum Kind: Hashable, Sendable {
        case constant(ConstantValue)
        case claim(input: Int, slot: UInt16)
        case param(Int)
        case now
        case check(Int)
        case letValue(Int)
        /// A quantifier's variable: the binding id of its quantifier.
        case local(Int)
        case not(IRNode)
        /// Kleene conjunction / disjunction of two or more operands.
        case and([IRNode])
        case or([IRNode])
        case compare(CompareOperator, IRNode, IRNode)
        /// Membership in a constant set; `hashed` is the optimizer's layout choice.
        case inSet(IRNode, elements: [ConstantValue], hashed: Bool)
        case inParam(IRNode, param: Int)
        /// Membership in an array claim: `value in array`.
        case inArray(IRNode, IRNode)
        case arithmetic(ArithmeticOperator, IRNode, IRNode)
        case negate(IRNode)
        case length(IRNode)
        case startsWith(IRNode, IRNode)
        case matches(IRNode, RegexAutomaton)
        case hex(IRNode)
        case index(IRNode, IRNode)
        case field(IRNode, Int)
        case quantifier(Quantifier, binding: Int, list: IRNode, body: IRNode)
    }

    var kind: Kind
    let type: PolicyType
    let span: SourceSpan
    /// The expression as formatted source (for explanation sites of comparisons).
    var text: String = ""
}

enum CompareOperator: String, Hashable, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

enum ArithmeticOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-"
}

/// A whole policy in IR form.
struct IRProgram: Sendable {
    struct Input: Sendable {
        let name: String
        let schema: ClaimSchema
    }

    struct Let: Sendable {
        let name: String
        var value: IRNode
        let span: SourceSpan
    }

    struct Check: Sendable {
        let name: String
        let message: String
        let span: SourceSpan
        var body: IRNode
    }

    struct Rule: Sendable {
        let kind: BytecodeModule.Rule.Kind
        let message: String
        let span: SourceSpan
        var condition: IRNode
    }

    struct Trust: Sendable {
        struct Branch: Sendable {
            let tier: TrustTier
            var condition: IRNode?
            let span: SourceSpan
        }

        let claim: TrustClaim
        let span: SourceSpan
        var branches: [Branch]
    }

    var name: String
    var version: Int64
    var file: String
    var source: String
    var inputs: [Input]
    var params: [(name: String, type: PolicyType)]
    var lets: [Let]
    /// Whether each let is still needed (dead-let removal clears it).
    var liveLets: [Bool]
    var checks: [Check]
    var rules: [Rule]
    var trusts: [Trust]
    /// The order in which the code evaluates checks (declaration order until the optimizer
    /// reorders by cost); dependencies always come first.
    var checkOrder: [Int]
}

extension IRNode {
    /// Applies `transform` to every child, bottom-up, then to the node itself.
    func rewritten(_ transform: (IRNode) -> IRNode) -> IRNode {
        var copy = self
        switch kind {
        case .constant, .claim, .param, .now, .check, .letValue, .local: break
        case .not(let a): copy.kind = .not(a.rewritten(transform))
        case .and(let xs): copy.kind = .and(xs.map { $0.rewritten(transform) })
        case .or(let xs): copy.kind = .or(xs.map { $0.rewritten(transform) })
        case .compare(let op, let a, let b): copy.kind = .compare(op, a.rewritten(transform), b.rewritten(transform))
        case .inSet(let a, let elements, let hashed):
            copy.kind = .inSet(a.rewritten(transform), elements: elements, hashed: hashed)
        case .inParam(let a, let p): copy.kind = .inParam(a.rewritten(transform), param: p)
        case .inArray(let a, let b): copy.kind = .inArray(a.rewritten(transform), b.rewritten(transform))
        case .arithmetic(let op, let a, let b):
            copy.kind = .arithmetic(op, a.rewritten(transform), b.rewritten(transform))
        case .negate(let a): copy.kind = .negate(a.rewritten(transform))
        case .length(let a): copy.kind = .length(a.rewritten(transform))
        case .startsWith(let a, let b): copy.kind = .startsWith(a.rewritten(transform), b.rewritten(transform))
        case .matches(let a, let r): copy.kind = .matches(a.rewritten(transform), r)
        case .hex(let a): copy.kind = .hex(a.rewritten(transform))
        case .index(let a, let b): copy.kind = .index(a.rewritten(transform), b.rewritten(transform))
        case .field(let a, let f): copy.kind = .field(a.rewritten(transform), f)
        case .quantifier(let q, let binding, let list, let body):
            copy.kind = .quantifier(
                q, binding: binding, list: list.rewritten(transform), body: body.rewritten(transform))
        }
        return transform(copy)
    }

    /// The direct children, in evaluation order.
    var children: [IRNode] {
        switch kind {
        case .constant, .claim, .param, .now, .check, .letValue, .local: return []
        case .not(let a), .inSet(let a, _, _), .inParam(let a, _), .negate(let a), .length(let a), .matches(let a, _),
            .hex(let a), .field(let a, _):
            return [a]
        case .and(let xs), .or(let xs): return xs
        case .compare(_, let a, let b), .arithmetic(_, let a, let b), .startsWith(let a, let b), .index(let a, let b),
            .inArray(let a, let b):
            return [a, b]
        case .quantifier(_, _, let list, let body): return [list, body]
        }
    }

    /// Calls `visitor` on this node and every descendant.
    func visit(_ visitor: (IRNode) -> Void) {
        visitor(self)
        for child in children { child.visit(visitor) }
    }

    var constantValue: ConstantValue? {
        if case .constant(let value) = kind { return value }
        return nil
    }

    /// Whether the node reads evidence (a claim or a quantifier variable over one).
    var readsEvidence: Bool {
        var found = false
        visit { node in
            switch node.kind {
            case .claim, .local: found = true
            default: break
            }
        }
        return found
    }
}
