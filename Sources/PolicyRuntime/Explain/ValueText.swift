import Evidence
import PolicyBytecode

/// Renders VM values for explanations with the claims output convention (bytes as lowercase
/// hex, svn as `[3,0,5]`, times as RFC 3339, enums by case name, strings quoted).
struct ValueText {
    let module: BytecodeModule
    let memory: VMMemory

    /// The full text of `value` of `type`.
    func render(_ value: VMValue, _ type: TypeDescriptor) -> String {
        guard value.isPresent else { return "missing" }
        switch type {
        case .bool: return value.word != 0 ? "true" : "false"
        case .int: return String(value.word)
        case .time: return Timestamp(secondsSinceEpoch: value.word).rfc3339
        case .duration: return Self.duration(value.word)
        case .enumeration(let id):
            let cases = Int(id) < module.enums.count ? module.enums[Int(id)].cases : []
            return value.word >= 0 && value.word < Int64(cases.count) ? cases[Int(value.word)] : "#\(value.word)"
        case .bytes:
            guard let raw = memory.bytes(value) else { return "?" }
            return raw.isEmpty ? "(empty)" : Hex.encode(Array(raw))
        case .string:
            return memory.withText(value) { "\"" + String(decoding: $0, as: UTF8.self) + "\"" } ?? "?"
        case .svn:
            guard let components = memory.ints(value) else { return "?" }
            return "[" + components.map(String.init).joined(separator: ",") + "]"
        case .array(let element):
            var items: [String] = []
            for i in 0..<Int64(value.count) { items.append(render(memory.cell(value.word + i), element)) }
            return "[" + items.joined(separator: ", ") + "]"
        case .list:
            return "\(value.count) element\(value.count == 1 ? "" : "s")"
        case .record, .iterator, .arrayIterator, .set: return "…"
        }
    }

    /// A short form for sentences: long hex and long svn vectors abbreviated.
    func brief(_ value: VMValue, _ type: TypeDescriptor) -> String {
        let full = render(value, type)
        switch type {
        case .bytes: return full.count > 16 ? "0x" + full.prefix(8) + "…" : (full == "(empty)" ? full : "0x" + full)
        case .string: return full.count > 48 ? full.prefix(44) + "…\"" : full
        default: return full.count > 48 ? full.prefix(45) + "…" : full
        }
    }

    /// `7d`, `12h`, `90s` (``DurationUnit/literal(_:)``).
    static func duration(_ seconds: Int64) -> String { DurationUnit.literal(seconds) }
}
