import Claims
import Testing

@Suite("ClaimSet")
struct ClaimSetTests {
    let schema = ClaimSchemaTests.example

    @Test func storesTypedValuesBySlot() throws {
        var claims = ClaimSet(schema: schema)
        try claims.set("test.count", .int(7))
        try claims.set("test.legacy_digest", .bytes([1, 2, 3, 4]))
        #expect(claims[ClaimSlot(1)] == .int(7))
        #expect(claims.value("test.digest") == .bytes([1, 2, 3, 4]))
        #expect(claims.value("test.flag") == nil)
        #expect(claims[ClaimSlot(999)] == nil)
    }

    @Test func aCopyKeepsItsValuesWhenTheOriginalChanges() throws {
        var original = ClaimSet(schema: schema)
        try original.set("test.count", .int(7))
        let copy = original
        let reader = original.slotValues
        try original.set("test.count", .int(8))
        try original.set("test.legacy_digest", .bytes([1, 2, 3, 4]))
        #expect(copy.value("test.count") == .int(7))
        #expect(copy.value("test.digest") == nil)
        #expect(reader.withValue(at: ClaimSlot(1)) { $0.pointee } == .int(7))
        #expect(original.value("test.count") == .int(8))
        #expect(original.value("test.digest") == .bytes([1, 2, 3, 4]))
        #expect(original.values.count == schema.claims.count)
        #expect(original.values[1] == .int(8))
        #expect(original.slotValues.withValue(at: ClaimSlot(999)) { $0.pointee } == nil)
    }

    @Test func rejectsValuesThatDoNotConform() {
        var claims = ClaimSet(schema: schema)
        #expect(throws: ClaimError(.typeMismatch, path: "test.digest")) {
            try claims.set("test.digest", .bytes([1, 2, 3]))
        }
        #expect(throws: ClaimError(.typeMismatch, path: "test.svn")) { try claims.set("test.svn", .svn([1, 2])) }
        #expect(throws: ClaimError(.typeMismatch, path: "test.count")) { try claims.set("test.count", .bool(true)) }
        #expect(throws: ClaimError(.typeMismatch, path: "test.status")) {
            try claims.set("test.status", .enumeration(2))
        }
        #expect(throws: ClaimError(.unknownClaim, path: "test.cuont")) { try claims.set("test.cuont", .int(1)) }
        #expect(throws: ClaimError(.unknownEnumCase, path: "test.status")) {
            try claims.set("test.status", enumCase: "Revoked")
        }
        #expect(throws: ClaimError(.typeMismatch, path: "test.pcrs")) {
            try claims.set("test.pcrs", .array([.bytes([1, 2]), .bytes([1])]))
        }
        let badRecord = ClaimRecord(fields: [.int(1), .bytes([1])])
        #expect(throws: ClaimError(.typeMismatch, path: "test.events")) {
            try claims.set("test.events", .list([badRecord]))
        }
    }

    @Test func jsonFollowsTheOutputConvention() throws {
        var claims = ClaimSet(schema: schema)
        try claims.set("test.flag", .bool(false))
        try claims.set("test.count", .int(-3))
        try claims.set("test.name", .string("a \"quoted\"\nname"))
        try claims.set("test.digest", .bytes([0xDE, 0xAD, 0xBE, 0xEF]))
        try claims.set("test.svn", .svn([3, 0, 5]))
        try claims.set("test.issued", .time(ClaimTime(secondsSinceEpoch: 1_752_919_277)))
        try claims.set("test.status", enumCase: "OutOfDate")
        try claims.set(
            "test.events",
            .list([
                ClaimRecord(fields: [.int(1), .bytes([0, 1, 2, 3])]),
                ClaimRecord(fields: [.int(2), nil]),
            ]))
        try claims.set("test.pcrs", .array([.bytes([0, 1]), .bytes([0xAB, 0xCD])]))
        let expected = """
            {"test.flag":false,"test.count":-3,"test.name":"a \\"quoted\\"\\nname","test.digest":"deadbeef",\
            "test.svn":[3,0,5],"test.issued":"2025-07-19T10:01:17Z","test.status":"OutOfDate",\
            "test.events":[{"mr":1,"digest":"00010203"},{"mr":2}],"test.pcrs":["0001","abcd"]}
            """
        #expect(ClaimOutput.json([claims], pretty: false) == expected)
    }

    @Test func textListsOneClaimPerLine() throws {
        var claims = ClaimSet(schema: schema)
        try claims.set("test.count", .int(7))
        try claims.set("test.events", .list([ClaimRecord(fields: [.int(1), .bytes([9, 9, 9, 9])])]))
        try claims.set("test.pcrs", .array([.bytes([0, 7])]))
        let lines = ClaimOutput.text([claims]).split(separator: "\n").map { $0.split(separator: " ") }
        #expect(
            lines == [
                ["test.count", "7"], ["test.events[0].mr", "1"], ["test.events[0].digest", "09090909"],
                ["test.pcrs[0]", "0007"],
            ])
    }
}
