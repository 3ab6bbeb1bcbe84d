import Evidence
import TestSupport
import Testing

/// Every prefix and 10,000 random single-byte flips of real quotes and HCL reports end in a typed
/// error or a correct parse — never a trap (a trap would end the whole test run).
///
/// "Correct" is checked against the layout re-derived here from the raw bytes: the signed
/// region, the body fields at their offsets and the trailing byte count.
@Suite("DCAP quote robustness")
struct DCAPQuoteRobustnessTests {
    static let quotes = [
        "go-tdx-guest_quote_v4_SPR_E4.bin", "go-tdx-guest_quote_v5_sample.bin", "trustee_sgx_occlum_quote_v3.bin",
        "intel-qvl_sampleData_tdx_quote_v4_SYNTHETIC_derchain.bin",
    ]

    @Test(arguments: quotes)
    func everyPrefixIsATypedErrorOrTheWholeQuote(name: String) throws {
        let bytes = try CorpusFile.bytes("evidence/tdx/\(name)")
        let full = try DCAPQuote(parsing: bytes)
        let quoteEnd = bytes.count - full.trailingByteCount
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            do {
                let quote = try DCAPQuote(parsing: prefix)
                // Only prefixes that still contain the whole quote may parse.
                #expect(length >= quoteEnd, "a \(length)-byte prefix parsed")
                #expect(quote.trailingByteCount == length - quoteEnd)
            } catch {
                #expect(length < quoteEnd, "a \(length)-byte prefix failed: \(error)")
            }
        }
    }

    @Test(arguments: quotes)
    func tenThousandByteFlipsEndInATypedErrorOrACorrectParse(name: String) throws {
        let original = try CorpusFile.bytes("evidence/tdx/\(name)")
        var random = SplitMix64(seed: 0x7D_C0DE ^ UInt64(original.count))
        var parsed = 0
        for _ in 0..<10_000 {
            var bytes = original
            let index = Int.random(in: 0..<bytes.count, using: &random)
            bytes[index] ^= UInt8.random(in: 1...255, using: &random)
            guard let quote = try? DCAPQuote(parsing: bytes) else { continue }
            parsed += 1
            try Self.expectLayout(of: quote, in: bytes)
        }
        #expect(parsed > 0)
    }

    /// The layout facts of formats-tdx-snp.md §1.3–1.5, read straight from the bytes.
    static func expectLayout(of quote: DCAPQuote, in bytes: [UInt8]) throws {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        let version = u16(0)
        #expect(Int(quote.header.version) == version)
        let bodyStart = version == 5 ? 54 : 48
        let bodySize = version == 5 ? u32(50) : (quote.isTDX ? 584 : 384)
        let signedEnd = bodyStart + bodySize
        #expect(quote.signedBytes.count == signedEnd)
        #expect(quote.signedBytes.elementsEqual(bytes[0..<signedEnd]))
        #expect(quote.trailingByteCount == bytes.count - (signedEnd + 4 + u32(signedEnd)))
        #expect(quote.signatureData.quoteSignature.elementsEqual(bytes[(signedEnd + 4)..<(signedEnd + 68)]))
        if let body = quote.tdBody {
            #expect(body.mrTD.elementsEqual(bytes[(bodyStart + 136)..<(bodyStart + 184)]))
            #expect(body.reportData.elementsEqual(bytes[(bodyStart + 520)..<(bodyStart + 584)]))
        } else {
            let report = try #require(quote.enclaveReport)
            #expect(report.mrEnclave.elementsEqual(bytes[(bodyStart + 64)..<(bodyStart + 96)]))
        }
    }

    @Test func hclReportPrefixesAndFlipsNeverTrap() throws {
        let original = try CorpusFile.bytes("evidence/tdx/trustee_az-tdx-vtpm_hcl_report.bin")
        let full = try HCLReport(original)
        let end = 0x4D4 + full.runtimeData.count
        for length in 0..<original.count {
            let parsed = (try? HCLReport(Array(original.prefix(length)))) != nil
            #expect(parsed == (length >= end), "a \(length)-byte prefix")
        }
        var random = SplitMix64(seed: 0x4C43_4841)
        for _ in 0..<10_000 {
            var bytes = original
            let index = Int.random(in: 0..<bytes.count, using: &random)
            bytes[index] ^= UInt8.random(in: 1...255, using: &random)
            guard let report = try? HCLReport(bytes) else { continue }
            #expect(report.runtimeData.startIndex == 0x4D4)
            #expect(report.tdReport?.mrTD.elementsEqual(bytes[(0x20 + 512 + 16)..<(0x20 + 512 + 64)]) ?? true)
        }
    }
}
