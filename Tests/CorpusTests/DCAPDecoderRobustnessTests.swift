import Appraisal
import Claims
import Endorsement
import Evidence
import TestSupport
import Testing

/// The whole path — detection, parsing, PCK certificate and SGX-extension decoding, claims, and
/// verification with collateral — on every prefix and on random single-byte flips of real
/// evidence: claims or a typed error, never a trap.
@Suite("DCAP decoding and verification robustness")
struct DCAPDecoderRobustnessTests {
    static let inputs = [
        "go-tdx-guest_quote_v4_SPR_E4.bin", "dcap-qvl_tdx_quote_outdated.bin", "dcap-qvl_sgx_quote_v3.bin",
        "trustee_az-tdx-vtpm_evidence-v1.json",
    ]

    @Test(arguments: inputs)
    func everyPrefixDecodesOrFailsWithATypedError(name: String) throws {
        let bytes = try CorpusFile.bytes("evidence/tdx/\(name)")
        for length in stride(from: 0, through: bytes.count, by: name.hasSuffix(".json") ? 13 : 1) {
            do {
                let decoded = try EvidenceDecoder.decode(Array(bytes.prefix(length)))
                #expect(!decoded.claims.isEmpty)
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test(arguments: inputs)
    func twoThousandFlipsDecodeOrFailWithATypedError(name: String) throws {
        let original = try CorpusFile.bytes("evidence/tdx/\(name)")
        var random = SplitMix64(seed: 0xDEC0DE ^ UInt64(original.count))
        var decodedCount = 0
        // 2,000 here (each decodes a changed certificate chain); the parser alone takes 10,000
        // flips per quote in EvidenceTests.
        for _ in 0..<2_000 {
            var bytes = original
            bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            do {
                let decoded = try EvidenceDecoder.decode(bytes)
                decodedCount += 1
                #expect(decoded.claims.first?.value("\(decoded.claims[0].schema.kind).verified") == .bool(false))
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        #expect(decodedCount > 0)
    }

    @Test func flippedQuotesVerifyToFailedStepsNeverTraps() throws {
        let original = try CorpusFile.bytes("evidence/tdx/dcap-qvl_tdx_quote.bin")
        let options = VerificationOptions(
            collateral: try CollateralStore(directory: CorpusFile.url("collateral/intel/dcap-qvl-tdx").path),
            time: try #require(Timestamp(rfc3339: "2025-07-19T10:00:34Z")))
        var random = SplitMix64(seed: 0x5EED)
        var verified = 0
        for _ in 0..<1_000 {
            var bytes = original
            let index = Int.random(in: 0..<(bytes.count - 70), using: &random)  // not the padding
            bytes[index] ^= UInt8.random(in: 1...255, using: &random)
            guard let report = try? EvidenceVerifier.verify(bytes, options: options) else { continue }
            if report.claims.first?.value("tdx.verified") == .bool(true) { verified += 1 }
        }
        // A flipped byte in the signed or signing material can never verify; bytes of the PEM
        // text that base64 ignores (line breaks turned into other whitespace) are the exception.
        #expect(verified < 10)
    }
}
