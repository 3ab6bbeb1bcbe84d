/// Decoding of the `CHAR16` strings UEFI structures carry (UCS-2 / UTF-16 little-endian).
///
/// Firmware writes them with and without a terminating NUL and sometimes with an odd byte
/// count; decoding never fails: it stops at the first NUL when asked to, ignores a trailing
/// odd byte and replaces unpaired surrogates with U+FFFD.
public enum UTF16Text {
    /// The text of `bytes` read as UTF-16LE; stops at the first NUL code unit if `stopAtNUL`.
    public static func decode(_ bytes: ArraySlice<UInt8>, stopAtNUL: Bool = true) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let unit = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
            if unit == 0 && stopAtNUL { break }
            units.append(unit)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Whether `bytes` looks like UTF-16LE text: an even length, at least one character, and
    /// every high byte zero for printable ASCII (the only text firmware logs in practice).
    public static func looksLikeText(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= 2, bytes.count % 2 == 0 else { return false }
        var index = bytes.startIndex
        var characters = 0
        while index + 1 < bytes.endIndex {
            let low = bytes[index]
            let high = bytes[index + 1]
            if low == 0 && high == 0 { return characters > 0 && bytes[index...].allSatisfy { $0 == 0 } }
            guard high == 0, low >= 0x09, low < 0x7F else { return false }
            characters += 1
            index += 2
        }
        return characters > 0
    }
}

/// Decoding of ASCII event data (EV_EFI_ACTION, GRUB strings).
public enum ASCIIText {
    /// `bytes` as text without a trailing NUL; non-UTF-8 bytes become U+FFFD.
    public static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        var end = bytes.endIndex
        while end > bytes.startIndex && bytes[end - 1] == 0 { end -= 1 }
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// Whether every byte is printable ASCII (or tab/newline), allowing one trailing NUL.
    public static func isPrintable(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        let body = bytes.last == 0 ? bytes.dropLast() : bytes
        return !body.isEmpty && body.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }
}
