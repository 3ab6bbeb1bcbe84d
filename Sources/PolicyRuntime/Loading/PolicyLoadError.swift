import PolicyBytecode

/// Why a compiled policy could not be loaded: the bytecode is malformed (``BytecodeReader``'s
/// structural checks), fails the verifier's semantic checks (BYTECODE.md §7), was compiled
/// against a claim schema this build does not know, or its parameters do not bind.
///
/// A code for programs, the section and absolute byte offset where the problem is (for
/// instructions, the offset of the instruction itself), and a reason for people. Equality
/// compares the code and the section, so tests stay simple.
public struct PolicyLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The file is not well-formed bytecode (``BytecodeError`` from the reader).
        case malformed
        /// An input names a claim schema (kind and fingerprint) this build does not know.
        case unknownSchema
        /// A table index or register number is out of range.
        case indexOutOfRange
        /// Operand types disagree with the opcode or with each other.
        case typeMismatch
        /// A jump goes backwards, leaves the code, or enters a loop from outside it.
        case invalidJump
        /// A loop is unpaired, overlaps another, or its body writes its list or iterator.
        case invalidLoop
        /// A check's code range, a trust entry or a table is inconsistent.
        case invalidTable
        /// A nesting or size limit of the runtime is exceeded.
        case limitExceeded
        /// The parameters file does not bind the policy's `param` declarations.
        case parameters
    }

    public let code: Code
    public let section: SectionID?
    public let offset: Int
    public let detail: String

    public init(_ code: Code, section: SectionID?, offset: Int, _ detail: String) {
        self.code = code
        self.section = section
        self.offset = offset
        self.detail = detail
    }

    /// Wraps a structural error of the reader.
    init(_ error: BytecodeError) {
        self.init(.malformed, section: error.section, offset: error.offset, error.detail)
    }

    public var description: String {
        if code == .parameters { return "parameters: \(detail)" }
        let place = section.map { "section \($0) at offset \(offset)" } ?? "offset \(offset)"
        return "invalid policy bytecode (\(code.rawValue)) in \(place): \(detail)"
    }

    public static func == (lhs: PolicyLoadError, rhs: PolicyLoadError) -> Bool {
        lhs.code == rhs.code && lhs.section == rhs.section
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(section)
    }
}
