import Evidence
import PolicyBytecode

/// The meaning of each operation on present values, shared by constant folding and the
/// reference interpreter (`Grammar/BYTECODE.md`, "Semantics"). `nil` means the result is
/// missing (overflow, index out of range); the missing-value rules themselves (Kleene logic,
/// any comparison with a missing operand is missing) are applied by the callers.
enum ValueSemantics {
    /// `a op b` for two values of comparable types; `nil` when the comparison does not apply.
    static func compare(_ op: CompareOperator, _ a: ConstantValue, _ b: ConstantValue) -> Bool? {
        switch (a, b) {
        case (.svn(let x), .svn(let y)):
            guard x.count == y.count else { return op == .notEqual ? true : (op == .equal ? false : nil) }
            let le = zip(x, y).allSatisfy { $0 <= $1 }
            let ge = zip(x, y).allSatisfy { $0 >= $1 }
            switch op {
            case .equal: return x == y
            case .notEqual: return x != y
            case .lessEqual: return le
            case .greaterEqual: return ge
            case .less: return le && x != y
            case .greater: return ge && x != y
            }
        case (.int(let x), .int(let y)), (.time(let x), .time(let y)), (.duration(let x), .duration(let y)):
            return order(op, x, y)
        default:
            switch op {
            case .equal: return equal(a, b)
            case .notEqual: return !equal(a, b)
            default: return nil
            }
        }
    }

    static func equal(_ a: ConstantValue, _ b: ConstantValue) -> Bool {
        switch (a, b) {
        case (.enumCase(_, let x), .enumCase(_, let y)): return x == y
        default: return a == b
        }
    }

    private static func order(_ op: CompareOperator, _ x: Int64, _ y: Int64) -> Bool {
        switch op {
        case .equal: return x == y
        case .notEqual: return x != y
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        }
    }

    /// Checked `+` / `-`; `nil` on overflow or a combination the type checker rejects.
    static func arithmetic(_ op: ArithmeticOperator, _ a: ConstantValue, _ b: ConstantValue) -> ConstantValue? {
        func apply(_ x: Int64, _ y: Int64) -> Int64? {
            let (r, o) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
            return o ? nil : r
        }
        switch (a, b) {
        case (.int(let x), .int(let y)): return apply(x, y).map(ConstantValue.int)
        case (.time(let x), .duration(let y)): return apply(x, y).map(ConstantValue.time)
        case (.duration(let x), .time(let y)) where op == .add: return apply(y, x).map(ConstantValue.time)
        case (.duration(let x), .duration(let y)): return apply(x, y).map(ConstantValue.duration)
        case (.time(let x), .time(let y)) where op == .subtract: return apply(x, y).map(ConstantValue.duration)
        default: return nil
        }
    }

    static func negate(_ a: ConstantValue) -> ConstantValue? {
        switch a {
        case .int(let x): return x == .min ? nil : .int(-x)
        case .duration(let x): return x == .min ? nil : .duration(-x)
        default: return nil
        }
    }

    static func length(_ a: ConstantValue) -> ConstantValue? {
        switch a {
        case .string(let s): return .int(Int64(s.utf8.count))
        case .bytes(let b): return .int(Int64(b.count))
        case .svn(let c): return .int(Int64(c.count))
        default: return nil
        }
    }

    static func startsWith(_ a: ConstantValue, _ b: ConstantValue) -> Bool? {
        switch (a, b) {
        case (.string(let s), .string(let p)): return Array(s.utf8).starts(with: Array(p.utf8))
        case (.bytes(let s), .bytes(let p)): return s.starts(with: p)
        default: return nil
        }
    }

    static func hex(_ a: ConstantValue) -> ConstantValue? {
        guard case .bytes(let b) = a else { return nil }
        return .string(Hex.encode(b))
    }

    /// `a[i]` for svn and bytes; `nil` when out of range.
    static func index(_ a: ConstantValue, _ i: ConstantValue) -> ConstantValue? {
        guard case .int(let position) = i, position >= 0 else { return nil }
        switch a {
        case .svn(let c): return position < c.count ? .int(c[Int(position)]) : nil
        case .bytes(let b): return position < b.count ? .int(Int64(b[Int(position)])) : nil
        default: return nil
        }
    }

    static func contains(_ elements: [ConstantValue], _ value: ConstantValue) -> Bool {
        elements.contains { equal($0, value) }
    }
}
