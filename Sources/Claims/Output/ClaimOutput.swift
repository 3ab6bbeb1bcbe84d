import Evidence

/// The one output convention for claims, shared by every subcommand that prints them
/// (issue #2, item 7): `--format json` is a single flat JSON object keyed by canonical claim
/// path; bytes are lowercase hex strings, integers are numbers, svn vectors are arrays of
/// integers, times are RFC 3339 strings, enums are their case names, and lists are arrays of
/// objects following the same conventions. Scripts and tests rely on this shape.
public enum ClaimOutput {
    /// The flat JSON object for one or more claim sets (paths are kind-prefixed, so they never collide).
    public static func json(_ sets: [ClaimSet], pretty: Bool = true) -> String {
        var writer = JSONWriter(pretty: pretty)
        writer.beginObject()
        for set in sets {
            for (descriptor, value) in set.present {
                writer.raw(json(value, type: descriptor.type), key: descriptor.path)
            }
        }
        writer.endObject()
        return writer.output
    }

    /// One value as JSON text, following the output convention.
    public static func json(_ value: ClaimValue, type: ClaimType) -> String {
        switch value {
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return JSONWriter.quoted(s)
        case .bytes(let b): return "\"" + Hex.encode(b) + "\""
        case .svn(let components): return "[" + components.map(String.init).joined(separator: ",") + "]"
        case .time(let t): return "\"" + t.rfc3339 + "\""
        case .enumeration(let index):
            return JSONWriter.quoted(enumName(index, type: type))
        case .list(let records):
            guard case .list(let shape) = type else { return "[]" }
            var writer = JSONWriter(pretty: false)
            writer.beginArray()
            for record in records {
                writer.beginObject()
                for (field, fieldValue) in zip(shape.fields, record.fields) {
                    if let fieldValue { writer.raw(json(fieldValue, type: field.type), key: field.name) }
                }
                writer.endObject()
            }
            writer.endArray()
            return writer.output
        case .array(let elements):
            guard case .array(let element) = type else { return "[]" }
            return "[" + elements.map { json($0, type: element) }.joined(separator: ",") + "]"
        }
    }

    /// One line per claim, `path  value`, for people. List elements print as `path[i].field`.
    public static func text(_ sets: [ClaimSet]) -> String {
        var lines: [(String, String)] = []
        for set in sets {
            for (descriptor, value) in set.present {
                if case .list(let records) = value, case .list(let shape) = descriptor.type {
                    if records.isEmpty { lines.append((descriptor.path, "[]")) }
                    for (i, record) in records.enumerated() {
                        for (field, fieldValue) in zip(shape.fields, record.fields) {
                            guard let fieldValue else { continue }
                            lines.append(("\(descriptor.path)[\(i)].\(field.name)", text(fieldValue, type: field.type)))
                        }
                    }
                } else if case .array(let elements) = value, case .array(let element) = descriptor.type {
                    if elements.isEmpty { lines.append((descriptor.path, "[]")) }
                    for (i, elementValue) in elements.enumerated() {
                        lines.append(("\(descriptor.path)[\(i)]", text(elementValue, type: element)))
                    }
                } else {
                    lines.append((descriptor.path, text(value, type: descriptor.type)))
                }
            }
        }
        let width = min(lines.map(\.0.count).max() ?? 0, 40)
        return lines.map { path, value in
            path + String(repeating: " ", count: max(1, width - path.count + 2)) + value
        }.joined(separator: "\n")
    }

    /// One value for people: like JSON but without quotes around hex, names and times.
    public static func text(_ value: ClaimValue, type: ClaimType) -> String {
        switch value {
        case .string(let s): return JSONWriter.quoted(s)
        case .bytes(let b): return b.isEmpty ? "(empty)" : Hex.encode(b)
        case .time(let t): return t.rfc3339
        case .enumeration(let index): return enumName(index, type: type)
        default: return json(value, type: type)
        }
    }

    static func enumName(_ index: Int, type: ClaimType) -> String {
        if case .enumeration(let e) = type, e.cases.indices.contains(index) { return e.cases[index] }
        return "#\(index)"
    }
}
