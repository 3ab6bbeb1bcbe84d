import Claims
import Foundation
import TestSupport
import Testing

@testable import PolicyCompiler

/// Schema files (`policyc --schema`): the text form round-trips every schema with its
/// fingerprint, and `Corpus/schemas/` holds exactly the compiler tests' schemas (set
/// `APPRAISE_UPDATE_EXPECTED=1` to rewrite them).
@Suite("Claim schema files")
struct ClaimSchemaFileTests {
    static let testSchemas: [(String, ClaimSchema)] = [
        ("test-tdx.schema", TestSchemas.tdx), ("test-snp.schema", TestSchemas.snp),
        ("test-tpm.schema", TestSchemas.tpm),
    ]

    @Test func roundTripsBuiltInAndTestSchemasWithTheirFingerprints() throws {
        for schema in Array(ClaimSchema.all.values) + Self.testSchemas.map(\.1) {
            let parsed = try ClaimSchemaFile.parse(ClaimSchemaFile.text(schema))
            #expect(parsed.fingerprint == schema.fingerprint)
            #expect(parsed.aliases == schema.aliases)
            #expect(parsed.canonicalDescription == schema.canonicalDescription)
        }
    }

    @Test func readsArraysOfPlainValues() throws {
        let schema = try ClaimSchemaFile.parse(
            "appraise-claim-schema\ntpm 1\n0 tpm.pcr.sha256 array<bytes32> -- PCR bank\n1 tpm.ids array<string>\n")
        #expect(schema.claims.map(\.type) == [.array(.bytes(length: 32)), .array(.string)])
        #expect(schema.claims.first?.summary == "PCR bank")
    }

    @Test(arguments: testSchemas.map(\.0))
    func corpusSchemaFilesAreTheTestSchemas(_ name: String) throws {
        let schema = try #require(Self.testSchemas.first { $0.0 == name }?.1)
        let url = CorpusFile.url("schemas/\(name)")
        let text =
            "# The compiler tests' `\(schema.kind)` schema (Tests/PolicyCompilerTests/Support/TestSchemas.swift),\n"
            + "# for `policyc check --schema` until the real schema defines these claims.\n"
            + ClaimSchemaFile.text(schema)
        if ProcessInfo.processInfo.environment["APPRAISE_UPDATE_EXPECTED"] == "1" { try Data(text.utf8).write(to: url) }
        #expect(String(decoding: try Data(contentsOf: url), as: UTF8.self) == text)
    }

    @Test(arguments: [
        ("", "line 1: expected the first line `appraise-claim-schema`"),
        ("appraise-claim-schema\ntdx x\n", "line 2: expected `KIND VERSION`, e.g. `tdx 1`"),
        ("appraise-claim-schema\ntdx 1\n1 tdx.a bool\n", "line 3: expected `0 PATH TYPE` (slots in order from 0)"),
        ("appraise-claim-schema\ntdx 1\n0 tdx.a svn[x]\n", "line 3: cannot read the type `svn[x]`"),
        ("appraise-claim-schema\ntdx 1\n0 snp.a bool\n", "line 1: snp.a is not under tdx."),
        (
            "appraise-claim-schema\ntdx 1\n0 tdx.a array<array<int>>\n",
            "line 3: cannot read the type `array<array<int>>`"
        ),
    ])
    func reportsWhatIsWrong(_ text: String, _ message: String) {
        #expect(throws: ClaimSchemaFile.Failure.self) { try ClaimSchemaFile.parse(text) }
        do {
            _ = try ClaimSchemaFile.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }
}
