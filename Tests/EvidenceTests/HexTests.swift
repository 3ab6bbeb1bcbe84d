import Evidence
import Testing

@Suite("Hex")
struct HexTests {
    @Test func encodesLowercase() {
        #expect(Hex.encode([0x00, 0x9A, 0xFF]) == "009aff")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func decodesEitherCaseWithOptionalPrefix() {
        #expect(Hex.decode("009AfF") == [0x00, 0x9A, 0xFF])
        #expect(Hex.decode("0x0102") == [0x01, 0x02])
        #expect(Hex.decode("") == [])
    }

    @Test(arguments: ["0", "zz", "0x1", "12 34", "０1"])
    func rejectsInvalidHex(text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
