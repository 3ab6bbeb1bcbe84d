import Claims
import Evidence
import Foundation
import PolicyBytecode
import PolicyRuntime
import TestSupport
import Testing

/// Parameters (issue #5 item 2): reference values bound at load time from JSON, checked
/// against the declared `param` types; the verdict records the file's SHA-256.
@Suite("Policy parameters")
struct PolicyParametersTests {
    static let contract = "contract-example.policy"
    static let mrtd = String(repeating: "ab", count: 48)

    static func load(_ json: String, policy: String = contract) throws -> LoadedPolicy {
        try RuntimeFixtures.load(try RuntimeFixtures.corpusPolicy(policy), parameters: json)
    }

    static func failure(_ json: String?, policy: String = contract) throws -> String {
        do {
            let bytes = try RuntimeFixtures.corpusPolicy(policy)
            _ = try RuntimeFixtures.load(bytes, parameters: json)
        } catch let error as PolicyLoadError {
            #expect(error.code == .parameters)
            return error.detail
        }
        Issue.record("the parameters were accepted")
        return ""
    }

    @Test func theVerdictRecordsTheSHA256OfTheFile() throws {
        let json = "{\"allowed_mrtd\": [\"\(Self.mrtd)\"], \"allowed_kernels\": []}"
        let policy = try Self.load(json)
        // `printf '%s' '<the JSON above>' | sha256sum`
        let expected = "0c7cfc7af148b361d4ada7505518a84fd8a460aba2ed5f8e98c85e9e436b1690"
        #expect(policy.parametersDigest.map { Hex.encode($0) } == expected)
        let verdict = policy.evaluate(
            claims: [ClaimSet(schema: try RuntimeFixtures.schema("tdx"))], at: RuntimeFixtures.now)
        #expect(verdict.parametersDigest.map { Hex.encode($0) } == expected)
    }

    @Test func everyDeclaredParamMustBeBoundAndEveryGivenNameDeclared() throws {
        #expect(try Self.failure(nil).contains("declares params (allowed_mrtd, allowed_kernels)"))
        #expect(try Self.failure("{\"allowed_mrtd\": []}") == "param `allowed_kernels` (set<bytes48>) has no value")
        #expect(
            try Self.failure("{\"allowed_mrtd\": [], \"allowed_kernels\": [], \"allowed_mrdt\": []}")
                .hasPrefix("`allowed_mrdt` is not a param of policy \"tdx-production\""))
    }

    @Test func valuesAreCheckedAgainstTheDeclaredTypes() throws {
        #expect(
            try Self.failure("{\"allowed_mrtd\": \"\(Self.mrtd)\", \"allowed_kernels\": []}")
                == "param `allowed_mrtd` (set<bytes48>): expected an array, got \"abababababababababababababababababababab…\""
        )
        #expect(
            try Self.failure("{\"allowed_mrtd\": [\"abab\"], \"allowed_kernels\": []}")
                == "param `allowed_mrtd` (set<bytes48>): element 0: expected 48 bytes, got 2")
        #expect(
            try Self.failure("{\"allowed_mrtd\": [\"zz\"], \"allowed_kernels\": []}")
                == "param `allowed_mrtd` (set<bytes48>): element 0: expected bytes48 as a hex string, got \"zz\"")
        #expect(
            try Self.failure("{\"allowed_mrtd\": [42], \"allowed_kernels\": []}")
                == "param `allowed_mrtd` (set<bytes48>): element 0: expected bytes48 as a hex string, got 42")
        #expect(try Self.failure("[1, 2]").contains("expected one JSON object"))
        #expect(try Self.failure("{\"allowed_mrtd\": [").contains("not valid JSON"))
    }

    @Test func everyTypeReadsTheClaimsOutputConventions() throws {
        let source = RuntimeFixtures.tdx(
            """
            param b: bool
            param n: int
            param s: string
            param h: bytes8
            param v: svn[16]
            param t: time
            param d: duration
            param e: set<TcbStatus>
            check all_bound "m": b and tdx.qe_svn == n and tdx.quote.version == len(s) and tdx.xfam == h
                and tdx.tee_tcb_svn >= v and tdx.tcb.date >= t - d and tdx.tcb.status in e
            allow if all_bound
            """)
        let bytes = try RuntimeFixtures.compile(source, against: .test)
        let json = """
            {"b": true, "n": 7, "s": "four", "h": "0xE718060000000000", "v": [1,0,2,0,0,0,0,0,0,0,0,0,0,0,0,0],
             "t": "2024-03-13T00:00:00Z", "d": "30d", "e": ["UpToDate", "SWHardeningNeeded"]}
            """
        let policy = try RuntimeFixtures.load(bytes, parameters: json)
        var claims = ClaimSet(schema: try RuntimeFixtures.schema("tdx"))
        try claims.set("tdx.qe_svn", .int(7))
        try claims.set("tdx.quote.version", .int(4))
        try claims.set("tdx.xfam", .bytes([0xE7, 0x18, 0x06, 0, 0, 0, 0, 0]))
        try claims.set("tdx.tee_tcb_svn", .svn([1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        // 2024-02-12 is 30 days before 2024-03-13.
        try claims.set("tdx.tcb.date", .time(try #require(Timestamp(rfc3339: "2024-02-12T00:00:00Z"))))
        try claims.set("tdx.tcb.status", enumCase: "SWHardeningNeeded")
        #expect(policy.evaluate(claims: [claims], at: RuntimeFixtures.now).decision == .allow)
        try claims.set("tdx.tcb.date", .time(try #require(Timestamp(rfc3339: "2024-02-11T23:59:59Z"))))
        #expect(policy.evaluate(claims: [claims], at: RuntimeFixtures.now).decision == .deny)
        for (name, bad, message) in [
            ("e", "[\"UpToDat\"]", "element 0: expected a case of TcbStatus (UpToDate, SWHardeningNeeded, "),
            ("v", "[1,0,2]", "expected 16 svn components, got 3"), ("t", "\"2024-03-13\"", "expected an RFC 3339 time"),
            ("d", "\"30 days\"", "expected a duration such as 30d, 12h, 90s"), ("b", "1", "expected true or false"),
            ("n", "1.5", "expected an integer, got 1.5"),
        ] {
            var object = try #require(
                try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            object[name] = try JSONSerialization.jsonObject(with: Data(bad.utf8), options: .fragmentsAllowed)
            let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            do {
                _ = try RuntimeFixtures.load(bytes, parameters: text)
                Issue.record("\(name) = \(bad) was accepted")
            } catch let error as PolicyLoadError {
                #expect(error.detail.contains(message), "\(error.detail)")
            }
        }
    }
}
