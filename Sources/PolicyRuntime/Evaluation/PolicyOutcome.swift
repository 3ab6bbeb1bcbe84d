import PolicyBytecode

/// The compact result of one evaluation, as the VM leaves it: the decision, each check's and
/// each rule's outcome as bits (passed, missing, evaluated), and the trust tiers. For policies
/// of up to 64 checks and 64 rules it is a few plain words, so keeping one per row of a batch
/// costs no allocation and no reference counting; ``LoadedPolicy/verdict(for:at:)`` turns it
/// into a ``Verdict``.
public struct PolicyOutcome: Sendable, Hashable {
    public let decision: Decision
    /// Bits of entries 0…63: checks passed, missing, evaluated; rules true, missing, evaluated.
    let low: LowWords
    /// Bits of entries 64 and up (only for larger policies).
    let extended: ExtendedWords?
    /// 4 bits per trust entry, in trust-table order.
    let trustTiers: UInt32
    let failure: Failure?

    /// Why the decision is `error`.
    public var error: String? { failure?.message }

    struct LowWords: Sendable, Hashable {
        var checkPassed: UInt64 = 0
        var checkMissing: UInt64 = 0
        var checkEvaluated: UInt64 = 0
        var rulePassed: UInt64 = 0
        var ruleMissing: UInt64 = 0
        var ruleEvaluated: UInt64 = 0
    }

    /// Words beyond the first of each bitset, in the order of ``LowWords``' fields.
    final class ExtendedWords: Sendable, Hashable {
        let words: [[UInt64]]
        init(_ words: [[UInt64]]) { self.words = words }
        static func == (lhs: ExtendedWords, rhs: ExtendedWords) -> Bool { lhs.words == rhs.words }
        func hash(into hasher: inout Hasher) { hasher.combine(words) }
    }

    final class Failure: Sendable, Hashable {
        let message: String
        init(_ message: String) { self.message = message }
        static func == (lhs: Failure, rhs: Failure) -> Bool { lhs.message == rhs.message }
        func hash(into hasher: inout Hasher) { hasher.combine(message) }
    }

    /// Bit `index` of bitset `field` (0 check passed … 5 rule evaluated).
    func bit(_ field: Int, _ index: Int) -> Bool {
        guard index >= 0 else { return false }
        if index < 64 {
            let word: UInt64
            switch field {
            case 0: word = low.checkPassed
            case 1: word = low.checkMissing
            case 2: word = low.checkEvaluated
            case 3: word = low.rulePassed
            case 4: word = low.ruleMissing
            default: word = low.ruleEvaluated
            }
            return word & (1 << UInt64(index)) != 0
        }
        guard let extended, field < extended.words.count else { return false }
        let words = extended.words[field]
        let position = index / 64 - 1
        return position < words.count && words[position] & (1 << UInt64(index % 64)) != 0
    }

    /// The outcome of check `index`: `true`, `false`, or `nil` when missing or not evaluated.
    public func check(_ index: Int) -> Bool? {
        guard bit(2, index), !bit(1, index) else { return nil }
        return bit(0, index)
    }

    /// Whether check `index`'s outcome is not true: false, missing, or never recorded (compiled
    /// code records every check; a check a crafted program skips counts as not satisfied).
    public func failed(_ index: Int) -> Bool { !(bit(2, index) && bit(0, index)) }

    /// Whether check `index`'s outcome was missing (or never recorded).
    public func missing(_ index: Int) -> Bool { !bit(2, index) || bit(1, index) }

    /// Whether check `index` was recorded at all.
    public func evaluated(_ index: Int) -> Bool { bit(2, index) }

    /// The tier of trust entry `index` (trust-table order).
    public func trustTier(_ index: Int) -> TrustTier {
        TrustTier(rawValue: UInt8((trustTiers >> (UInt32(index & 7) * 4)) & 0xF)) ?? .none
    }

    static func failure(_ message: String) -> PolicyOutcome {
        PolicyOutcome(
            decision: .error, low: LowWords(), extended: nil, trustTiers: 0, failure: Failure(message))
    }
}
