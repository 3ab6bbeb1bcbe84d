import Claims
import PolicyBytecode

/// Turns literal tokens into values (`Grammar/policy.ebnf`, lexical productions). The parser
/// keeps literal text as written; these functions check what the grammar cannot (ranges,
/// escapes, calendar dates) and say what is wrong.
enum LiteralDecoding {
    /// A decoded value or a message about why the literal is invalid.
    enum Result<Value> {
        case value(Value)
        case invalid(String, hint: String?)
    }

    static func integer(_ text: String) -> Result<Int64> {
        guard let value = Int64(text) else {
            return .invalid(
                "integer literal `\(text)` does not fit in 64 bits", hint: "the largest int is 9223372036854775807")
        }
        return .value(value)
    }

    /// Seconds of a duration literal, in the units of ``DurationUnit`` (the lexer admits no
    /// other), so a literal here and a duration in a parameters file mean the same.
    static func duration(_ text: String) -> Result<Int64> {
        guard let seconds = DurationUnit.seconds(in: text) else {
            guard Int64(text.dropLast()) != nil else {
                return .invalid("duration literal `\(text)` does not fit in 64 bits", hint: nil)
            }
            return .invalid("duration `\(text)` does not fit in 64-bit seconds", hint: nil)
        }
        return .value(seconds)
    }

    /// The text of a `"…"` literal with its escapes decoded.
    static func string(_ text: String) -> Result<String> {
        var scalars = Array(text.unicodeScalars.dropFirst().dropLast())
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            guard c == "\\" else {
                out.append(c)
                continue
            }
            guard i < scalars.count else { break }
            let e = scalars[i]
            i += 1
            switch e {
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "u":
                guard i < scalars.count, scalars[i] == "{", let close = scalars[i...].firstIndex(of: "}") else {
                    return .invalid("malformed escape `\\u` in a string", hint: "write `\\u{1F600}`")
                }
                let hex = String(String.UnicodeScalarView(scalars[(i + 1)..<close]))
                guard !hex.isEmpty, hex.count <= 6, let value = UInt32(hex, radix: 16),
                    let scalar = Unicode.Scalar(value)
                else {
                    return .invalid("`\\u{\(hex)}` is not a Unicode scalar value", hint: nil)
                }
                out.append(scalar)
                i = close + 1
            default:
                return .invalid(
                    "unknown escape `\\\(e)` in a string", hint: "the escapes are \\\" \\\\ \\n \\t \\r and \\u{…}")
            }
        }
        scalars.removeAll()
        return .value(String(out))
    }

    /// Bytes of `0x…` or `h"…"`.
    static func bytes(_ text: String) -> [UInt8] {
        let digits: [UInt8] =
            text.hasPrefix("h\"")
            ? Array(text.utf8.dropFirst(2).dropLast()).filter { $0 != 0x20 } : Array(text.utf8.dropFirst(2))
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i + 1 < digits.count {
            out.append(nibble(digits[i]) << 4 | nibble(digits[i + 1]))
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return 0
        }
    }

    /// Seconds since the epoch of a `t"…"` literal.
    static func time(_ text: String) -> Result<Int64> {
        let body = String(text.dropFirst(2).dropLast())
        guard let time = ClaimTime(rfc3339: body) else {
            return .invalid(
                "`\(body)` is not an RFC 3339 date-time",
                hint: "write t\"2026-01-01T00:00:00Z\" (a real date, UTC `Z` or an offset)")
        }
        return .value(time.secondsSinceEpoch)
    }
}
