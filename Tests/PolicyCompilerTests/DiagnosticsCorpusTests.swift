import Foundation
import TestSupport
import Testing

@testable import PolicyCompiler

/// Every `Corpus/expected/diagnostics/NAME.policy` gives exactly `NAME.expected`, the output of
/// `policyc check NAME.policy` (with the test schema). Set `APPRAISE_UPDATE_EXPECTED=1` to
/// rewrite the expected files after an intended change, then review the diff.
@Suite("Diagnostics (Corpus/expected/diagnostics)")
struct DiagnosticsCorpusTests {
    static var policies: [URL] {
        CorpusFile.files(under: "expected/diagnostics").filter { $0.pathExtension == "policy" }
    }

    /// What `policyc check` prints for the file at `relativePath`.
    static func checkOutput(_ relativePath: String) throws -> (String, [Diagnostic]) {
        let source = String(
            decoding: try Data(contentsOf: CorpusFile.repositoryRoot.appendingPathComponent(relativePath)),
            as: UTF8.self)
        let diagnostics = PolicyCompiler.check(source: source, file: relativePath, schemas: TestSchemas.all)
        var output = DiagnosticRenderer.text(diagnostics, source: source)
        if !diagnostics.isEmpty { output += "\(relativePath): \(DiagnosticRenderer.summary(diagnostics))\n" }
        return (output, diagnostics)
    }

    @Test(arguments: policies)
    func outputMatchesTheExpectedFile(_ url: URL) throws {
        let relative = "Corpus/expected/diagnostics/" + url.lastPathComponent
        let (output, _) = try Self.checkOutput(relative)
        let expectedURL = url.deletingPathExtension().appendingPathExtension("expected")
        if ProcessInfo.processInfo.environment["APPRAISE_UPDATE_EXPECTED"] == "1" {
            try Data(output.utf8).write(to: expectedURL)
        }
        let expected = String(decoding: try Data(contentsOf: expectedURL), as: UTF8.self)
        #expect(output == expected)
    }

    /// The wording the issue asks for, independent of the expected files.
    @Test(arguments: [
        ("unknown-claim", "error: unknown claim `tdx.mrdt`; did you mean `tdx.mrtd`?"),
        ("svn-compared-with-int", "error: cannot compare `svn[16]` with `int`"),
        ("allow-never-true", "error: `allow` can never be true: check `build` is `false` for every input"),
        ("deny-shadows-allow", "error: this `deny` makes every `allow` unreachable"),
        ("unused-check", "warning: check `kernel` is not used by any `allow`, `deny` or `trust`"),
        ("type-errors", "error: cannot compare `bytes48` with `bytes32`"),
        ("type-errors", "error: cannot add `time` and `int`"),
        ("type-errors", "error: `any` ranges over a list or an array, not `bytes48`"),
        ("type-errors", "error: set elements must all have the same type: `int` and `string`"),
        ("type-errors", "error: `EV_SEPARATOR` is a case of `TcgEventType`, not of `TcbStatus`"),
        ("type-errors", "error: cannot compare `svn[4]` with `svn[3]`"),
        ("type-errors", "error: cannot compare `TcbStatus` with `string`"),
        ("unsupported-regex", "error: unsupported regex: backreferences are not supported"),
        ("cycle", "error: `a` depends on itself (a → b → a)"),
    ])
    func issueWording(_ name: String, _ line: String) throws {
        let (output, _) = try Self.checkOutput("Corpus/expected/diagnostics/\(name).policy")
        #expect(output.contains(line), "\(output)")
    }

    @Test func everyDiagnosticHasFileLineColumnSourceLineAndCaret() throws {
        let (output, diagnostics) = try Self.checkOutput("Corpus/expected/diagnostics/unknown-claim.policy")
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(diagnostics.count == 1)
        #expect(
            lines[0]
                == "Corpus/expected/diagnostics/unknown-claim.policy:6:42: error: unknown claim `tdx.mrdt`; did you mean `tdx.mrtd`?"
        )
        #expect(lines[1] == "check build \"MRTD is an approved build\": tdx.mrdt in allowed_mrtd")
        #expect(lines[2] == String(repeating: " ", count: 41) + "^" + String(repeating: "~", count: 7))
        #expect(lines[3].hasPrefix("hint: `tdx.mrtd` is bytes48"))
    }

    @Test func syntaxErrorsAreAllReportedInOneRun() throws {
        let (_, diagnostics) = try Self.checkOutput("Corpus/expected/diagnostics/syntax-errors.policy")
        let syntax = diagnostics.filter { $0.code == .syntax }
        #expect(syntax.map(\.span.line) == [6, 7, 8, 9, 11])
        #expect(syntax[2].message == "`(` is never closed")
    }

    @Test func jsonHasTheDocumentedFields() throws {
        let (_, diagnostics) = try Self.checkOutput("Corpus/expected/diagnostics/unused-check.policy")
        let json = DiagnosticRenderer.json(diagnostics)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(array.count == 1)
        #expect(array[0]["file"] as? String == "Corpus/expected/diagnostics/unused-check.policy")
        #expect(array[0]["line"] as? Int == 7)
        #expect(array[0]["column"] as? Int == 1)
        #expect(array[0]["severity"] as? String == "warning")
        #expect(array[0]["code"] as? String == "unused-check")
        #expect((array[0]["message"] as? String)?.hasPrefix("check `kernel`") == true)
        #expect(array[0]["hint"] is String)
        #expect(DiagnosticRenderer.json([]) == "[]\n")
    }
}
