/// Lowercase hexadecimal encoding and decoding of byte sequences, used for claims output,
/// diagnostics and test vectors. The one hex helper in the project.
public enum Hex {
    @usableFromInline
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `bytes` as lowercase hex, two characters per byte.
    @inlinable
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let count = bytes.underestimatedCount
        if count > 0 {
            // Collections report their exact count: write the digits straight into the string.
            var complete = true
            let text = String(unsafeUninitializedCapacity: count * 2) { buffer in
                var position = 0
                for byte in bytes {
                    guard position + 1 < buffer.count else {
                        complete = false
                        return 0
                    }
                    buffer[position] = digits[Int(byte >> 4)]
                    buffer[position + 1] = digits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
            if complete { return text }
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(count * 2)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The bytes of a hex string (either case; an optional `0x` prefix; no separators),
    /// or `nil` if it is not valid hex with an even number of digits.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") {
            utf8.removeFirst(2)
        }
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
