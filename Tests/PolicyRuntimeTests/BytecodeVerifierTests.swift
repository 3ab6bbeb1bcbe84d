import Claims
import Foundation
import PolicyBytecode
import PolicyRuntime
import TestSupport
import Testing

/// The loader verifies every bytecode file before the VM may run it (BYTECODE.md §7): each kind
/// of defect is rejected with its typed error, section and byte offset.
@Suite("Bytecode verifier")
struct BytecodeVerifierTests {
    static let contract = "contract-example.policy"

    static func module() throws -> BytecodeModule {
        try BytecodeReader.read(try RuntimeFixtures.corpusPolicy(contract))
    }

    /// Loading `module` after `change` must fail; returns the error and the encoded bytes.
    static func rejection(_ change: (inout BytecodeModule) -> Void) throws -> (PolicyLoadError, [UInt8]) {
        var module = try module()
        change(&module)
        let bytes = BytecodeWriter.encode(module)
        do {
            _ = try RuntimeFixtures.load(bytes, parameters: RuntimeFixtures.neutralParameters(module))
        } catch let error as PolicyLoadError {
            return (error, bytes)
        }
        Issue.record("the loader accepted the changed module")
        return (PolicyLoadError(.malformed, section: nil, offset: -1, "accepted"), bytes)
    }

    /// The error `load` throws, or `nil` (recorded as an issue) when it loads.
    static func loadError(_ load: () throws -> LoadedPolicy) -> PolicyLoadError? {
        do {
            _ = try load()
        } catch let error as PolicyLoadError {
            return error
        } catch {
            Issue.record("not a PolicyLoadError: \(error)")
            return nil
        }
        Issue.record("the loader accepted the bytes")
        return nil
    }

    /// Expects `error` to be `code` in `section` at byte `offset`. `PolicyLoadError`'s `==`
    /// compares only the code and the section, so the offset is checked here.
    static func expect(
        _ error: PolicyLoadError?, _ code: PolicyLoadError.Code, in section: SectionID?, at offset: Int?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(error?.code == code, sourceLocation: sourceLocation)
        #expect(error?.section == section, sourceLocation: sourceLocation)
        #expect(offset != nil && error?.offset == offset, sourceLocation: sourceLocation)
    }

    /// Section ids of BYTECODE.md §2.
    static let inputsID: UInt16 = 2
    static let constantsID: UInt16 = 4
    static let codeID: UInt16 = 9
    static let checksID: UInt16 = 10
    static let trustID: UInt16 = 12

    /// The absolute offset of instruction `pc` in `bytes`: after the code section's `u32`
    /// count, 8 bytes per instruction (BYTECODE.md §2, §5).
    static func instructionOffset(_ bytes: [UInt8], _ pc: Int) -> Int? {
        RuntimeFixtures.sectionOffset(bytes, codeID).map { $0 + 4 + 8 * pc }
    }

    @Test(arguments: [
        "contract-example.policy", "tdx-production.policy", "snp-production.policy", "tdx-quote-header.policy",
        "composite-snp-vtpm.policy",
    ])
    func acceptsEveryCompiledExamplePolicy(_ name: String) throws {
        let bytes = try RuntimeFixtures.corpusPolicy(name)
        let module = try BytecodeReader.read(bytes)
        let policy = try RuntimeFixtures.load(bytes, parameters: RuntimeFixtures.neutralParameters(module))
        #expect(policy.name == module.metadata.name)
        #expect(policy.inputs.map(\.kind) == module.inputs.map(\.kind))
    }

    @Test func rejectsAnotherMagicOrMajorVersion() throws {
        // The magic is bytes 0–3 and the major version bytes 4–5 (BYTECODE.md §2).
        var bytes = try RuntimeFixtures.corpusPolicy(Self.contract)
        bytes[0] = 0x42
        Self.expect(Self.loadError { try LoadedPolicy(bytecode: bytes) }, .malformed, in: nil, at: 0)
        bytes = try RuntimeFixtures.corpusPolicy(Self.contract)
        bytes[4] = 2
        Self.expect(Self.loadError { try LoadedPolicy(bytecode: bytes) }, .malformed, in: nil, at: 4)
    }

    @Test func aRegisterOutOfRangeNamesTheInstructionsOffset() throws {
        let (error, bytes) = try Self.rejection { $0.code[3].a = 999 }
        Self.expect(error, .indexOutOfRange, in: .code, at: Self.instructionOffset(bytes, 3))
        #expect(error.detail.contains("instruction 3"))
    }

    @Test func operandKindsMustMatchTheOpcode() throws {
        // ge.svn read as ge.int; inset with a bytes value into an enum set; unused field set.
        #expect(try Self.rejection { $0.code[10].x = ValueKind.int.rawValue }.0.code == .typeMismatch)
        #expect(try Self.rejection { $0.code[6].b = 4 }.0.code == .typeMismatch)
        #expect(try Self.rejection { $0.code[15].b = 1 }.0.code == .typeMismatch)
        // A claim loaded into a register of another type (tee_tcb_svn into the TcbStatus register).
        #expect(try Self.rejection { $0.code[5].b = 3 }.0.code == .typeMismatch)
        // An order comparison on bytes.
        #expect(
            try Self.rejection {
                $0.code[27] = Instruction(.lt, x: ValueKind.bytes.rawValue, a: 13, b: 4, c: 4)
            }.0.code == .typeMismatch)
    }

    @Test func jumpsStayInsideTheCodeAndNeverEnterALoop() throws {
        let (beyond, beyondBytes) = try Self.rejection {
            $0.code[28] = .jump(.jumpIfFalse, condition: 13, offset: 5000)
        }
        Self.expect(beyond, .invalidJump, in: .code, at: Self.instructionOffset(beyondBytes, 28))
        let (into, intoBytes) = try Self.rejection { $0.code[22] = .jump(.jump, offset: 7) }  // → 30, inside 23…39
        Self.expect(into, .invalidJump, in: .code, at: Self.instructionOffset(intoBytes, 22))
        #expect(into.detail.contains("enters the loop at 23"))
    }

    @Test func loopsArePairedAndTheirBodiesNeverWriteTheirListOrIterator() throws {
        #expect(try Self.rejection { $0.code[39].c = 3 }.0.code == .invalidLoop)
        #expect(try Self.rejection { $0.code[23].c = 3 }.0.code == .invalidLoop)
        let (writesList, _) = try Self.rejection { $0.code[26] = Instruction(.move, a: 8, b: 8) }
        #expect(writesList.code == .invalidLoop)
        #expect(writesList.detail.contains("r8"))
        // Only iter and next write iterator registers.
        #expect(try Self.rejection { $0.code[26] = Instruction(.move, a: 9, b: 9) }.0.code == .typeMismatch)
    }

    @Test func tablesAndIndicesAreChecked() throws {
        // A table's defect is reported at the start of its section.
        let (constant, constantBytes) = try Self.rejection { $0.constants[3] = .enumeration(id: 1, caseIndex: 99) }
        Self.expect(
            constant, .indexOutOfRange, in: .constants,
            at: RuntimeFixtures.sectionOffset(constantBytes, Self.constantsID))
        let (trust, trustBytes) = try Self.rejection { $0.trusts[1].claim = .hardware }
        Self.expect(trust, .invalidTable, in: .trust, at: RuntimeFixtures.sectionOffset(trustBytes, Self.trustID))
        let (check, checkBytes) = try Self.rejection { $0.checks[2].codeEnd = 7 }
        Self.expect(check, .invalidTable, in: .checks, at: RuntimeFixtures.sectionOffset(checkBytes, Self.checksID))
        #expect(try Self.rejection { $0.code[1].b = 7 }.0.code == .indexOutOfRange)  // check c7 of 7
        #expect(try Self.rejection { $0.code[13].c = 2 }.0.code == .indexOutOfRange)  // param p2 of 2
    }

    @Test func aSchemaThisBuildDoesNotKnowIsRejected() throws {
        let (error, bytes) = try Self.rejection { $0.inputs[0].schemaFingerprint[0] ^= 1 }
        Self.expect(error, .unknownSchema, in: .inputs, at: RuntimeFixtures.sectionOffset(bytes, Self.inputsID))
        #expect(error.detail.contains("`tdx` claim schema"))
        // The test schema is unknown to a runtime with only the built-in schemas.
        let original = try RuntimeFixtures.corpusPolicy(Self.contract)
        Self.expect(
            Self.loadError { try LoadedPolicy(bytecode: original) }, .unknownSchema, in: .inputs,
            at: RuntimeFixtures.sectionOffset(original, Self.inputsID))
    }

    @Test func aPolicyCompiledAgainstAnEarlierVersionOfAnAppendOnlySchemaStillLoads() throws {
        // The test tdx schema without its last three claims, as an earlier version would be.
        let full = try RuntimeFixtures.schema("tdx")
        let earlier = ClaimSchema(
            kind: "tdx", version: full.version,
            entries: full.claims.dropLast(3).map { ClaimSchema.Entry($0.path, $0.type, $0.summary) })
        let source = RuntimeFixtures.tdx("check v \"m\": tdx.verified\nallow if v")
        let bytes = try RuntimeFixtures.compile(source, against: .custom(replacing: ["tdx": earlier]))
        let policy = try LoadedPolicy(bytecode: bytes, schemas: RuntimeFixtures.catalog)
        #expect(policy.inputs.first?.schema.claims.count == full.claims.count)
        var claims = ClaimSet(schema: full)
        try claims.set("tdx.verified", .bool(true))
        #expect(policy.evaluate(claims: [claims], at: RuntimeFixtures.now).decision == .allow)
    }

    @Test func deeplyNestedLoopsAreRejected() throws {
        var body = "e16.mr == 1"
        for depth in stride(from: 16, through: 0, by: -1) {
            body = "any e\(depth) in tdx.events: " + (depth == 16 ? body : "(\(body))")
        }
        let bytes = try RuntimeFixtures.compile(
            RuntimeFixtures.tdx("check deep \"m\": \(body)\nallow if deep"), against: .test)
        // 17 nested loops, one more than the runtime allows: the 17th `iter` (opcode 0x50,
        // BYTECODE.md §5) in code order, the innermost, is the one reported.
        let iters = try Self.instructions(bytes).enumerated().filter { $0.element == 0x50 }.map(\.offset)
        #expect(iters.count == 17)
        let innermost = try #require(iters.last)
        Self.expect(
            Self.loadError { try RuntimeFixtures.load(bytes) }, .limitExceeded, in: .code,
            at: Self.instructionOffset(bytes, innermost))
    }

    /// The opcode byte of each instruction of `bytes`' code section (BYTECODE.md §5: `count`,
    /// then 8-byte instructions whose first byte is the opcode).
    static func instructions(_ bytes: [UInt8]) throws -> [UInt8] {
        let start = try #require(RuntimeFixtures.sectionOffset(bytes, codeID))
        let count = (0..<4).reduce(0) { $0 | Int(bytes[start + $1]) << (8 * $1) }
        return (0..<count).map { bytes[start + 4 + 8 * $0] }
    }
}
