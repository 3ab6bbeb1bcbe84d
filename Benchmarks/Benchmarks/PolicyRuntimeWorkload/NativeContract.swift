import Foundation

/// The contract example (`Corpus/policies/contract-example.policy`) written by hand in Swift,
/// as an embedder would write it without a policy engine: the native floor the VM is measured
/// against (the peer-bench convention, `../../shared/reference/policy-perf.md` §3.2: checks on
/// claims decoded once into a struct, reference values in `Set`s built once).
///
/// Digests are keys of six words, not `[UInt8]`: hashing a `[UInt8]` feeds `Hasher` a byte at a
/// time, which took 70% of the time (perf) and would make the floor a straw man.
///
/// It computes what the VM computes: each of the 7 checks true, false or missing (a missing
/// claim makes its check missing, and a missing check fails), the 3 trust entries and the
/// decision. Its claims are decoded from the peers' JSON files on their own, not from a
/// `ClaimSet`, so it shares no code with the evaluator it is compared with.
public struct NativeContract: Sendable {
    /// The claims the policy reads, `nil` where the claim is missing.
    public struct Claims: Sendable {
        var verified: Bool?
        var debug: Bool?
        var tcbStatus: TcbStatus?
        var teeTcbSvn: [Int64]?
        var mrtd: Digest48?
        /// Seconds since the epoch.
        var nextUpdate: Int64?
        var events: [Event]?
    }

    /// One `tdx.events` entry.
    struct Event: Sendable {
        var mr: Int64?
        var type: EventType?
        var digest: Digest48?
    }

    /// A 48-byte digest (SHA-384) as six words.
    struct Digest48: Hashable, Sendable {
        var w0, w1, w2, w3, w4, w5: UInt64

        init?(_ bytes: [UInt8]) {
            guard bytes.count == 48 else { return nil }
            func word(_ n: Int) -> UInt64 {
                bytes[(8 * n)..<(8 * n + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
            (w0, w1, w2, w3, w4, w5) = (word(0), word(1), word(2), word(3), word(4), word(5))
        }
    }

    /// The TCB status values the policy names (the others are `other`).
    enum TcbStatus: Sendable {
        case upToDate, swHardeningNeeded, other
    }

    /// The event type the policy names (the others are `other`).
    enum EventType: Sendable {
        case bootServicesApplication, other
    }

    /// One check's outcome in three-valued logic.
    public enum Outcome: Sendable, Equatable {
        case passed, failed, missing
    }

    /// An AR4SI tier, as the contract's trust entries use them.
    public enum Tier: Sendable, Equatable {
        case affirming, warning, contraindicated
    }

    /// What one evaluation computes (nothing allocated, as the VM's outcome).
    public struct Result: Sendable {
        public var allow: Bool
        /// Bit `n` set when check `n` passed, or when its claim is missing, in the policy's
        /// order: verified, not_debug, tcb_status, tcb_floor, build, fresh, kernel.
        public var passed: UInt8
        public var missing: UInt8
        /// hardware, executables, configuration.
        public var trust: (Tier, Tier, Tier)
    }

    static let minimumTeeTcb: [Int64] = [3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    static let freshness: Int64 = 7 * 24 * 3600

    let allowedMRTD: Set<Digest48>
    let allowedKernels: Set<Digest48>

    /// The reference values from `contract-refs.json` (`allowed_mrtd`, `allowed_kernels`: arrays of hex).
    public init(refs: Data) {
        let object = (try? JSONSerialization.jsonObject(with: refs)) as? [String: Any] ?? [:]
        func digests(_ key: String) -> Set<Digest48> {
            Set(((object[key] as? [String]) ?? []).compactMap(Self.digest))
        }
        allowedMRTD = digests("allowed_mrtd")
        allowedKernels = digests("allowed_kernels")
    }

    /// Claims from a flat claims file (`contract-claims-*.json`, keyed by canonical path).
    public static func claims(json: Data) -> Claims {
        let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] ?? [:]
        let events = (object["tdx.events"] as? [[String: Any]])?.map { entry in
            Event(
                mr: (entry["mr"] as? Int).map(Int64.init),
                type: (entry["type"] as? String).map {
                    $0 == "EV_EFI_BOOT_SERVICES_APPLICATION" ? .bootServicesApplication : .other
                },
                digest: (entry["digest"] as? String).flatMap(digest))
        }
        let status: TcbStatus? = (object["tdx.tcb.status"] as? String).map {
            switch $0 {
            case "UpToDate": return .upToDate
            case "SWHardeningNeeded": return .swHardeningNeeded
            default: return .other
            }
        }
        return Claims(
            verified: object["tdx.verified"] as? Bool, debug: object["tdx.attributes.debug"] as? Bool,
            tcbStatus: status, teeTcbSvn: (object["tdx.tee_tcb_svn"] as? [Int])?.map(Int64.init),
            mrtd: (object["tdx.mrtd"] as? String).flatMap(digest),
            nextUpdate: (object["tdx.collateral.next_update"] as? String).flatMap(seconds),
            events: events)
    }

    /// Evaluates the policy on `claims` at `now` (seconds since the epoch).
    public func evaluate(_ claims: Claims, now: Int64) -> Result {
        func outcome(_ value: Bool?) -> Outcome { value.map { $0 ? .passed : .failed } ?? .missing }
        let verified = outcome(claims.verified)
        let notDebug = outcome(claims.debug.map { !$0 })
        let tcbStatus = outcome(claims.tcbStatus.map { $0 == .upToDate || $0 == .swHardeningNeeded })
        // `svn >= svn`: every component at least the baseline's; vectors of other lengths do
        // not compare (missing), as in the VM.
        let tcbFloor = outcome(
            claims.teeTcbSvn.flatMap { svn in
                svn.count == Self.minimumTeeTcb.count ? zip(svn, Self.minimumTeeTcb).allSatisfy { $0 >= $1 } : nil
            })
        let build = outcome(claims.mrtd.map { allowedMRTD.contains($0) })
        let fresh = outcome(claims.nextUpdate.map { now <= $0 + Self.freshness })
        let kernel = outcome(
            claims.events.map { events in
                events.contains { event in
                    event.mr == 1 && event.type == .bootServicesApplication
                        && event.digest.map { allowedKernels.contains($0) } == true
                }
            })
        var (passed, missing): (UInt8, UInt8) = (0, 0)
        func record(_ check: Outcome, _ n: UInt8) {
            if check == .passed { passed |= 1 << n }
            if check == .missing { missing |= 1 << n }
        }
        record(verified, 0)
        record(notDebug, 1)
        record(tcbStatus, 2)
        record(tcbFloor, 3)
        record(build, 4)
        record(fresh, 5)
        record(kernel, 6)
        let hardware: Tier =
            tcbStatus == .passed && tcbFloor == .passed
            ? .affirming : (tcbFloor == .passed ? .warning : .contraindicated)
        let executables: Tier = build == .passed && kernel == .passed ? .affirming : .contraindicated
        let configuration: Tier = notDebug == .passed ? .affirming : .contraindicated
        let allow =
            verified == .passed && notDebug == .passed && tcbFloor == .passed && build == .passed && fresh == .passed
        return Result(
            allow: allow, passed: passed, missing: missing, trust: (hardware, executables, configuration))
    }

    static func digest(_ text: String) -> Digest48? { hex(text).flatMap(Digest48.init) }

    static func hex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[pair]), let low = Self.nibble(digits[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// An RFC 3339 UTC time (`…Z`) in seconds since the epoch.
    static func seconds(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
    }
}
