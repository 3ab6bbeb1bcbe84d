import Claims
import Evidence
import Foundation
import PolicyBytecode
import PolicyRuntime
import TestSupport
import Testing

/// Explanations (issue #5 item 4): each failed check's name, message, span, and the actual and
/// expected values of its failing comparison, rebuilt only when asked. Every expected sentence
/// here is written by hand from the policy and the claims given.
@Suite("Explanations")
struct ExplanationTests {
    static let mrtd = Array(repeating: UInt8(0xAB), count: 48)
    static let kernel = Array(repeating: UInt8(0x11), count: 48)

    static func contract() throws -> LoadedPolicy {
        let json = """
            {"allowed_mrtd": ["\(Hex.encode(mrtd))", "\(String(repeating: "cd", count: 48))"],
             "allowed_kernels": ["\(Hex.encode(kernel))"]}
            """
        return try RuntimeFixtures.load(try RuntimeFixtures.corpusPolicy("contract-example.policy"), parameters: json)
    }

    /// Claims that pass every check of the contract example at `RuntimeFixtures.now`.
    static func passing() throws -> ClaimSet {
        var claims = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        try claims.set("tdx.verified", .bool(true))
        try claims.set("tdx.attributes.debug", .bool(false))
        try claims.set("tdx.tcb.status", enumCase: "UpToDate")
        try claims.set("tdx.tee_tcb_svn", .svn([3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        try claims.set("tdx.mrtd", .bytes(ClaimBytes(mrtd)))
        try claims.set("tdx.collateral.next_update", .time(RuntimeFixtures.now))
        let separator = ClaimRecord(fields: [
            .int(1), .enumeration(1), .bytes(ClaimBytes(Array(repeating: 0, count: 48))),
        ])
        let application = ClaimRecord(fields: [.int(1), .enumeration(9), .bytes(ClaimBytes(kernel))])
        try claims.set("tdx.events", .list([separator, application]))
        return claims
    }

    static func explained(_ claims: ClaimSet) throws -> [String: Verdict.FailedCheck] {
        let verdict = try contract().evaluate(claims: [claims], at: RuntimeFixtures.now)
        return Dictionary(uniqueKeysWithValues: verdict.explain().map { ($0.name, $0) })
    }

    @Test func passingClaimsAllowWithNothingToExplain() throws {
        let verdict = try Self.contract().evaluate(claims: [try Self.passing()], at: RuntimeFixtures.now)
        #expect(verdict.decision == .allow)
        #expect(verdict.status == .affirming)
        #expect(verdict.trust == [.hardware: .affirming, .executables: .affirming, .configuration: .affirming])
        #expect(verdict.failedChecks.isEmpty)
        #expect(verdict.explanationSource == nil)
    }

    @Test func anSvnBelowTheBaselineNamesTheComponent() throws {
        var claims = try Self.passing()
        try claims.set("tdx.tee_tcb_svn", .svn([3, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        let check = try #require(try Self.explained(claims)["tcb_floor"])
        #expect(check.explanation == "`tdx.tee_tcb_svn` component 2 is 3; the policy requires ≥ 5")
        #expect(check.actual == "[3,0,3,0,0,0,0,0,0,0,0,0,0,0,0,0]")
        #expect(check.expected == ">= [3,0,5,0,0,0,0,0,0,0,0,0,0,0,0,0]")
        #expect(check.message == "TEE TCB at least the baseline")
        #expect(check.line == 15 && check.column == 1)
    }

    @Test func aValueOutsideASetParamSaysHowManyValuesItHas() throws {
        var claims = try Self.passing()
        try claims.set("tdx.mrtd", .bytes(ClaimBytes([0x4F, 0x1C] + Array(repeating: 0, count: 46))))
        let check = try #require(try Self.explained(claims)["build"])
        #expect(check.explanation == "`tdx.mrtd` 0x4f1c0000… is not among the 2 values of allowed_mrtd")
        #expect(check.actual == "4f1c" + String(repeating: "00", count: 46))
        #expect(check.expected == "one of the 2 values of allowed_mrtd")
    }

    @Test func aMissingClaimIsNamed() throws {
        let full = try Self.passing()
        var claims = ClaimSet(schema: full.schema)
        for (descriptor, value) in full.present where descriptor.path != "tdx.tcb.status" {
            try claims.set(descriptor.path, value)
        }
        let checks = try Self.explained(claims)
        let check = try #require(checks["tcb_status"])
        #expect(check.explanation == "claim `tdx.tcb.status` is missing")
        #expect(check.actual == "missing")
        #expect(Array(checks.keys) == ["tcb_status"])
    }

    @Test func aBooleanThePolicyNegatesSaysWhatItMustBe() throws {
        var claims = try Self.passing()
        try claims.set("tdx.attributes.debug", .bool(true))
        try claims.set("tdx.verified", .bool(false))
        let checks = try Self.explained(claims)
        #expect(checks["not_debug"]?.explanation == "`tdx.attributes.debug` is true; the policy requires false")
        #expect(checks["verified"]?.explanation == "`tdx.verified` is false; the policy requires true")
    }

    @Test func aTimeComparisonIsPhrasedFromTheEvidenceSide() throws {
        var claims = try Self.passing()
        // 8 days before now: next_update + 7d is a day in the past.
        try claims.set("tdx.collateral.next_update", .time(try #require(Timestamp(rfc3339: "2025-12-24T00:00:00Z"))))
        let check = try #require(try Self.explained(claims)["fresh"])
        #expect(
            check.explanation
                == "`tdx.collateral.next_update + 7d` is 2025-12-31T00:00:00Z; the policy requires ≥ 2026-01-01T00:00:00Z"
        )
    }

    @Test func durationsAreWrittenInTheContractsUnitsWhateverUnitThePolicyUsed() throws {
        // POLICY-LANGUAGE.md writes durations as `30d`, `12h`, `90s`; the grammar also reads `w`
        // and `m` (1w = 604 800 s, 90m = 5 400 s), which explanations write as days or seconds.
        let source = RuntimeFixtures.tdx(
            """
            check week "m": now - tdx.tcb.date <= 1w
            check minutes "m": now - tdx.tcb.date <= 90m
            allow if week and minutes
            """)
        let policy = try RuntimeFixtures.load(try RuntimeFixtures.compile(source, against: .test))
        var claims = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        // 8 days before RuntimeFixtures.now (2026-01-01T00:00:00Z).
        try claims.set("tdx.tcb.date", .time(try #require(Timestamp(rfc3339: "2025-12-24T00:00:00Z"))))
        let checks = Dictionary(
            uniqueKeysWithValues: policy.evaluate(claims: [claims], at: RuntimeFixtures.now).explain().map {
                ($0.name, $0)
            })
        #expect(checks["week"]?.explanation == "`now - tdx.tcb.date` is 8d; the policy requires ≤ 7d")
        #expect(checks["minutes"]?.explanation == "`now - tdx.tcb.date` is 8d; the policy requires ≤ 5400s")
    }

    @Test func anAnyWithoutAMatchingElementSaysSo() throws {
        var claims = try Self.passing()
        let other = ClaimRecord(fields: [
            .int(1), .enumeration(9), .bytes(ClaimBytes(Array(repeating: 0x22, count: 48))),
        ])
        try claims.set("tdx.events", .list([other, other, other]))
        var check = try #require(try Self.explained(claims)["kernel"])
        #expect(
            check.explanation
                == "no element of `tdx.events` (3) satisfies e.mr == 1 and e.type == EV_EFI_BOOT_SERVICES_APPLICATION and e.digest in allowed_kernels"
        )
        #expect(check.actual == "3 elements, none matching")
        try claims.set("tdx.events", .list([]))
        check = try #require(try Self.explained(claims)["kernel"])
        #expect(check.explanation.hasPrefix("`tdx.events` is empty; the policy requires an element where e.mr == 1"))
    }

    @Test func explainingDoesNotChangeTheVerdictAndJSONCarriesTheExplanation() throws {
        var claims = try Self.passing()
        try claims.set("tdx.tee_tcb_svn", .svn([3, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        let verdict = try Self.contract().evaluate(claims: [claims], at: RuntimeFixtures.now)
        #expect(verdict.decision == .deny)
        #expect(verdict.trust == [.hardware: .contraindicated, .executables: .affirming, .configuration: .affirming])
        #expect(verdict.failedChecks.map(\.name) == ["tcb_floor"])
        #expect(verdict.failedChecks.first?.actual == "")
        let explained = verdict.explained()
        #expect(explained.decision == verdict.decision && explained.trust == verdict.trust)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(explained.json().utf8)) as? [String: Any])
        let failed = try #require((object["failed_checks"] as? [[String: Any]])?.first)
        #expect(failed["explanation"] as? String == "`tdx.tee_tcb_svn` component 2 is 3; the policy requires ≥ 5")
        #expect(failed["expected"] as? String == ">= [3,0,5,0,0,0,0,0,0,0,0,0,0,0,0,0]")
        let text = verdict.explanationText()
        #expect(text.hasPrefix("deny: policy \"tdx-production\" version 3 (sha256 "))
        #expect(text.contains("  tcb_floor (line 15, column 1): TEE TCB at least the baseline\n"))
        #expect(text.contains("    `tdx.tee_tcb_svn` component 2 is 3; the policy requires ≥ 5\n"))
    }

    @Test func aForbiddenValueInsideANegatedAnyIsNamedWithItsElement() throws {
        let bytes = try RuntimeFixtures.corpusPolicy("tdx-production.policy")
        let module = try BytecodeReader.read(bytes)
        var json = RuntimeFixtures.neutralParameters(module)
        json = json.replacingOccurrences(
            of: "\"denied_advisories\": []", with: "\"denied_advisories\": [\"INTEL-SA-00615\"]")
        let policy = try RuntimeFixtures.load(bytes, parameters: json)
        var claims = ClaimSet(schema: .tdx)
        try claims.set("tdx.tcb.advisories", .array([.string("INTEL-SA-00837"), .string("INTEL-SA-00615")]))
        let checks = policy.evaluate(claims: [claims], at: RuntimeFixtures.now).explain()
        let advisories = try #require(checks.first { $0.name == "advisories" })
        #expect(
            advisories.explanation
                == "`tdx.tcb.advisories[1]` \"INTEL-SA-00615\" is the one value of denied_advisories, which the policy forbids"
        )
    }

    @Test func arraysStartsWithAndRegexesExplainThemselves() throws {
        let source = """
            policy "arrays" version 1
            input tdx: tdx
            input tpm: tpm
            check advisory "an advisory is known": "INTEL-SA-00837" in tdx.tcb.advisories
            check rtmr "RTMR 2 as built": tdx.rtmr[2] == tdx.mrtd
            check nonce "nonce prefix": starts_with(tpm.nonce, 0x00112233)
            check cmdline "locked down": matches(tpm.kernel_cmdline, "lockdown=integrity")
            allow if advisory and rtmr and nonce and cmdline
            """
        let policy = try RuntimeFixtures.load(try RuntimeFixtures.compile(source, against: .test))
        var tdx = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        try tdx.set("tdx.tcb.advisories", .array([.string("INTEL-SA-00615")]))
        try tdx.set("tdx.rtmr", .array([.bytes(ClaimBytes(Self.mrtd)), .bytes(ClaimBytes(Self.mrtd))]))
        try tdx.set("tdx.mrtd", .bytes(ClaimBytes(Self.mrtd)))
        var tpm = ClaimSet(schema: try RuntimeFixtures.schema("tpm"))
        try tpm.set("tpm.nonce", .bytes([0x00, 0x11, 0x22, 0x44]))
        try tpm.set("tpm.kernel_cmdline", .string("quiet splash"))
        let checks = Dictionary(
            uniqueKeysWithValues: policy.evaluate(claims: [tdx, tpm], at: RuntimeFixtures.now).explain().map {
                ($0.name, $0.explanation)
            })
        #expect(checks["advisory"] == "`tdx.tcb.advisories` does not contain \"INTEL-SA-00837\"")
        #expect(checks["rtmr"] == "`tdx.rtmr[2]` is missing (index out of range)")
        #expect(checks["nonce"] == "`tpm.nonce` 0x00112244 does not start with 0x00112233")
        #expect(checks["cmdline"] == "`tpm.kernel_cmdline` \"quiet splash\" does not match \"lockdown=integrity\"")
    }
}
