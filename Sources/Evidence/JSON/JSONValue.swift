/// A JSON value (RFC 8259), parsed strictly from bytes without Foundation, for the JSON
/// containers evidence arrives in (configfs-tsm report JSON, Trustee's SNP evidence).
///
/// The parser is checked like every other parser here: it never traps, nests at most
/// ``maximumDepth`` levels, and reports malformed input as `EvidenceError` with the byte offset.
/// Numbers keep their text; ``integer`` converts exactly or not at all. Object members keep
/// their order; a duplicated member name is an error (RFC 8259 §4 leaves it undefined, so a
/// verifier must not pick one silently).
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number, as written (e.g. `"196608"`, `"-1.5e3"`).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order.
    case object([(String, JSONValue)])

    /// Nesting limit; deeper input is rejected.
    public static let maximumDepth = 32

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)), (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n), .string(let n): hasher.combine(n)
        case .array(let a): hasher.combine(a)
        case .object(let members):
            for (name, value) in members {
                hasher.combine(name)
                hasher.combine(value)
            }
        }
    }

    /// The member `name` of an object, or `nil`.
    public subscript(_ name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }

    /// A number that is an integer representable as `Int64`, or `nil`.
    public var integer: Int64? {
        guard case .number(let text) = self else { return nil }
        return Int64(text)
    }

    /// The string value, or `nil`.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// An array of integers 0…255 as bytes (serde's encoding of `[u8; N]`), or `nil`.
    public var byteArray: [UInt8]? {
        guard case .array(let elements) = self else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(elements.count)
        for element in elements {
            guard let value = element.integer, let byte = UInt8(exactly: value) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// Whether `bytes` (after leading whitespace) start like a JSON object.
    public static func looksLikeObject(_ bytes: [UInt8]) -> Bool {
        bytes.first { !JSONParser.isWhitespace($0) } == UInt8(ascii: "{")
    }

    /// Parses one JSON text occupying the whole reader range (surrounding whitespace allowed).
    ///
    /// - Throws: `EvidenceError` `.invalidValue` (syntax), `.truncated` (input ends early),
    ///   `.lengthOutOfRange` (nesting deeper than ``maximumDepth``).
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        var parser = JSONParser(reader: reader)
        parser.skipWhitespace()
        self = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.reader.isAtEnd else {
            throw parser.reader.error(.invalidValue, "JSON", "unexpected bytes after the JSON value")
        }
        reader = parser.reader
    }
}

/// The recursive-descent parser behind ``JSONValue``.
struct JSONParser {
    var reader: ByteReader

    static func isWhitespace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    func peek() -> UInt8? {
        reader.isAtEnd ? nil : reader.buffer[reader.offset]
    }

    mutating func skipWhitespace() {
        while let c = peek(), Self.isWhitespace(c) { _ = try? reader.readUInt8("whitespace") }
    }

    mutating func expect(_ literal: String) throws(EvidenceError) {
        for expected in literal.utf8 {
            let c = try reader.readUInt8("JSON literal")
            guard c == expected else {
                throw reader.error(.invalidValue, "JSON", at: reader.offset - 1, "expected \(literal)")
            }
        }
    }

    mutating func value(depth: Int) throws(EvidenceError) -> JSONValue {
        guard depth < JSONValue.maximumDepth else {
            throw reader.error(.lengthOutOfRange, "JSON", "nested deeper than \(JSONValue.maximumDepth) levels")
        }
        guard let c = peek() else { throw reader.error(.truncated, "JSON", "a value was expected") }
        switch c {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default:
            throw reader.error(.invalidValue, "JSON", "unexpected byte 0x\(String(c, radix: 16))")
        }
    }

    mutating func object(depth: Int) throws(EvidenceError) -> JSONValue {
        _ = try reader.readUInt8("{")
        var members: [(String, JSONValue)] = []
        var names: Set<String> = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            _ = try reader.readUInt8("}")
            return .object(members)
        }
        while true {
            skipWhitespace()
            let nameOffset = reader.offset
            guard peek() == UInt8(ascii: "\"") else {
                throw reader.error(.invalidValue, "JSON", "an object member name was expected")
            }
            let name = try string()
            guard names.insert(name).inserted else {
                throw reader.error(.invalidValue, "JSON", at: nameOffset, "member \"\(name)\" appears twice")
            }
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            members.append((name, try value(depth: depth + 1)))
            skipWhitespace()
            let c = try reader.readUInt8("JSON object")
            if c == UInt8(ascii: "}") { return .object(members) }
            guard c == UInt8(ascii: ",") else {
                throw reader.error(.invalidValue, "JSON", at: reader.offset - 1, "expected , or } in an object")
            }
        }
    }

    mutating func array(depth: Int) throws(EvidenceError) -> JSONValue {
        _ = try reader.readUInt8("[")
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            _ = try reader.readUInt8("]")
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            let c = try reader.readUInt8("JSON array")
            if c == UInt8(ascii: "]") { return .array(elements) }
            guard c == UInt8(ascii: ",") else {
                throw reader.error(.invalidValue, "JSON", at: reader.offset - 1, "expected , or ] in an array")
            }
        }
    }

    mutating func number() throws(EvidenceError) -> String {
        let start = reader.offset
        var text: [UInt8] = []
        func digits(_ parser: inout JSONParser, _ text: inout [UInt8]) throws(EvidenceError) {
            var count = 0
            while let c = parser.peek(), c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                text.append(try parser.reader.readUInt8("digit"))
                count += 1
            }
            guard count > 0 else { throw parser.reader.error(.invalidValue, "JSON", "a digit was expected") }
        }
        if peek() == UInt8(ascii: "-") { text.append(try reader.readUInt8("-")) }
        if peek() == UInt8(ascii: "0") {
            text.append(try reader.readUInt8("0"))
        } else {
            try digits(&self, &text)
        }
        if peek() == UInt8(ascii: ".") {
            text.append(try reader.readUInt8("."))
            try digits(&self, &text)
        }
        if let c = peek(), c | 0x20 == UInt8(ascii: "e") {
            text.append(try reader.readUInt8("e"))
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                text.append(try reader.readUInt8("sign"))
            }
            try digits(&self, &text)
        }
        guard text.count <= 400 else {
            throw reader.error(.lengthOutOfRange, "JSON", at: start, "a number of \(text.count) characters")
        }
        return String(decoding: text, as: UTF8.self)
    }

    mutating func string() throws(EvidenceError) -> String {
        _ = try reader.readUInt8("\"")
        var utf8: [UInt8] = []
        while true {
            let c = try reader.readUInt8("JSON string")
            switch c {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw reader.error(.invalidValue, "JSON", "a string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                let escape = try reader.readUInt8("JSON escape")
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = UInt32(try hex4())
                    if (0xD800...0xDBFF).contains(scalar) {
                        try expect("\\u")
                        let low = UInt32(try hex4())
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw reader.error(.invalidValue, "JSON", "an unpaired surrogate")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw reader.error(.invalidValue, "JSON", "an unpaired surrogate")
                    }
                    utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw reader.error(.invalidValue, "JSON", at: reader.offset - 1, "an unknown escape")
                }
            case 0x00..<0x20:
                throw reader.error(.invalidValue, "JSON", at: reader.offset - 1, "a control character in a string")
            default:
                utf8.append(c)
            }
        }
    }

    mutating func hex4() throws(EvidenceError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let c = try reader.readUInt8("JSON \\u escape")
            guard let nibble = Hex.nibble(c) else {
                throw reader.error(.invalidValue, "JSON", at: reader.offset - 1, "a hex digit was expected")
            }
            value = value << 4 | UInt16(nibble)
        }
        return value
    }
}
