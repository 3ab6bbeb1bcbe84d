import Evidence
import Foundation
import PolicyBytecode
import PolicyRuntime
import TestSupport
import Testing

/// EAR output checked by a second implementation: `Corpus/tools/ear_check.py` verifies the
/// signatures with pyca/cryptography and decodes the CBOR with cbor2.
@Suite("EAR encoders")
struct EARTests {
    static let failed = Verdict.FailedCheck(
        name: "build", message: "MRTD is an approved build", line: 9, column: 1,
        actual: "0x4f1c…", expected: "one of 12 allowed values")
    static let verdict = Verdict(
        decision: .deny, trust: [.hardware: .affirming, .executables: .contraindicated], failedChecks: [failed],
        policy: .init(name: "tdx-production", version: 3, hash: Array(repeating: 0x01, count: 32)),
        evaluationTime: Timestamp(secondsSinceEpoch: 1_752_919_234))
    static let claims = EARClaims(verdict: verdict, build: "policyc test")

    static func key(_ name: String) throws -> EARSigningKey {
        try EARSigningKey(pem: String(decoding: CorpusFile.bytes("keys/\(name)"), as: UTF8.self))
    }

    static func publicKeyFile(_ key: EARSigningKey) throws -> URL {
        try PythonTool.temporaryFile(Array(key.publicKeyPEM.utf8), suffix: ".pem")
    }

    @Test(arguments: ["ear-signing-p256.pem", "ear-signing-p384.pem"])
    func jwtVerifiesWithASecondImplementation(keyFile: String) throws {
        let key = try Self.key(keyFile)
        let token = try EAREncoder.jwt(Self.claims, key: key)
        let tokenFile = try PythonTool.temporaryFile(Array(token.utf8), suffix: ".jwt")
        let output = try PythonTool.run("ear_check.py", ["jwt", tokenFile.path, try Self.publicKeyFile(key).path])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let header = try #require(decoded["header"] as? [String: Any])
        #expect(header["alg"] as? String == (keyFile.contains("256") ? "ES256" : "ES384"))
        let payload = try #require(decoded["payload"] as? [String: Any])
        #expect(payload["eat_profile"] as? String == "tag:ietf.org,2026:rats/ear#04")
        #expect(payload["iat"] as? Int == 1_752_919_234)
        let submods = try #require(payload["submods"] as? [String: Any])
        let appraisal = try #require(submods["tdx-production"] as? [String: Any])
        #expect(appraisal["ear_status"] as? String == "contraindicated")
        let vector = try #require(appraisal["ear_trustworthiness_vector"] as? [String: Int])
        #expect(vector == ["hardware": 2, "executables": 96])
        let checks = try #require(appraisal["appraise_failed_checks"] as? [[String: Any]])
        #expect(checks.first?["name"] as? String == "build")
    }

    @Test func aTamperedJWTIsRejectedByTheSecondImplementation() throws {
        let key = try Self.key("ear-signing-p256.pem")
        var token = Array(try EAREncoder.jwt(Self.claims, key: key).utf8)
        let firstDot = try #require(token.firstIndex(of: UInt8(ascii: ".")))
        token[firstDot + 5] = token[firstDot + 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tokenFile = try PythonTool.temporaryFile(token, suffix: ".jwt")
        #expect(throws: PythonTool.Failure.self) {
            try PythonTool.run("ear_check.py", ["jwt", tokenFile.path, try Self.publicKeyFile(key).path])
        }
    }

    @Test func cborDecodesWithASecondDecoder() throws {
        let file = try PythonTool.temporaryFile(try EAREncoder.cbor(Self.claims), suffix: ".cbor")
        let output = try PythonTool.run("ear_check.py", ["cbor", file.path])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(decoded["265"] as? String == "tag:ietf.org,2026:rats/ear#04")
        #expect(decoded["6"] as? Int == 1_752_919_234)
        #expect((decoded["1004"] as? [String: String])?["1"] == "policyc test")
        let submods = try #require(decoded["266"] as? [String: Any])
        let appraisal = try #require(submods["tdx-production"] as? [String: Any])
        #expect(appraisal["1000"] as? Int == 96)
        #expect(appraisal["1001"] as? [String: Int] == ["2": 96, "4": 2])
        #expect((appraisal["1003"] as? [String])?.first?.hasPrefix("policy:tdx-production@3#sha256:0101") == true)
        #expect((appraisal["-70000"] as? [[String: Any]])?.count == 1)
    }

    @Test func cwtIsACOSESign1ThatVerifies() throws {
        let key = try Self.key("ear-signing-p384.pem")
        let file = try PythonTool.temporaryFile(try EAREncoder.cwt(Self.claims, key: key), suffix: ".cwt")
        let output = try PythonTool.run("ear_check.py", ["cwt", file.path, try Self.publicKeyFile(key).path])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect((decoded["protected"] as? [String: Int])?["1"] == -35)
        #expect((decoded["payload"] as? [String: Any])?["265"] as? String == "tag:ietf.org,2026:rats/ear#04")
    }

    @Test func aKeyThatIsNotP256OrP384IsRefused() {
        #expect(throws: EARError.self) {
            try EARSigningKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
        }
    }
}

/// A failed check carries the same members in the verdict JSON and in EAR; only the verdict
/// JSON adds the explanation sentence (issue #5 lists six members for a failed check).
@Suite("Failed checks in every encoding")
struct FailedCheckEncodingTests {
    static let explained = Verdict(
        decision: .deny, trust: [.hardware: .affirming],
        failedChecks: [
            Verdict.FailedCheck(
                name: "tcb_floor", message: "TEE TCB at least the baseline", line: 15, column: 1,
                actual: "[3]", expected: ">= [5]",
                explanation: "`tdx.tee_tcb_svn` component 0 is 3; the policy requires ≥ 5")
        ],
        policy: .init(name: "p", version: 1, hash: Array(repeating: 0x02, count: 32)),
        evaluationTime: Timestamp(secondsSinceEpoch: 0))

    @Test func theVerdictJSONExplainsAndEARCarriesTheSixContractMembers() throws {
        let verdictJSON =
            #"{"name":"tcb_floor","message":"TEE TCB at least the baseline","line":15,"column":1,"actual":"[3]","expected":">= [5]","explanation":"`tdx.tee_tcb_svn` component 0 is 3; the policy requires ≥ 5"}"#
        #expect(Self.explained.json(pretty: false).contains(#""failed_checks":["# + verdictJSON + "]"))
        let ear = EARClaims(verdict: Self.explained, build: "test").json()
        let earCheck =
            #"{"name":"tcb_floor","message":"TEE TCB at least the baseline","line":15,"column":1,"actual":"[3]","expected":">= [5]"}"#
        #expect(ear.contains(#""appraise_failed_checks":["# + earCheck + "]"))
    }
}
