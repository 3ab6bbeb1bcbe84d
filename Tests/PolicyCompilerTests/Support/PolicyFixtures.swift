import Claims
import Foundation
import TestSupport

@testable import PolicyCompiler

/// The example policies of `Corpus/policies/` and test policies. A policy is compiled against
/// this build's claim schemas when it names only their claims (the examples ported to the
/// real schemas), otherwise against ``TestSchemas`` (the contract example, whose `tdx.events`
/// the real `tdx` schema does not have, and the targeted test policies).
enum PolicyFixtures {
    /// The schemas `source` is compiled against (see the type's documentation).
    static func schemas(for source: String) -> [String: ClaimSchema] {
        let real = PolicyCompiler.check(source: source, file: "test.policy", schemas: ClaimSchema.all)
        return real.contains { $0.severity == .error } ? TestSchemas.all : ClaimSchema.all
    }

    static var corpusPolicies: [URL] {
        CorpusFile.files(under: "policies").filter { $0.pathExtension == "policy" }
    }

    static func text(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    static func compile(_ source: String, file: String = "test.policy", optimize: Bool = true) -> PolicyCompiler.Result
    {
        PolicyCompiler.compile(
            source: source, file: file, schemas: schemas(for: source), options: .init(optimize: optimize))
    }

    static func diagnostics(_ source: String) -> [Diagnostic] {
        PolicyCompiler.check(source: source, file: "test.policy", schemas: TestSchemas.all)
    }

    /// The unoptimized and optimized IR of `source`.
    static func programs(_ source: String) -> (IRProgram, IRProgram)? {
        let front = PolicyCompiler.analyze(source: source, file: "test.policy", schemas: schemas(for: source))
        guard let program = front.program, !front.diagnostics.contains(where: { $0.severity == .error }) else {
            return nil
        }
        return (program, Optimizer.optimize(program).0)
    }

    /// A policy with `body` after a header and a `tdx` input.
    static func tdx(_ body: String) -> String { "policy \"t\" version 1\ninput tdx: tdx\n" + body + "\n" }
}
