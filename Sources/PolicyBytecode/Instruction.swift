/// One fixed-width instruction: `op:u8 x:u8 a:u16 b:u16 c:u16`, 8 bytes little-endian
/// (`Grammar/BYTECODE.md`, "Code"). ``Opcode/layout`` says what each field means.
public struct Instruction: Hashable, Sendable {
    public static let width = 8

    public var opcode: Opcode
    public var x: UInt8
    public var a: UInt16
    public var b: UInt16
    public var c: UInt16

    public init(_ opcode: Opcode, x: UInt8 = 0, a: UInt16 = 0, b: UInt16 = 0, c: UInt16 = 0) {
        self.opcode = opcode
        self.x = x
        self.a = a
        self.b = b
        self.c = c
    }

    /// A jump instruction (`jump`, `jf`, `jt`, `jnt`) with condition register `a`.
    public static func jump(_ opcode: Opcode, condition: UInt16 = 0, offset: UInt32) -> Instruction {
        Instruction(
            opcode, a: condition, b: UInt16(truncatingIfNeeded: offset), c: UInt16(truncatingIfNeeded: offset >> 16))
    }

    /// The 32-bit forward offset of a jump: `b | c << 16`.
    public var jumpOffset: UInt32 { UInt32(b) | UInt32(c) << 16 }

    /// The index of the instruction control goes to when the jump at `pc` is taken, or `nil`
    /// for instructions that do not jump. Computed without overflow for any field values.
    public func target(at pc: Int) -> Int? {
        switch opcode {
        case .jump, .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue: return pc + 1 + Int(jumpOffset)
        case .iterBegin: return pc + 1 + Int(c)
        case .iterNext: return pc - Int(c)
        default: return nil
        }
    }

    /// The 8 encoded bytes.
    public var encoded: [UInt8] {
        [
            opcode.rawValue, x,
            UInt8(truncatingIfNeeded: a), UInt8(truncatingIfNeeded: a >> 8),
            UInt8(truncatingIfNeeded: b), UInt8(truncatingIfNeeded: b >> 8),
            UInt8(truncatingIfNeeded: c), UInt8(truncatingIfNeeded: c >> 8),
        ]
    }
}
