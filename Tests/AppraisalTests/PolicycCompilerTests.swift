import Foundation
import PolicyBytecode
import TestSupport
import Testing

/// `policyc compile / check / disasm / fmt` as a user runs them. These use policies that need
/// only the claims the real schemas define today (or none), so the output is the built tool's.
@Suite("policyc compile, check, disasm, fmt (as a process)")
struct PolicycCompilerTests {
    static let headerPolicy = "Corpus/policies/tdx-quote-header.policy"

    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("policyc-\(UUID().uuidString)-\(name)").path
    }

    @Test func checkPrintsExactlyTheExpectedDiagnosticsAndExits1() throws {
        let result = try PolicycProcess.run(["check", "Corpus/expected/diagnostics/syntax-errors.policy"])
        #expect(result.status == 1)
        let expected = String(
            decoding: try CorpusFile.bytes("expected/diagnostics/syntax-errors.expected"), as: UTF8.self)
        #expect(result.standardOutput == expected)
    }

    /// With the compiler tests' schemas (`--schema`), `policyc check` prints exactly every
    /// expected file of `Corpus/expected/diagnostics/`.
    @Test(arguments: CorpusFile.files(under: "expected/diagnostics").filter { $0.pathExtension == "policy" })
    func checkWithSchemaFilesPrintsEveryExpectedFile(_ url: URL) throws {
        let relative = "Corpus/expected/diagnostics/" + url.lastPathComponent
        let result = try PolicycProcess.run(
            ["check"] + ["tdx", "snp", "tpm"].flatMap { ["--schema", "Corpus/schemas/test-\($0).schema"] } + [relative])
        let expected = String(
            decoding: try Data(contentsOf: url.deletingPathExtension().appendingPathExtension("expected")),
            as: UTF8.self)
        #expect(result.standardOutput == expected)
        #expect(result.status == (expected.contains(": error: ") ? 1 : 0))
    }

    @Test func theContractExampleChecksAgainstASchemaFile() throws {
        let result = try PolicycProcess.run([
            "check", "--schema", "Corpus/schemas/test-tdx.schema", "Corpus/policies/contract-example.policy",
        ])
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        let malformed = try PolicycProcess.run(["check", "--schema", "Package.swift", Self.headerPolicy])
        #expect(malformed.status == 64)
        #expect(malformed.standardError.contains("expected the first line `appraise-claim-schema`"))
    }

    @Test func checkJSONIsAnArrayOfDiagnostics() throws {
        let result = try PolicycProcess.run([
            "check", "--format", "json", "Corpus/expected/diagnostics/syntax-errors.policy",
        ])
        #expect(result.status == 1)
        let array = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
        #expect(array.count == 5)
        #expect(array.allSatisfy { $0["severity"] as? String == "error" && $0["line"] is Int && $0["column"] is Int })
    }

    @Test func checkOfACleanPolicyPrintsNothingAndExits0() throws {
        let result = try PolicycProcess.run(["check", Self.headerPolicy])
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
    }

    @Test func compileIsDeterministicAndDisasmShowsClaimsAndSource() throws {
        let first = temporaryPath("a.apb")
        let second = temporaryPath("b.apb")
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        #expect(try PolicycProcess.run(["compile", Self.headerPolicy, "-o", first]).status == 0)
        #expect(try PolicycProcess.run(["compile", Self.headerPolicy, "-o", second]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: second))))
        #expect(Array(bytes.prefix(4)) == BytecodeModule.magic)
        let listing = try PolicycProcess.run(["disasm", first])
        #expect(listing.status == 0)
        #expect(listing.standardOutput.contains("; policy \"tdx-quote-header\" version 1"))
        #expect(listing.standardOutput.contains("; tdx.quote.version"))
        #expect(listing.standardOutput.contains("| check version"))
        #expect(listing.standardOutput.contains("inparam"))
    }

    @Test func compileWithErrorsWritesNothingAndExits1() throws {
        let output = temporaryPath("bad.apb")
        let result = try PolicycProcess.run([
            "compile", "Corpus/expected/diagnostics/syntax-errors.policy", "-o", output,
        ])
        #expect(result.status == 1)
        #expect(result.standardError.contains("syntax-errors.policy:6:36: error: expected `:` after the check message"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func disasmRejectsSomethingThatIsNotBytecode() throws {
        let result = try PolicycProcess.run(["disasm", "Package.swift"])
        #expect(result.status == 4)
        #expect(result.standardError.contains("malformed bytecode (badMagic)"))
        #expect(try PolicycProcess.run(["disasm", "does/not/exist.apb"]).status == 3)
    }

    @Test func fmtLeavesFormattedTextAloneAndFormatsTheRest() throws {
        #expect(try PolicycProcess.run(["fmt", "--check", Self.headerPolicy]).status == 0)
        let path = temporaryPath("messy.policy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("policy \"m\" version 1\ninput tdx: tdx\ncheck v \"v\":tdx.quote.version==4\nallow if v\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let check = try PolicycProcess.run(["fmt", "--check", path])
        #expect(check.status == 1)
        #expect(check.standardOutput == path + "\n")
        let printed = try PolicycProcess.run(["fmt", path])
        #expect(
            printed.standardOutput
                == "policy \"m\" version 1\ninput tdx: tdx\ncheck v \"v\": tdx.quote.version == 4\nallow if v\n")
        #expect(try PolicycProcess.run(["fmt", "--write", path]).status == 0)
        #expect(try PolicycProcess.run(["fmt", "--check", path]).status == 0)
    }
}
