import PolicyBytecode
import TestSupport
import Testing

/// A small module by hand: every section populated, so the writer and reader meet every field.
func sampleModule() -> BytecodeModule {
    let span = BytecodeModule.Span(line: 3, column: 1, endLine: 3, endColumn: 20)
    let big = (0..<10).map { BytecodeValue.bytes([UInt8]($0..<$0 + 4)) }
    return BytecodeModule(
        metadata: .init(name: "sample", version: 7, sourceDigest: [UInt8](repeating: 0xAB, count: 32)),
        inputs: [
            .init(name: "tdx", kind: "tdx", schemaVersion: 1, schemaFingerprint: [UInt8](repeating: 1, count: 32))
        ],
        enums: [.init(name: "TcbStatus", cases: ["UpToDate", "OutOfDate"])],
        records: [
            .init(
                name: "tdx.event",
                fields: [.init(name: "mr", type: .int), .init(name: "digest", type: .bytes(length: 48))])
        ],
        constants: [
            .int(-5), .string("héllo"), .bytes([1, 2]), .svn([3, 0, 5]), .time(1_767_225_600), .duration(86_400),
            .enumeration(id: 0, caseIndex: 1), .bool(true),
        ],
        sets: [
            SetTable(
                elementType: .enumeration(id: 0),
                elements: [.enumeration(id: 0, caseIndex: 1), .enumeration(id: 0, caseIndex: 0)], hashed: false),
            SetTable(elementType: .bytes(length: 4), elements: big, hashed: true),
        ],
        regexes: [
            RegexAutomaton(
                pattern: "a", classMap: [UInt8](repeating: 0, count: 256), classCount: 1, start: 0, stateFlags: [0],
                transitions: [0])
        ],
        params: [
            .init(name: "allowed", type: .set(element: .bytes(length: 48))),
            .init(name: "floor", type: .svn(count: 16)),
        ],
        registers: [.bool, .int, .svn(count: 16), .iterator(id: 0)],
        code: [
            Instruction(.loadBool, x: 1, a: 0), Instruction(.check, x: 1, a: 0, b: 0),
            Instruction.jump(.jump, offset: 0),
        ],
        checks: [.init(name: "ok", message: "always", span: span, flags: .decisive, codeStart: 0, codeEnd: 2)],
        rules: [.init(kind: .allow, message: "", span: span), .init(kind: .deny, message: "no", span: span)],
        trusts: [
            .init(
                claim: .hardware,
                branches: [.init(tier: .affirming, span: span), .init(tier: .contraindicated, span: span)], span: span)
        ],
        debug: .init(
            fileName: "sample.policy", source: "policy \"sample\" version 7\n", lineTable: [span, span, span],
            sites: [.init(instruction: 1, check: 0, actual: .left, span: span, text: "x == 1")]))
}

@Suite("Bytecode container")
struct BytecodeRoundTripTests {
    @Test func writerAndReaderRoundTripEverySection() throws {
        let module = sampleModule()
        let bytes = BytecodeWriter.encode(module)
        #expect(Array(bytes.prefix(4)) == [0x41, 0x50, 0x42, 0x00])
        #expect(try BytecodeReader.read(bytes) == module)
        #expect(BytecodeWriter.encode(try BytecodeReader.read(bytes)) == bytes)
    }

    @Test func hashedSetsFindEveryElementAndNothingElse() {
        let elements = (0..<100).map { BytecodeValue.int(Int64($0) * 7) }
        let table = SetTable(elementType: .int, elements: elements, hashed: true)
        #expect(elements.allSatisfy(table.contains))
        #expect(!table.contains(.int(3)))
        guard case .hashed(let slots) = table.layout else {
            Issue.record("expected a hash table")
            return
        }
        #expect(slots.count == 256)
    }

    @Test func rejectsBadMagicVersionAndTruncation() {
        var bytes = BytecodeWriter.encode(sampleModule())
        #expect(throws: BytecodeError(.truncated, section: nil, offset: 0, "")) {
            try BytecodeReader.read([0x41, 0x50])
        }
        var wrongMagic = bytes
        wrongMagic[0] = 0
        #expect(throws: BytecodeError(.badMagic, section: nil, offset: 0, "")) { try BytecodeReader.read(wrongMagic) }
        bytes[4] = 9
        #expect(throws: BytecodeError(.unsupportedVersion, section: nil, offset: 4, "")) {
            try BytecodeReader.read(bytes)
        }
        let whole = BytecodeWriter.encode(sampleModule())
        #expect(throws: BytecodeError.self) { try BytecodeReader.read(Array(whole.dropLast())) }
    }

    /// Every prefix and thousands of random mutations of a valid file: a typed error or a
    /// module, never a trap or a hang.
    @Test func neverTrapsOnMutatedOrTruncatedInput() {
        let bytes = BytecodeWriter.encode(sampleModule())
        for length in 0..<bytes.count { _ = try? BytecodeReader.read(Array(bytes.prefix(length))) }
        var rng = SplitMix64(seed: 0xA9B)
        for _ in 0..<5000 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let position = Int.random(in: 0..<mutated.count, using: &rng)
                mutated[position] = UInt8.random(in: 0...255, using: &rng)
            }
            _ = try? BytecodeReader.read(mutated)
        }
        for _ in 0..<500 {
            let noise = (0..<Int.random(in: 0..<400, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? BytecodeReader.read(BytecodeModule.magic + [1, 0] + noise)
        }
    }

    @Test func listingShowsTablesAndDecodedInstructions() {
        let listing = Disassembler.listing(sampleModule())
        #expect(listing.contains("; policy \"sample\" version 7"))
        #expect(listing.contains("; const k4 = t\"2026-01-01T00:00:00Z\""))
        #expect(listing.contains("; const k6 = OutOfDate"))
        #expect(listing.contains("check         r0, c0"))
        #expect(listing.contains("; trust t0 hardware = affirming / contraindicated"))
    }
}
