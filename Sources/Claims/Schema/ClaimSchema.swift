/// The stable slot number of a claim within its ``ClaimSchema``.
///
/// The compiler resolves every claim name a policy uses to a slot at compile time; the VM
/// reads claims by slot, never by name (ARCHITECTURE principle 5). Slots are assigned in
/// declaration order and new claims are only ever appended, so a slot never changes meaning
/// within a schema's ``ClaimSchema/kind``.
public struct ClaimSlot: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// The slot of a path a schema lacks, for slot tables resolved once: no schema has this
    /// many claims, so ``ClaimSet/set(_:_:)-(ClaimSlot,_)`` rejects it with a typed error.
    public static let unresolved = ClaimSlot(UInt16.max)

    public static func < (lhs: ClaimSlot, rhs: ClaimSlot) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "#\(rawValue)" }
}

/// One claim of a schema: its canonical dotted path, slot, type and a one-line meaning.
public struct ClaimDescriptor: Hashable, Sendable {
    /// Canonical dotted path, e.g. `tdx.mrtd`.
    public let path: String
    public let slot: ClaimSlot
    public let type: ClaimType
    /// What the claim means and where it comes from (spec field), for `--help` and docs.
    public let summary: String
}

/// The claim vocabulary of one evidence kind (`tdx`, `snp`, `tpm`, `ccel`): dotted paths
/// mapped to stable slots and types, plus aliases for names other verifiers use.
///
/// ```swift
/// let schema = ClaimSchema.tdx
/// let mrtd = schema.resolve("tdx.quote.body.mr_td")   // Trustee's name → tdx.mrtd
/// ```
public struct ClaimSchema: Sendable {
    /// The evidence kind, also the first component of every canonical path.
    public let kind: String
    /// Bumped whenever a claim is added; recorded in bytecode through ``fingerprint``.
    public let version: Int
    /// All claims, indexed by slot.
    public let claims: [ClaimDescriptor]
    /// Alternative name → canonical path (e.g. Trustee's `tdx.quote.body.mr_td` → `tdx.mrtd`).
    public let aliases: [String: String]

    private let index: [String: Int]
    /// Per slot, the type reduced to what a value check needs, so that storing a claim costs
    /// a switch on two small enums instead of copying the descriptor (no ARC traffic).
    let shapes: [ClaimShape]

    /// One entry of a schema declaration.
    public struct Entry: Sendable {
        public let path: String
        public let type: ClaimType
        public let summary: String
        public let aliases: [String]

        public init(_ path: String, _ type: ClaimType, _ summary: String, aliases: [String] = []) {
            self.path = path
            self.type = type
            self.summary = summary
            self.aliases = aliases
        }
    }

    /// Declares a schema. Slots follow the order of `entries`: append new claims, never
    /// reorder or remove.
    ///
    /// Declarations are code written by us, not input: a duplicate path, an alias that shadows
    /// a canonical path or a path outside `kind` is a programming error caught by
    /// `ClaimSchemaTests`, which checks every registered schema with ``validate()``.
    public init(kind: String, version: Int, entries: [Entry]) {
        self.kind = kind
        self.version = version
        var claims: [ClaimDescriptor] = []
        var index: [String: Int] = [:]
        var aliases: [String: String] = [:]
        for (position, entry) in entries.enumerated() {
            claims.append(
                ClaimDescriptor(
                    path: entry.path, slot: ClaimSlot(UInt16(truncatingIfNeeded: position)),
                    type: entry.type, summary: entry.summary))
            if index[entry.path] == nil { index[entry.path] = position }
            for alias in entry.aliases { aliases[alias] = entry.path }
        }
        self.claims = claims
        self.shapes = claims.map { ClaimShape($0.type) }
        self.index = index
        self.aliases = aliases
    }

    /// The descriptor for a canonical path or an alias, or `nil` if the schema has no such claim.
    public func resolve(_ path: String) -> ClaimDescriptor? {
        if let position = index[path] { return claims[position] }
        if let canonical = aliases[path], let position = index[canonical] { return claims[position] }
        return nil
    }

    /// The descriptor at `slot`, or `nil` if the slot is out of range.
    public func descriptor(_ slot: ClaimSlot) -> ClaimDescriptor? {
        let position = Int(slot.rawValue)
        return position < claims.count ? claims[position] : nil
    }

    /// Problems with the declaration itself: duplicate paths, paths outside the kind,
    /// aliases that shadow canonical paths, more claims than slots. Empty when sound.
    public func validate() -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for claim in claims {
            if !seen.insert(claim.path).inserted { problems.append("duplicate claim path \(claim.path)") }
            if !claim.path.hasPrefix(kind + ".") { problems.append("\(claim.path) is not under \(kind).") }
        }
        for (alias, canonical) in aliases where seen.contains(alias) {
            problems.append("alias \(alias) → \(canonical) shadows a canonical path")
        }
        if claims.count > Int(UInt16.max) { problems.append("more than \(UInt16.max) claims") }
        return problems
    }

    /// A canonical text description of the schema (kind, version, each claim's path and
    /// type, in slot order). Its SHA-256 is ``fingerprint``; bytecode records it so that a
    /// policy compiled against one schema is never run against another.
    public var canonicalDescription: String {
        var text = "appraise-claim-schema\n\(kind) \(version)\n"
        for claim in claims {
            text += "\(claim.slot.rawValue) \(claim.path) \(claim.type.canonicalSpelling)\n"
        }
        return text
    }
}

extension ClaimType {
    /// Like ``description`` but spelling out enum cases and record fields, so that any
    /// change to them changes the schema fingerprint.
    var canonicalSpelling: String {
        switch self {
        case .enumeration(let e): return "enum \(e.name){\(e.cases.joined(separator: ","))}"
        case .list(let record):
            let fields = record.fields.map { "\($0.name):\($0.type.canonicalSpelling)" }
            return "list \(record.name){\(fields.joined(separator: ","))}"
        case .array(let element): return "array<\(element.canonicalSpelling)>"
        default: return description
        }
    }
}

/// A claim type reduced to the facts a value check needs (``ClaimSet`` stores by slot on the
/// extraction hot path). Lists and arrays defer to ``ClaimValue/conforms(to:)``.
enum ClaimShape: Sendable {
    case bool, int, string, time
    /// Exact length, or -1 for any.
    case bytes(Int)
    case svn(Int)
    /// Number of cases.
    case enumeration(Int)
    case composite

    init(_ type: ClaimType) {
        switch type {
        case .bool: self = .bool
        case .int: self = .int
        case .string: self = .string
        case .time: self = .time
        case .bytes(let length): self = .bytes(length ?? -1)
        case .svn(let count): self = .svn(count)
        case .enumeration(let e): self = .enumeration(e.cases.count)
        case .list, .array: self = .composite
        }
    }

    /// Whether `value` fits; `nil` when only the full type can tell (composites).
    func accepts(_ value: ClaimValue) -> Bool? {
        // Switches on the shape, then the value, so the value is read in place, not copied into a tuple.
        switch self {
        case .bool: if case .bool = value { return true }
        case .int: if case .int = value { return true }
        case .string: if case .string = value { return true }
        case .time: if case .time = value { return true }
        case .bytes(let length): if case .bytes(let b) = value { return length < 0 || b.count == length }
        case .svn(let count): if case .svn(let c) = value { return c.count == count }
        case .enumeration(let count): if case .enumeration(let index) = value { return index >= 0 && index < count }
        case .composite: return nil
        }
        return false
    }
}
