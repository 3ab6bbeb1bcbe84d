/// The one error type of the `Evidence` layer.
///
/// Every parse failure names the structure being read (`"TDX quote header"`), the field
/// (`"version"`), and the absolute byte offset in the input where the problem was found,
/// so that a person can open the file in a hex editor and see it. Programs switch over
/// ``code``; people read ``description``.
///
/// Equality compares the code, structure, field and offset — not the free-text ``detail`` —
/// so tests can assert the exact failure without depending on wording.
public struct EvidenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// The input ended before the field could be read.
        case truncated
        /// A length or count taken from the input is outside the range the format allows
        /// or points past the end of its container.
        case lengthOutOfRange
        /// Arithmetic on an input-derived length or offset overflowed.
        case arithmeticOverflow
        /// A version field holds a value this build does not know how to parse.
        case unsupportedVersion
        /// A field holds a value the format does not allow (wrong magic, bad type tag, …).
        case invalidValue
        /// A range the specification requires to be zero is not zero.
        case reservedNotZero
        /// The input is not recognizable as any supported evidence format.
        case unknownFormat
        /// The input is well-formed but uses a feature this build does not support yet.
        case unsupportedFeature
    }

    public let code: Code
    /// The specification structure being parsed, e.g. `"TDX quote header"`.
    public let structure: String
    /// The field within ``structure``, e.g. `"version"`.
    public let field: String
    /// Absolute byte offset in the input at which the field starts.
    public let offset: Int
    /// A sentence for people: what was found and what was expected.
    public let detail: String

    public init(_ code: Code, structure: String, field: String, offset: Int, detail: String = "") {
        self.code = code
        self.structure = structure
        self.field = field
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        let location = "\(structure).\(field) at offset \(offset) (0x\(String(offset, radix: 16)))"
        return detail.isEmpty ? "\(code.rawValue): \(location)" : "\(code.rawValue): \(location): \(detail)"
    }

    public static func == (lhs: EvidenceError, rhs: EvidenceError) -> Bool {
        lhs.code == rhs.code && lhs.structure == rhs.structure && lhs.field == rhs.field
            && lhs.offset == rhs.offset
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(structure)
        hasher.combine(field)
        hasher.combine(offset)
    }
}
