import Appraisal
import Claims
import Foundation
import TestSupport
import Testing

/// Walks `Corpus/evidence/`: every evidence file must have `NAME.expected.json` next to it,
/// and what Appraise extracts must equal what that file expects. Expected values come from the
/// sources' own assertions or an independent decoder (`Corpus/tools/`), as its `provenance` says.
@Suite("Corpus expectations")
struct CorpusExpectationTests {
    static let evidenceFiles: [URL] = CorpusFile.files(under: "evidence").filter {
        !$0.lastPathComponent.hasSuffix(".expected.json") && $0.lastPathComponent != "README.md"
    }

    static func expectationURL(for evidence: URL) -> URL {
        evidence.deletingPathExtension().appendingPathExtension("expected.json")
    }

    /// A JSON value as canonical text, so that values compare by their JSON meaning (`true` is
    /// not `1`; Foundation on Linux does not compare bridged booleans in `NSDictionary.isEqual`).
    static func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func theCorpusIsNotEmpty() {
        #expect(Self.evidenceFiles.count >= 8)
    }

    @Test(arguments: evidenceFiles)
    func everyEvidenceFileHasAnExpectationNextToIt(evidence: URL) {
        #expect(
            FileManager.default.fileExists(atPath: Self.expectationURL(for: evidence).path),
            "\(evidence.lastPathComponent) has no \(Self.expectationURL(for: evidence).lastPathComponent)")
    }

    @Test(arguments: evidenceFiles)
    func extractedClaimsEqualTheExpectation(evidence: URL) throws {
        let expectationData = try Data(contentsOf: Self.expectationURL(for: evidence))
        let expectation = try #require(try JSONSerialization.jsonObject(with: expectationData) as? [String: Any])
        let bytes = Array(try Data(contentsOf: evidence))
        if let expectedError = expectation["error"] as? String {
            #expect(throws: (any Error).self, "\(evidence.lastPathComponent) must fail: \(expectedError)") {
                try EvidenceDecoder.decode(bytes)
            }
            return
        }
        let decoded = try EvidenceDecoder.decode(bytes)
        #expect(decoded.kind.rawValue == expectation["kind"] as? String)
        let actualJSON = ClaimOutput.json(decoded.claims)
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(actualJSON.utf8)) as? [String: Any])
        let expectedClaims = try #require(expectation["claims"] as? [String: Any])
        #expect(!expectedClaims.isEmpty)
        for (path, expectedValue) in expectedClaims {
            let actualValue = try #require(actual[path], "\(evidence.lastPathComponent): claim \(path) is missing")
            #expect(
                try Self.canonical(actualValue) == Self.canonical(expectedValue),
                "\(evidence.lastPathComponent): \(path) is \(actualValue), expected \(expectedValue)")
        }
    }
}
