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
        var bytes = try RuntimeFixtures.corpusPolicy(Self.contract)
        bytes[0] = 0x42
        #expect(throws: PolicyLoadError(.malformed, section: nil, offset: 0, "")) {
            try LoadedPolicy(bytecode: bytes)
        }
        bytes = try RuntimeFixtures.corpusPolicy(Self.contract)
        bytes[4] = 2
        #expect(throws: PolicyLoadError(.malformed, section: nil, offset: 4, "")) {
            try LoadedPolicy(bytecode: bytes)
        }
    }

    @Test func aRegisterOutOfRangeNamesTheInstructionsOffset() throws {
        let (error, bytes) = try Self.rejection { $0.code[3].a = 999 }
        #expect(error == PolicyLoadError(.indexOutOfRange, section: .code, offset: 0, ""))
        let code = try #require(RuntimeFixtures.sectionOffset(bytes, 9))
        #expect(error.offset == code + 4 + 8 * 3)
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
        let (beyond, _) = try Self.rejection { $0.code[28] = .jump(.jumpIfFalse, condition: 13, offset: 5000) }
        #expect(beyond == PolicyLoadError(.invalidJump, section: .code, offset: 0, ""))
        let (into, _) = try Self.rejection { $0.code[22] = .jump(.jump, offset: 7) }  // → 30, inside 23…39
        #expect(into == PolicyLoadError(.invalidJump, section: .code, offset: 0, ""))
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
        #expect(
            try Self.rejection { $0.constants[3] = .enumeration(id: 1, caseIndex: 99) }.0
                == PolicyLoadError(.indexOutOfRange, section: .constants, offset: 0, ""))
        #expect(
            try Self.rejection { $0.trusts[1].claim = .hardware }.0
                == PolicyLoadError(.invalidTable, section: .trust, offset: 0, ""))
        #expect(
            try Self.rejection { $0.checks[2].codeEnd = 7 }.0
                == PolicyLoadError(.invalidTable, section: .checks, offset: 0, ""))
        #expect(try Self.rejection { $0.code[1].b = 7 }.0.code == .indexOutOfRange)  // check c7 of 7
        #expect(try Self.rejection { $0.code[13].c = 2 }.0.code == .indexOutOfRange)  // param p2 of 2
    }

    @Test func aSchemaThisBuildDoesNotKnowIsRejected() throws {
        let (error, bytes) = try Self.rejection { $0.inputs[0].schemaFingerprint[0] ^= 1 }
        #expect(error == PolicyLoadError(.unknownSchema, section: .inputs, offset: 0, ""))
        #expect(error.offset == RuntimeFixtures.sectionOffset(bytes, 2))
        #expect(error.detail.contains("`tdx` claim schema"))
        // The test schema is unknown to a runtime with only the built-in schemas.
        let original = try RuntimeFixtures.corpusPolicy(Self.contract)
        #expect(throws: PolicyLoadError(.unknownSchema, section: .inputs, offset: 0, "")) {
            try LoadedPolicy(bytecode: original)
        }
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
        #expect(throws: PolicyLoadError(.limitExceeded, section: .code, offset: 0, "")) {
            try RuntimeFixtures.load(bytes)
        }
    }
}
