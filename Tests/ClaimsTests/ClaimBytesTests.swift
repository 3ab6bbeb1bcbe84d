import Claims
import Evidence
import TestSupport
import Testing

@Suite("Claim bytes and svn vectors")
struct ClaimBytesTests {
    @Test func aViewOfTheMiddleOfABufferIsIndexedFromZero() {
        let buffer: [UInt8] = [9, 9, 0xAA, 0xBB, 0xCC, 9]
        let bytes = ClaimBytes(buffer[2..<5])
        #expect(bytes.startIndex == 0)
        #expect(bytes.endIndex == 3)
        #expect(bytes.count == 3)
        #expect(bytes[0] == 0xAA)
        #expect(bytes[2] == 0xCC)
        #expect(Array(bytes) == [0xAA, 0xBB, 0xCC])
        #expect(bytes.array == [0xAA, 0xBB, 0xCC])
        #expect(bytes.indices == 0..<3)
        #expect(bytes.first == 0xAA && bytes.last == 0xCC)
    }

    @Test func equalityAndHashingCompareContentsNotStorage() {
        let buffer: [UInt8] = [1, 2, 3, 1, 2, 3]
        let first = ClaimBytes(buffer[0..<3])
        let second = ClaimBytes(buffer[3..<6])
        let own: ClaimBytes = [1, 2, 3]
        #expect(first == second)
        #expect(first == own)
        #expect(first.hashValue == own.hashValue)
        #expect(Set([first, second, own]).count == 1)
        #expect(first != ClaimBytes([1, 2]))
        #expect(first != ClaimBytes([1, 2, 4]))
        #expect(ClaimValue.bytes(first) == .bytes([1, 2, 3]))
        #expect(ClaimBytes([]) == [])
        #expect(ClaimBytes([]).isEmpty)
    }

    @Test func printsLikeAnArray() {
        #expect(ClaimBytes([0x01, 0xFF]).description == "[1, 255]")
        #expect("\(ClaimValue.bytes([7]))" == "bytes([7])")
        #expect("\(ClaimValue.svn([3, 1]))" == "svn([3, 1])")
    }

    @Test func aClaimFromAQuoteSharesTheQuotesBytes() throws {
        let bytes = try CorpusFile.bytes("evidence/tdx/dcap-qvl_tdx_quote.bin")
        let quote = try DCAPQuote(parsing: bytes)
        var claims = ClaimSet(schema: .tdx)
        try claims.add(dcapQuote: quote)
        guard case .bytes(let mrtd)? = claims.value("tdx.mrtd"), let body = quote.tdBody else {
            Issue.record("no tdx.mrtd")
            return
        }
        // MRTD is body offset 136 (48 bytes); the body follows the 48-byte header.
        #expect(mrtd.array == Array(bytes[(48 + 136)..<(48 + 184)]))
        #expect(mrtd == ClaimBytes(body.mrTD))
        let claimStart = mrtd.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let quoteStart = quote.bytes.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        // The claim points into the quote's buffer (no copy), at the field's offset.
        #expect(quoteStart != 0)
        #expect(claimStart == quoteStart + 48 + 136)
    }

    @Test func svnVectorsOfBytesAreInlineAndCompareByComponents() {
        let bytes: [UInt8] = [3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]
        let fromBytes = ClaimSVN(bytes: bytes[...])
        let fromInts = ClaimSVN([3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
        #expect(fromBytes == fromInts)
        #expect(fromBytes.hashValue == fromInts.hashValue)
        #expect(fromBytes.count == 16)
        #expect(fromBytes[2] == 5)
        #expect(fromBytes[15] == 2)
        #expect(fromBytes.array == [3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
        #expect(fromBytes != ClaimSVN([3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(ClaimSVN([]).isEmpty)
    }

    @Test func svnVectorsThatDoNotFitInlineKeepEveryComponent() {
        let wide = ClaimSVN([1, 256, -1, Int64.max])
        #expect(wide.count == 4)
        #expect(Array(wide) == [1, 256, -1, Int64.max])
        let long = ClaimSVN(Array(repeating: 7, count: 17))
        #expect(long.count == 17)
        #expect(long[16] == 7)
        let longBytes = ClaimSVN(bytes: [UInt8](repeating: 7, count: 17))
        #expect(longBytes == long)
        #expect(ClaimSVN([1, 256]) != ClaimSVN([1, 0]))
    }
}
