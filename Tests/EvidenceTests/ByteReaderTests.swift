import Evidence
import TestSupport
import Testing

@Suite("ByteReader")
struct ByteReaderTests {
    let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A]

    @Test func readsLittleAndBigEndianIntegers() throws {
        var le = ByteReader(bytes, structure: "test")
        #expect(try le.readUInt8("a") == 0x01)
        #expect(try le.readUInt16LE("b") == 0x0302)
        #expect(try le.readUInt32LE("c") == 0x0706_0504)
        #expect(le.offset == 7)

        var be = ByteReader(bytes, structure: "test")
        #expect(try be.readUInt16BE("a") == 0x0102)
        #expect(try be.readUInt32BE("b") == 0x0304_0506)
        var be64 = ByteReader(bytes, structure: "test")
        #expect(try be64.readUInt64BE("c") == 0x0102_0304_0506_0708)
        var le64 = ByteReader(bytes, structure: "test")
        #expect(try le64.readUInt64LE("c") == 0x0807_0605_0403_0201)
    }

    @Test func truncatedReadNamesStructureFieldAndOffset() {
        var reader = ByteReader(bytes, structure: "quote header")
        _ = try? reader.readBytes(8, "prefix")
        #expect(throws: EvidenceError(.truncated, structure: "quote header", field: "version", offset: 8)) {
            try reader.readUInt32LE("version")
        }
        // A failed read does not move the cursor.
        #expect(reader.offset == 8)
    }

    @Test func byteRangesAreZeroCopySlicesWithAbsoluteIndices() throws {
        var reader = ByteReader(bytes, structure: "test")
        try reader.skip(3, "skip")
        let slice = try reader.readBytes(4, "slice")
        #expect(Array(slice) == [0x04, 0x05, 0x06, 0x07])
        #expect(slice.startIndex == 3)
    }

    @Test func subReaderKeepsAbsoluteOffsetsInErrors() throws {
        var outer = ByteReader(bytes, structure: "outer")
        try outer.skip(2, "skip")
        var inner = try outer.subReader(3, structure: "inner", "inner")
        #expect(outer.offset == 5)
        #expect(try inner.readUInt16LE("x") == 0x0403)
        #expect(throws: EvidenceError(.truncated, structure: "inner", field: "y", offset: 4)) {
            try inner.readUInt16LE("y")
        }
    }

    @Test func inputLengthsAreCheckedNotTrusted() {
        var reader = ByteReader(bytes, structure: "test")
        #expect(throws: EvidenceError(.lengthOutOfRange, structure: "test", field: "n", offset: 0)) {
            try reader.readBytes(-1, "n")
        }
        #expect(throws: EvidenceError(.lengthOutOfRange, structure: "test", field: "n", offset: 0)) {
            try reader.readBytes(length: UInt64.max, "n")
        }
        #expect(throws: EvidenceError(.truncated, structure: "test", field: "n", offset: 0)) {
            try reader.readBytes(length: UInt32.max, "n")
        }
        #expect(throws: EvidenceError(.truncated, structure: "test", field: "sub", offset: 0)) {
            try reader.subReader(length: UInt32(11), structure: "sub", "sub")
        }
    }

    @Test func reservedBytesMustBeZero() throws {
        var reader = ByteReader([0, 0, 0, 7, 0], structure: "report")
        #expect(throws: EvidenceError(.reservedNotZero, structure: "report", field: "reserved", offset: 3)) {
            try reader.readReservedZero(5, "reserved")
        }
        var zeros = ByteReader([0, 0, 0], structure: "report")
        try zeros.readReservedZero(3, "reserved")
        #expect(zeros.isAtEnd)
    }

    @Test func seekStaysInsideTheStructure() throws {
        var reader = ByteReader(bytes, structure: "test")
        try reader.seek(to: 10, "end")
        #expect(reader.isAtEnd)
        #expect(throws: EvidenceError(.lengthOutOfRange, structure: "test", field: "far", offset: 10)) {
            try reader.seek(to: 11, "far")
        }
        #expect(throws: EvidenceError(.lengthOutOfRange, structure: "test", field: "neg", offset: 10)) {
            try reader.seek(to: -1, "neg")
        }
    }

    @Test func checkedArithmeticThrowsInsteadOfTrapping() {
        let reader = ByteReader(bytes, structure: "log")
        #expect(throws: EvidenceError(.arithmeticOverflow, structure: "log", field: "end", offset: 0)) {
            try reader.add(Int.max, 1, "end")
        }
        #expect(throws: EvidenceError(.arithmeticOverflow, structure: "log", field: "size", offset: 0)) {
            try reader.multiply(Int.max / 2, 3, "size")
        }
        #expect((try? reader.add(40, 2, "ok")) == 42)
    }

    /// Reads fields of every size until the input runs out: every outcome must be a value or
    /// a typed error, whatever the input.
    static func walk(_ input: [UInt8], lengthsFromInput: Bool) -> EvidenceError? {
        var reader = ByteReader(input, structure: "walk")
        do {
            while !reader.isAtEnd {
                _ = try reader.readUInt8("u8")
                _ = try reader.readUInt16LE("u16")
                let length = try reader.readUInt32LE("len")
                if lengthsFromInput {
                    var sub = try reader.subReader(length: length % 64, structure: "sub", "sub")
                    _ = try sub.readRemaining("rest")
                }
                _ = try reader.readUInt64BE("u64")
            }
            return nil
        } catch {
            return error
        }
    }

    @Test func everyPrefixOfARealQuoteEndsInAValueOrATypedError() throws {
        let quote = try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")
        var errors = 0
        for length in 0...quote.count {
            let prefix = Array(quote.prefix(length))
            var reader = ByteReader(prefix, structure: "quote header")
            do {
                let header = try QuoteHeader(parsing: &reader)
                #expect(header.version == 4)
                #expect(length >= QuoteHeader.size)
            } catch {
                #expect(error.code == .truncated)
                #expect(length < QuoteHeader.size)
                errors += 1
            }
            if let error = Self.walk(prefix, lengthsFromInput: true) { #expect(error.code == .truncated) }
        }
        #expect(errors == QuoteHeader.size)
    }

    @Test func randomBytesEndInAValueOrATypedError() {
        var rng = SplitMix64(seed: 0xA11CE)
        var typed = 0
        for _ in 0..<5_000 {
            let count = Int.random(in: 0..<200, using: &rng)
            let input = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if Self.walk(input, lengthsFromInput: true) != nil { typed += 1 }
            var reader = ByteReader(input, structure: "quote header")
            _ = try? QuoteHeader(parsing: &reader)
        }
        // Random data almost never lines up exactly with the walk's field sizes.
        #expect(typed > 4_000)
    }
}
