import Claims
import Testing

@Suite("ClaimSchema")
struct ClaimSchemaTests {
    @Test(arguments: ["tdx", "sgx", "snp", "tpm", "ccel"])
    func everyRegisteredSchemaIsSound(kind: String) throws {
        let schema = try #require(ClaimSchema.named(kind))
        #expect(schema.kind == kind)
        #expect(schema.validate() == [])
        for (position, claim) in schema.claims.enumerated() {
            #expect(Int(claim.slot.rawValue) == position)
            #expect(schema.resolve(claim.path) == claim)
        }
    }

    @Test func aliasesResolveToTheCanonicalSlot() throws {
        let canonical = try #require(ClaimSchema.tdx.resolve("tdx.quote.version"))
        let trustee = try #require(ClaimSchema.tdx.resolve("tdx.quote.header.version"))
        #expect(trustee == canonical)
        #expect(trustee.path == "tdx.quote.version")
        #expect(ClaimSchema.tdx.resolve("tdx.quote.vresion") == nil)
    }

    static let events = ClaimRecordType(
        name: "test.event",
        fields: [.init("mr", .int), .init("digest", .bytes(length: 4))])
    static let status = ClaimEnum(name: "Status", cases: ["UpToDate", "OutOfDate"])
    static let example = ClaimSchema(
        kind: "test", version: 1,
        entries: [
            .init("test.flag", .bool, "a bit"),
            .init("test.count", .int, "a number"),
            .init("test.name", .string, "a name"),
            .init("test.digest", .bytes(length: 4), "a digest", aliases: ["test.legacy_digest"]),
            .init("test.svn", .svn(count: 3), "a version vector"),
            .init("test.issued", .time, "a time"),
            .init("test.status", .enumeration(status), "an enum"),
            .init("test.events", .list(events), "a list"),
            .init("test.pcrs", .array(.bytes(length: 2)), "an array"),
        ])

    @Test func slotsFollowDeclarationOrder() throws {
        #expect(Self.example.resolve("test.flag")?.slot == ClaimSlot(0))
        #expect(Self.example.resolve("test.events")?.slot == ClaimSlot(7))
        #expect(Self.example.resolve("test.legacy_digest")?.slot == ClaimSlot(3))
        #expect(Self.example.descriptor(ClaimSlot(9)) == nil)
    }

    @Test func fingerprintChangesWhenTheVocabularyChanges() {
        let same = ClaimSchema(kind: "test", version: 1, entries: [.init("test.flag", .bool, "other words")])
        let retyped = ClaimSchema(kind: "test", version: 1, entries: [.init("test.flag", .int, "a bit")])
        let original = ClaimSchema(kind: "test", version: 1, entries: [.init("test.flag", .bool, "a bit")])
        #expect(same.fingerprint == original.fingerprint)  // summaries are documentation only
        #expect(retyped.fingerprint != original.fingerprint)
        #expect(original.fingerprint.count == 32)
    }

    @Test func unsoundDeclarationsAreReported() {
        let bad = ClaimSchema(
            kind: "test", version: 1,
            entries: [
                .init("test.a", .bool, ""), .init("test.a", .int, ""), .init("other.b", .bool, ""),
                .init("test.c", .bool, "", aliases: ["test.a"]),
            ])
        #expect(bad.validate().count == 3)
    }
}
