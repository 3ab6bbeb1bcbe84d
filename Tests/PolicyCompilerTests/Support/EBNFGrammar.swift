import TestSupport

/// A reader of the W3C EBNF notation used by `Grammar/policy.ebnf` and a random generator of
/// sentences from it. Productions named with a capital letter are lexical (their parts are
/// adjacent characters); the others are syntactic (their tokens are separated by text generated
/// from the grammar's `Space` production).
struct EBNFGrammar {
    indirect enum Node {
        case literal(String)
        case characters(negated: Bool, ranges: [ClosedRange<UInt32>])
        case reference(String)
        case sequence([Node])
        case choice([Node])
        case optional(Node)
        case zeroOrMore(Node)
        case oneOrMore(Node)
        case except(Node, Node)
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var rules: [String: Node] = [:]
    private(set) var order: [String] = []

    init(text: String) throws {
        var source = text
        while let open = source.range(of: "/*"),
            let close = source.range(of: "*/", range: open.upperBound..<source.endIndex)
        {
            source.removeSubrange(open.lowerBound..<close.upperBound)
        }
        var current: (String, String)?
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if let first = parts.first, first.first?.isLetter == true, line.contains("::="),
                line.trimmingPrefixSpaces.hasPrefix(String(first))
            {
                if let (name, body) = current { try add(name, body) }
                let split = line.components(separatedBy: "::=")
                current = (split[0].trimmingCharacters, split.dropFirst().joined(separator: "::="))
            } else if current != nil {
                current?.1 += " " + line
            }
        }
        if let (name, body) = current { try add(name, body) }
    }

    private mutating func add(_ name: String, _ body: String) throws {
        var parser = BodyParser(scalars: Array(body.unicodeScalars))
        let node = try parser.choice()
        parser.skipSpace()
        guard parser.position == parser.scalars.count else {
            throw ParseError(description: "\(name): unexpected text at \(parser.position)")
        }
        rules[name] = node
        order.append(name)
    }

    /// Every rule name that is referenced but not defined.
    var undefinedReferences: [String] {
        var missing: [String] = []
        func walk(_ n: Node) {
            switch n {
            case .reference(let r): if rules[r] == nil { missing.append(r) }
            case .sequence(let xs), .choice(let xs): xs.forEach(walk)
            case .optional(let x), .zeroOrMore(let x), .oneOrMore(let x): walk(x)
            case .except(let a, let b):
                walk(a)
                walk(b)
            default: break
            }
        }
        for name in order { rules[name].map(walk) }
        return missing
    }

    private struct BodyParser {
        let scalars: [Unicode.Scalar]
        var position = 0

        mutating func skipSpace() {
            while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
        }
        func peek() -> Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        mutating func choice() throws -> Node {
            var options = [try sequence()]
            skipSpace()
            while peek() == "|" {
                position += 1
                options.append(try sequence())
                skipSpace()
            }
            return options.count == 1 ? options[0] : .choice(options)
        }

        mutating func sequence() throws -> Node {
            var items: [Node] = []
            while true {
                skipSpace()
                guard let c = peek(), c != "|", c != ")" else { break }
                var item = try postfix()
                skipSpace()
                if peek() == "-" {
                    position += 1
                    item = .except(item, try postfix())
                }
                items.append(item)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func postfix() throws -> Node {
            var node = try primary()
            while let c = peek(), c == "?" || c == "*" || c == "+" {
                position += 1
                node = c == "?" ? .optional(node) : c == "*" ? .zeroOrMore(node) : .oneOrMore(node)
            }
            return node
        }

        mutating func hexCode() throws -> UInt32 {
            position += 2  // "#x"
            var digits = ""
            while let c = peek(), c.properties.isASCIIHexDigit {
                digits.unicodeScalars.append(c)
                position += 1
            }
            guard let value = UInt32(digits, radix: 16) else { throw ParseError(description: "bad #x at \(position)") }
            return value
        }

        mutating func primary() throws -> Node {
            skipSpace()
            guard let c = peek() else { throw ParseError(description: "unexpected end") }
            switch c {
            case "(":
                position += 1
                let inner = try choice()
                skipSpace()
                guard peek() == ")" else { throw ParseError(description: "missing ) at \(position)") }
                position += 1
                return inner
            case "'", "\"":
                position += 1
                var text = ""
                while let d = peek(), d != c {
                    text.unicodeScalars.append(d)
                    position += 1
                }
                position += 1
                return .literal(text)
            case "#":
                return .literal(String(Unicode.Scalar(try hexCode()) ?? " "))
            case "[":
                position += 1
                var negated = false
                if peek() == "^" {
                    negated = true
                    position += 1
                }
                var ranges: [ClosedRange<UInt32>] = []
                while let d = peek(), d != "]" {
                    let low: UInt32
                    if d == "#" {
                        low = try hexCode()
                    } else {
                        low = d.value
                        position += 1
                    }
                    if peek() == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                        position += 1
                        let high: UInt32
                        if peek() == "#" {
                            high = try hexCode()
                        } else {
                            high = peek()?.value ?? low
                            position += 1
                        }
                        ranges.append(low...high)
                    } else {
                        ranges.append(low...low)
                    }
                }
                position += 1
                return .characters(negated: negated, ranges: ranges)
            default:
                var name = ""
                while let d = peek(), d.properties.isAlphabetic || d.properties.numericType != nil || d == "_" {
                    name.unicodeScalars.append(d)
                    position += 1
                }
                guard !name.isEmpty else { throw ParseError(description: "unexpected `\(c)` at \(position)") }
                return .reference(name)
            }
        }
    }

    // MARK: Generation

    static func isLexical(_ name: String) -> Bool { name.first?.isUppercase == true }

    /// The smallest derivation depth of each rule (a fixpoint over the rules).
    func minimumDepths() -> [String: Int] {
        var depth: [String: Int] = [:]
        func of(_ n: Node) -> Int? {
            switch n {
            case .literal, .characters: return 0
            case .reference(let r): return depth[r].map { $0 + 1 }
            case .sequence(let xs):
                var m = 0
                for x in xs {
                    guard let d = of(x) else { return nil }
                    m = max(m, d)
                }
                return m
            case .choice(let xs): return xs.compactMap(of).min()
            case .optional, .zeroOrMore: return 0
            case .oneOrMore(let x): return of(x)
            case .except(let a, _): return of(a)
            }
        }
        var changed = true
        while changed {
            changed = false
            for name in order {
                if let d = rules[name].flatMap(of), depth[name].map({ d < $0 }) ?? true {
                    depth[name] = d
                    changed = true
                }
            }
        }
        return depth
    }

    /// A random sentence of `start`: syntactic tokens separated by generated `Space`.
    func sentence(_ start: String, maximumDepth: Int, rng: inout SplitMix64) -> String {
        var generator = Generator(grammar: self, depths: minimumDepths(), maximumDepth: maximumDepth, rng: rng)
        let tokens = generator.tokens(.reference(start), depth: 0)
        var text = ""
        for (i, token) in tokens.enumerated() {
            if i > 0 { text += generator.lexical(.reference("Space"), depth: 0) }
            text += token
        }
        rng = generator.rng
        return text
    }

    private struct Generator {
        let grammar: EBNFGrammar
        let depths: [String: Int]
        let maximumDepth: Int
        var rng: SplitMix64
        /// Tokens left before the generator only takes the shortest ways out.
        var budget = 400

        /// Past the depth limit or the size budget, every choice heads for the shortest derivation.
        func exhausted(_ depth: Int) -> Bool { depth > maximumDepth || budget <= 0 }

        func minimum(_ n: Node) -> Int {
            switch n {
            case .literal, .characters, .optional, .zeroOrMore: return 0
            case .reference(let r): return (depths[r] ?? 1000) + 1
            case .sequence(let xs): return xs.map(minimum).max() ?? 0
            case .choice(let xs): return xs.map(minimum).min() ?? 0
            case .oneOrMore(let x), .except(let x, _): return minimum(x)
            }
        }

        mutating func count(_ low: Int, depth: Int) -> Int {
            exhausted(depth) ? low : low + Int.random(in: 0...2, using: &rng)
        }

        mutating func pick(_ options: [Node], depth: Int) -> Node {
            if exhausted(depth) {
                let best = options.map(minimum).min() ?? 0
                let cheapest = options.filter { minimum($0) == best }
                return cheapest.randomElement(using: &rng) ?? options[0]
            }
            return options.randomElement(using: &rng) ?? options[0]
        }

        /// Tokens of a syntactic derivation.
        mutating func tokens(_ n: Node, depth: Int) -> [String] {
            switch n {
            case .literal(let s):
                budget -= 1
                return [s]
            case .reference(let r) where EBNFGrammar.isLexical(r):
                budget -= 1
                return [lexical(n, depth: depth)]
            case .reference(let r): return grammar.rules[r].map { tokens($0, depth: depth + 1) } ?? []
            case .sequence(let xs): return xs.flatMap { tokens($0, depth: depth) }
            case .choice(let xs): return tokens(pick(xs, depth: depth), depth: depth)
            case .optional(let x): return count(0, depth: depth) > 0 ? tokens(x, depth: depth) : []
            case .zeroOrMore(let x): return (0..<count(0, depth: depth)).flatMap { _ in tokens(x, depth: depth) }
            case .oneOrMore(let x): return (0..<count(1, depth: depth)).flatMap { _ in tokens(x, depth: depth) }
            case .characters, .except: return [lexical(n, depth: depth)]
            }
        }

        /// Text of a lexical derivation.
        mutating func lexical(_ n: Node, depth: Int) -> String {
            switch n {
            case .literal(let s): return s
            case .reference(let r): return grammar.rules[r].map { lexical($0, depth: depth + 1) } ?? ""
            case .sequence(let xs): return xs.map { lexical($0, depth: depth) }.joined()
            case .choice(let xs): return lexical(pick(xs, depth: depth), depth: depth)
            case .optional(let x): return Bool.random(using: &rng) ? lexical(x, depth: depth) : ""
            case .zeroOrMore(let x):
                return (0..<Int.random(in: 0...3, using: &rng)).map { _ in lexical(x, depth: depth) }.joined()
            case .oneOrMore(let x):
                return (0..<Int.random(in: 1...3, using: &rng)).map { _ in lexical(x, depth: depth) }.joined()
            case .characters(let negated, let ranges):
                let pool: [UInt32] =
                    negated
                    ? (0x20...0x7E).filter { c in !ranges.contains { $0.contains(c) } }
                    : ranges.flatMap { Array($0) }
                return String(Unicode.Scalar(pool.randomElement(using: &rng) ?? 0x61) ?? "a")
            case .except(let base, let excluded):
                let forbidden = finiteLanguage(excluded)
                for _ in 0..<50 {
                    let candidate = lexical(base, depth: depth)
                    if !forbidden.contains(candidate) { return candidate }
                }
                return "x"
            }
        }

        /// The strings of a production made only of literal alternatives (e.g. `Keyword`).
        func finiteLanguage(_ n: Node) -> Set<String> {
            switch n {
            case .literal(let s): return [s]
            case .reference(let r): return grammar.rules[r].map(finiteLanguage) ?? []
            case .choice(let xs): return xs.reduce(into: Set<String>()) { $0.formUnion(finiteLanguage($1)) }
            default: return []
            }
        }
    }
}

extension Substring {
    fileprivate var trimmingPrefixSpaces: Substring { drop { $0 == " " } }
}

extension String {
    fileprivate var trimmingCharacters: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
