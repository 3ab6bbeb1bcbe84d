import Claims
import Evidence
import Foundation
import PolicyBytecode

/// The contract example (`Corpus/policies/contract-example.policy`) written by hand in Swift,
/// as an embedder would write it without a policy engine: the native floor the VM is measured
/// against (the peer-bench convention, `../../shared/reference/policy-perf.md` §3.2: checks on
/// claims decoded once into a struct, reference values in `Set`s built once).
///
/// It computes what the VM computes: each of the 7 checks true, false or missing in the
/// language's three-valued logic (POLICY-LANGUAGE.md: a missing claim makes what reads it
/// missing, `and`/`or`/`any` are Kleene's, a missing check fails), the 3 trust entries and the
/// decision. `Bool?` is that logic's value, `nil` missing. Its claims are decoded from the peers'
/// JSON files on their own, not into a `ClaimSet`, so it shares no evaluation code with the VM;
/// an enum name the test schema does not list is missing, as the claims decoder makes it.
///
/// Digests are keys of six words, not `[UInt8]`: hashing a `[UInt8]` feeds `Hasher` a byte at a
/// time, which took 70 % of the time (perf) and would make the floor a straw man.
public struct NativeContract: Sendable {
    /// The claims the policy reads, `nil` where the claim is missing.
    public struct Claims: Sendable {
        var verified: Bool?
        var debug: Bool?
        /// The `TcbStatus` case index (`Corpus/schemas/test-tdx.schema`).
        var tcbStatus: Int?
        var teeTcbSvn: [Int64]?
        var mrtd: Digest48?
        /// Seconds since the epoch.
        var nextUpdate: Int64?
        var events: [Event]?
    }

    /// One `tdx.events` entry.
    struct Event: Sendable {
        var mr: Int64?
        /// The `TcgEventType` case index.
        var type: Int?
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

    /// The test schema's `TcbStatus` and `TcgEventType` enums (``Workload/schema``: its data,
    /// not evaluation code), and the case numbers the checks compare with.
    static let tcbStatuses = enumeration("tdx.tcb.status")
    static let eventTypes: ClaimEnum = {
        guard case .list(let record)? = Workload.schema.resolve("tdx.events")?.type,
            let field = record.fields.first(where: { $0.name == "type" }), case .enumeration(let e) = field.type
        else { fatalError("the test schema has no tdx.events type enum") }
        return e
    }()
    static let upToDate = tcbStatuses.index(of: "UpToDate") ?? -1
    static let swHardeningNeeded = tcbStatuses.index(of: "SWHardeningNeeded") ?? -1
    static let bootServicesApplication = eventTypes.index(of: "EV_EFI_BOOT_SERVICES_APPLICATION") ?? -1

    /// The enum type of claim `path` in the test schema.
    static func enumeration(_ path: String) -> ClaimEnum {
        guard case .enumeration(let e)? = Workload.schema.resolve(path)?.type else {
            fatalError("the test schema has no enum claim \(path)")
        }
        return e
    }

    /// What one evaluation computes (nothing allocated, as the VM's outcome).
    public struct Result: Sendable {
        public var allow: Bool
        /// Bit `n` set when check `n` is true (`passed`) or missing (`missing`), in the
        /// policy's order: verified, not_debug, tcb_status, tcb_floor, build, fresh, kernel.
        public var passed: UInt8
        public var missing: UInt8
        /// hardware, executables, configuration.
        public var trust: (TrustTier, TrustTier, TrustTier)
    }

    static let minimumTeeTcb: [Int64] = [3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    static let freshness: Int64 = 7 * 24 * 3600

    let allowedMRTD: Set<Digest48>
    let allowedKernels: Set<Digest48>
    /// The case numbers the checks compare with, held by the value: a
    /// `static let` computed from the schema is read through its lazy accessor on every use.
    let upToDate = NativeContract.upToDate
    let swHardeningNeeded = NativeContract.swHardeningNeeded
    let bootServicesApplication = NativeContract.bootServicesApplication

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
        claims(object: (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] ?? [:])
    }

    /// Claims from a flat claims object (keyed by canonical path).
    public static func claims(object: [String: Any]) -> Claims {
        let events = (object["tdx.events"] as? [[String: Any]])?.map { entry in
            Event(
                mr: (entry["mr"] as? Int).map(Int64.init),
                type: (entry["type"] as? String).flatMap(eventTypes.index(of:)),
                digest: (entry["digest"] as? String).flatMap(digest))
        }
        return Claims(
            verified: object["tdx.verified"] as? Bool, debug: object["tdx.attributes.debug"] as? Bool,
            tcbStatus: (object["tdx.tcb.status"] as? String).flatMap(tcbStatuses.index(of:)),
            teeTcbSvn: (object["tdx.tee_tcb_svn"] as? [Int])?.map(Int64.init),
            mrtd: (object["tdx.mrtd"] as? String).flatMap(digest),
            nextUpdate: (object["tdx.collateral.next_update"] as? String).flatMap(Timestamp.init(rfc3339:))?
                .secondsSinceEpoch,
            events: events)
    }

    /// Kleene conjunction: false if either is false, else missing if either is missing.
    static func and(_ x: Bool?, _ y: Bool?) -> Bool? {
        x == false || y == false ? false : (x == nil || y == nil ? nil : true)
    }

    /// Evaluates the policy on `claims` at `now` (seconds since the epoch).
    public func evaluate(_ claims: Claims, now: Int64) -> Result {
        let verified = claims.verified
        let notDebug = claims.debug.map { !$0 }
        let tcbStatus = claims.tcbStatus.map { $0 == upToDate || $0 == swHardeningNeeded }
        // `svn >= svn`: every component at least the baseline's; vectors of other lengths do
        // not compare (missing), as in the VM.
        let tcbFloor = claims.teeTcbSvn.flatMap { svn in
            svn.count == Self.minimumTeeTcb.count ? zip(svn, Self.minimumTeeTcb).allSatisfy { $0 >= $1 } : nil
        }
        let build = claims.mrtd.map { allowedMRTD.contains($0) }
        // `now <= next_update + 7d`; an overflowing sum is missing.
        let fresh = claims.nextUpdate.flatMap { update -> Bool? in
            let (deadline, overflow) = update.addingReportingOverflow(Self.freshness)
            return overflow ? nil : now <= deadline
        }
        // `any`: true if some element's conjunction is true, else missing if some is missing.
        let kernel = claims.events.flatMap { events -> Bool? in
            var sawMissing = false
            for event in events {
                // A false condition decides the element; the digest is looked up only when needed.
                let register = event.mr.map { $0 == 1 }
                if register == false { continue }
                let type = event.type.map { $0 == bootServicesApplication }
                if type == false { continue }
                let matches = Self.and(Self.and(register, type), event.digest.map { allowedKernels.contains($0) })
                if matches == true { return true }
                if matches == nil { sawMissing = true }
            }
            return sawMissing ? nil : false
        }
        var (passed, missing): (UInt8, UInt8) = (0, 0)
        func record(_ check: Bool?, _ n: UInt8) {
            if check == true { passed |= 1 << n }
            if check == nil { missing |= 1 << n }
        }
        record(verified, 0)
        record(notDebug, 1)
        record(tcbStatus, 2)
        record(tcbFloor, 3)
        record(build, 4)
        record(fresh, 5)
        record(kernel, 6)
        let hardware: TrustTier =
            tcbStatus == true && tcbFloor == true ? .affirming : (tcbFloor == true ? .warning : .contraindicated)
        let executables: TrustTier = build == true && kernel == true ? .affirming : .contraindicated
        let configuration: TrustTier = notDebug == true ? .affirming : .contraindicated
        let allow = verified == true && notDebug == true && tcbFloor == true && build == true && fresh == true
        return Result(
            allow: allow, passed: passed, missing: missing, trust: (hardware, executables, configuration))
    }

    static func digest(_ text: String) -> Digest48? { Hex.decode(text).flatMap(Digest48.init) }
}
