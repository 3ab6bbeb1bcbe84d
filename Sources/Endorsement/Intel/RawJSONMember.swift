/// Finds the exact bytes of a top-level member's value in a JSON object, without re-serializing.
///
/// Intel signs TCB info and QE identity over the bytes of the `tcbInfo` / `enclaveIdentity`
/// value *as served* (PCS API v4; formats-tdx-snp.md §1.8 item 6): decoding and re-encoding the
/// JSON changes whitespace, key order or number spelling and breaks the signature. This scanner
/// walks the text (RFC 8259 grammar: strings with escapes, nested objects and arrays) and
/// returns the byte range of the value, so the signature is checked over exactly those bytes.
///
/// It is a scanner, not a validator: it finds value boundaries and rejects what cannot be
/// delimited (unterminated strings, unbalanced brackets, nesting deeper than 64). The content
/// is then decoded by a real JSON parser. It never traps on any input.
enum RawJSONMember {
    /// The value bytes of member `name` of the top-level object in `json`, or `nil` when the
    /// text is not an object, has no such member, or cannot be delimited.
    static func value(of name: String, in json: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        members(of: json)?.first { $0.name.elementsEqual(name.utf8) }?.value
    }

    /// Every member of the top-level object: the raw (still escaped) name bytes and the value
    /// bytes.
    static func members(of json: ArraySlice<UInt8>) -> [(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)]? {
        var scanner = Scanner(bytes: json, index: json.startIndex)
        scanner.skipWhitespace()
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        var result: [(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)] = []
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "}")) { return scanner.atEndAfterWhitespace() ? result : nil }
        while true {
            scanner.skipWhitespace()
            guard let nameRange = scanner.string() else { return nil }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ":")) else { return nil }
            scanner.skipWhitespace()
            let valueStart = scanner.index
            guard scanner.value(depth: 0) else { return nil }
            let name = json[(nameRange.lowerBound + 1)..<(nameRange.upperBound - 1)]
            result.append((name, json[valueStart..<scanner.index]))
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            guard scanner.consume(UInt8(ascii: "}")) else { return nil }
            return scanner.atEndAfterWhitespace() ? result : nil
        }
    }

    struct Scanner {
        let bytes: ArraySlice<UInt8>
        var index: Int

        var current: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            index += 1
            return true
        }

        mutating func skipWhitespace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { index += 1 }
        }

        mutating func atEndAfterWhitespace() -> Bool {
            skipWhitespace()
            return index == bytes.endIndex
        }

        /// A string starting at the cursor; returns its range including the quotes.
        mutating func string() -> Range<Int>? {
            let start = index
            guard consume(UInt8(ascii: "\"")) else { return nil }
            while let c = current {
                index += 1
                if c == UInt8(ascii: "\\") {
                    guard current != nil else { return nil }
                    index += 1
                } else if c == UInt8(ascii: "\"") {
                    return start..<index
                } else if c < 0x20 {
                    return nil
                }
            }
            return nil
        }

        /// Skips one value of any type.
        mutating func value(depth: Int) -> Bool {
            guard depth < 64, let c = current else { return false }
            switch c {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipWhitespace()
                if consume(close) { return true }
                while true {
                    skipWhitespace()
                    if c == UInt8(ascii: "{") {
                        guard string() != nil else { return false }
                        skipWhitespace()
                        guard consume(UInt8(ascii: ":")) else { return false }
                        skipWhitespace()
                    }
                    guard value(depth: depth + 1) else { return false }
                    skipWhitespace()
                    if consume(UInt8(ascii: ",")) { continue }
                    return consume(close)
                }
            default:
                // number, true, false, null: up to the next delimiter.
                let start = index
                while let d = current, d != UInt8(ascii: ","), d != UInt8(ascii: "}"), d != UInt8(ascii: "]"),
                    d != 0x20, d != 0x0A, d != 0x0D, d != 0x09
                {
                    index += 1
                }
                return index > start
            }
        }
    }
}
