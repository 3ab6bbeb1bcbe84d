import Claims
import Evidence
import TestSupport
import Testing

/// The claims of DCAP quotes (TDX and SGX) from the corpus.
@Suite("DCAP quote claims")
struct DCAPClaimsTests {
    /// The quotes of the corpus with the schema their claims go into.
    static func corpusQuotes() throws -> [(name: String, quote: DCAPQuote)] {
        try CorpusFile.files(under: "evidence/tdx").filter { $0.pathExtension == "bin" }.compactMap { url in
            let bytes = try CorpusFile.bytes("evidence/tdx/" + url.lastPathComponent)
            return (try? DCAPQuote(parsing: bytes)).map { (url.lastPathComponent, $0) }
        }
    }

    /// On the `tdx` and `sgx` schemas the extractor stores values by slot without per-value checks
    /// (hot path): every value it produces for every quote in the corpus must conform to the
    /// claim's declared type.
    @Test func everyExtractedValueConformsToItsDeclaredType() throws {
        var checked = 0
        let quotes = try Self.corpusQuotes()
        #expect(quotes.count >= 10)
        for (name, quote) in quotes {
            var claims = ClaimSet(schema: quote.isTDX ? .tdx : .sgx)
            try claims.add(dcapQuote: quote)
            for (descriptor, value) in claims.present {
                #expect(value.conforms(to: descriptor.type), "\(name): \(descriptor.path)")
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    /// Into a schema that is not the quote's, values are checked one by one and rejected.
    @Test func aQuoteIntoAnotherSchemaIsRejected() throws {
        let quote = try DCAPQuote(parsing: try CorpusFile.bytes("evidence/tdx/dcap-qvl_tdx_quote.bin"))
        var claims = ClaimSet(schema: .snp)
        #expect(throws: ClaimError.self) { try claims.add(dcapQuote: quote) }
    }
}
