import Foundation
import TestSupport
import Testing

@Suite("policyc claims (as a process)")
struct PolicycClaimsTests {
    @Test func jsonIsOneFlatObjectKeyedByCanonicalPath() throws {
        let result = try PolicycProcess.run([
            "claims", "--format", "json", "Corpus/evidence/tdx/trustee_tdx_quote_4.bin",
        ])
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        // trustee parse_tdx_claims_expected.json asserts these header values.
        #expect(object["tdx.quote.version"] as? Int == 4)
        #expect(object["tdx.quote.tee_type"] as? Int == 0x81)
        #expect(object["tdx.quote.qe_vendor_id"] as? String == "939a7233f79c4ca9940a0db3957f0607")
        #expect(object.values.allSatisfy { !($0 is [String: Any]) })  // flat
    }

    @Test func textNamesTheKindAndEveryClaim() throws {
        let result = try PolicycProcess.run(["claims", "Corpus/evidence/tdx/dcap-qvl_sgx_quote_v3.bin"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Intel SGX quote"))
        #expect(result.standardOutput.contains("sgx.quote.version"))
    }

    @Test func readsStandardInput() throws {
        let quote = try CorpusFile.bytes("evidence/tdx/go-tdx-guest_quote_v5_sample.bin")
        let result = try PolicycProcess.run(["claims", "--format", "json", "-"], standardInput: quote)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("\"tdx.quote.version\": 5"))
    }

    @Test func unrecognizedEvidenceExitsWithTheParseCode() throws {
        let result = try PolicycProcess.run(["claims", "Package.swift"])
        #expect(result.status == 4)
        #expect(result.standardError.contains("not a recognized evidence format"))
    }

    @Test func unreadableFileExitsWith3() throws {
        let result = try PolicycProcess.run(["claims", "does/not/exist.bin"])
        #expect(result.status == 3)
        #expect(result.standardError.contains("cannot read"))
    }

    @Test func verifyWithoutCollateralReportsTheMissingCollateral() throws {
        let result = try PolicycProcess.run(["verify", "Corpus/evidence/tdx/trustee_tdx_quote_4.bin"])
        #expect(result.status == 7)
        #expect(result.standardOutput.contains("NOT verified"))
    }

    @Test func verifyRejectsAMalformedTime() throws {
        let result = try PolicycProcess.run(["verify", "--at", "yesterday", "x.bin"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("RFC 3339"))
    }

    @Test func unsupportedVersionIsReportedWithItsOffset() throws {
        var quote = try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")
        quote[0] = 6
        let result = try PolicycProcess.run(["claims", "-"], standardInput: quote)
        // Version 6 is not detected as a quote at all: detection dispatches on version first.
        #expect(result.status == 4)
    }
}

@Suite("policyc command structure")
struct PolicycCommandTests {
    @Test func versionAndHelpTeach() throws {
        let version = try PolicycProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(!version.standardOutput.isEmpty)
        let help = try PolicycProcess.run(["--help"])
        #expect(help.status == 0)
        for subcommand in ["claims", "verify", "compile", "check", "disasm", "eval", "batch", "explain", "bundle"] {
            #expect(help.standardOutput.contains(subcommand), "help lists \(subcommand)")
        }
        #expect(help.standardOutput.contains("Exit codes"))
    }
}
