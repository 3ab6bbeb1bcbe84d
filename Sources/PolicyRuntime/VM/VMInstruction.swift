import PolicyBytecode

/// An instruction as the VM runs it: decoded once at load time from a verified
/// ``PolicyBytecode/Instruction``, with the opcode specialized by operand kind (so the loop
/// never dispatches on a kind byte), jump targets made absolute, and table look-ups done
/// (claim columns, record strides, trust tiers). 16 bytes.
struct VMInstruction: Sendable {
    /// The specialized operations; each maps to one or more bytecode opcodes.
    enum Operation: UInt8, Sendable {
        case loadConst, loadFalse, loadTrue, loadClaim, loadParam, loadNow, loadCheck, move
        case not, and, or, jump, jumpIfFalse, jumpIfTrue, jumpIfNotTrue, taint
        /// Comparisons of one-word values: bool, int, time, duration, enum.
        case eqWord, neWord, ltWord, leWord, gtWord, geWord
        /// Equality of byte strings and strings (hex views included).
        case eqText, neText
        case eqSvn, neSvn, ltSvn, leSvn, gtSvn, geSvn
        case inSet, inParam, inArray
        case add, sub, neg
        case length, startsWith, matches, hex
        case indexSvn, indexBytes, indexList, indexArray
        case field
        case iterBegin, iterNext, elementRecord, elementValue
        case countIf
        case check, rule, trust
        // Superinstructions: two consecutive instructions, the second no jump's target, run as
        // one dispatch with the effects of both (decoded into ``LoadedPolicy/fusedCode`` only).
        /// `loadk c, k(n); cmp a, b, c` (or with the constant on the left when x bit 3 is set);
        /// x bits 0–2: the comparison's truth for less, equal, greater.
        case compareWordConstant
        /// `or a, b, c; jt a → n`.
        case orJumpIfTrue
        /// `and a, b, c; jf a → n`.
        case andJumpIfFalse
        /// `loadk c, k(d); cmp a, b, c; jf|jt|jnt a → n`: x bits 0–3 as for
        /// ``compareWordConstant``, bits 4–6 whether to jump on false, true, missing.
        case compareWordConstantJump
        /// `elem d, b; field a, d, .c` (n: the list's record stride).
        case elementField
        /// `getcheck a, c(d); jf|jt|jnt a → n`: x bits 4–6 whether to jump on false, true,
        /// missing.
        case loadCheckJump
        /// `getcheck c, c(d); and a, b, c` (the `and`'s operands in either order), then, when x
        /// bit 7 is set, `jf|jt|jnt a → n` with x bits 4–6 as for ``loadCheckJump``.
        case andCheck
        /// `or a, b, c; jt a → n; next d, ↑` where the `next` goes back to `pc + 2 − e`: a
        /// quantifier's `any` step and its loop's advance in one dispatch.
        case orJumpIfTrueNext
        /// `claim a, col(n); check a, c(d)`.
        case claimCheck
        /// `claim b, col(n); not a, b; check a, c(d)`.
        case claimNotCheck
        /// `claim b, col(n); inset|inparam a, b, s(c); check a, c(d)` (x: 1 for `inparam`).
        case claimMemberCheck
        /// `claim B, col(n); loadk K, k(e); cmp a, b, c; check a, c(d)` where {b, c} = {B, K}:
        /// x bits 0–6 the comparison's operation, bit 7 set when B is b.
        case claimCompareCheck
        /// `cmp a, b, c; check a, c(d)` (x: the comparison's operation).
        case compareCheck
        /// `taint a, b; check a, c(d)`.
        case taintCheck
        /// `loadk d, k(e); add|sub a, b, c` (x: 1 for `sub`), the constant's register d being b or c.
        case arithmeticConstant
        /// `iter a, b → n` and the `next a` at n that it jumps to, which (the list not being
        /// empty) starts the loop at pc + 1.
        case iterFirst
        /// `claim a, col(n); loadb b, x; iter c, a → e` and the first `next` of that loop, which
        /// (the list not being empty) starts it at pc + 3.
        case claimIterFirst
        /// An `any` quantifier's first comparison and loop step over the elements it rejects:
        /// `n` indexes ``LoadedPolicy/seekPlans`` (see ``SeekPlan``).
        case seekAny
    }

    var operation: Operation
    /// The bytecode's `x` (check flags, an element comparison class for `inarray`).
    var x: UInt8
    var a: UInt16
    var b: UInt16
    var c: UInt16
    /// The decoded extra operand: an absolute jump target, a claim column, a record stride,
    /// or a trust tier.
    var n: UInt32
    /// A fourth operand of superinstructions (a register, a constant or a check index).
    var d: UInt16 = 0
    /// A fifth operand of superinstructions (a backward jump distance).
    var e: UInt16 = 0
}

/// How `inarray` and the set probes compare elements.
enum ElementClass: UInt8, Sendable {
    /// One-word values: bool, int, time, duration, enum.
    case word = 0
    /// Bytes and strings.
    case text = 1
    case svn = 2

    init(_ type: TypeDescriptor) {
        switch type {
        case .bytes, .string: self = .text
        case .svn: self = .svn
        default: self = .word
        }
    }
}

extension VMInstruction.Operation {
    /// The comparisons of one-word values (bool, int, time, duration, enum).
    static let wordComparisons: [Self] = [.eqWord, .neWord, .ltWord, .leWord, .gtWord, .geWord]
    /// Every comparison: of one-word values, text equality, svn order and equality.
    static let comparisons: [Self] =
        wordComparisons + [.eqText, .neText, .eqSvn, .neSvn, .ltSvn, .leSvn, .gtSvn, .geSvn]
}
