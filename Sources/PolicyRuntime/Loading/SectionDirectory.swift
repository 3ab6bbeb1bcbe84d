import PolicyBytecode

/// Where each section of an `.apb` file starts, so that the verifier's errors can name absolute
/// byte offsets. Read from the header after ``BytecodeReader`` has validated it.
struct SectionDirectory: Sendable {
    private var starts: [SectionID: Int] = [:]

    init(_ bytes: [UInt8]) {
        guard bytes.count >= BytecodeWriter.headerSize else { return }
        let count = Int(bytes[8]) | Int(bytes[9]) << 8
        for i in 0..<count {
            let entry = BytecodeWriter.headerSize + BytecodeWriter.directoryEntrySize * i
            guard entry + BytecodeWriter.directoryEntrySize <= bytes.count else { break }
            let id = UInt16(bytes[entry]) | UInt16(bytes[entry + 1]) << 8
            let offset = (0..<4).reduce(0) { $0 | Int(bytes[entry + 4 + $1]) << (8 * $1) }
            if let section = SectionID(rawValue: id) { starts[section] = offset }
        }
    }

    /// The absolute offset of `section`'s first byte (0 when absent).
    func start(_ section: SectionID) -> Int { starts[section] ?? 0 }

    /// The absolute offset of instruction `pc` (after the code section's `u32` count).
    func instruction(_ pc: Int) -> Int { start(.code) + 4 + Instruction.width * pc }
}
