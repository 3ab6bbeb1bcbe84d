import PolicyBytecode
import Testing

@testable import PolicyCompiler

/// The regex automaton against answers worked out by hand (search semantics, `^`/`$` anchors).
@Suite("matches: regex to DFA")
struct RegexTests {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        try RegexCompiler.compile(pattern).get().matches(text.utf8)
    }

    @Test(arguments: [
        ("abc", "xxabcxx", true), ("abc", "ab", false), ("^abc", "abcd", true), ("^abc", "xabc", false),
        ("abc$", "xabc", true), ("abc$", "abcx", false), ("^$", "", true), ("^$", "a", false), ("", "anything", true),
        ("a|b", "xbx", true), ("^(a|b)+$", "abba", true), ("^(a|b)+$", "abca", false), ("colou?r", "color", true),
        ("colou?r", "colour", true), ("^a{2,3}$", "aa", true), ("^a{2,3}$", "aaaa", false), ("^a{2}$", "aa", true),
        ("^a{2,}$", "aaaaa", true), ("^\\d+\\.\\d+$", "3.14", true), ("^\\d+\\.\\d+$", "3x14", false),
        ("[^a-z]", "abc", false), ("[^a-z]", "abC", true), ("^[\\w-]+$", "rd-break_1", true), ("a.c", "a\nc", false),
        ("a.c", "abc", true), ("(^| )lockdown=(integrity|confidentiality)( |$)", "quiet lockdown=integrity", true),
        ("(^| )lockdown=(integrity|confidentiality)( |$)", "nolockdown=integrity", false), ("é", "café", true),
        ("\\x41", "A", true), ("a*?b", "aab", true), ("^(?:ab)*$", "abab", true),
    ])
    func matchesLikeAnRE(_ pattern: String, _ text: String, _ expected: Bool) throws {
        #expect(try matches(pattern, text) == expected, "\(pattern) on \(text)")
    }

    @Test(arguments: [
        ("(a)\\1", "backreferences"), ("a(?=b)", "lookaround"), ("\\bword", "word boundaries"),
        ("a{1000}", "above 100"),
        ("a**", "cannot follow another quantifier"), ("[é]", "non-ASCII"), ("(ab", "missing `)`"),
        ("ab)", "unbalanced"),
        ("*a", "nothing to repeat"), ("a++", "possessive"),
    ])
    func rejectsWhatNeedsBacktrackingOrIsMalformed(_ pattern: String, _ fragment: String) {
        guard case .failure(let failure) = RegexCompiler.compile(pattern) else {
            Issue.record("\(pattern) should be rejected")
            return
        }
        #expect(failure.message.contains(fragment), "\(failure.message)")
    }

    @Test func automatonIsWellFormedAndLinear() throws {
        let automaton = try RegexCompiler.compile("(a|b)*abb(a|b){5}").get()
        #expect(automaton.isWellFormed)
        #expect(automaton.stateCount < RegexCompiler.maximumStates)
        // Worst case for backtracking engines: linear here.
        let evil = try RegexCompiler.compile("^(a+)+$").get()
        #expect(!evil.matches(Array(repeating: UInt8(ascii: "a"), count: 100_000) + [UInt8(ascii: "b")]))
    }
}
