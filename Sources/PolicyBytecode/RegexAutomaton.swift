/// A regular expression compiled to a deterministic automaton over bytes, so `matches` runs in
/// time linear in the input with no backtracking (`Grammar/BYTECODE.md`, "Regexes").
///
/// Search semantics: `matches(s, r)` is true when some substring of `s` matches `r`; `^` and `$`
/// anchor to the start and end. Bytes map to `classCount` equivalence classes through
/// `classMap`; `transitions[state * classCount + class]` is the next state. A state flagged
/// ``acceptAnywhere`` means a match has been seen; ``acceptAtEnd`` means a match ends here if the
/// input ends here.
public struct RegexAutomaton: Hashable, Sendable {
    public static let acceptAnywhere: UInt8 = 1
    public static let acceptAtEnd: UInt8 = 2

    /// The pattern as written in the policy (for listings and explanations).
    public let pattern: String
    /// 256 entries: the class of each byte value.
    public let classMap: [UInt8]
    public let classCount: Int
    public let start: UInt16
    /// Per state: ``acceptAnywhere`` | ``acceptAtEnd``.
    public let stateFlags: [UInt8]
    /// `stateFlags.count * classCount` entries.
    public let transitions: [UInt16]

    public init(
        pattern: String, classMap: [UInt8], classCount: Int, start: UInt16, stateFlags: [UInt8],
        transitions: [UInt16]
    ) {
        self.pattern = pattern
        self.classMap = classMap
        self.classCount = classCount
        self.start = start
        self.stateFlags = stateFlags
        self.transitions = transitions
    }

    public var stateCount: Int { stateFlags.count }

    /// Whether the tables are consistent: 256 class entries below `classCount`, every
    /// transition and the start state below `stateCount`. The reader checks this; ``matches(_:)``
    /// returns false on an inconsistent automaton instead of trapping.
    public var isWellFormed: Bool {
        classMap.count == 256 && classCount > 0 && classCount <= 256
            && classMap.allSatisfy { Int($0) < classCount } && Int(start) < stateCount
            && transitions.count == stateCount * classCount && transitions.allSatisfy { Int($0) < stateCount }
    }

    /// Runs the automaton over `input` (UTF-8 bytes of a string).
    public func matches<S: Sequence>(_ input: S) -> Bool where S.Element == UInt8 {
        guard Int(start) < stateCount, classMap.count == 256 else { return false }
        var state = Int(start)
        for byte in input {
            if stateFlags[state] & Self.acceptAnywhere != 0 { return true }
            let position = state * classCount + Int(classMap[Int(byte)])
            guard position < transitions.count else { return false }
            state = Int(transitions[position])
            guard state < stateCount else { return false }
        }
        return stateFlags[state] & (Self.acceptAnywhere | Self.acceptAtEnd) != 0
    }
}
