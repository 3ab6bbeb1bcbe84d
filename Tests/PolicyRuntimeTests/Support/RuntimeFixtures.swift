import Claims
import Evidence
import Foundation
import PolicyBytecode
import PolicyCompiler
import PolicyRuntime
import TestSupport

/// Compiled policies for runtime tests: sources from `Corpus/policies/` (or written in a test)
/// compiled against the schemas the test names — this build's, or the test schemas of
/// `Corpus/schemas/` read through the public `ClaimSchemaFile`, the same way `policyc --schema`
/// reads them — and loaded with a catalog that knows both.
enum RuntimeFixtures {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let schemas: [String: ClaimSchema] = {
        var out: [String: ClaimSchema] = [:]
        for name in ["test-tdx.schema", "test-snp.schema", "test-tpm.schema"] {
            let text = String(decoding: (try? CorpusFile.bytes("schemas/\(name)")) ?? [], as: UTF8.self)
            if let schema = try? ClaimSchemaFile.parse(text) { out[schema.kind] = schema }
        }
        return out
    }()

    static var catalog: SchemaCatalog { SchemaCatalog.builtIn.adding(Array(schemas.values)) }

    static func schema(_ kind: String) throws -> ClaimSchema {
        guard let schema = schemas[kind] else { throw Failure(description: "no test schema \(kind)") }
        return schema
    }

    /// The claim schemas a policy is compiled against, named by the test that compiles it.
    enum Schemas {
        /// The test schemas of `Corpus/schemas/` in place of this build's (for the unit tests
        /// that build claims of those schemas by hand).
        case test
        /// This build's schemas (policies written for the real claims).
        case builtIn
        /// This build's schemas with `replacing` in place of those of the same kind.
        case custom(replacing: [String: ClaimSchema])
    }

    /// The schemas each policy of `Corpus/policies/` names, as its header comment says.
    static let corpusPolicySchemas: [String: Schemas] = [
        "contract-example.policy": .test,
        "tdx-quote-header.policy": .builtIn,
        "tdx-production.policy": .builtIn,
        "snp-production.policy": .builtIn,
        "composite-snp-vtpm.policy": .builtIn,
    ]

    /// The `.apb` bytes of `source` compiled against `schemas`.
    static func compile(
        _ source: String, file: String = "test.policy", debugInfo: Bool = true, against schemas: Schemas
    )
        throws -> [UInt8]
    {
        let chosen: [String: ClaimSchema]
        switch schemas {
        case .test: chosen = ClaimSchema.all.merging(Self.schemas) { $1 }
        case .builtIn: chosen = ClaimSchema.all
        case .custom(let replacing): chosen = ClaimSchema.all.merging(replacing) { $1 }
        }
        let result = PolicyCompiler.compile(
            source: source, file: file, schemas: chosen, options: .init(debugInfo: debugInfo))
        guard let bytes = result.bytecode else {
            throw Failure(description: DiagnosticRenderer.text(result.diagnostics, source: source))
        }
        return bytes
    }

    /// A policy file of `Corpus/policies/` compiled against the schemas it names
    /// (``corpusPolicySchemas``).
    static func corpusPolicy(_ name: String) throws -> [UInt8] {
        guard let schemas = corpusPolicySchemas[name] else {
            throw Failure(description: "\(name): say in corpusPolicySchemas which schemas it names")
        }
        return try compile(
            String(decoding: try CorpusFile.bytes("policies/\(name)"), as: UTF8.self), file: name, against: schemas)
    }

    static func load(_ bytes: [UInt8], parameters json: String? = nil) throws -> LoadedPolicy {
        let parameters = try json.map { try PolicyParameters(json: Array($0.utf8)) } ?? .none
        return try LoadedPolicy(bytecode: bytes, parameters: parameters, schemas: catalog)
    }

    /// A policy with `body` after a header and a `tdx` input.
    static func tdx(_ body: String) -> String { "policy \"t\" version 1\ninput tdx: tdx\n" + body + "\n" }

    static let now = Timestamp(secondsSinceEpoch: 1_767_225_600)  // 2026-01-01T00:00:00Z
}

extension RuntimeFixtures {
    /// Minimal valid parameters for every param of `module` (empty sets, zero bytes, first enum
    /// case), as a params file.
    static func neutralParameters(_ module: BytecodeModule) -> String {
        func value(_ type: TypeDescriptor) -> String {
            switch type {
            case .bool: return "false"
            case .int, .duration: return "0"
            case .string: return "\"\""
            case .bytes(let n): return "\"" + String(repeating: "00", count: Int(n)) + "\""
            case .svn(let n): return "[" + Array(repeating: "0", count: Int(n)).joined(separator: ",") + "]"
            case .time: return "\"2026-01-01T00:00:00Z\""
            case .enumeration(let id): return "\"\(module.enums[Int(id)].cases[0])\""
            case .set: return "[]"
            default: return "null"
            }
        }
        return "{" + module.params.map { "\"\($0.name)\": \(value($0.type))" }.joined(separator: ", ") + "}"
    }

    /// The absolute offset of section `id` in an `.apb` file, read from its directory (written
    /// here from BYTECODE.md §2, independently of the runtime's reader).
    static func sectionOffset(_ bytes: [UInt8], _ id: UInt16) -> Int? {
        let count = Int(bytes[8]) | Int(bytes[9]) << 8
        for i in 0..<count {
            let entry = 12 + 12 * i
            let entryID = UInt16(bytes[entry]) | UInt16(bytes[entry + 1]) << 8
            if entryID == id {
                return (0..<4).reduce(0) { $0 | Int(bytes[entry + 4 + $1]) << (8 * $1) }
            }
        }
        return nil
    }
}
