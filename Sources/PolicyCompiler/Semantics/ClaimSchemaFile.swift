import Claims

/// Reads a claim schema from text: the schema's own `canonicalDescription` (the text its
/// fingerprint hashes), where a claim line may end in ` -- summary`, plus optional `# comment`
/// lines and `alias ALIAS CANONICAL` lines.
/// `policyc check --schema FILE` and `compile --schema FILE` use it to check policies against
/// schemas this build does not define yet; bytecode compiled so records that schema's
/// fingerprint, which a runtime accepts only if it knows the same schema.
///
/// ```
/// appraise-claim-schema
/// tdx 1
/// 0 tdx.verified bool -- quote signature and chain verified
/// 1 tdx.tcb.status enum TcbStatus{UpToDate,OutOfDate}
/// 2 tdx.events list tdx.event{mr:int,digest:bytes48}
/// alias tdx.quote.body.mr_td tdx.mrtd
/// ```
public enum ClaimSchemaFile {
    /// Why a schema file could not be read: the 1-based line and what is wrong.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The text form of `schema`: its canonical description, then its aliases (sorted).
    public static func text(_ schema: ClaimSchema) -> String {
        var lines = schema.canonicalDescription.split(separator: "\n").map(String.init)
        for claim in schema.claims where !claim.summary.isEmpty {
            let index = Int(claim.slot.rawValue) + 2
            if index < lines.count { lines[index] += " -- " + claim.summary }
        }
        return lines.map { $0 + "\n" }.joined()
            + schema.aliases.sorted { $0.key < $1.key }.map { "alias \($0.key) \($0.value)\n" }.joined()
    }

    /// The schema described by `text`.
    public static func parse(_ text: String) throws(Failure) -> ClaimSchema {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            ($0.offset + 1, $0.element.hasSuffix("\r") ? String($0.element.dropLast()) : String($0.element))
        }.filter { !$0.1.isEmpty && !$0.1.hasPrefix("#") }
        guard let first = lines.first, first.1 == "appraise-claim-schema" else {
            throw Failure(line: lines.first?.0 ?? 1, message: "expected the first line `appraise-claim-schema`")
        }
        lines.removeFirst()
        guard let header = lines.first else { throw Failure(line: first.0, message: "expected `KIND VERSION`") }
        lines.removeFirst()
        let parts = header.1.split(separator: " ")
        guard parts.count == 2, let version = Int(parts[1]) else {
            throw Failure(line: header.0, message: "expected `KIND VERSION`, e.g. `tdx 1`")
        }
        let kind = String(parts[0])
        var entries: [(String, ClaimType, String)] = []
        var aliases: [String: [String]] = [:]
        for (number, line) in lines {
            let withSummary = line.components(separatedBy: " -- ")
            let summary = withSummary.dropFirst().joined(separator: " -- ")
            let fields = withSummary[0].split(separator: " ", maxSplits: 2).map(String.init)
            if fields.first == "alias" {
                guard fields.count == 3 else {
                    throw Failure(line: number, message: "expected `alias ALIAS CANONICAL`")
                }
                aliases[fields[2], default: []].append(fields[1])
                continue
            }
            guard fields.count == 3, let slot = Int(fields[0]), slot == entries.count else {
                throw Failure(line: number, message: "expected `\(entries.count) PATH TYPE` (slots in order from 0)")
            }
            var reader = TypeReader(scalars: Array(fields[2].unicodeScalars))
            guard let type = reader.type(), reader.position == reader.scalars.count else {
                throw Failure(line: number, message: "cannot read the type `\(fields[2])`")
            }
            entries.append((fields[1], type, summary))
        }
        for canonical in aliases.keys where !entries.contains(where: { $0.0 == canonical }) {
            throw Failure(line: 1, message: "alias target `\(canonical)` is not a claim")
        }
        let schema = ClaimSchema(
            kind: kind, version: version,
            entries: entries.map { ClaimSchema.Entry($0.0, $0.1, $0.2, aliases: aliases[$0.0] ?? []) })
        if let problem = schema.validate().first { throw Failure(line: 1, message: problem) }
        return schema
    }

    /// A reader of `ClaimType` canonical spellings: `bool`, `bytes48`, `svn[16]`,
    /// `enum NAME{a,b}`, `list NAME{field:type,…}`, `array<TYPE>` (TYPE neither a list nor an array).
    private struct TypeReader {
        let scalars: [Unicode.Scalar]
        var position = 0
        var depth = 0

        mutating func word() -> String {
            var out = ""
            while position < scalars.count, !"{}[],: <>".unicodeScalars.contains(scalars[position]) {
                out.unicodeScalars.append(scalars[position])
                position += 1
            }
            return out
        }

        mutating func expect(_ c: Unicode.Scalar) -> Bool {
            guard position < scalars.count, scalars[position] == c else { return false }
            position += 1
            return true
        }

        mutating func type() -> ClaimType? {
            depth += 1
            defer { depth -= 1 }
            guard depth < 8 else { return nil }
            let name = word()
            switch name {
            case "bool": return .bool
            case "int": return .int
            case "string": return .string
            case "time": return .time
            case "bytes": return .bytes(length: nil)
            case "svn":
                guard expect("["), let n = Int(word()), n > 0, expect("]") else { return nil }
                return .svn(count: n)
            case "enum":
                guard expect(" ") else { return nil }
                let enumName = word()
                guard expect("{") else { return nil }
                var cases: [String] = []
                repeat { cases.append(word()) } while expect(",")
                guard expect("}"), !cases.contains(where: \.isEmpty) else { return nil }
                return .enumeration(ClaimEnum(name: enumName, cases: cases))
            case "array":
                guard expect("<"), let element = type(), expect(">") else { return nil }
                switch element {
                case .list, .array: return nil
                default: return .array(element)
                }
            case "list":
                guard expect(" ") else { return nil }
                let recordName = word()
                guard expect("{") else { return nil }
                var fields: [ClaimRecordType.Field] = []
                repeat {
                    let fieldName = word()
                    guard expect(":"), let fieldType = type() else { return nil }
                    fields.append(.init(fieldName, fieldType))
                } while expect(",")
                guard expect("}") else { return nil }
                return .list(ClaimRecordType(name: recordName, fields: fields))
            default:
                guard name.hasPrefix("bytes"), let n = Int(name.dropFirst(5)), n > 0 else { return nil }
                return .bytes(length: n)
            }
        }
    }
}
