/// What an extractor's slot table assumes of a claim set's schema: the kind, version and
/// number of claims of the schema its slots were resolved from. A set whose schema matches has
/// the same slots with the same types, so the extractor may store by slot without a type check
/// per value. (A schema built by hand with the same kind, version and count would also match:
/// the built-in schemas are the ones extraction is meant for.)
struct SchemaLayout: Sendable {
    let kind: String
    let version: Int
    let count: Int

    init(_ schema: ClaimSchema) {
        kind = schema.kind
        version = schema.version
        count = schema.claims.count
    }

    /// Whether `schema` has this layout.
    func matches(_ schema: ClaimSchema) -> Bool {
        schema.kind == kind && schema.version == version && schema.claims.count == count
    }
}
