import Evidence
import Foundation
import PolicyBytecode
import PolicyRuntime
import Testing

@Suite("Verdict")
struct VerdictTests {
    static let policy = Verdict.PolicyIdentity(
        name: "tdx-production", version: 3, hash: Array(repeating: 0xAB, count: 32))
    static let time = Timestamp(secondsSinceEpoch: 1_752_919_234)

    static func verdict(_ decision: Decision, trust: [TrustClaim: TrustTier], failed: [Verdict.FailedCheck] = [])
        -> Verdict
    {
        Verdict(decision: decision, trust: trust, failedChecks: failed, policy: policy, evaluationTime: time)
    }

    @Test func statusIsNeverBetterThanTheWorstTrustClaim() {
        #expect(Self.verdict(.allow, trust: [:]).status == .affirming)
        #expect(Self.verdict(.allow, trust: [.hardware: .affirming, .executables: .warning]).status == .warning)
        #expect(
            Self.verdict(.allow, trust: [.hardware: .contraindicated, .configuration: .affirming]).status
                == .contraindicated)
        #expect(Self.verdict(.allow, trust: [.hardware: .none, .configuration: .affirming]).status == .affirming)
        #expect(Self.verdict(.allow, trust: [.hardware: .none]).status == .affirming)
    }

    @Test func aDenialOrAnErrorIsNeverAffirming() {
        #expect(Self.verdict(.deny, trust: [.hardware: .affirming]).status == .contraindicated)
        #expect(Self.verdict(.error, trust: [.hardware: .affirming]).status == .none)
    }

    @Test func jsonHasTheDocumentedTopLevelKeys() throws {
        let failed = Verdict.FailedCheck(
            name: "tcb_floor", message: "TEE TCB at least the baseline", line: 12, column: 1,
            actual: "tdx.tee_tcb_svn component 2 is 3", expected: ">= 5")
        let verdict = Self.verdict(.deny, trust: [.hardware: .warning], failed: [failed])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(verdict.json().utf8)) as? [String: Any])
        #expect(object["decision"] as? String == "deny")
        #expect(object["status"] as? String == "contraindicated")
        #expect((object["trust"] as? [String: String])?["hardware"] == "warning")
        let checks = try #require(object["failed_checks"] as? [[String: Any]])
        #expect(checks.count == 1)
        #expect(checks[0]["name"] as? String == "tcb_floor")
        #expect(checks[0]["line"] as? Int == 12)
        #expect(checks[0]["actual"] as? String == "tdx.tee_tcb_svn component 2 is 3")
        let policy = try #require(object["policy"] as? [String: Any])
        #expect(policy["name"] as? String == "tdx-production")
        #expect(policy["version"] as? Int == 3)
        #expect(policy["hash"] as? String == String(repeating: "ab", count: 32))
        #expect(object["evaluation_time"] as? String == "2025-07-19T10:00:34Z")
        #expect(verdict.json() == verdict.json())
    }
}
