/// Encodes a ``BytecodeModule`` as `.apb` bytes (`Grammar/BYTECODE.md`). The output depends
/// only on the module's contents, so the same policy always gives the same bytes.
public enum BytecodeWriter {
    /// The header size: magic, major, minor, section count, reserved.
    public static let headerSize = 12
    /// One directory entry: id u16, reserved u16, offset u32, length u32.
    public static let directoryEntrySize = 12

    /// The file bytes of `module`.
    public static func encode(_ module: BytecodeModule) -> [UInt8] {
        var sections: [(SectionID, [UInt8])] = [
            (.metadata, metadata(module.metadata)),
            (.inputs, inputs(module.inputs)),
            (.types, types(module.enums, module.records)),
            (.constants, constants(module.constants)),
            (.sets, sets(module.sets)),
            (.regexes, regexes(module.regexes)),
            (.params, params(module.params)),
            (.registers, registers(module.registers)),
            (.code, code(module.code)),
            (.checks, checks(module.checks)),
            (.rules, rules(module.rules)),
            (.trust, trusts(module.trusts)),
        ]
        if let debug = module.debug { sections.append((.debug, self.debug(debug))) }

        var out = BytecodeModule.magic
        ByteEncoding.append(BytecodeModule.formatMajor, to: &out)
        ByteEncoding.append(BytecodeModule.formatMinor, to: &out)
        ByteEncoding.append(UInt16(sections.count), to: &out)
        ByteEncoding.append(UInt16(0), to: &out)
        var offset = headerSize + directoryEntrySize * sections.count
        for (id, body) in sections {
            ByteEncoding.append(id.rawValue, to: &out)
            ByteEncoding.append(UInt16(0), to: &out)
            ByteEncoding.append(UInt32(truncatingIfNeeded: offset), to: &out)
            ByteEncoding.append(UInt32(truncatingIfNeeded: body.count), to: &out)
            offset += body.count
        }
        for (_, body) in sections { out += body }
        return out
    }

    private struct Sink {
        var bytes: [UInt8] = []
        mutating func u8(_ v: UInt8) { bytes.append(v) }
        mutating func u16(_ v: UInt16) { ByteEncoding.append(v, to: &bytes) }
        mutating func u32(_ v: UInt32) { ByteEncoding.append(v, to: &bytes) }
        mutating func count(_ n: Int) { u32(UInt32(truncatingIfNeeded: n)) }
        mutating func i64(_ v: Int64) { ByteEncoding.append(v, to: &bytes) }
        mutating func data(_ b: [UInt8]) {
            count(b.count)
            bytes += b
        }
        mutating func string(_ s: String) { data(Array(s.utf8)) }
        mutating func span(_ s: BytecodeModule.Span) {
            u32(s.line)
            u32(s.column)
            u32(s.endLine)
            u32(s.endColumn)
        }
        mutating func type(_ t: TypeDescriptor) {
            u8(t.kind.rawValue)
            switch t {
            case .bool, .int, .string, .time, .duration: break
            case .bytes(let length): u32(length)
            case .svn(let count): u16(count)
            case .enumeration(let id), .record(let id), .list(let id), .iterator(let id): u16(id)
            case .set(let element), .array(let element), .arrayIterator(let element): type(element)
            }
        }
    }

    private static func metadata(_ m: BytecodeModule.Metadata) -> [UInt8] {
        var s = Sink()
        s.string(m.name)
        s.i64(m.version)
        s.data(m.sourceDigest)
        return s.bytes
    }

    private static func inputs(_ inputs: [BytecodeModule.Input]) -> [UInt8] {
        var s = Sink()
        s.count(inputs.count)
        for input in inputs {
            s.string(input.name)
            s.string(input.kind)
            s.i64(input.schemaVersion)
            s.data(input.schemaFingerprint)
        }
        return s.bytes
    }

    private static func types(_ enums: [BytecodeModule.EnumType], _ records: [BytecodeModule.RecordType]) -> [UInt8] {
        var s = Sink()
        s.count(enums.count)
        for e in enums {
            s.string(e.name)
            s.count(e.cases.count)
            for name in e.cases { s.string(name) }
        }
        s.count(records.count)
        for r in records {
            s.string(r.name)
            s.count(r.fields.count)
            for field in r.fields {
                s.string(field.name)
                s.type(field.type)
            }
        }
        return s.bytes
    }

    private static func constants(_ constants: [BytecodeValue]) -> [UInt8] {
        var s = Sink()
        s.count(constants.count)
        for value in constants {
            s.u8(value.kind.rawValue)
            if case .enumeration(let id, _) = value { s.u16(id) }
            s.bytes += value.payload
        }
        return s.bytes
    }

    private static func sets(_ sets: [SetTable]) -> [UInt8] {
        var s = Sink()
        s.count(sets.count)
        for set in sets {
            s.type(set.elementType)
            switch set.layout {
            case .linear: s.u8(0)
            case .hashed: s.u8(1)
            }
            s.count(set.elements.count)
            for element in set.elements { s.bytes += element.payload }
            if case .hashed(let slots) = set.layout {
                s.count(slots.count)
                for slot in slots { s.u32(slot) }
            }
        }
        return s.bytes
    }

    private static func regexes(_ regexes: [RegexAutomaton]) -> [UInt8] {
        var s = Sink()
        s.count(regexes.count)
        for r in regexes {
            s.string(r.pattern)
            s.u16(UInt16(truncatingIfNeeded: r.classCount))
            s.bytes += r.classMap
            s.u16(r.start)
            s.count(r.stateCount)
            s.bytes += r.stateFlags
            for t in r.transitions { s.u16(t) }
        }
        return s.bytes
    }

    private static func params(_ params: [BytecodeModule.Param]) -> [UInt8] {
        var s = Sink()
        s.count(params.count)
        for p in params {
            s.string(p.name)
            s.type(p.type)
        }
        return s.bytes
    }

    private static func registers(_ registers: [TypeDescriptor]) -> [UInt8] {
        var s = Sink()
        s.count(registers.count)
        for r in registers { s.type(r) }
        return s.bytes
    }

    private static func code(_ code: [Instruction]) -> [UInt8] {
        var s = Sink()
        s.count(code.count)
        for instruction in code { s.bytes += instruction.encoded }
        return s.bytes
    }

    private static func checks(_ checks: [BytecodeModule.Check]) -> [UInt8] {
        var s = Sink()
        s.count(checks.count)
        for c in checks {
            s.string(c.name)
            s.string(c.message)
            s.span(c.span)
            s.u8(c.flags.rawValue)
            s.u32(c.codeStart)
            s.u32(c.codeEnd)
        }
        return s.bytes
    }

    private static func rules(_ rules: [BytecodeModule.Rule]) -> [UInt8] {
        var s = Sink()
        s.count(rules.count)
        for r in rules {
            s.u8(r.kind.rawValue)
            s.string(r.message)
            s.span(r.span)
        }
        return s.bytes
    }

    private static func trusts(_ trusts: [BytecodeModule.Trust]) -> [UInt8] {
        var s = Sink()
        s.count(trusts.count)
        for t in trusts {
            s.u8(t.claim.rawValue)
            s.span(t.span)
            s.count(t.branches.count)
            for branch in t.branches {
                s.u8(branch.tier.rawValue)
                s.span(branch.span)
            }
        }
        return s.bytes
    }

    private static func debug(_ d: BytecodeModule.DebugInfo) -> [UInt8] {
        var s = Sink()
        s.string(d.fileName)
        s.string(d.source)
        s.count(d.lineTable.count)
        for span in d.lineTable { s.span(span) }
        s.count(d.sites.count)
        for site in d.sites {
            s.u32(site.instruction)
            s.u16(site.check)
            s.u8(site.actual.rawValue)
            s.span(site.span)
            s.string(site.text)
        }
        return s.bytes
    }
}
