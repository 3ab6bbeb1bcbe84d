import Foundation
import TestSupport
import Testing

@testable import PolicyCompiler

@Suite("Lexer and parser")
struct ParserTests {
    @Test func tokenizesLiteralsAndKeepsComments() {
        let out = Lexer.tokenize(
            "const x = 0xAB12 h\"0a 1b\" t\"2026-01-01T00:00:00Z\" 30d 12h 90s 42 \"s\\\"q\" // note\n", file: "f")
        let kinds = out.tokens.map(\.kind)
        #expect(
            kinds == [
                .keyword(.const), .identifier, .punctuation(.assign), .hexBytes, .hexString, .time, .duration,
                .duration,
                .duration, .integer, .string, .endOfFile,
            ])
        #expect(out.comments.map(\.text) == ["// note"])
        #expect(out.comments[0].isTrailing)
        #expect(out.diagnostics.isEmpty)
    }

    @Test func lexerReportsBadTokensAndGoesOn() {
        let out = Lexer.tokenize("0xABC 30days \"open\n@ h\"0a 1\" x && y", file: "f")
        let messages = out.diagnostics.map(\.message)
        #expect(messages.count == 6)
        #expect(messages[0] == "odd number of hex digits in `0xABC`")
        #expect(messages[1] == "unknown duration unit `days` in `30days`")
        #expect(messages[2] == "unterminated string")
        #expect(messages[3] == "unexpected character `@`")
        #expect(messages[4] == "malformed hex string")
        #expect(messages[5] == "unexpected `&&`")
        #expect(out.tokens.last?.kind == .endOfFile)
    }

    @Test func precedenceFollowsTheGrammar() throws {
        let parsed = Parser.parse("policy \"p\" version 1\nlet x = not a == b and c or d + e - f in s", file: "f")
        #expect(parsed.diagnostics.isEmpty)
        guard case .let(_, let value) = parsed.syntax.declarations[0].kind else {
            Issue.record("expected a let")
            return
        }
        #expect(ExpressionPrinter.text(value) == "not a == b and c or d + e - f in s")
        guard case .chain(.or, let operands) = value.kind, case .chain(.and, let conj) = operands[0].kind,
            case .unary(.not, let negated) = conj[0].kind, case .binary(.equal, _, _) = negated.kind,
            case .binary(.in, let sum, _) = operands[1].kind, case .binary(.minus, _, _) = sum.kind
        else {
            Issue.record("unexpected tree")
            return
        }
    }

    @Test func quantifierBodyExtendsToTheEndAndNeedsParenthesesInside() {
        let ok = Parser.parse("policy \"p\" version 1\ncheck k \"m\": any e in l: e.a and e.b\nallow if k", file: "f")
        #expect(ok.diagnostics.isEmpty)
        let bad = Parser.parse("policy \"p\" version 1\ncheck k \"m\": x and any e in l: e.a\nallow if k", file: "f")
        #expect(bad.diagnostics.map(\.message) == ["`any` here needs parentheses"])
        let fixed = Parser.parse(
            "policy \"p\" version 1\ncheck k \"m\": x and (any e in l: e.a)\nallow if k", file: "f")
        #expect(fixed.diagnostics.isEmpty)
    }

    @Test func recoversAtEachDeclaration() {
        let source = """
            policy "p" version 1
            check a "m" x
            check b "m": (1 +
            const c = 3 3
            check d "m": x == = 4
            allow if d
            """
        let parsed = Parser.parse(source, file: "f")
        // Line 4 has two errors (`const` ends the open `(1 +`, then a stray `3`); one is reported.
        #expect(parsed.diagnostics.map(\.span.line) == [2, 4, 5])
        #expect(parsed.syntax.declarations.count == 2)  // `const c = 3` parses; so does `allow`
    }

    @Test func missingHeaderAndDuplicateHeaderAreReported() {
        #expect(
            Parser.parse("check a \"m\": x", file: "f").diagnostics.first?.message.hasPrefix("a policy starts with")
                == true)
        let twice = Parser.parse("policy \"a\" version 1\npolicy \"b\" version 2", file: "f")
        #expect(twice.diagnostics.map(\.message) == ["a policy has one `policy` header, at its start"])
    }

    @Test func deepNestingIsADiagnosticNotACrash() {
        let deep =
            "policy \"p\" version 1\nlet x = " + String(repeating: "(", count: 5000) + "1"
            + String(repeating: ")", count: 5000) + "\nlet y = " + String(repeating: "not ", count: 5000) + "true"
            + "\nlet z = " + String(repeating: "-", count: 5000) + "1"
            + "\nlet w = a" + String(repeating: ".b[0]", count: 5000)
            + "\nlet v = 1" + String(repeating: " + 1", count: 5000)
        let parsed = Parser.parse(deep, file: "f")
        #expect(parsed.diagnostics.filter { $0.code == .nestingTooDeep }.count == 5)
    }

    @Test func longFlatChainsDoNotNest() {
        let terms = (0..<3000).map { "c\($0)" }.joined(separator: " and ")
        let parsed = Parser.parse("policy \"p\" version 1\nallow if " + terms, file: "f")
        #expect(parsed.diagnostics.isEmpty)
    }

    /// Random bytes, random tokens and mutated examples: diagnostics, never a trap or a hang.
    @Test func neverTrapsOnArbitraryInput() throws {
        var rng = SplitMix64(seed: 0x5EED)
        let examples = try PolicyFixtures.corpusPolicies.map(PolicyFixtures.text)
        let fragments = [
            "policy", "\"x\"", "version", "1", "input", "param", "const", "let", "check", "trust", "allow", "deny",
            "if",
            "else", "and", "or", "not", "in", "any", "all", "count", "(", ")", "[", "]", "{", "}", ",", ":", ".", "=",
            "==", "<", ">=", "+", "-", "tdx", "svn", "0x", "h\"", "t\"", "\"", "//", "\n", "e", "30d", "set<",
            "bytes48",
        ]
        for round in 0..<1500 {
            var text: String
            switch round % 3 {
            case 0:
                let bytes = (0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng)
                }
                text = String(decoding: bytes, as: UTF8.self)
            case 1:
                text = (0..<Int.random(in: 0..<120, using: &rng)).map { _ in fragments.randomElement(using: &rng) ?? ""
                }
                .joined(separator: Bool.random(using: &rng) ? " " : "")
            default:
                var scalars = Array((examples.randomElement(using: &rng) ?? "").unicodeScalars)
                for _ in 0..<Int.random(in: 1...8, using: &rng) where !scalars.isEmpty {
                    let i = Int.random(in: 0..<scalars.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: scalars.remove(at: i)
                    case 1: scalars.insert(Unicode.Scalar(UInt8.random(in: 32...126, using: &rng)), at: i)
                    default: scalars[i] = ["(", ")", "\"", ":", "{", "\n"].randomElement(using: &rng) ?? " "
                    }
                }
                text = String(String.UnicodeScalarView(scalars))
            }
            _ = PolicyCompiler.compile(source: text, file: "fuzz.policy", schemas: TestSchemas.all)
            _ = Formatter.format(text, file: "fuzz.policy")
        }
    }
}
