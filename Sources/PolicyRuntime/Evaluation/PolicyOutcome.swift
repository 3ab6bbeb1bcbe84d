import PolicyBytecode

/// The compact result of one evaluation, as the VM leaves it: the decision, each check's
/// outcome as bits (passed, missing, evaluated), each rule's, and the trust tiers. Holding no
/// strings or arrays for policies of up to 64 checks and 64 rules, it costs nothing to keep
/// for every row of a batch; ``LoadedPolicy/verdict(for:at:)`` turns it into a ``Verdict``.
public struct PolicyOutcome: Sendable, Hashable {
    public let decision: Decision
    let checks: Bits
    let rules: Bits
    /// 4 bits per trust entry, in trust-table order.
    let trustTiers: UInt32
    /// Why the decision is `error`.
    public let error: String?

    /// Three bitsets over the entries of one table (checks or rules).
    struct Bits: Sendable, Hashable {
        var passed: BitSet
        var missing: BitSet
        var evaluated: BitSet

        static let empty = Bits(passed: .init(), missing: .init(), evaluated: .init())
    }

    /// The outcome of check `index`: `true`, `false`, or `nil` when missing or not evaluated.
    public func check(_ index: Int) -> Bool? {
        guard checks.evaluated[index], !checks.missing[index] else { return nil }
        return checks.passed[index]
    }

    /// Whether check `index`'s outcome is not true: false, missing, or never recorded (compiled
    /// code records every check; a check a crafted program skips counts as not satisfied).
    public func failed(_ index: Int) -> Bool { !(checks.evaluated[index] && checks.passed[index]) }

    /// Whether check `index`'s outcome was missing (or never recorded).
    public func missing(_ index: Int) -> Bool { !checks.evaluated[index] || checks.missing[index] }

    /// Whether check `index` was recorded at all.
    public func evaluated(_ index: Int) -> Bool { checks.evaluated[index] }

    /// The tier of trust entry `index` (trust-table order).
    public func trustTier(_ index: Int) -> TrustTier {
        TrustTier(rawValue: UInt8((trustTiers >> (UInt32(index & 7) * 4)) & 0xF)) ?? .none
    }

    static func failure(_ message: String) -> PolicyOutcome {
        PolicyOutcome(decision: .error, checks: .empty, rules: .empty, trustTiers: 0, error: message)
    }
}

/// A set of small integers: the first 64 in a word, the rest in an array that stays empty (no
/// allocation) for tables of up to 64 entries.
struct BitSet: Sendable, Hashable {
    var low: UInt64 = 0
    var high: [UInt64] = []

    init() {}

    /// The bits of `words`.
    init(_ words: UnsafeMutableBufferPointer<UInt64>) {
        low = words.first ?? 0
        if words.count > 1 { high = Array(words[1...]) }
    }

    subscript(index: Int) -> Bool {
        guard index >= 0 else { return false }
        if index < 64 { return low & (1 << UInt64(index)) != 0 }
        let word = index / 64 - 1
        return word < high.count && high[word] & (1 << UInt64(index % 64)) != 0
    }
}
