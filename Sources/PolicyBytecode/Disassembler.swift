import Evidence

/// Turns a ``BytecodeModule`` into a readable listing (`policyc disasm`): the tables, then one
/// line per instruction with its operands decoded, and the source line each run of
/// instructions came from (when the module has debug information).
public enum Disassembler {
    /// The listing of `module`. `claimName` names a claim slot of an input (the compiler and
    /// `policyc` pass one backed by the claim schema); without it slots print as numbers.
    public static func listing(
        _ module: BytecodeModule, claimName: ((_ input: Int, _ slot: Int) -> String?)? = nil
    ) -> String {
        var out: [String] = []
        let m = module.metadata
        out.append("; Appraise bytecode \(BytecodeModule.formatMajor).\(BytecodeModule.formatMinor)")
        out.append("; policy \"\(m.name)\" version \(m.version)")
        var sourceLine = "; source sha256 \(Hex.encode(m.sourceDigest))"
        if let debug = module.debug { sourceLine += " (\(debug.fileName))" }
        out.append(sourceLine)
        for (i, input) in module.inputs.enumerated() {
            out.append(
                "; input \(i) \(input.name): \(input.kind) (schema v\(input.schemaVersion), "
                    + "fingerprint \(Hex.encode(Array(input.schemaFingerprint.prefix(8)))))")
        }
        for (i, e) in module.enums.enumerated() {
            out.append("; enum#\(i) \(e.name) {\(e.cases.joined(separator: ", "))}")
        }
        for (i, r) in module.records.enumerated() {
            let fields = r.fields.map { "\($0.name): \(typeName($0.type, module))" }.joined(separator: ", ")
            out.append("; record#\(i) \(r.name) {\(fields)}")
        }
        for (i, p) in module.params.enumerated() { out.append("; param p\(i) \(p.name): \(typeName(p.type, module))") }
        for (i, k) in module.constants.enumerated() { out.append("; const k\(i) = \(valueText(k, module))") }
        for (i, s) in module.sets.enumerated() {
            let layout: String
            switch s.layout {
            case .linear: layout = "linear"
            case .hashed(let slots): layout = "hashed, \(slots.count) slots"
            }
            let shown = s.elements.prefix(4).map { valueText($0, module) }.joined(separator: ", ")
            let more = s.elements.count > 4 ? ", … \(s.elements.count - 4) more" : ""
            out.append(
                "; set s\(i): set<\(typeName(s.elementType, module))> {\(shown)\(more)} (\(s.elements.count), \(layout))"
            )
        }
        for (i, r) in module.regexes.enumerated() {
            out.append("; regex x\(i) \"\(r.pattern)\" (\(r.stateCount) states, \(r.classCount) byte classes)")
        }
        for (i, c) in module.checks.enumerated() {
            let flags = c.flags.contains(.decisive) ? " decisive" : ""
            out.append(
                "; check c\(i) \(c.name) \"\(c.message)\" at \(c.span)\(flags) code \(c.codeStart)..<\(c.codeEnd)")
        }
        for (i, r) in module.rules.enumerated() {
            out.append(
                r.kind == .allow
                    ? "; rule \(i) allow at \(r.span)" : "; rule \(i) deny \"\(r.message)\" at \(r.span)")
        }
        for (i, t) in module.trusts.enumerated() {
            let tiers = t.branches.map(\.tier.description).joined(separator: " / ")
            out.append("; trust t\(i) \(t.claim) = \(tiers)")
        }
        let registers = module.registers.enumerated().map { "r\($0.offset) \(typeName($0.element, module))" }
        out.append("; registers (\(registers.count)): \(registers.joined(separator: ", "))")
        out.append("")

        let sourceLines = module.debug.map { $0.source.split(separator: "\n", omittingEmptySubsequences: false) }
        var lastLine: UInt32 = 0
        let width = max(4, String(module.code.count).count)
        for (pc, instruction) in module.code.enumerated() {
            if let debug = module.debug, pc < debug.lineTable.count {
                let line = debug.lineTable[pc].line
                if line != lastLine, line > 0, let sourceLines, Int(line) <= sourceLines.count {
                    out.append("        ; \(line) | \(sourceLines[Int(line) - 1].trimmingTrailingWhitespace)")
                    lastLine = line
                }
            }
            let number = String(pc)
            let padded = String(repeating: "0", count: max(0, width - number.count)) + number
            let (mnemonic, operands, comment) = describe(instruction, at: pc, module, claimName)
            var line = "  \(padded)  \(mnemonic.padded(to: 14))\(operands)"
            if !comment.isEmpty { line = line.padded(to: 48) + "; " + comment }
            out.append(line.trimmingTrailingWhitespace)
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static func typeName(_ type: TypeDescriptor, _ module: BytecodeModule) -> String {
        switch type {
        case .enumeration(let id): return Int(id) < module.enums.count ? module.enums[Int(id)].name : type.description
        case .record(let id): return Int(id) < module.records.count ? module.records[Int(id)].name : type.description
        case .list(let id):
            return Int(id) < module.records.count ? "list<\(module.records[Int(id)].name)>" : type.description
        case .iterator(let id):
            return Int(id) < module.records.count ? "iter<\(module.records[Int(id)].name)>" : type.description
        case .set(let element): return "set<\(typeName(element, module))>"
        case .array(let element): return "array<\(typeName(element, module))>"
        case .arrayIterator(let element): return "iter<\(typeName(element, module))>"
        default: return type.description
        }
    }

    public static func valueText(_ value: BytecodeValue, _ module: BytecodeModule) -> String {
        switch value {
        case .enumeration(let id, let index):
            if Int(id) < module.enums.count, Int(index) < module.enums[Int(id)].cases.count {
                return module.enums[Int(id)].cases[Int(index)]
            }
            return value.description
        case .time(let seconds): return "t\"\(Timestamp(secondsSinceEpoch: seconds).rfc3339)\""
        default: return value.description
        }
    }

    private static func describe(
        _ i: Instruction, at pc: Int, _ module: BytecodeModule, _ claimName: ((Int, Int) -> String?)?
    ) -> (String, String, String) {
        func r(_ n: UInt16) -> String { "r\(n)" }
        func kindName(_ x: UInt8) -> String { ValueKind(rawValue: x)?.description ?? "kind\(x)" }
        func target() -> String {
            let t = i.target(at: pc) ?? 0
            return String(t)
        }
        switch i.opcode {
        case .loadConst:
            let value = Int(i.b) < module.constants.count ? valueText(module.constants[Int(i.b)], module) : "?"
            return ("loadk", "\(r(i.a)), k\(i.b)", value)
        case .loadBool: return ("loadb", "\(r(i.a)), \(i.x == 0 ? "false" : "true")", "")
        case .loadClaim:
            let name = claimName?(Int(i.x), Int(i.b))
            let inputName = Int(i.x) < module.inputs.count ? module.inputs[Int(i.x)].name : "in\(i.x)"
            return ("claim", "\(r(i.a)), \(inputName)#\(i.b)", name ?? "")
        case .loadParam:
            let name = Int(i.b) < module.params.count ? module.params[Int(i.b)].name : ""
            return ("param", "\(r(i.a)), p\(i.b)", name)
        case .loadNow: return ("now", r(i.a), "")
        case .loadCheck:
            let name = Int(i.b) < module.checks.count ? module.checks[Int(i.b)].name : ""
            return ("getcheck", "\(r(i.a)), c\(i.b)", name)
        case .move, .not, .hex, .iterElem: return (i.opcode.description, "\(r(i.a)), \(r(i.b))", "")
        case .and, .or, .inArray: return (i.opcode.description, "\(r(i.a)), \(r(i.b)), \(r(i.c))", "")
        case .jump: return ("jmp", "→ \(target())", "")
        case .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue:
            return (i.opcode.description, "\(r(i.a)), → \(target())", "")
        case .taint, .countIf: return (i.opcode.description, "\(r(i.a)), \(r(i.b))", "")
        case .eq, .ne, .lt, .le, .gt, .ge, .startsWith, .index:
            return ("\(i.opcode).\(kindName(i.x))", "\(r(i.a)), \(r(i.b)), \(r(i.c))", "")
        case .inSet: return ("inset", "\(r(i.a)), \(r(i.b)), s\(i.c)", "")
        case .inParam:
            let name = Int(i.c) < module.params.count ? module.params[Int(i.c)].name : ""
            return ("inparam", "\(r(i.a)), \(r(i.b)), p\(i.c)", name)
        case .add, .sub:
            let form: String
            switch ArithmeticForm(rawValue: i.x) {
            case .int: form = "int"
            case .timeDuration: form = "time"
            case .duration: form = "dur"
            case .timeDifference: form = "tdiff"
            case nil: form = "form\(i.x)"
            }
            return ("\(i.opcode).\(form)", "\(r(i.a)), \(r(i.b)), \(r(i.c))", "")
        case .neg, .len: return ("\(i.opcode).\(kindName(i.x))", "\(r(i.a)), \(r(i.b))", "")
        case .matches:
            let pattern = Int(i.c) < module.regexes.count ? "\"\(module.regexes[Int(i.c)].pattern)\"" : ""
            return ("matches", "\(r(i.a)), \(r(i.b)), x\(i.c)", pattern)
        case .field:
            return ("field", "\(r(i.a)), \(r(i.b)), .\(i.c)", fieldName(i, module))
        case .iterBegin: return ("iter", "\(r(i.a)), \(r(i.b)), → \(target())", "")
        case .iterNext: return ("next", "\(r(i.a)), ↑ \(target())", "")
        case .check:
            let name = Int(i.b) < module.checks.count ? module.checks[Int(i.b)].name : ""
            let decisive = CheckFlags(rawValue: i.x).contains(.decisive) ? " decisive" : ""
            return ("check", "\(r(i.a)), c\(i.b)", name + decisive)
        case .rule:
            let kind = Int(i.b) < module.rules.count ? (module.rules[Int(i.b)].kind == .allow ? "allow" : "deny") : ""
            return ("rule", "\(r(i.a)), \(i.b)", kind)
        case .trust:
            guard Int(i.b) < module.trusts.count else { return ("trust", "t\(i.b), \(i.x)", "") }
            let entry = module.trusts[Int(i.b)]
            let tier = Int(i.x) < entry.branches.count ? entry.branches[Int(i.x)].tier.description : "?"
            return ("trust", "t\(i.b), \(i.x)", "\(entry.claim) = \(tier)")
        }
    }

    private static func fieldName(_ i: Instruction, _ module: BytecodeModule) -> String {
        guard Int(i.b) < module.registers.count, case .record(let id) = module.registers[Int(i.b)],
            Int(id) < module.records.count, Int(i.c) < module.records[Int(id)].fields.count
        else { return "" }
        return module.records[Int(id)].fields[Int(i.c)].name
    }
}

extension String {
    fileprivate func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

extension Substring {
    fileprivate var trimmingTrailingWhitespace: String {
        var s = self
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
        return String(s)
    }
}

extension String {
    fileprivate var trimmingTrailingWhitespace: String { Substring(self).trimmingTrailingWhitespace }
}
