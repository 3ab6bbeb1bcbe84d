import PolicyRuntime
import TestSupport
import Testing

@Suite("libcbor through CLibCBOR")
struct CBORValueTests {
    @Test func mapRoundTripsThroughLibcbor() throws {
        let value = CBORValue.map([
            (.text("alg"), .int(-7)),
            (.text("nonce"), .bytes(Array(0..<16))),
            (.text("claims"), .array([.int(1), .int(2), .int(3)])),
            (.int(265), .tagged(1, .unsigned(1_752_919_277))),
            (.text("ok"), .bool(true)),
            (.text("none"), .null),
        ])
        let encoded = try value.encoded()
        #expect(try CBORValue(decoding: encoded) == value)
    }

    /// RFC 8949 Appendix A examples: the encoder uses the preferred (shortest) form.
    static let appendixA: [(CBORValue, String)] = [
        (.unsigned(0), "00"),
        (.unsigned(23), "17"),
        (.unsigned(24), "1818"),
        (.unsigned(1000), "1903e8"),
        (.unsigned(1_000_000), "1a000f4240"),
        (.unsigned(1_000_000_000_000), "1b000000e8d4a51000"),
        (.int(-1), "20"),
        (.int(-1000), "3903e7"),
        (.bytes([1, 2, 3, 4]), "4401020304"),
        (.text("IETF"), "6449455446"),
        (.text("ü"), "62c3bc"),
        (.array([.unsigned(1), .array([.unsigned(2), .unsigned(3)])]), "8201820203"),
        (
            .map([(.text("a"), .unsigned(1)), (.text("b"), .array([.unsigned(2), .unsigned(3)]))]), "a26161016162820203"
        ),
        (.tagged(1, .unsigned(1_363_896_240)), "c11a514b67b0"),
        (.bool(false), "f4"),
        (.null, "f6"),
    ]

    @Test(arguments: appendixA.indices)
    func encodesTheRFC8949Examples(index: Int) throws {
        let (value, hex) = Self.appendixA[index]
        #expect(try value.encoded() == CorpusFile.hex(hex))
        #expect(try CBORValue(decoding: CorpusFile.hex(hex)) == value)
    }

    @Test func malformedAndTrailingInputAreErrors() {
        #expect(throws: CBORError.self) { try CBORValue(decoding: [0x1A, 0x00]) }
        #expect(throws: CBORError.self) { try CBORValue(decoding: [0x01, 0x02]) }
        #expect(throws: CBORError.self) { try CBORValue(decoding: []) }
    }
}
