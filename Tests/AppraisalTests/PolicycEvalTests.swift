import Foundation
import PolicyRuntime
import TestSupport
import Testing

/// `policyc eval`, `explain` and `batch` run as a user would (issue #5 item 6): the SEV-SNP
/// example policy on real reports with the bundled AMD collateral; exit codes 0 allow, 1 deny,
/// 2 error; EAR output checked by a second implementation (`Corpus/tools/ear_check.py`).
@Suite("policyc eval, explain, batch")
struct PolicycEvalTests {
    static let policy: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "appraise-snp-production-\(UUID().uuidString).apb"
        ).path
        _ = try? PolicycProcess.run(["compile", "Corpus/policies/snp-production.policy", "-o", path])
        return path
    }()
    static let turin = "Corpus/evidence/snp/oak_turin_oc_report_v5.bin"
    static let milan = "Corpus/evidence/snp/oak_milan_oc_release_report_v3.bin"

    static func arguments(_ subcommand: String, _ evidence: [String]) -> [String] {
        [
            subcommand, "--policy", policy, "--params", "Corpus/policies/refs/snp-production-oak-turin.json",
            "--collateral", "Corpus/collateral/amd", "--at", "2025-09-12T00:00:00Z",
        ] + evidence
    }

    @Test func evalAllowsWithExitCodeZeroAndDeniesWithOne() throws {
        let allowed = try PolicycProcess.run(Self.arguments("eval", [Self.turin]))
        #expect(allowed.status == 0, "\(allowed.standardError)")
        #expect(allowed.standardOutput.hasPrefix("allow: policy \"snp-production\" version 3\nstatus affirming"))
        let denied = try PolicycProcess.run(Self.arguments("eval", [Self.milan]))
        #expect(denied.status == 1)
        #expect(denied.standardOutput.contains("  measurement (line 16): launch measurement is approved\n"))
        #expect(denied.standardOutput.contains("  bound (line 22): report bound to this session\n"))
    }

    @Test func evalJSONHasTheIssuesKeysWithExplanations() throws {
        let result = try PolicycProcess.run(Self.arguments("eval", [Self.milan]) + ["--format", "json"])
        #expect(result.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["decision"] as? String == "deny")
        #expect(object["status"] as? String == "contraindicated")
        #expect((object["trust"] as? [String: String])?["executables"] == "contraindicated")
        let checks = try #require(object["failed_checks"] as? [[String: Any]])
        #expect(checks.map { $0["name"] as? String } == ["measurement", "bound"])
        #expect(checks[0]["expected"] as? String == "the one value of allowed_measurements")
        #expect((object["policy"] as? [String: Any])?["name"] as? String == "snp-production")
        #expect((object["parameters_digest"] as? String)?.count == 64)
        #expect((object["evidence"] as? [[String: Any]])?.first?["label"] as? String == "snp-report")
        #expect((object["verification"] as? [[String: Any]])?.isEmpty == false)
        #expect(object["evaluation_time"] as? String == "2025-09-12T00:00:00Z")
    }

    @Test func explainPrintsActualAndExpectedValues() throws {
        let result = try PolicycProcess.run(Self.arguments("explain", [Self.milan]))
        #expect(result.status == 1)
        #expect(
            result.standardOutput.contains(
                "  measurement (line 16, column 1): launch measurement is approved\n"
                    + "    `snp.measurement` 0x195b01b7… is not the one value of allowed_measurements\n"
                    + "    actual:   195b01b74976a1faba13bd85eaf787958f0a46e6dddd45c5bdbf8673522777842b8057ae5d866b75416efb62012deaa3\n"
            ))
        #expect(result.standardOutput.contains("  skipped snp-report: revocation: "))
    }

    @Test func earJWTAndCBORAreReadByASecondImplementation() throws {
        let keyFile = "Corpus/keys/ear-signing-p256.pem"
        let key = try EARSigningKey(
            pem: String(decoding: try CorpusFile.bytes("keys/ear-signing-p256.pem"), as: UTF8.self))
        let publicKey = try PythonTool.temporaryFile(Array(key.publicKeyPEM.utf8), suffix: ".pem")
        let jwt = try PolicycProcess.run(
            Self.arguments("eval", [Self.milan]) + ["--format", "ear-jwt", "--key", keyFile])
        #expect(jwt.status == 1)
        let token = try PythonTool.temporaryFile(Array(jwt.standardOutput.utf8), suffix: ".jwt")
        let decoded = try PythonTool.run("ear_check.py", ["jwt", token.path, publicKey.path])
        let payload = try #require(
            (try JSONSerialization.jsonObject(with: Data(decoded.utf8)) as? [String: Any])?["payload"] as? [String: Any]
        )
        let appraisal = try #require((payload["submods"] as? [String: Any])?["snp-production"] as? [String: Any])
        #expect(appraisal["ear_status"] as? String == "contraindicated")
        #expect(
            appraisal["ear_trustworthiness_vector"] as? [String: Int] == [
                "configuration": 2, "executables": 96, "hardware": 2,
            ])
        #expect((appraisal["appraise_failed_checks"] as? [[String: Any]])?.count == 2)
        #expect(payload["iat"] as? Int == 1_757_635_200)  // 2025-09-12T00:00:00Z

        let cborFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "appraise-\(UUID().uuidString).cbor")
        let cbor = try PolicycProcess.run(
            Self.arguments("eval", [Self.turin]) + ["--format", "ear-cbor", "-o", cborFile.path])
        #expect(cbor.status == 0)
        let claims = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try PythonTool.run("ear_check.py", ["cbor", cborFile.path]).utf8))
                as? [String: Any])
        #expect(((claims["266"] as? [String: Any])?["snp-production"] as? [String: Any])?["1000"] as? Int == 2)

        let missingKey = try PolicycProcess.run(Self.arguments("eval", [Self.turin]) + ["--format", "ear-jwt"])
        #expect(missingKey.status == 64)
        #expect(missingKey.standardError.contains("needs --key"))
    }

    @Test func unusableInputIsExitCodeTwo() throws {
        let wrongKind = try PolicycProcess.run(Self.arguments("eval", ["Corpus/evidence/tdx/dcap-qvl_tdx_quote.bin"]))
        #expect(wrongKind.status == 2)
        #expect(wrongKind.standardOutput.contains("error: input `snp` needs snp evidence"))
        let noParams = try PolicycProcess.run([
            "eval", "--policy", Self.policy, "--at", "2025-09-12T00:00:00Z", Self.turin,
        ])
        #expect(noParams.status == 2)
        #expect(noParams.standardError.contains("declares params"))
        let missing = try PolicycProcess.run(Self.arguments("eval", ["/nonexistent/report.bin"]))
        #expect(missing.status == 2)
    }

    @Test func batchPrintsOneLinePerFileAndASummary() throws {
        let list = try PythonTool.temporaryFile(
            Array("# two reports\n\(Self.turin)\n\(Self.milan)\n\n\(Self.turin)\n".utf8), suffix: ".txt")
        let result = try PolicycProcess.run(Self.arguments("batch", []) + ["--list", list.path])
        #expect(result.status == 1)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "allow \(Self.turin)")
        #expect(lines[1] == "deny  \(Self.milan)  failed: measurement, bound")
        #expect(result.standardError.contains("3 submissions: 2 allow, 1 deny, 0 error in "))
        let json = try PolicycProcess.run(Self.arguments("batch", [Self.turin, Self.milan]) + ["--format", "json"])
        let objects = try json.standardOutput.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["file"] as? String } == [Self.turin, Self.milan])
        #expect(objects.map { $0["decision"] as? String } == ["allow", "deny"])
    }

    @Test func helpTeachesTheExitCodesAndFormats() throws {
        let eval = try PolicycProcess.run(["eval", "--help"])
        for text in ["--policy", "--params", "--at", "--collateral", "ear-jwt", "ear-cbor", "0 allow, 1 deny, 2 error"]
        {
            #expect(eval.standardOutput.contains(text), "eval --help mentions \(text)")
        }
        let batch = try PolicycProcess.run(["batch", "--help"])
        #expect(batch.standardOutput.contains("--list"))
    }
}
