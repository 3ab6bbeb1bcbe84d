import Claims
import PolicyBytecode
import TestSupport

@testable import PolicyCompiler

/// Random evidence for property tests: each claim missing one time in five, otherwise a value
/// drawn from small pools so that equalities, set memberships and orderings are sometimes true
/// and sometimes false. Params draw from the same pools.
struct RandomClaims {
    var rng: SplitMix64

    static let base: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

    mutating func int(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    mutating func bytes(_ length: Int?) -> [UInt8] {
        let n = length ?? Int.random(in: 16...24, using: &rng)
        let seed = UInt8.random(in: 0...2, using: &rng)
        return (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed) &* 31) }
    }

    /// A random value of `type` (`if case`, not `switch`, so newer claim types just stay missing).
    mutating func value(_ type: ClaimType) -> ClaimValue {
        if case .bool = type { return .bool(chance(50)) }
        if case .int = type { return .int(int(0...10)) }
        if case .string = type {
            return .string(
                ["Milan", "Genoa", "Turin", "lockdown=integrity quiet", "init=/bin/sh", "x"].randomElement(using: &rng)
                    ?? "")
        }
        if case .bytes(let length) = type { return .bytes(ClaimBytes(bytes(length))) }
        if case .svn(let count) = type { return .svn(ClaimSVN((0..<count).map { _ in int(0...6) })) }
        if case .time = type { return .time(ClaimTime(secondsSinceEpoch: Self.base + int(-40...40) * 86_400)) }
        if case .enumeration(let e) = type { return .enumeration(Int.random(in: 0..<e.cases.count, using: &rng)) }
        if case .list(let record) = type {
            let records = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                ClaimRecord(fields: record.fields.map { chance(8) ? nil : value($0.type) })
            }
            return .list(records)
        }
        if case .array(let element) = type {
            return .array((0..<Int.random(in: 0...5, using: &rng)).map { _ in value(element) })
        }
        return .list([])  // does not conform to a newer type, so `ClaimSet.set` leaves the claim missing
    }

    mutating func claims(_ schema: ClaimSchema) -> ClaimSet {
        var set = ClaimSet(schema: schema)
        for claim in schema.claims where !chance(20) { try? set.set(claim.path, value(claim.type)) }
        return set
    }

    mutating func constant(_ type: PolicyType) -> ConstantValue {
        switch type {
        case .bool: return .bool(chance(50))
        case .int: return .int(int(0...10))
        case .string: return .string(["Milan", "Genoa", "x"].randomElement(using: &rng) ?? "")
        case .bytes(let n): return .bytes(bytes(n))
        case .svn(let n): return .svn((0..<n).map { _ in int(0...6) })
        case .time: return .time(Self.base + int(-40...40) * 86_400)
        case .duration: return .duration(int(0...30) * 86_400)
        case .enumeration(let e): return .enumCase(e, Int.random(in: 0..<e.cases.count, using: &rng))
        case .set(let element):
            return .set(element, (0..<Int.random(in: 0...3, using: &rng)).map { _ in constant(element) })
        case .record, .list, .array, .error, .unsupported: return .bool(false)
        }
    }
}
