import Foundation
import TestSupport
import Testing

@testable import PolicyCompiler

/// The editor grammar and the contract's snippets agree with the language.
@Suite("Grammar files")
struct GrammarFilesTests {
    @Test func textMateGrammarIsValidAndKnowsEveryKeyword() throws {
        let url = CorpusFile.repositoryRoot.appendingPathComponent("Grammar/appraise-policy.tmLanguage.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(json["scopeName"] as? String == "source.appraise-policy")
        #expect(json["fileTypes"] as? [String] == ["policy"])
        var patterns: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                for (key, inner) in object {
                    if ["match", "begin", "end"].contains(key), let text = inner as? String { patterns.append(text) }
                    collect(inner)
                }
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(json)
        for pattern in patterns { #expect((try? NSRegularExpression(pattern: pattern)) != nil, "\(pattern)") }
        let all = patterns.joined(separator: " ")
        for keyword in Keyword.allCases { #expect(all.contains(keyword.rawValue), "\(keyword)") }
    }

    /// Every expression and declaration form the contract (POLICY-LANGUAGE.md) shows parses.
    @Test(arguments: [
        "policy \"NAME\" version 1\ninput NAME: KIND\nparam NAME: bool\nconst NAME2 = EXPR\nlet NAME3 = EXPR\n"
            + "check NAME4 \"MESSAGE\": EXPR\ntrust CLAIM = affirming if EXPR else warning if EXPR else none\n"
            + "allow if EXPR\ndeny \"MESSAGE\" if EXPR",
        "let x = 0xd790fd79", "let x = h\"d790fd79\"", "let x = t\"2026-01-01T00:00:00Z\"", "let x = now",
        "let x = 30d", "let x = 12h", "let x = 90s", "let x = {a, b}", "let x = a and b or not c",
        "let x = a == b and a != b and a < b and a <= b and a > b and a >= b", "let x = a in s",
        "let x = a + b - c", "let x = t + 7d", "let x = a.b", "let x = a[i]", "let x = any x in LIST: EXPR",
        "let x = all x in LIST: EXPR", "let x = count x in LIST: EXPR", "let x = len(x)", "let x = starts_with(s, p)",
        "let x = matches(s, \"regex\")", "let x = hex(b)",
        "let x = svn[3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
        "param allowed_mrtd: set<bytes48>", "let x = UpToDate", "let x = EV_SEPARATOR",
    ])
    func contractSnippetParses(_ snippet: String) {
        let source = snippet.hasPrefix("policy") ? snippet : "policy \"p\" version 1\n" + snippet
        #expect(Parser.parse(source, file: "snippet.policy").diagnostics.isEmpty)
    }

    @Test func generatedFiveHundredCheckPolicyCompiles() throws {
        var lines = ["policy \"g\" version 1", "input tdx: tdx", "param allowed: set<bytes48>"]
        for i in 0..<500 {
            lines.append(
                "check c\(i) \"check \(i)\": tdx.qe_svn >= \(i % 9) and tdx.mrtd in allowed or c\(max(0, i - 1)) == \(i % 2 == 0)"
            )
        }
        lines[3] = "check c0 \"check 0\": tdx.verified"
        lines.append("allow if " + (0..<500).map { "c\($0)" }.joined(separator: " and "))
        let result = PolicyFixtures.compile(lines.joined(separator: "\n"))
        #expect(result.diagnostics.filter { $0.severity == .error }.count == 0)
        let module = try #require(result.module)
        #expect(module.checks.count == 500)
    }
}
