import PolicyBytecode

/// A trust vector in one word: 4 bits per ``TrustClaim`` (at its raw value), 0 when the claim
/// is absent, otherwise the tier's raw value + 1. What a ``Verdict`` stores, so building one
/// allocates and hashes nothing; ``Verdict/trust`` presents it as a dictionary.
struct TrustVector: Sendable, Hashable {
    private(set) var bits: UInt32 = 0

    init() {}

    init(_ dictionary: [TrustClaim: TrustTier]) {
        for (claim, tier) in dictionary { self[claim] = tier }
    }

    @inline(__always)
    private static func shift(_ claim: TrustClaim) -> UInt32 { UInt32(claim.rawValue & 7) * 4 }

    /// The tier of `claim`, or `nil` when the vector does not mention it.
    subscript(claim: TrustClaim) -> TrustTier? {
        get {
            let nibble = (bits >> Self.shift(claim)) & 0xF
            return nibble == 0 ? nil : TrustTier(rawValue: UInt8(nibble - 1))
        }
        set {
            let shift = Self.shift(claim)
            let nibble = newValue.map { UInt32($0.rawValue) + 1 } ?? 0
            bits = (bits & ~(0xF << shift)) | (nibble << shift)
        }
    }

    var dictionary: [TrustClaim: TrustTier] {
        var result: [TrustClaim: TrustTier] = [:]
        for claim in TrustClaim.allCases {
            if let tier = self[claim] { result[claim] = tier }
        }
        return result
    }

    /// The worst tier other than `none` in the vector, or `none`.
    var worst: TrustTier {
        var worst = TrustTier.none
        var rest = bits
        while rest != 0 {
            let nibble = rest & 0xF
            if nibble > 1, let tier = TrustTier(rawValue: UInt8(nibble - 1)), tier.rawValue > worst.rawValue {
                worst = tier
            }
            rest >>= 4
        }
        return worst
    }
}
