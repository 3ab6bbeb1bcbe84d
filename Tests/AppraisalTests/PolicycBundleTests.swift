import Foundation
import TestSupport
import Testing

/// `policyc bundle`: collateral files in, a directory with a sha256sum manifest out.
@Suite("policyc bundle")
struct PolicycBundleTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policyc-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func bundlesCollateralWithAManifestThatSha256sumAccepts() throws {
        let base = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let bundle = base.appendingPathComponent("bundle").path
        let result = try PolicycProcess.run([
            "bundle", "-o", bundle, "Corpus/collateral/intel/dcap-qvl-tdx", "Corpus/collateral/intel/go-tdx-guest-2023",
            "Corpus/evidence/tdx/trustee_tdx_quote_4.bin", "Package.swift",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("left out Corpus/evidence/tdx/trustee_tdx_quote_4.bin: it is evidence"))
        #expect(result.standardError.contains("left out Package.swift"))
        let names = try FileManager.default.contentsOfDirectory(atPath: bundle).sorted()
        #expect(names.count == 8)  // 1 + 6 collateral files and the manifest
        #expect(names.contains("MANIFEST.sha256") && !names.contains("trustee_tdx_quote_4.bin"))
        // The digests, checked by an independent tool.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        check.arguments = ["--check", "--quiet", "MANIFEST.sha256"]
        check.currentDirectoryURL = URL(fileURLWithPath: bundle)
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        // The bundle is a collateral directory.
        let verify = try PolicycProcess.run([
            "verify", "Corpus/evidence/tdx/dcap-qvl_tdx_quote.bin", "--collateral", bundle, "--at",
            "2025-07-19T10:00:34Z",
        ])
        #expect(verify.status == 0)
    }

    @Test func refusesANonEmptyBundleDirectoryAndMissingOrMalformedInputs() throws {
        let base = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        try Data("x".utf8).write(to: base.appendingPathComponent("existing"))
        let nonEmpty = try PolicycProcess.run([
            "bundle", "-o", base.path, "Corpus/collateral/intel/dcap-qvl-tdx",
        ])
        #expect(nonEmpty.status == 64)
        let missing = try PolicycProcess.run([
            "bundle", "-o", base.appendingPathComponent("b1").path, "does/not/exist.pem",
        ])
        #expect(missing.status == 3)
        let bad = base.appendingPathComponent("bad.der")
        try Data([0x30, 0x82, 0x01, 0x00, 0x01, 0x02]).write(to: bad)
        let malformed = try PolicycProcess.run(["bundle", "-o", base.appendingPathComponent("b2").path, bad.path])
        #expect(malformed.status == 7)
    }
}
