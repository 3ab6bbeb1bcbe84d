import PolicyBytecode

/// Compiles the pattern of `matches(s, "regex")` at compile time into a deterministic
/// automaton (``RegexAutomaton``): parse → Thompson NFA → subset construction over byte
/// classes. Matching is then linear in the input with no backtracking.
///
/// Supported (byte-oriented; non-ASCII text matches its UTF-8 bytes): literals, `.` (any byte
/// but `\n`), classes `[a-z_]` and `[^…]` over ASCII, escapes `\d \D \w \W \s \S \n \t \r \xHH`
/// and escaped punctuation, groups `( )` and `(?: )`, `|`, `* + ?` (a trailing `?` for lazy
/// forms is accepted: it does not change whether a string matches), `{n}`, `{n,}`, `{n,m}` with
/// n, m ≤ 100, and anchors `^`, `$`. Not supported (reported): backreferences, lookaround, word
/// boundaries, named groups, flags, possessive quantifiers, non-ASCII classes.
enum RegexCompiler {
    static let maximumStates = 2000
    static let maximumRepeat = 100

    struct Failure: Error {
        let message: String
    }

    /// The automaton for `pattern`, or a message saying what is unsupported.
    static func compile(_ pattern: String) -> Result<RegexAutomaton, Failure> {
        var parser = RegexParser(bytes: Array(pattern.utf8))
        let node: RegexNode
        do {
            node = try parser.parse()
        } catch {
            return .failure(error)
        }
        var nfa = NFA()
        let accept = nfa.add(.accept)
        let start = nfa.build(node, next: accept)
        return DFABuilder(nfa: nfa, start: start).build(pattern: pattern)
    }
}

/// A byte set as four 64-bit words.
struct ByteSet: Hashable {
    var words: [UInt64] = [0, 0, 0, 0]

    static func of(_ bytes: some Sequence<UInt8>) -> ByteSet {
        var s = ByteSet()
        for b in bytes { s.insert(b) }
        return s
    }

    mutating func insert(_ b: UInt8) { words[Int(b >> 6)] |= 1 << UInt64(b & 63) }
    func contains(_ b: UInt8) -> Bool { words[Int(b >> 6)] & (1 << UInt64(b & 63)) != 0 }
    var inverted: ByteSet { ByteSet(words: words.map { ~$0 }) }
    func union(_ other: ByteSet) -> ByteSet { ByteSet(words: zip(words, other.words).map { $0 | $1 }) }
}

indirect enum RegexNode {
    case bytes(ByteSet)
    case sequence([RegexNode])
    case alternatives([RegexNode])
    case repeated(RegexNode, minimum: Int, maximum: Int?)
    case start
    case end
}

struct RegexParser {
    let bytes: [UInt8]
    var position = 0
    var depth = 0

    private func fail(_ message: String) -> RegexCompiler.Failure { RegexCompiler.Failure(message: message) }
    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func parse() throws(RegexCompiler.Failure) -> RegexNode {
        let node = try alternatives()
        if position < bytes.count { throw fail("unbalanced `)` at offset \(position)") }
        return node
    }

    private mutating func alternatives() throws(RegexCompiler.Failure) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        guard depth < 64 else { throw fail("groups nested too deeply") }
        var options = [try sequence()]
        while current == UInt8(ascii: "|") {
            position += 1
            options.append(try sequence())
        }
        return options.count == 1 ? options[0] : .alternatives(options)
    }

    private mutating func sequence() throws(RegexCompiler.Failure) -> RegexNode {
        var items: [RegexNode] = []
        while let c = current, c != UInt8(ascii: "|"), c != UInt8(ascii: ")") {
            var atom = try self.atom()
            while let q = current {
                var minimum = 0
                var maximum: Int? = nil
                if q == UInt8(ascii: "*") {
                    position += 1
                } else if q == UInt8(ascii: "+") {
                    position += 1
                    minimum = 1
                } else if q == UInt8(ascii: "?") {
                    position += 1
                    maximum = 1
                } else if q == UInt8(ascii: "{"), let bounds = try counted() {
                    minimum = bounds.0
                    maximum = bounds.1
                } else {
                    break
                }
                if case .start = atom { throw fail("a quantifier cannot follow `^`") }
                if case .end = atom { throw fail("a quantifier cannot follow `$`") }
                atom = .repeated(atom, minimum: minimum, maximum: maximum)
                if current == UInt8(ascii: "?") { position += 1 }  // lazy: same language
                if current == UInt8(ascii: "+") { throw fail("possessive quantifiers are not supported") }
                if let next = current, next == UInt8(ascii: "*") || next == UInt8(ascii: "?") {
                    throw fail("a quantifier cannot follow another quantifier (offset \(position))")
                }
            }
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    /// `{n}`, `{n,}`, `{n,m}`; `nil` (and no input used) when `{` does not start one.
    private mutating func counted() throws(RegexCompiler.Failure) -> (Int, Int?)? {
        var p = position + 1
        func number() -> Int? {
            var value: Int?
            while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 {
                value = min((value ?? 0) * 10 + Int(bytes[p] - 0x30), 100_000)
                p += 1
            }
            return value
        }
        guard let lo = number() else { return nil }
        var hi: Int? = lo
        if p < bytes.count, bytes[p] == UInt8(ascii: ",") {
            p += 1
            hi = number()
        }
        guard p < bytes.count, bytes[p] == UInt8(ascii: "}") else { return nil }
        position = p + 1
        guard lo <= RegexCompiler.maximumRepeat, (hi ?? 0) <= RegexCompiler.maximumRepeat else {
            throw fail("repetition counts above \(RegexCompiler.maximumRepeat) are not supported")
        }
        if let hi, hi < lo { throw fail("`{\(lo),\(hi)}` has its bounds reversed") }
        return (lo, hi)
    }

    private mutating func atom() throws(RegexCompiler.Failure) -> RegexNode {
        guard let c = current else { throw fail("pattern ends unexpectedly") }
        position += 1
        switch c {
        case UInt8(ascii: "("):
            if current == UInt8(ascii: "?") {
                guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ":") else {
                    throw fail("lookaround, named groups and inline flags `(?…)` are not supported")
                }
                position += 2
            }
            let inner = try alternatives()
            guard current == UInt8(ascii: ")") else { throw fail("missing `)`") }
            position += 1
            return inner
        case UInt8(ascii: "["): return .bytes(try characterClass())
        case UInt8(ascii: "."): return .bytes(ByteSet.of([10]).inverted)
        case UInt8(ascii: "^"): return .start
        case UInt8(ascii: "$"): return .end
        case UInt8(ascii: "\\"): return .bytes(try escape(inClass: false))
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            throw fail("`\(Character(Unicode.Scalar(c)))` has nothing to repeat (offset \(position - 1))")
        default: return .bytes(ByteSet.of([c]))
        }
    }

    private mutating func escape(inClass: Bool) throws(RegexCompiler.Failure) -> ByteSet {
        guard let e = current else { throw fail("pattern ends with `\\`") }
        position += 1
        let digits = ByteSet.of(UInt8(ascii: "0")...UInt8(ascii: "9"))
        let word = digits.union(.of(UInt8(ascii: "a")...UInt8(ascii: "z"))).union(
            .of(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        )
        .union(.of([UInt8(ascii: "_")]))
        let space = ByteSet.of([0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D])
        switch e {
        case UInt8(ascii: "d"): return digits
        case UInt8(ascii: "D"): return digits.inverted
        case UInt8(ascii: "w"): return word
        case UInt8(ascii: "W"): return word.inverted
        case UInt8(ascii: "s"): return space
        case UInt8(ascii: "S"): return space.inverted
        case UInt8(ascii: "n"): return .of([0x0A])
        case UInt8(ascii: "t"): return .of([0x09])
        case UInt8(ascii: "r"): return .of([0x0D])
        case UInt8(ascii: "x"):
            guard position + 1 < bytes.count,
                let value = UInt8(String(decoding: bytes[position...position + 1], as: UTF8.self), radix: 16)
            else { throw fail("`\\x` needs two hex digits") }
            position += 2
            return .of([value])
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "A"), UInt8(ascii: "z"), UInt8(ascii: "Z"):
            throw fail(
                "`\\\(Character(Unicode.Scalar(e)))` (word boundaries and absolute anchors) is not supported; use `^` and `$`"
            )
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            throw fail("backreferences are not supported (they need backtracking)")
        default:
            let isPunctuation =
                e < 0x80 && !((e >= 0x30 && e <= 0x39) || (e >= 0x41 && e <= 0x5A) || (e >= 0x61 && e <= 0x7A))
            guard isPunctuation else { throw fail("unknown escape `\\\(Character(Unicode.Scalar(e)))`") }
            return .of([e])
        }
    }

    private mutating func characterClass() throws(RegexCompiler.Failure) -> ByteSet {
        var set = ByteSet()
        let negated = current == UInt8(ascii: "^")
        if negated { position += 1 }
        var first = true
        while true {
            guard let c = current else { throw fail("missing `]`") }
            if c == UInt8(ascii: "]"), !first { position += 1 }
            if c == UInt8(ascii: "]"), !first { break }
            first = false
            guard c < 0x80 else { throw fail("non-ASCII characters in `[…]` are not supported") }
            position += 1
            var low = c
            if c == UInt8(ascii: "\\") {
                let escaped = try escape(inClass: true)
                let members = (0...255).map(UInt8.init).filter(escaped.contains)
                if members.count != 1 {
                    set = set.union(escaped)
                    continue
                }
                low = members[0]
            }
            if current == UInt8(ascii: "-"), position + 1 < bytes.count, bytes[position + 1] != UInt8(ascii: "]") {
                position += 1
                guard var high = current, high < 0x80 else { throw fail("bad range in `[…]`") }
                position += 1
                if high == UInt8(ascii: "\\") {
                    let escaped = try escape(inClass: true)
                    let members = (0...255).map(UInt8.init).filter(escaped.contains)
                    guard members.count == 1 else { throw fail("a class escape cannot end a range") }
                    high = members[0]
                }
                guard low <= high else {
                    throw fail(
                        "range `\(Character(Unicode.Scalar(low)))-\(Character(Unicode.Scalar(high)))` is reversed")
                }
                set = set.union(.of(low...high))
            } else {
                set.insert(low)
            }
        }
        return negated ? set.inverted : set
    }
}

/// A Thompson NFA: each state is a byte test, a split, an epsilon move, an anchor or accept.
struct NFA {
    enum State {
        case byte(ByteSet, next: Int)
        case split(Int, Int)
        case epsilon(Int)
        case start(next: Int)
        case end(next: Int)
        case accept
    }

    var states: [State] = []

    mutating func add(_ state: State) -> Int {
        states.append(state)
        return states.count - 1
    }

    /// Builds `node` so that it continues to `next`; returns its entry state.
    mutating func build(_ node: RegexNode, next: Int) -> Int {
        switch node {
        case .bytes(let set): return add(.byte(set, next: next))
        case .start: return add(.start(next: next))
        case .end: return add(.end(next: next))
        case .sequence(let items):
            var entry = next
            for item in items.reversed() { entry = build(item, next: entry) }
            return entry
        case .alternatives(let options):
            var entry = build(options[options.count - 1], next: next)
            for option in options.dropLast().reversed() { entry = add(.split(build(option, next: next), entry)) }
            return entry
        case .repeated(let inner, let minimum, let maximum):
            var entry = next
            if let maximum {
                for _ in 0..<(maximum - minimum) {
                    let body = build(inner, next: entry)
                    entry = add(.split(body, next))
                }
            } else {
                let loop = add(.epsilon(next))
                let body = build(inner, next: loop)
                states[loop] = .split(body, next)
                entry = loop
            }
            for _ in 0..<minimum { entry = build(inner, next: entry) }
            return entry
        }
    }
}

/// Subset construction with search semantics: every step also restarts the NFA, so the
/// automaton finds a match starting anywhere.
struct DFABuilder {
    let nfa: NFA
    let start: Int

    private func closure(_ seeds: [Int], atStart: Bool, atEnd: Bool) -> [Int] {
        var seen = Set<Int>()
        var stack = seeds
        while let s = stack.popLast() {
            guard seen.insert(s).inserted else { continue }
            switch nfa.states[s] {
            case .split(let a, let b): stack += [a, b]
            case .epsilon(let n): stack.append(n)
            case .start(let n): if atStart { stack.append(n) }
            case .end(let n): if atEnd { stack.append(n) }
            case .byte, .accept: break
            }
        }
        return seen.sorted()
    }

    private func accepts(_ set: [Int]) -> Bool {
        set.contains { if case .accept = nfa.states[$0] { return true } else { return false } }
    }

    func build(pattern: String) -> Result<RegexAutomaton, RegexCompiler.Failure> {
        // Byte classes: bytes that every byte test treats alike share a class.
        var tests: [ByteSet] = []
        for state in nfa.states { if case .byte(let set, _) = state { tests.append(set) } }
        var classOf = [UInt8](repeating: 0, count: 256)
        var signatures: [[Bool]: UInt8] = [:]
        var representatives: [UInt8] = []
        for b in 0...255 {
            let signature = tests.map { $0.contains(UInt8(b)) } + [b == 10]
            if let known = signatures[signature] {
                classOf[b] = known
            } else {
                let id = UInt8(truncatingIfNeeded: representatives.count)
                signatures[signature] = id
                classOf[b] = id
                representatives.append(UInt8(b))
            }
        }
        struct Key: Hashable {
            let set: [Int]
            let isStart: Bool
        }
        let restart = closure([start], atStart: false, atEnd: false)
        let initial = Key(set: closure([start], atStart: true, atEnd: false), isStart: true)
        var ids: [Key: Int] = [initial: 0]
        var keys = [initial]
        var transitions: [UInt16] = []
        var flags: [UInt8] = []
        var index = 0
        while index < keys.count {
            let key = keys[index]
            index += 1
            var flag: UInt8 = 0
            if accepts(key.set) { flag |= RegexAutomaton.acceptAnywhere }
            if accepts(closure(key.set, atStart: key.isStart, atEnd: true)) { flag |= RegexAutomaton.acceptAtEnd }
            flags.append(flag)
            for representative in representatives {
                var moved: [Int] = []
                if flag & RegexAutomaton.acceptAnywhere == 0 {
                    for s in key.set {
                        if case .byte(let set, let next) = nfa.states[s], set.contains(representative) {
                            moved.append(next)
                        }
                    }
                }
                let nextSet =
                    flag & RegexAutomaton.acceptAnywhere != 0
                    ? key.set : Array(Set(closure(moved, atStart: false, atEnd: false) + restart)).sorted()
                let nextKey = Key(set: nextSet, isStart: false)
                if let known = ids[nextKey] {
                    transitions.append(UInt16(known))
                } else {
                    guard keys.count < RegexCompiler.maximumStates else {
                        return .failure(
                            .init(
                                message: "the pattern needs more than \(RegexCompiler.maximumStates) automaton states"))
                    }
                    ids[nextKey] = keys.count
                    transitions.append(UInt16(keys.count))
                    keys.append(nextKey)
                }
            }
        }
        return .success(
            RegexAutomaton(
                pattern: pattern, classMap: classOf, classCount: representatives.count, start: 0, stateFlags: flags,
                transitions: transitions))
    }
}
