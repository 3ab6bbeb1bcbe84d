/// A small deterministic JSON writer: the one place that escapes strings and lays out JSON
/// for claims and verdicts. Keys are written in the order given (callers pass schema order),
/// so the same input always gives the same bytes.
public struct JSONWriter: Sendable {
    public private(set) var output: String = ""
    private var needsComma: [Bool] = [false]
    private let pretty: Bool
    private var depth: Int { needsComma.count - 1 }

    public init(pretty: Bool = true) { self.pretty = pretty }

    /// A JSON string literal for `text`, quotes included (RFC 8259 §7).
    public static func quoted(_ text: String) -> String {
        // Fast path: nothing to escape (hex, names, most event text).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private mutating func separate() {
        if needsComma[depth] { output += "," }
        needsComma[depth] = true
        if pretty && depth > 0 { output += "\n" + String(repeating: "  ", count: depth) }
    }

    private mutating func open(_ bracket: String) {
        output += bracket
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        if pretty && hadItems { output += "\n" + String(repeating: "  ", count: depth) }
        output += bracket
    }

    /// Starts an object as a value (top level or array element).
    public mutating func beginObject() {
        separate()
        open("{")
    }
    /// Starts an object as the value of `key`.
    public mutating func beginObject(_ key: String) {
        self.key(key)
        open("{")
    }
    public mutating func endObject() { close("}") }
    /// Starts an array as a value.
    public mutating func beginArray() {
        separate()
        open("[")
    }
    /// Starts an array as the value of `key`.
    public mutating func beginArray(_ key: String) {
        self.key(key)
        open("[")
    }
    public mutating func endArray() { close("]") }

    private mutating func key(_ key: String) {
        separate()
        output += Self.quoted(key) + (pretty ? ": " : ":")
    }

    /// Writes raw JSON (already valid) as a value or as the value of `key`.
    public mutating func raw(_ json: String, key: String? = nil) {
        if let key { self.key(key) } else { separate() }
        output += json
    }

    public mutating func string(_ value: String, key: String? = nil) { raw(Self.quoted(value), key: key) }
    public mutating func int(_ value: Int64, key: String? = nil) { raw(String(value), key: key) }
    public mutating func bool(_ value: Bool, key: String? = nil) { raw(value ? "true" : "false", key: key) }
    public mutating func null(key: String? = nil) { raw("null", key: key) }
}
