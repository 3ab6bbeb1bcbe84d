import Claims
import Foundation
import PolicyBytecode
import PolicyRuntime

extension Workload {
    /// Where ``native`` and the VM disagree — on the decision, a check's outcome (true, false or
    /// missing) or a trust tier — over the two claim files and variants of them that reach the
    /// corners of the language's three-valued logic: each claim removed in turn, an enum name
    /// the schema does not list, uppercase hex, fractional seconds, an svn of another length, an
    /// event without a digest or of an unknown type, no events. (Uppercase hex and fractional
    /// seconds check that both sides decode the files alike; both use `Hex.decode` and
    /// `Timestamp(rfc3339:)`, so they cannot differ in how they evaluate.) Empty when they agree;
    /// the benchmark refuses to run otherwise. `swift test` does not run it: the Benchmarks
    /// package has no test target, and the main package's tests do not build the workload.
    public static func nativeDisagreements() -> [String] {
        var cases: [(String, [String: Any])] = []
        for name in ["contract-claims-pass.json", "contract-claims-fail.json"] {
            let object = claimsObject(name)
            cases.append((name, object))
            for key in object.keys.sorted() {
                var without = object
                without[key] = nil
                cases.append(("\(name) without \(key)", without))
            }
            func variant(_ what: String, _ change: (inout [String: Any]) -> Void) {
                var changed = object
                change(&changed)
                cases.append(("\(name), \(what)", changed))
            }
            variant("status Revoked") { $0["tdx.tcb.status"] = "Revoked" }
            variant("status unknown") { $0["tdx.tcb.status"] = "NoSuchStatus" }
            variant("uppercase mrtd") { $0["tdx.mrtd"] = ($0["tdx.mrtd"] as? String)?.uppercased() }
            variant("fractional next_update") { $0["tdx.collateral.next_update"] = "2026-01-05T00:00:00.5Z" }
            variant("expired collateral") { $0["tdx.collateral.next_update"] = "2025-12-01T00:00:00Z" }
            variant("svn of 15") { $0["tdx.tee_tcb_svn"] = Array(repeating: 9, count: 15) }
            variant("debug") { $0["tdx.attributes.debug"] = true }
            variant("no events") { $0["tdx.events"] = [[String: Any]]() }
            let events = object["tdx.events"] as? [[String: Any]] ?? []
            variant("kernel event without digest") {
                $0["tdx.events"] = events.map { event in
                    var event = event
                    if event["mr"] as? Int == 1, event["type"] as? String == "EV_EFI_BOOT_SERVICES_APPLICATION" {
                        event["digest"] = nil
                    }
                    return event
                }
            }
            variant("event types unknown") {
                $0["tdx.events"] = events.map { event in
                    var event = event
                    event["type"] = "EV_UNKNOWN"
                    return event
                }
            }
        }
        var disagreements: [String] = []
        for (name, object) in cases {
            let outcome = policy.outcome(claims: claims(object: object), at: now)
            let result = native.evaluate(NativeContract.claims(object: object), now: now.secondsSinceEpoch)
            let checks = (0..<7).map { n -> Bool? in
                result.missing & (1 << n) != 0 ? nil : result.passed & (1 << n) != 0
            }
            let trust = [result.trust.0, result.trust.1, result.trust.2]
            if (outcome.decision == .allow) != result.allow || (0..<7).map(outcome.check) != checks
                || (0..<3).map(outcome.trustTier) != trust
            {
                disagreements.append(name)
            }
        }
        return disagreements
    }
}
