import Claims
import Crypto

/// The claim schemas a policy may be loaded against: a policy's `input` records the kind,
/// version and fingerprint of the schema it was compiled with, and the loader accepts it only
/// when the catalog knows that schema (BYTECODE.md §7.1).
///
/// Schemas only ever append claims, so a policy compiled against an earlier version of a schema
/// still runs on this build: when no fingerprint matches exactly, the catalog looks for a prefix
/// of a schema of the same kind whose canonical description (with the recorded version) has the
/// recorded fingerprint — the same slots with the same types. Anything else fails closed.
public struct SchemaCatalog: Sendable {
    public let schemas: [ClaimSchema]
    private let fingerprints: [[UInt8]]

    /// The schemas this build defines (`ClaimSchema.all`).
    public static let builtIn = SchemaCatalog(Array(ClaimSchema.all.values))

    public init(_ schemas: [ClaimSchema]) {
        self.schemas = schemas
        self.fingerprints = schemas.map(\.fingerprint)
    }

    /// A catalog with `extra` schemas added (e.g. test schemas or `--schema` files). Inputs
    /// resolve by fingerprint, so several schemas of one kind can coexist.
    public func adding(_ extra: [ClaimSchema]) -> SchemaCatalog {
        SchemaCatalog(schemas + extra)
    }

    /// The schema an input was compiled against: an exact fingerprint match, or a schema of the
    /// same kind that extends it (see the type's documentation).
    func resolve(kind: String, version: Int64, fingerprint: [UInt8]) -> ClaimSchema? {
        for (schema, known) in zip(schemas, fingerprints) where schema.kind == kind && known == fingerprint {
            return schema
        }
        for schema in schemas where schema.kind == kind && Int64(schema.version) >= version {
            // The canonical description of every prefix, hashed incrementally (its format is
            // `ClaimSchema.canonicalDescription`'s: a header line pair, then a line per claim).
            let full = ClaimSchema(
                kind: kind, version: Int(truncatingIfNeeded: version),
                entries: schema.claims.map { ClaimSchema.Entry($0.path, $0.type, $0.summary) }
            ).canonicalDescription
            var lines = full.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            guard lines.count >= 2 else { continue }
            var hasher = SHA256()
            hasher.update(data: Array((lines.removeFirst() + "\n" + lines.removeFirst() + "\n").utf8))
            if Array(hasher.finalize()) == fingerprint { return schema }
            for line in lines {
                hasher.update(data: Array((line + "\n").utf8))
                if Array(hasher.finalize()) == fingerprint { return schema }
            }
        }
        return nil
    }
}
