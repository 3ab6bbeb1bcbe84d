import Foundation
import TestSupport
import Testing

@testable import PolicyCompiler

/// The grammar file is the language: thousands of random programs derived from
/// `Grammar/policy.ebnf` must all parse, and the formatter must be idempotent on them.
@Suite("Grammar-driven random programs")
struct GrammarGeneratorTests {
    static func grammar() throws -> EBNFGrammar {
        let text = String(
            decoding: try Data(contentsOf: CorpusFile.repositoryRoot.appendingPathComponent("Grammar/policy.ebnf")),
            as: UTF8.self)
        return try EBNFGrammar(text: text)
    }

    @Test func grammarIsCompleteAndStartsWithPolicy() throws {
        let g = try Self.grammar()
        #expect(g.order.first == "policy")
        #expect(g.undefinedReferences.isEmpty, "\(g.undefinedReferences)")
        for name in ["expression", "quantifier", "check", "trust", "TimeLiteral", "HexString", "Space"] {
            #expect(g.rules[name] != nil, "\(name)")
        }
    }

    @Test func everyGeneratedProgramParses() throws {
        let g = try Self.grammar()
        var rng = SplitMix64(seed: 0xEBF)
        var failures: [String] = []
        for round in 0..<3000 {
            let program = g.sentence("policy", maximumDepth: 12 + round % 20, rng: &rng)
            let parsed = Parser.parse(program, file: "generated.policy")
            if !parsed.diagnostics.isEmpty, failures.count < 3 {
                failures.append(program + "\n--> " + parsed.diagnostics.map(\.message).joined(separator: "; "))
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n\n"))")
    }

    @Test func formattingGeneratedProgramsIsIdempotent() throws {
        let g = try Self.grammar()
        var rng = SplitMix64(seed: 0xF0F)
        for _ in 0..<600 {
            let program = g.sentence("policy", maximumDepth: 22, rng: &rng)
            guard case .success(let once) = Formatter.format(program, file: "g.policy") else {
                Issue.record("does not format:\n\(program)")
                return
            }
            let twice = try Formatter.format(once, file: "g.policy").get()
            #expect(once == twice, "\(program)")
            let sameTree = Parser.parse(once, file: "g.policy")
            #expect(sameTree.diagnostics.isEmpty)
            #expect(
                sameTree.syntax.declarations.count == Parser.parse(program, file: "g.policy").syntax.declarations.count)
        }
    }
}
