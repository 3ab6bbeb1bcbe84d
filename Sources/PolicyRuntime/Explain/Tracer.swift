import PolicyBytecode

/// One explanation fact: a comparison, a bool claim or a missing value that made some boolean
/// what it is. The tracer attaches facts to registers as the evaluation runs and follows them
/// through `not`, `and`, `or`, moves, loops and checks, so a failed check ends up holding the fact
/// that decided it.
struct Fact {
    enum Shape {
        /// `eq`…`ge` with the operator as seen from the evidence side.
        case compare(Opcode, svn: Bool)
        /// Membership in a constant set or a set param (`of` names the param).
        case member(count: Int, of: String?, listed: String?)
        /// `value in array`; `arrayIsActual` when the array is the evidence side.
        case arrayMember(arrayIsActual: Bool)
        case startsWith
        case matches(pattern: String)
        /// A bool claim (or element field) read directly.
        case boolean
        /// A value the evidence lacks (claim absent, field absent, index out of range).
        case missing
        /// `any` over a list where no element satisfied the body.
        case noElement(count: Int, quantifier: String)
    }

    var shape: Shape
    /// How the evidence side is named: a claim path (`tdx.events[3].digest`) or the source text.
    var subject: String
    var actual: String
    var actualBrief: String
    var expected: String
    var expectedBrief: String
    /// The fact's own truth (the comparison's result).
    var result: Truth
    /// The comparison as written in the policy, when known.
    var text: String
    /// For svn order comparisons: the first component that breaks the order.
    var component: (index: Int, actual: Int64, expected: Int64)?
}

/// What the tracer knows about where a register's value came from.
struct Provenance {
    /// A claim-derived path (`tdx.tee_tcb_svn`, `tdx.events[3].digest`), when the value is the
    /// claim or a part of it.
    var path: String?
    /// The claim the value was computed from, for "claim … is missing".
    var root: String?
    /// A non-evidence name (a param), for the expected side.
    var name: String?
}

/// The explainer's ``ExecutionObserver``: follows provenance and facts through one evaluation.
struct Tracer: ExecutionObserver {
    let policy: LoadedPolicy
    let sites: [Int: BytecodeModule.ExplainSite]
    /// Loop ends by the position just after them (where `taint` closes a quantifier).
    let loopEndingBefore: [Int: (begin: Int, end: Int)]
    var provenance: [Int: Provenance] = [:]
    var reasons: [Int: Int] = [:]
    var facts: [Fact] = []
    var iteratorLists: [Int: Provenance] = [:]
    /// Per check: the fact its value carried when recorded, and the value.
    var checkFacts: [Int: (fact: Int?, value: VMValue)] = [:]
    private var pending: Fact?
    /// Whether the first operand of the `and`/`or` about to run was missing.
    private var firstOperandWasMissing = false

    init(policy: LoadedPolicy) {
        self.policy = policy
        var sites: [Int: BytecodeModule.ExplainSite] = [:]
        for site in policy.module.debug?.sites ?? [] { sites[Int(site.instruction)] = site }
        self.sites = sites
        var ends: [Int: (begin: Int, end: Int)] = [:]
        for loop in policy.loops { ends[loop.end + 1] = loop }
        self.loopEndingBefore = ends
    }

    private var module: BytecodeModule { policy.module }
    private func type(_ r: UInt16) -> TypeDescriptor { module.registers[Int(r)] }

    mutating func willExecute(_ pc: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, _ memory: VMMemory) {
        let i = module.code[pc]
        let text = ValueText(module: module, memory: memory)
        let site = sites[pc]
        let (b, c) = (Int(i.b), Int(i.c))
        switch i.opcode {
        case .eq, .ne, .lt, .le, .gt, .ge, .startsWith:
            // The evidence side: the site says; without debug information, the side with a path.
            let rightIsActual: Bool
            switch site?.actual {
            case .right?: rightIsActual = true
            case .left?, .neither?: rightIsActual = false
            case nil: rightIsActual = provenance[b]?.root == nil && provenance[c]?.root != nil
            }
            let (actualRegister, expectedRegister) = rightIsActual ? (i.c, i.b) : (i.b, i.c)
            var op = i.opcode
            if rightIsActual {
                switch op {
                case .lt: op = .gt
                case .le: op = .ge
                case .gt: op = .lt
                case .ge: op = .le
                default: break
                }
            }
            let actualValue = registers[Int(actualRegister)]
            let expectedValue = registers[Int(expectedRegister)]
            let isSvn = type(actualRegister).kind == .svn
            var fact = Fact(
                shape: i.opcode == .startsWith ? .startsWith : .compare(op, svn: isSvn),
                subject: subject(actualRegister, site: site, rightSide: rightIsActual),
                actual: text.render(actualValue, type(actualRegister)),
                actualBrief: text.brief(actualValue, type(actualRegister)),
                expected: text.render(expectedValue, type(expectedRegister)),
                expectedBrief: text.brief(expectedValue, type(expectedRegister)), result: .missing,
                text: site?.text ?? "", component: nil)
            if isSvn, actualValue.isPresent, expectedValue.isPresent, let p = memory.ints(actualValue),
                let q = memory.ints(expectedValue), p.count == q.count
            {
                for k in 0..<p.count {
                    let broken: Bool
                    switch op {
                    case .ge, .gt: broken = p[k] < q[k]
                    case .le, .lt: broken = p[k] > q[k]
                    default: broken = p[k] != q[k]
                    }
                    if broken {
                        fact.component = (k, p[k], q[k])
                        break
                    }
                }
            }
            if let name = provenance[Int(expectedRegister)]?.name { fact.expected += " (\(name))" }
            pending = fact
        case .inSet, .inParam:
            let value = registers[b]
            let (count, of, listed): (Int, String?, String?)
            if i.opcode == .inSet {
                let table = module.sets[c]
                let names = table.elements.prefix(5).map { Disassembler.valueText($0, module) }
                count = table.elements.count
                of = nil
                listed = count <= 4 ? "{" + names.joined(separator: ", ") + "}" : nil
            } else {
                count = policy.paramSets[c]?.elements.count ?? 0
                of = module.params[c].name
                listed = nil
            }
            pending = Fact(
                shape: .member(count: count, of: of, listed: listed),
                subject: subject(i.b, site: site, rightSide: false), actual: text.render(value, type(i.b)),
                actualBrief: text.brief(value, type(i.b)),
                expected: listed.map { "one of \($0)" }
                    ?? (count == 1 ? "the one value" : "one of the \(count) values") + (of.map { " of \($0)" } ?? ""),
                expectedBrief: "", result: .missing, text: site?.text ?? "", component: nil)
        case .inArray:
            let arrayIsActual = site.map { $0.actual == .right } ?? (provenance[c]?.root != nil)
            let (actualRegister, expectedRegister) = arrayIsActual ? (i.c, i.b) : (i.b, i.c)
            pending = Fact(
                shape: .arrayMember(arrayIsActual: arrayIsActual),
                subject: subject(actualRegister, site: site, rightSide: arrayIsActual),
                actual: text.render(registers[Int(actualRegister)], type(actualRegister)),
                actualBrief: text.brief(registers[Int(actualRegister)], type(actualRegister)),
                expected: text.render(registers[Int(expectedRegister)], type(expectedRegister)),
                expectedBrief: text.brief(registers[Int(expectedRegister)], type(expectedRegister)), result: .missing,
                text: site?.text ?? "", component: nil)
        case .matches:
            let pattern = module.regexes[c].pattern
            pending = Fact(
                shape: .matches(pattern: pattern), subject: subject(i.b, site: site, rightSide: false),
                actual: text.render(registers[b], .string), actualBrief: text.brief(registers[b], .string),
                expected: "matches \"\(pattern)\"", expectedBrief: "", result: .missing, text: site?.text ?? "",
                component: nil)
        case .and, .or:
            // Read before the instruction overwrites it (the destination is often `b`).
            firstOperandWasMissing = registers[b].isMissing
            pending = nil
        default:
            pending = nil
        }
    }

    mutating func didExecute(_ pc: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, _ memory: VMMemory) {
        let i = module.code[pc]
        let (a, b, c) = (Int(i.a), Int(i.b), Int(i.c))
        let result = registers[a]
        let text = ValueText(module: module, memory: memory)
        switch i.opcode {
        case .eq, .ne, .lt, .le, .gt, .ge, .startsWith, .inSet, .inParam, .inArray, .matches:
            provenance[a] = nil
            if result.isMissing {
                // A comparison with a missing operand: the operand's own fact says why.
                let operands = i.opcode == .inSet || i.opcode == .inParam || i.opcode == .matches ? [b] : [b, c]
                let missingOperand = operands.first { registers[$0].isMissing }
                reasons[a] = missingOperand.flatMap { reasons[$0] } ?? missingFact(missingOperand)
            } else if var fact = pending {
                fact.result = Truth(result)
                reasons[a] = add(fact)
            }
        case .loadClaim:
            let column = policy.columns[Int(policy.code[pc].n)]
            provenance[a] = Provenance(path: column.path, root: column.path, name: nil)
            reasons[a] = fact(for: a, registers, text, path: column.path)
        case .loadParam:
            provenance[a] = Provenance(path: nil, root: nil, name: module.params[b].name)
            reasons[a] = nil
        case .loadConst, .loadBool, .loadNow:
            provenance[a] = nil
            reasons[a] = nil
        case .loadCheck:
            provenance[a] = nil
            reasons[a] = checkFacts[b]?.fact
        case .move:
            provenance[a] = provenance[b]
            reasons[a] = reasons[b]
        case .not:
            provenance[a] = nil
            reasons[a] = reasons[b]
        case .and, .or:
            let (x, y) = (registers[b], registers[c])
            func decisive(_ v: VMValue) -> Bool {
                result.isMissing ? v.isMissing : v.isPresent && (v.word != 0) == (result.word != 0)
            }
            if result.isMissing, firstOperandWasMissing, let first = reasons[b] {
                // Both missing: name the first in source order (in a quantifier, the first
                // element missing the value; `b` is the accumulator).
                reasons[a] = first
            } else {
                // Prefer the operand evaluated last (the one that settled the short-circuit).
                reasons[a] = decisive(y) ? (reasons[c] ?? reasons[b]) : (decisive(x) ? reasons[b] : reasons[c])
            }
            provenance[a] = nil
        case .taint:
            if registers[b].isMissing {
                reasons[a] = reasons[b]
            } else if let loop = loopEndingBefore[pc], result.isPresent {
                closeQuantifier(loop, accumulator: a, list: b, registers)
            }
        case .field:
            let fieldName = fieldName(record: i.b, field: c)
            let path = provenance[b]?.path.map { "\($0).\(fieldName)" }
            provenance[a] = Provenance(path: path, root: provenance[b]?.root, name: nil)
            reasons[a] = fact(for: a, registers, text, path: path ?? fieldName)
        case .index:
            let position = registers[c]
            let path = provenance[b]?.path.map { position.isPresent ? "\($0)[\(position.word)]" : "\($0)[?]" }
            provenance[a] = Provenance(path: path, root: provenance[b]?.root, name: nil)
            reasons[a] =
                result.isMissing && registers[b].isPresent
                ? add(missing(path ?? "the element", detail: "index out of range"))
                : fact(for: a, registers, text, path: path ?? "")
            if result.isMissing, registers[b].isMissing { reasons[a] = reasons[b] }
        case .iterBegin:
            iteratorLists[a] = provenance[b]
        case .iterElem:
            let position = Int64(registers[b].iteratorPosition) - 1
            let list = iteratorLists[b]
            let path = list?.path.map { "\($0)[\(position)]" }
            provenance[a] = Provenance(path: path, root: list?.root, name: nil)
            reasons[a] = nil
        case .add, .sub, .neg, .len, .hex:
            let root = provenance[b]?.root ?? (i.opcode == .add || i.opcode == .sub ? provenance[c]?.root : nil)
            var path: String?
            if let inner = provenance[b]?.path, i.opcode == .len { path = "len(\(inner))" }
            if let inner = provenance[b]?.path, i.opcode == .hex { path = "hex(\(inner))" }
            provenance[a] = Provenance(path: path, root: root, name: nil)
            if result.isMissing {
                let missingOperand = [b, c].first {
                    registers[$0].isMissing && (i.opcode == .add || i.opcode == .sub || $0 == b)
                }
                reasons[a] =
                    missingOperand.flatMap { reasons[$0] } ?? add(missing(root ?? "the result", detail: "overflow"))
            } else {
                reasons[a] = nil
            }
        case .countIf:
            if result.isMissing { reasons[a] = reasons[b] ?? reasons[a] }
        case .check:
            checkFacts[b] = (reasons[a], registers[a])
        case .jump, .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue, .iterNext, .rule, .trust:
            break
        }
    }

    // MARK: Helpers

    private mutating func add(_ fact: Fact) -> Int {
        facts.append(fact)
        return facts.count - 1
    }

    private func missing(_ path: String, detail: String? = nil) -> Fact {
        Fact(
            shape: .missing, subject: path, actual: "missing", actualBrief: "missing", expected: detail ?? "present",
            expectedBrief: "", result: .missing, text: "", component: nil)
    }

    private mutating func missingFact(_ register: Int?) -> Int? {
        guard let register else { return nil }
        return add(missing(provenance[register]?.root ?? provenance[register]?.path ?? "a value"))
    }

    /// The fact a freshly read claim (or field, or element) carries: missing, or a bool's value.
    private mutating func fact(
        for register: Int, _ registers: UnsafeMutableBufferPointer<VMValue>, _ text: ValueText, path: String
    ) -> Int? {
        let value = registers[register]
        if value.isMissing { return add(missing(path)) }
        guard type(UInt16(register)) == .bool else { return nil }
        return add(
            Fact(
                shape: .boolean, subject: path, actual: text.render(value, .bool),
                actualBrief: text.render(value, .bool),
                expected: "", expectedBrief: "", result: Truth(value), text: "", component: nil))
    }

    private func fieldName(record: UInt16, field: Int) -> String {
        guard case .record(let id) = type(record), Int(id) < module.records.count,
            field < module.records[Int(id)].fields.count
        else { return "#\(field)" }
        return module.records[Int(id)].fields[field].name
    }

    /// After `any`/`all`/`count` over a list: for an `any` with no satisfying element, a fact
    /// naming the list; for `count`, the quantifier's text as the subject of later comparisons.
    private mutating func closeQuantifier(
        _ loop: (begin: Int, end: Int), accumulator a: Int, list b: Int,
        _ registers: UnsafeMutableBufferPointer<VMValue>
    ) {
        let quantifier = sourceText(of: loop.begin)
        let before = module.code[loop.end - 1].opcode
        let listPath = provenance[b]?.path ?? "the list"
        if before == .countIf {
            provenance[a] = Provenance(path: nil, root: provenance[b]?.root, name: nil)
            reasons[a] = nil
            return
        }
        if before == .jumpIfTrue, registers[a].isFalse {
            let count = Int(registers[b].count)
            reasons[a] = add(
                Fact(
                    shape: .noElement(count: count, quantifier: quantifier), subject: listPath,
                    actual: count == 0 ? "empty" : "\(count) element\(count == 1 ? "" : "s"), none matching",
                    actualBrief: "", expected: "an element where " + Self.body(of: quantifier),
                    expectedBrief: "", result: .false, text: quantifier, component: nil))
        }
    }

    /// The source text an instruction came from (its line-table span), or "".
    func sourceText(of pc: Int) -> String {
        guard let debug = module.debug, pc < debug.lineTable.count else { return "" }
        return Self.text(of: debug.lineTable[pc], in: debug.source)
    }

    static func text(of span: BytecodeModule.Span, in source: String) -> String {
        guard span.line > 0, span.line == span.endLine || span.endLine > span.line else { return "" }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard Int(span.line) <= lines.count, Int(span.endLine) <= lines.count else { return "" }
        var pieces: [Substring] = []
        for line in Int(span.line)...Int(span.endLine) {
            let scalars = Array(lines[line - 1].unicodeScalars)
            let from = line == Int(span.line) ? max(0, Int(span.column) - 1) : 0
            let to = line == Int(span.endLine) ? min(scalars.count, max(from, Int(span.endColumn) - 1)) : scalars.count
            guard from <= to else { return "" }
            var piece = ""
            piece.unicodeScalars.append(contentsOf: scalars[from..<to])
            pieces.append(Substring(piece.trimmingSpaces))
        }
        return pieces.joined(separator: " ")
    }

    /// The body of a quantifier's text (`any e in L: BODY` → `BODY`).
    static func body(of quantifier: String) -> String {
        guard let colon = quantifier.firstIndex(of: ":") else { return quantifier }
        return String(quantifier[quantifier.index(after: colon)...]).trimmingSpaces
    }

    /// How the evidence operand of a comparison is named: its claim path when it is a claim or
    /// part of one, otherwise its text in the comparison as written.
    private func subject(_ register: UInt16, site: BytecodeModule.ExplainSite?, rightSide: Bool) -> String {
        if let path = provenance[Int(register)]?.path { return path }
        if let site, let (left, right) = Self.operands(site.text) { return rightSide ? right : left }
        return provenance[Int(register)]?.root ?? "the value"
    }

    /// The two operands of a comparison's text: around the top-level binary operator, or the
    /// two arguments of `starts_with(…)`/`matches(…)`.
    static func operands(_ text: String) -> (String, String)? {
        let scalars = Array(text.unicodeScalars)
        var depth = 0
        var quoted = false
        var callArguments = false
        if text.hasPrefix("starts_with(") || text.hasPrefix("matches(") { callArguments = true }
        var i = 0
        while i < scalars.count {
            let ch = scalars[i]
            if quoted {
                if ch == "\\" { i += 1 } else if ch == "\"" { quoted = false }
            } else if ch == "\"" {
                quoted = true
            } else if "([{".unicodeScalars.contains(ch) {
                depth += 1
            } else if ")]}".unicodeScalars.contains(ch) {
                depth -= 1
            } else if callArguments, depth == 1, ch == "," {
                let open =
                    text.unicodeScalars.firstIndex(of: "(").map {
                        text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: $0)
                    } ?? 0
                return (
                    String(String.UnicodeScalarView(scalars[(open + 1)..<i])).trimmingSpaces,
                    String(String.UnicodeScalarView(scalars[(i + 1)..<(scalars.count - 1)])).trimmingSpaces
                )
            } else if !callArguments, depth == 0, ch == " " {
                for op in [" == ", " != ", " <= ", " >= ", " < ", " > ", " in "] {
                    let opScalars = Array(op.unicodeScalars)
                    if i + opScalars.count <= scalars.count, Array(scalars[i..<i + opScalars.count]) == opScalars {
                        return (
                            String(String.UnicodeScalarView(scalars[0..<i])),
                            String(String.UnicodeScalarView(scalars[(i + opScalars.count)...]))
                        )
                    }
                }
            }
            i += 1
        }
        return nil
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
        return String(s)
    }
}
