import Evidence
import TestSupport
import Testing

@Suite("JSONValue and Base64")
struct JSONValueTests {
    static func parse(_ text: String) throws(EvidenceError) -> JSONValue {
        var reader = ByteReader(Array(text.utf8), structure: "JSON")
        return try JSONValue(parsing: &reader)
    }

    @Test func parsesTheRFC8259Grammar() throws {
        let value = try Self.parse(#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\ud83d\ude00\n", "c": {}} "#)
        #expect(value["a"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))
        #expect(value["b"]?.string == "x\"é😀\n")
        #expect(value["c"] == .object([]))
        #expect(value["a"]?.byteArray == nil)
        #expect(try Self.parse("[0, 255, 7]").byteArray == [0, 255, 7])
        #expect(try Self.parse("[256]").byteArray == nil)
        #expect(try Self.parse("18446744073709551615").integer == nil)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"\\x\"", "\"\u{1}\"", "tru", "{} {}", "\"\\ud800\"",
        "{\"a\":1,\"a\":2}", String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ])
    func malformedJSONIsATypedError(text: String) {
        #expect(throws: EvidenceError.self) { try Self.parse(text) }
    }

    @Test func base64DecodesBothAlphabetsAndRejectsJunk() {
        #expect(Base64.decode("aGVsbG8=") == Array("hello".utf8))
        #expect(Base64.decode("aGVsbG8") == Array("hello".utf8))
        #expect(Base64.decode("-_8=") == [0xFB, 0xFF])
        #expect(Base64.decode("+/8=") == [0xFB, 0xFF])
        #expect(Base64.decode("") == [])
        #expect(Base64.decode("a") == nil)
        #expect(Base64.decode("aGVsbG8=x") == nil)
        #expect(Base64.decode("aGV sbG8=") == nil)
        #expect(Base64.decode("aR==") == nil)  // non-zero leftover bits
    }
}
