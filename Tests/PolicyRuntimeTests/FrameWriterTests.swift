import Claims
import Evidence
import PolicyBytecode
import Testing

@testable import PolicyRuntime

/// Converting claim values into frame cells (`FrameWriter`): the evaluation path reads list
/// records field by field and byte strings in place, so each kind of field is checked here
/// against cells written out by hand — present, missing, of the wrong shape, and in records
/// shorter than their type.
@Suite("Frame writer")
struct FrameWriterTests {
    /// A list of records `{n: int, e: enum of 3 cases, b: bool, t: time, d: bytes4, s: string,
    /// v: svn2}`, planned as `ValuePlan.add` plans it: the list, then its fields in order.
    static let plans: [ValuePlan] = [
        ValuePlan(kind: .list, length: 0, first: 1, count: 7),
        ValuePlan(kind: .int, length: 0, first: 0, count: 0, source: 0),
        ValuePlan(kind: .enumeration, length: 3, first: 0, count: 0, source: 1),
        ValuePlan(kind: .bool, length: 0, first: 0, count: 0, source: 2),
        ValuePlan(kind: .time, length: 0, first: 0, count: 0, source: 3),
        ValuePlan(kind: .bytes, length: 4, first: 0, count: 0, source: 4),
        ValuePlan(kind: .string, length: 0, first: 0, count: 0, source: 5),
        ValuePlan(kind: .svn, length: 2, first: 0, count: 0, source: 6),
    ]

    /// The frame of `value` converted by plan 0: the list's cell, its record cells, and the
    /// bytes and integers they refer to.
    struct Frame {
        var list = VMValue.missing
        var cells: [VMValue] = []
        var bytes: [UInt8] = []
        var ints: [Int64] = []
        var byteCount = 0
        var overflowed = false

        /// The bytes a cell refers to.
        func bytes(_ cell: VMValue) -> [UInt8]? {
            guard cell.isPresent, cell.isFrame, cell.word >= 0, Int(cell.word) + Int(cell.count) <= bytes.count
            else { return nil }
            return Array(bytes[Int(cell.word)..<Int(cell.word) + Int(cell.count)])
        }

        /// The integers a cell refers to.
        func ints(_ cell: VMValue) -> [Int64]? {
            guard cell.isPresent, cell.isFrame, cell.word >= 0, Int(cell.word) + Int(cell.count) <= ints.count
            else { return nil }
            return Array(ints[Int(cell.word)..<Int(cell.word) + Int(cell.count)])
        }
    }

    /// Converts `value` by plan 0 of `plans` into a frame of `cellCapacity` cells,
    /// `byteCapacity` bytes and `intCapacity` integers, reading byte strings in place or not.
    static func convert(
        _ value: ClaimValue, plans: [ValuePlan] = plans, bytesInPlace: Bool = false, cellCapacity: Int = 64,
        byteCapacity: Int = 64, intCapacity: Int = 64
    ) -> Frame {
        var frame = Frame()
        frame.cells = Array(repeating: VMValue(word: -1, count: 0, tag: 0xFF), count: cellCapacity)
        frame.bytes = Array(repeating: 0, count: byteCapacity)
        frame.ints = Array(repeating: 0, count: intCapacity)
        var written = 0
        plans.withUnsafeBufferPointer { plans in
            frame.cells.withUnsafeMutableBufferPointer { cells in
                frame.bytes.withUnsafeMutableBufferPointer { bytes in
                    frame.ints.withUnsafeMutableBufferPointer { ints in
                        var writer = FrameWriter(
                            cells: cells, bytes: bytes, ints: ints, plans: plans, bytesInPlace: bytesInPlace)
                        frame.list = withUnsafePointer(to: Optional(value)) { writer.cell($0, plan: 0) }
                        written = writer.cellCount
                        frame.byteCount = writer.byteCount
                        frame.overflowed = writer.overflowed
                    }
                }
            }
        }
        frame.cells.removeSubrange(written...)
        return frame
    }

    /// What `value` takes in a frame under plan 0 of `plans`.
    static func measure(_ value: ClaimValue, plans: [ValuePlan] = plans, bytesInPlace: Bool = false) -> FrameSize {
        var size = FrameSize(bytesInPlace: bytesInPlace)
        plans.withUnsafeBufferPointer { plans in
            withUnsafePointer(to: Optional(value)) { size.add($0, plan: 0, plans: plans) }
        }
        return size
    }

    static let noon = Timestamp(secondsSinceEpoch: 1_767_268_800)  // 2026-01-01T12:00:00Z

    @Test func everyKindOfFieldIsConvertedInItsRecordsCells() throws {
        let value = ClaimValue.list([
            ClaimRecord(fields: [
                .int(7), .enumeration(2), .bool(true), .time(Self.noon), .bytes(ClaimBytes([1, 2, 3, 4])),
                .string("ab"), .svn([3, 300]),
            ]),
            ClaimRecord(fields: [.int(-1), .enumeration(0), .bool(false), nil, nil, .string(""), .svn([0, 1])]),
        ])
        let frame = Self.convert(value)
        #expect(!frame.overflowed)
        #expect(frame.list == .reference(offset: 0, count: 2, inFrame: true))
        #expect(frame.cells.count == 14)
        let (first, second) = (Array(frame.cells[0..<7]), Array(frame.cells[7..<14]))
        #expect(first[0] == .scalar(7))
        #expect(first[1] == .scalar(2))
        #expect(first[2] == .bool(true))
        #expect(first[3] == .scalar(1_767_268_800))
        #expect(frame.bytes(first[4]) == [1, 2, 3, 4])
        #expect(frame.bytes(first[5]) == Array("ab".utf8))
        #expect(frame.ints(first[6]) == [3, 300])
        #expect(second[0] == .scalar(-1))
        #expect(second[1] == .scalar(0))
        #expect(second[2] == .bool(false))
        #expect(second[3] == .missing)
        #expect(second[4] == .missing)
        #expect(frame.bytes(second[5]) == [])
        #expect(frame.ints(second[6]) == [0, 1])
    }

    @Test func aFrameIsSizedByThePlansBeforeItIsWritten() {
        // Fixed-length fields count for every record, present or not (4 + 4 bytes, 2 + 2 svn
        // components); strings are measured ("ab" and "").
        let value = ClaimValue.list([
            ClaimRecord(fields: [nil, nil, nil, nil, .bytes(ClaimBytes([1, 2, 3, 4])), .string("ab"), nil]),
            ClaimRecord(fields: [nil, nil, nil, nil, nil, .string(""), .svn([0, 1])]),
        ])
        let size = Self.measure(value)
        #expect((size.cells, size.bytes, size.ints) == (14, 10, 4))
        // Read in place (one evaluation), the digests take no frame bytes; the strings still do.
        let inPlace = Self.measure(value, bytesInPlace: true)
        #expect((inPlace.cells, inPlace.bytes, inPlace.ints) == (14, 2, 4))
        let frame = Self.convert(
            value, cellCapacity: size.cells, byteCapacity: size.bytes, intCapacity: size.ints)
        #expect(!frame.overflowed)
        let inPlaceFrame = Self.convert(
            value, bytesInPlace: true, cellCapacity: inPlace.cells, byteCapacity: inPlace.bytes,
            intCapacity: inPlace.ints)
        #expect(!inPlaceFrame.overflowed)
    }

    @Test func oneEvaluationReadsByteStringsInPlace() throws {
        let digest: [UInt8] = [7, 8, 9, 10]
        let value = ClaimValue.list([
            ClaimRecord(fields: [nil, nil, nil, nil, .bytes(ClaimBytes(digest)), .string("ab"), nil])
        ])
        let frame = Self.convert(value, bytesInPlace: true, cellCapacity: 7, byteCapacity: 8, intCapacity: 8)
        let (digestCell, textCell, byteCount, bytes) = (frame.cells[4], frame.cells[5], frame.byteCount, frame.bytes)
        // The digest is the claim's own bytes, read while the claim is alive; the string
        // (whose bytes may live in the String itself) is copied.
        withExtendedLifetime(value) {
            let memory = VMMemory(policyBytes: .init(start: nil, count: 0), policyInts: .init(start: nil, count: 0))
            #expect(digestCell.isExternal)
            #expect(memory.bytes(digestCell).map(Array.init) == digest)
            #expect(!textCell.isExternal && textCell.isFrame)
        }
        #expect(byteCount == 2)
        #expect(Array(bytes[0..<2]) == Array("ab".utf8))
    }

    @Test func aRecordHoldsOnlyThePlannedFieldsEachReadFromItsSource() {
        // Fields 1 (enum), 4 (bytes4), 5 (string) and 6 (svn) of the seven: a record is four cells.
        let plans: [ValuePlan] = [
            ValuePlan(kind: .list, length: 0, first: 1, count: 4),
            ValuePlan(kind: .enumeration, length: 3, first: 0, count: 0, source: 1),
            ValuePlan(kind: .bytes, length: 4, first: 0, count: 0, source: 4),
            ValuePlan(kind: .string, length: 0, first: 0, count: 0, source: 5),
            ValuePlan(kind: .svn, length: 2, first: 0, count: 0, source: 6),
        ]
        let digest = ClaimValue.bytes(ClaimBytes([1, 2, 3, 4]))
        let value = ClaimValue.list([
            ClaimRecord(fields: [.int(7), .enumeration(2), nil, nil, digest, .string("abc"), .svn([4, 5])]),
            ClaimRecord(fields: [.int(8), nil, nil, nil, nil, .string("de"), .svn([6, 7])]),
        ])
        // Copied, the digest field counts 4 bytes per record; read in place, none.
        for (inPlace, expected) in [(false, (8, 13, 4)), (true, (8, 5, 4))] {
            let size = Self.measure(value, plans: plans, bytesInPlace: inPlace)
            #expect((size.cells, size.bytes, size.ints) == expected)
            let frame = Self.convert(
                value, plans: plans, bytesInPlace: inPlace, cellCapacity: size.cells, byteCapacity: size.bytes,
                intCapacity: size.ints)
            #expect(!frame.overflowed, "a frame of exactly the measured size fits")
            let cells = frame.cells
            #expect(cells[0] == .scalar(2) && cells[4] == .missing)
            #expect(cells[1].isExternal == inPlace && cells[5] == .missing)
            #expect(cells.filter { $0.isFrame }.count == (inPlace ? 4 : 5))
            #expect(
                frame.bytes[0..<frame.byteCount].elementsEqual((inPlace ? [] : [1, 2, 3, 4]) + Array("abcde".utf8)))
            #expect(frame.ints == [4, 5, 6, 7])
        }
    }

    @Test func fieldsOfAnotherShapeOrKindAreMissing() {
        // Fail closed: a value the plan does not expect is missing, never reinterpreted.
        let value = ClaimValue.list([
            ClaimRecord(fields: [
                .bool(true), .enumeration(3), .int(1), .int(5), .bytes(ClaimBytes([1, 2, 3])), .int(0), .svn([1]),
            ])
        ])
        let frame = Self.convert(value)
        #expect(frame.cells == Array(repeating: .missing, count: 7))
    }

    @Test func aShortRecordsMissingFieldsAreMissing() {
        let value = ClaimValue.list([
            ClaimRecord(fields: [.int(1), .enumeration(1)]),
            ClaimRecord(fields: []),
        ])
        let frame = Self.convert(value)
        #expect(frame.cells[0] == .scalar(1))
        #expect(frame.cells[1] == .scalar(1))
        #expect(Array(frame.cells[2..<14]) == Array(repeating: .missing, count: 12))
    }

    @Test func valuesThatDoNotFitTheFrameAreMissingAndSaySo() {
        let record = ClaimRecord(fields: [.int(1), nil, nil, nil, .bytes(ClaimBytes([9, 9, 9, 9])), nil, nil])
        // Cells for one record only: the list is missing, and the writer asks for a larger frame.
        let cells = Self.convert(.list([record, record]), cellCapacity: 7)
        #expect(cells.overflowed)
        #expect(cells.list == .missing)
        // Bytes for one digest only: the second is missing, and the writer asks for a larger frame.
        let bytes = Self.convert(.list([record, record]), byteCapacity: 6)
        #expect(bytes.overflowed)
        #expect(bytes.bytes(bytes.cells[4]) == [9, 9, 9, 9])
        #expect(bytes.cells[11] == .missing)
    }
}

extension FrameWriterTests {
    @Test func recordFieldsThePolicyNeverReadsAreNotInTheFrame() throws {
        let policy = try RuntimeFixtures.load(
            RuntimeFixtures.compile(
                RuntimeFixtures.tdx("check k \"k\": any e in tdx.events: e.mr == 1\nallow if k"), against: .test))
        // `tdx.event` is {mr, type, digest}: only `mr` (field 0) is read, so a record is one cell.
        let record = try #require(policy.module.records.firstIndex { $0.name == "tdx.event" })
        #expect(RecordLayout(policy.module).fields[record] == [0])
        let list = try #require(policy.columns.first { $0.path == "tdx.events" })
        let plan = policy.plansBuffer[list.plan]
        #expect(plan.kind == .list && plan.count == 1)
        #expect(policy.plansBuffer[plan.first].kind == .int)

        var claims = try ExplanationTests.passing()
        let digest = ClaimValue.bytes(ClaimBytes([UInt8](repeating: 0xAB, count: 48)))
        try claims.set(
            "tdx.events",
            .list([
                ClaimRecord(fields: [.int(0), .enumeration(1), digest]),
                ClaimRecord(fields: [.int(1), .enumeration(9), digest]),
            ]))
        #expect(policy.evaluate(claims: claims, at: RuntimeFixtures.now).decision == .allow)
        // The batch holds the read field's cells only: no bytes for the digests.
        let batch = policy.prepare([[claims]])
        #expect(batch.bytes.count < 48)
        #expect(batch.cells == [.scalar(0), .scalar(1)])

        // A later field alone: `type` (field 1) is the record's only cell, read where it is.
        let byType = try RuntimeFixtures.load(
            RuntimeFixtures.compile(
                RuntimeFixtures.tdx(
                    "check k \"k\": any e in tdx.events: e.type == EV_EFI_BOOT_SERVICES_APPLICATION\nallow if k"),
                against: .test))
        #expect(RecordLayout(byType.module).fields[record] == [1])
        #expect(byType.evaluate(claims: claims, at: RuntimeFixtures.now).decision == .allow)
        #expect(byType.prepare([[claims]]).cells == [.scalar(1), .scalar(9)])
        // Indexing the list steps by the same compact stride.
        let indexed = try RuntimeFixtures.load(
            RuntimeFixtures.compile(
                RuntimeFixtures.tdx(
                    "check k \"k\": tdx.events[1].type == EV_EFI_BOOT_SERVICES_APPLICATION and tdx.events[0].mr == 0"
                        + "\nallow if k"),
                against: .test))
        #expect(indexed.evaluate(claims: claims, at: RuntimeFixtures.now).decision == .allow)
        #expect(indexed.evaluate(batch: [[claims]], at: RuntimeFixtures.now).map(\.decision) == [.allow])

        try claims.set("tdx.events", .list([ClaimRecord(fields: [.int(1), .enumeration(1), digest])]))
        #expect(byType.evaluate(claims: claims, at: RuntimeFixtures.now).decision == .deny)
        #expect(indexed.evaluate(claims: claims, at: RuntimeFixtures.now).decision == .deny)
    }
}

extension FrameWriterTests {
    @Test func aClaimReadAsTwoRecordTypesOfOneShapeIsConvertedForEach() throws {
        // The compiler declares one record type per schema record, but a module may declare two
        // of one shape and read the same claim as each (the verifier matches claims by shape).
        // Here the first loop reads `mr` through record type 0 and the second `type` through a
        // copy, type 1: each type holds a different field, so each needs its own column.
        let source = RuntimeFixtures.tdx(
            """
            check first "first": any e in tdx.events: e.mr == 1
            check second "second": any e in tdx.events: e.type == EV_EFI_BOOT_SERVICES_APPLICATION
            allow if first and second
            """)
        var module = try BytecodeReader.read(try RuntimeFixtures.compile(source, against: .test))
        let event = try #require(module.records.firstIndex { $0.name == "tdx.event" })
        module.records.append(module.records[event])
        let copy = UInt16(module.records.count - 1)
        // The second loop's list, iterator and element registers become registers of the copy.
        let second = module.checks[1]
        let list = try #require(module.code[Int(second.codeStart)...].first { $0.opcode == .loadClaim }?.a)
        let iterator = try #require(module.code[Int(second.codeStart)...].first { $0.opcode == .iterBegin }?.a)
        let element = try #require(module.code[Int(second.codeStart)...].first { $0.opcode == .iterElem }?.a)
        let renamed: [UInt16: UInt16] = [
            list: UInt16(module.registers.count), iterator: UInt16(module.registers.count + 1),
            element: UInt16(module.registers.count + 2),
        ]
        module.registers += [.list(id: copy), .iterator(id: copy), .record(id: copy)]
        for pc in Int(second.codeStart)..<Int(second.codeEnd) {
            var i = module.code[pc]
            switch i.opcode {
            case .loadClaim, .iterNext: i.a = renamed[i.a] ?? i.a
            case .iterBegin, .iterElem:
                i.a = renamed[i.a] ?? i.a
                i.b = renamed[i.b] ?? i.b
            case .field, .taint: i.b = renamed[i.b] ?? i.b
            default: break
            }
            module.code[pc] = i
        }
        let policy = try RuntimeFixtures.load(BytecodeWriter.encode(module))
        #expect(policy.columns.filter { $0.path == "tdx.events" }.count == 2)

        var claims = try ExplanationTests.passing()
        let digest = ClaimValue.bytes(ClaimBytes([UInt8](repeating: 0xAB, count: 48)))
        // One event with mr 1 and type EV_EFI_BOOT_SERVICES_APPLICATION (case 9): both hold.
        try claims.set("tdx.events", .list([ClaimRecord(fields: [.int(1), .enumeration(9), digest])]))
        #expect(policy.evaluate(claims: claims, at: RuntimeFixtures.now).decision == .allow)
        #expect(policy.evaluate(batch: [[claims]], at: RuntimeFixtures.now).map(\.decision) == [.allow])
        // mr 9 and type 1: neither holds (a shared column would read mr as the type).
        try claims.set("tdx.events", .list([ClaimRecord(fields: [.int(9), .enumeration(1), digest])]))
        let verdict = policy.evaluate(claims: claims, at: RuntimeFixtures.now)
        #expect(verdict.failedChecks.map(\.name) == ["first", "second"])
    }
}
