/// The instruction set of the policy VM: the one definition that the code generator, the
/// loader's verifier, the VM and the disassembler all switch over (ARCHITECTURE.md, "an opcode
/// is defined once"). `Grammar/BYTECODE.md` documents each opcode's semantics.
///
/// Every instruction is 8 bytes: `op:u8 x:u8 a:u16 b:u16 c:u16` (little-endian). `x` is a
/// small immediate (a value kind, an arithmetic form, an input index, flags); `a`, `b`, `c`
/// are register numbers or table indices as ``layout`` says. Jumps read the 32-bit offset
/// `b | c << 16` and go forward to `pc + 1 + offset`; the only backward transfer is
/// ``iterNext``, bounded by the length of the list its paired ``iterBegin`` fixed.
public enum Opcode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    // Loads
    /// `a ← constants[b]`.
    case loadConst = 0x01
    /// `a ← x` (0 false, 1 true).
    case loadBool = 0x02
    /// `a ← claim (input x, slot b)`, missing when the evidence lacks it.
    case loadClaim = 0x03
    /// `a ← params[b]` (scalar parameters).
    case loadParam = 0x04
    /// `a ← now`, the evaluation time.
    case loadNow = 0x05
    /// `a ← outcome of check b` (true, false or missing).
    case loadCheck = 0x06
    /// `a ← b` (same register type).
    case move = 0x07

    // Three-valued logic and control
    /// `a ← not b` (Kleene: not missing is missing).
    case not = 0x10
    /// `a ← b and c` (Kleene).
    case and = 0x11
    /// `a ← b or c` (Kleene).
    case or = 0x12
    /// Jump forward by `b | c << 16`.
    case jump = 0x13
    /// Jump forward when `a` is false (not when true or missing).
    case jumpIfFalse = 0x14
    /// Jump forward when `a` is true.
    case jumpIfTrue = 0x15
    /// Jump forward when `a` is false or missing.
    case jumpIfNotTrue = 0x16
    /// `a ← missing` when `b` is missing (any kinds); otherwise `a` is unchanged.
    case taint = 0x17

    // Comparisons: `x` is the ValueKind of `b` and `c`; the result `a` is bool.
    /// `a ← b == c`.
    case eq = 0x20
    /// `a ← b != c`.
    case ne = 0x21
    /// `a ← b < c` (int, time, duration; svn: `b <= c` and `b != c`).
    case lt = 0x22
    /// `a ← b <= c` (svn: every component of b ≤ the same component of c).
    case le = 0x23
    /// `a ← b > c`.
    case gt = 0x24
    /// `a ← b >= c` (svn: every component of b ≥ the same component of c).
    case ge = 0x25
    /// `a ← b ∈ sets[c]`.
    case inSet = 0x26
    /// `a ← b ∈ params[c]` (a set parameter).
    case inParam = 0x27
    /// `a ← b ∈ c` where `c` is an array register of `b`'s type (format 1.1).
    case inArray = 0x28

    // Arithmetic: checked; overflow makes the result missing.
    /// `a ← b + c`; `x` is an ``ArithmeticForm``.
    case add = 0x30
    /// `a ← b - c`; `x` is an ``ArithmeticForm``.
    case sub = 0x31
    /// `a ← -b`; `x` is the ValueKind (int or duration).
    case neg = 0x32

    // Built-in functions
    /// `a ← len(b)`; `x` is the ValueKind of `b` (string: UTF-8 bytes, bytes, svn, list, array).
    case len = 0x40
    /// `a ← starts_with(b, c)`; `x` is the ValueKind of `b` and `c` (string or bytes).
    case startsWith = 0x41
    /// `a ← matches(b, regexes[c])`.
    case matches = 0x42
    /// `a ← hex(b)`, lowercase.
    case hex = 0x43
    /// `a ← b[c]`; `x` is the ValueKind of `b` (svn → int, bytes → int, list → record,
    /// array → its element); an index out of range gives missing.
    case index = 0x44
    /// `a ← field c of record b`, missing when the element lacks it.
    case field = 0x45

    // Quantifiers: bounded loops over a list
    /// Starts a loop: iterator `a` over list or array `b` (count 0 when `b` is missing), then
    /// jumps forward by `c` to the paired ``iterNext``.
    case iterBegin = 0x50
    /// Advances iterator `a`; while elements remain, jumps back by `c` to the instruction after
    /// the paired ``iterBegin`` (which sits at `pc - c - 1` and carries the same `c`).
    case iterNext = 0x51
    /// `a ← current element of iterator b` (a record of a list, a value of an array).
    case iterElem = 0x52
    /// `a ← a + 1` when `b` is true; `a ← missing` when `b` or `a` is missing.
    case countIf = 0x53

    // Outcomes
    /// Records `a` as the outcome of check `b` (bitsets passed / missing); `x` bit 0: decisive.
    case check = 0x60
    /// Records `a` as the outcome of rule `b` (an `allow` or a `deny`).
    case rule = 0x61
    /// Sets trust entry `b` to the tier of its branch `x`.
    case trust = 0x62

    /// The mnemonic in listings.
    public var description: String {
        switch self {
        case .loadConst: return "loadk"
        case .loadBool: return "loadb"
        case .loadClaim: return "claim"
        case .loadParam: return "param"
        case .loadNow: return "now"
        case .loadCheck: return "getcheck"
        case .move: return "move"
        case .not: return "not"
        case .and: return "and"
        case .or: return "or"
        case .jump: return "jmp"
        case .jumpIfFalse: return "jf"
        case .jumpIfTrue: return "jt"
        case .jumpIfNotTrue: return "jnt"
        case .taint: return "taint"
        case .eq: return "eq"
        case .ne: return "ne"
        case .lt: return "lt"
        case .le: return "le"
        case .gt: return "gt"
        case .ge: return "ge"
        case .inSet: return "inset"
        case .inParam: return "inparam"
        case .inArray: return "inarray"
        case .add: return "add"
        case .sub: return "sub"
        case .neg: return "neg"
        case .len: return "len"
        case .startsWith: return "startswith"
        case .matches: return "matches"
        case .hex: return "hex"
        case .index: return "index"
        case .field: return "field"
        case .iterBegin: return "iter"
        case .iterNext: return "next"
        case .iterElem: return "elem"
        case .countIf: return "countif"
        case .check: return "check"
        case .rule: return "rule"
        case .trust: return "trust"
        }
    }

    /// What each operand field means, for the verifier and the disassembler.
    public enum Operand: Sendable, Hashable {
        /// Not used; must be zero.
        case unused
        /// A register written by the instruction.
        case destination
        /// A register read by the instruction.
        case source
        /// A register both read and written (an accumulator, an iterator).
        case readWrite
        /// An index into a table (constants, sets, params, checks, rules, trust, regexes, inputs,
        /// claim slots, record fields) or an immediate.
        case index(Table)
        /// Half of a 32-bit forward jump offset (`b` low, `c` high).
        case jumpOffset
        /// A 16-bit loop offset (``iterBegin`` forward, ``iterNext`` backward).
        case loopOffset
    }

    /// The tables an ``Operand/index(_:)`` can point into.
    public enum Table: Sendable, Hashable {
        case constant, set, param, check, rule, trust, regex, input, slot, field
        case immediate, valueKind, arithmeticForm, checkFlags, trustBranch
    }

    /// The meaning of the `x`, `a`, `b` and `c` fields.
    public var layout: (x: Operand, a: Operand, b: Operand, c: Operand) {
        switch self {
        case .loadConst: return (.unused, .destination, .index(.constant), .unused)
        case .loadBool: return (.index(.immediate), .destination, .unused, .unused)
        case .loadClaim: return (.index(.input), .destination, .index(.slot), .unused)
        case .loadParam: return (.unused, .destination, .index(.param), .unused)
        case .loadNow: return (.unused, .destination, .unused, .unused)
        case .loadCheck: return (.unused, .destination, .index(.check), .unused)
        case .move, .not, .hex: return (.unused, .destination, .source, .unused)
        case .and, .or: return (.unused, .destination, .source, .source)
        case .jump: return (.unused, .unused, .jumpOffset, .jumpOffset)
        case .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue: return (.unused, .source, .jumpOffset, .jumpOffset)
        case .taint: return (.unused, .readWrite, .source, .unused)
        case .eq, .ne, .lt, .le, .gt, .ge, .startsWith, .index:
            return (.index(.valueKind), .destination, .source, .source)
        case .inSet: return (.unused, .destination, .source, .index(.set))
        case .inParam: return (.unused, .destination, .source, .index(.param))
        case .inArray: return (.unused, .destination, .source, .source)
        case .add, .sub: return (.index(.arithmeticForm), .destination, .source, .source)
        case .neg, .len: return (.index(.valueKind), .destination, .source, .unused)
        case .matches: return (.unused, .destination, .source, .index(.regex))
        case .field: return (.unused, .destination, .source, .index(.field))
        case .iterBegin: return (.unused, .readWrite, .source, .loopOffset)
        case .iterNext: return (.unused, .readWrite, .unused, .loopOffset)
        case .iterElem: return (.unused, .destination, .source, .unused)
        case .countIf: return (.unused, .readWrite, .source, .unused)
        case .check: return (.index(.checkFlags), .source, .index(.check), .unused)
        case .rule: return (.unused, .source, .index(.rule), .unused)
        case .trust: return (.index(.trustBranch), .unused, .index(.trust), .unused)
        }
    }

    /// Whether the instruction may transfer control (the verifier checks its targets).
    public var isJump: Bool {
        switch self {
        case .jump, .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue, .iterBegin, .iterNext: return true
        default: return false
        }
    }
}

/// The operand types of ``Opcode/add`` and ``Opcode/sub``, in the `x` field.
public enum ArithmeticForm: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// int ± int → int.
    case int = 1
    /// time ± duration → time.
    case timeDuration = 2
    /// duration ± duration → duration.
    case duration = 3
    /// time − time → duration (``Opcode/sub`` only).
    case timeDifference = 4

    public var description: String {
        switch self {
        case .int: return "int"
        case .timeDuration: return "time,duration"
        case .duration: return "duration"
        case .timeDifference: return "time,time"
        }
    }
}

/// Flags of the ``Opcode/check`` instruction and the check table.
public struct CheckFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Every `allow` requires this check (or a `deny` fires without it): when its outcome is not
    /// true the decision is deny, so a VM computing only the decision may stop here.
    public static let decisive = CheckFlags(rawValue: 1)
}
