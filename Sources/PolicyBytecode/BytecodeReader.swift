/// Parses `.apb` bytes into a ``BytecodeModule`` with every read bounds-checked: a malformed
/// file is a ``BytecodeError`` naming the section and offset, never a trap, and no count read
/// from the file allocates more than the bytes that remain could hold.
///
/// The reader checks structure: magic, major version, the section directory (in bounds, in
/// ascending id order, no overlap, required sections present), tags and UTF-8, set tables
/// (sorted unique elements, hash slots that find every element), regex tables, and that each
/// section is consumed exactly. Semantic verification of the code is the loader's job.
public enum BytecodeReader {
    /// Nesting limit for type descriptors (a set of a scalar is depth 2).
    static let maximumTypeDepth = 2

    /// Reads `bytes` as an `.apb` file.
    ///
    /// - Throws: ``BytecodeError``.
    public static func read(_ bytes: [UInt8]) throws(BytecodeError) -> BytecodeModule {
        var header = Cursor(bytes: bytes, start: 0, end: bytes.count, section: nil)
        let magic = try header.raw(4)
        guard magic == BytecodeModule.magic else {
            throw BytecodeError(.badMagic, section: nil, offset: 0, "not an Appraise bytecode file (magic \(magic))")
        }
        let major = try header.u16()
        _ = try header.u16()  // minor versions add only what older files never contain
        guard major == BytecodeModule.formatMajor else {
            throw BytecodeError(
                .unsupportedVersion, section: nil, offset: 4,
                "format version \(major) (this reader understands \(BytecodeModule.formatMajor))")
        }
        let count = Int(try header.u16())
        _ = try header.u16()
        var directory: [SectionID: (Int, Int)] = [:]
        var previousID = 0
        var previousEnd = BytecodeWriter.headerSize + BytecodeWriter.directoryEntrySize * count
        for _ in 0..<count {
            let entryOffset = header.position
            let rawID = try header.u16()
            _ = try header.u16()
            let offset = Int(try header.u32())
            let length = Int(try header.u32())
            guard let id = SectionID(rawValue: rawID) else {
                throw BytecodeError(
                    .malformedDirectory, section: nil, offset: entryOffset, "unknown section id \(rawID)")
            }
            guard Int(rawID) > previousID else {
                throw BytecodeError(
                    .malformedDirectory, section: id, offset: entryOffset, "sections out of order or repeated")
            }
            guard offset >= previousEnd, length <= bytes.count, offset <= bytes.count - length else {
                throw BytecodeError(
                    .malformedDirectory, section: id, offset: entryOffset,
                    "section bounds \(offset)+\(length) overlap or exceed the file (\(bytes.count) bytes)")
            }
            directory[id] = (offset, offset + length)
            previousID = Int(rawID)
            previousEnd = offset + length
        }
        if previousEnd != bytes.count {
            throw BytecodeError(.trailingBytes, section: nil, offset: previousEnd, "bytes after the last section")
        }
        for id in SectionID.allCases where id.isRequired && directory[id] == nil {
            throw BytecodeError(.missingSection, section: id, offset: header.position, "required section missing")
        }

        func cursor(_ id: SectionID) -> Cursor {
            let (start, end) = directory[id] ?? (0, 0)
            return Cursor(bytes: bytes, start: start, end: end, section: id)
        }

        var c = cursor(.metadata)
        let metadata = BytecodeModule.Metadata(name: try c.string(), version: try c.i64(), sourceDigest: try c.data())
        try c.finish()

        c = cursor(.inputs)
        var inputs: [BytecodeModule.Input] = []
        for _ in 0..<(try c.count(minimumElementSize: 20)) {
            inputs.append(
                .init(
                    name: try c.string(), kind: try c.string(), schemaVersion: try c.i64(),
                    schemaFingerprint: try c.data()))
        }
        try c.finish()

        c = cursor(.types)
        var enums: [BytecodeModule.EnumType] = []
        for _ in 0..<(try c.count(minimumElementSize: 8)) {
            let name = try c.string()
            var cases: [String] = []
            for _ in 0..<(try c.count(minimumElementSize: 4)) { cases.append(try c.string()) }
            enums.append(.init(name: name, cases: cases))
        }
        var records: [BytecodeModule.RecordType] = []
        for _ in 0..<(try c.count(minimumElementSize: 8)) {
            let name = try c.string()
            var fields: [BytecodeModule.RecordType.Field] = []
            for _ in 0..<(try c.count(minimumElementSize: 5)) {
                fields.append(.init(name: try c.string(), type: try c.type()))
            }
            records.append(.init(name: name, fields: fields))
        }
        try c.finish()

        c = cursor(.constants)
        var constants: [BytecodeValue] = []
        for _ in 0..<(try c.count(minimumElementSize: 2)) {
            let tagOffset = c.position
            let tag = try c.u8()
            guard let kind = ValueKind(rawValue: tag) else {
                throw c.error(.invalidValue, at: tagOffset, "unknown constant kind \(tag)")
            }
            let type: TypeDescriptor
            switch kind {
            case .enumeration: type = .enumeration(id: try c.u16())
            case .bool: type = .bool
            case .int: type = .int
            case .string: type = .string
            case .bytes: type = .bytes(length: 0)
            case .svn: type = .svn(count: 0)
            case .time: type = .time
            case .duration: type = .duration
            case .record, .list, .iterator, .set, .array, .arrayIterator:
                throw c.error(.invalidValue, at: tagOffset, "a constant cannot be of kind \(kind)")
            }
            constants.append(try c.value(type, anyLength: true))
        }
        try c.finish()

        c = cursor(.sets)
        var sets: [SetTable] = []
        for _ in 0..<(try c.count(minimumElementSize: 6)) {
            let start = c.position
            let elementType = try c.type()
            guard elementType.isScalar else {
                throw c.error(.invalidValue, at: start, "a set cannot hold \(elementType)")
            }
            let layoutTag = try c.u8()
            guard layoutTag <= 1 else {
                throw c.error(.invalidValue, at: c.position - 1, "unknown set layout \(layoutTag)")
            }
            var elements: [BytecodeValue] = []
            var previous: [UInt8]?
            for _ in 0..<(try c.count(minimumElementSize: 1)) {
                let elementOffset = c.position
                let value = try c.value(elementType, anyLength: false)
                let payload = value.payload
                if let previous, !previous.lexicographicallyPrecedes(payload) {
                    throw c.error(.invalidValue, at: elementOffset, "set elements not sorted and unique")
                }
                previous = payload
                elements.append(value)
            }
            var layout = SetTable.Layout.linear
            if layoutTag == 1 {
                let capacityOffset = c.position
                let capacity = try c.count(minimumElementSize: 4)
                guard capacity > elements.count, capacity & (capacity - 1) == 0 else {
                    throw c.error(
                        .invalidValue, at: capacityOffset,
                        "hash capacity \(capacity) is not a power of two above \(elements.count)")
                }
                var slots: [UInt32] = []
                var used = Set<UInt32>()
                for _ in 0..<capacity {
                    let slot = try c.u32()
                    if slot != SetTable.emptySlot {
                        guard Int(slot) < elements.count, used.insert(slot).inserted else {
                            throw c.error(
                                .invalidValue, at: c.position - 4, "hash slot \(slot) out of range or repeated")
                        }
                    }
                    slots.append(slot)
                }
                layout = .hashed(slots: slots)
            }
            let table = SetTable(elementType: elementType, sortedElements: elements, layout: layout)
            if case .hashed = layout, !elements.allSatisfy(table.contains) {
                throw c.error(.invalidValue, at: start, "hash table does not find every element")
            }
            sets.append(table)
        }
        try c.finish()

        c = cursor(.regexes)
        var regexes: [RegexAutomaton] = []
        for _ in 0..<(try c.count(minimumElementSize: 266)) {
            let start = c.position
            let pattern = try c.string()
            let classCount = Int(try c.u16())
            let classMap = try c.raw(256)
            let initial = try c.u16()
            let stateCount = try c.count(minimumElementSize: 1)
            let flags = try c.raw(stateCount)
            let (product, overflow) = stateCount.multipliedReportingOverflow(by: classCount)
            guard !overflow, product <= c.remaining / 2 else {
                throw c.error(.truncated, at: c.position, "transition table larger than the section")
            }
            var transitions: [UInt16] = []
            transitions.reserveCapacity(product)
            for _ in 0..<product { transitions.append(try c.u16()) }
            let automaton = RegexAutomaton(
                pattern: pattern, classMap: classMap, classCount: classCount, start: initial, stateFlags: flags,
                transitions: transitions)
            guard automaton.isWellFormed else {
                throw c.error(.invalidValue, at: start, "inconsistent regex automaton")
            }
            regexes.append(automaton)
        }
        try c.finish()

        c = cursor(.params)
        var params: [BytecodeModule.Param] = []
        for _ in 0..<(try c.count(minimumElementSize: 5)) {
            params.append(.init(name: try c.string(), type: try c.type()))
        }
        try c.finish()

        c = cursor(.registers)
        var registers: [TypeDescriptor] = []
        for _ in 0..<(try c.count(minimumElementSize: 1)) { registers.append(try c.type()) }
        try c.finish()

        c = cursor(.code)
        var code: [Instruction] = []
        for _ in 0..<(try c.count(minimumElementSize: Instruction.width)) {
            let at = c.position
            let raw = try c.u8()
            guard let opcode = Opcode(rawValue: raw) else {
                throw c.error(.invalidValue, at: at, "unknown opcode \(raw)")
            }
            code.append(Instruction(opcode, x: try c.u8(), a: try c.u16(), b: try c.u16(), c: try c.u16()))
        }
        try c.finish()

        c = cursor(.checks)
        var checks: [BytecodeModule.Check] = []
        for _ in 0..<(try c.count(minimumElementSize: 33)) {
            checks.append(
                .init(
                    name: try c.string(), message: try c.string(), span: try c.span(),
                    flags: CheckFlags(rawValue: try c.u8()), codeStart: try c.u32(), codeEnd: try c.u32()))
        }
        try c.finish()

        c = cursor(.rules)
        var rules: [BytecodeModule.Rule] = []
        for _ in 0..<(try c.count(minimumElementSize: 21)) {
            let at = c.position
            guard let kind = BytecodeModule.Rule.Kind(rawValue: try c.u8()) else {
                throw c.error(.invalidValue, at: at, "unknown rule kind")
            }
            rules.append(.init(kind: kind, message: try c.string(), span: try c.span()))
        }
        try c.finish()

        c = cursor(.trust)
        var trusts: [BytecodeModule.Trust] = []
        for _ in 0..<(try c.count(minimumElementSize: 21)) {
            let at = c.position
            guard let claim = TrustClaim(rawValue: try c.u8()) else {
                throw c.error(.invalidValue, at: at, "unknown trust claim")
            }
            let span = try c.span()
            var branches: [BytecodeModule.Trust.Branch] = []
            for _ in 0..<(try c.count(minimumElementSize: 17)) {
                let tierAt = c.position
                guard let tier = TrustTier(rawValue: try c.u8()) else {
                    throw c.error(.invalidValue, at: tierAt, "unknown trust tier")
                }
                branches.append(.init(tier: tier, span: try c.span()))
            }
            trusts.append(.init(claim: claim, branches: branches, span: span))
        }
        try c.finish()

        var debug: BytecodeModule.DebugInfo?
        if directory[.debug] != nil {
            c = cursor(.debug)
            let fileName = try c.string()
            let source = try c.string()
            let lineCountOffset = c.position
            var lineTable: [BytecodeModule.Span] = []
            for _ in 0..<(try c.count(minimumElementSize: 16)) { lineTable.append(try c.span()) }
            guard lineTable.count == code.count else {
                throw c.error(
                    .invalidValue, at: lineCountOffset,
                    "line table has \(lineTable.count) entries for \(code.count) instructions")
            }
            var sites: [BytecodeModule.ExplainSite] = []
            for _ in 0..<(try c.count(minimumElementSize: 27)) {
                let instruction = try c.u32()
                let check = try c.u16()
                let actualAt = c.position
                guard let actual = BytecodeModule.ExplainSite.Actual(rawValue: try c.u8()) else {
                    throw c.error(.invalidValue, at: actualAt, "unknown operand role")
                }
                sites.append(
                    .init(
                        instruction: instruction, check: check, actual: actual, span: try c.span(), text: try c.string()
                    ))
            }
            try c.finish()
            debug = .init(fileName: fileName, source: source, lineTable: lineTable, sites: sites)
        }

        return BytecodeModule(
            metadata: metadata, inputs: inputs, enums: enums, records: records, constants: constants, sets: sets,
            regexes: regexes, params: params, registers: registers, code: code, checks: checks, rules: rules,
            trusts: trusts, debug: debug)
    }

    /// A bounds-checked read position inside one section.
    struct Cursor {
        let bytes: [UInt8]
        let end: Int
        let section: SectionID?
        private(set) var position: Int

        init(bytes: [UInt8], start: Int, end: Int, section: SectionID?) {
            self.bytes = bytes
            self.position = start
            self.end = end
            self.section = section
        }

        var remaining: Int { end - position }

        func error(_ code: BytecodeError.Code, at offset: Int, _ detail: String) -> BytecodeError {
            BytecodeError(code, section: section, offset: offset, detail)
        }

        mutating func raw(_ count: Int) throws(BytecodeError) -> [UInt8] {
            guard count >= 0, count <= remaining else {
                throw error(.truncated, at: position, "needs \(count) bytes, \(remaining) remain")
            }
            let slice = Array(bytes[position..<position + count])
            position += count
            return slice
        }

        mutating func u8() throws(BytecodeError) -> UInt8 {
            guard remaining >= 1 else { throw error(.truncated, at: position, "needs 1 byte, none remain") }
            defer { position += 1 }
            return bytes[position]
        }

        /// A little-endian integer of `width` bytes, read in place (no copy: the loader reads
        /// every field of every instruction through here).
        private mutating func little(_ width: Int) throws(BytecodeError) -> UInt64 {
            guard width <= remaining else {
                throw error(.truncated, at: position, "needs \(width) bytes, \(remaining) remain")
            }
            var value: UInt64 = 0
            for k in 0..<width { value |= UInt64(bytes[position + k]) << UInt64(8 * k) }
            position += width
            return value
        }

        mutating func u16() throws(BytecodeError) -> UInt16 { UInt16(truncatingIfNeeded: try little(2)) }

        mutating func u32() throws(BytecodeError) -> UInt32 { UInt32(truncatingIfNeeded: try little(4)) }

        mutating func i64() throws(BytecodeError) -> Int64 { Int64(bitPattern: try little(8)) }

        /// A count of elements that each take at least `minimumElementSize` bytes; rejected
        /// when the rest of the section could not hold them.
        mutating func count(minimumElementSize: Int) throws(BytecodeError) -> Int {
            let at = position
            let value = Int(try u32())
            guard value <= remaining / max(minimumElementSize, 1) else {
                throw error(.truncated, at: at, "count \(value) exceeds what the section can hold")
            }
            return value
        }

        mutating func data() throws(BytecodeError) -> [UInt8] {
            try raw(try count(minimumElementSize: 1))
        }

        mutating func string() throws(BytecodeError) -> String {
            let at = position
            let utf8 = try data()
            guard let text = String(validating: utf8, as: UTF8.self) else {
                throw error(.invalidValue, at: at, "string is not valid UTF-8")
            }
            return text
        }

        mutating func span() throws(BytecodeError) -> BytecodeModule.Span {
            .init(line: try u32(), column: try u32(), endLine: try u32(), endColumn: try u32())
        }

        mutating func type(depth: Int = 1) throws(BytecodeError) -> TypeDescriptor {
            let at = position
            let tag = try u8()
            guard let kind = ValueKind(rawValue: tag) else {
                throw error(.invalidValue, at: at, "unknown type kind \(tag)")
            }
            switch kind {
            case .bool: return .bool
            case .int: return .int
            case .string: return .string
            case .time: return .time
            case .duration: return .duration
            case .bytes: return .bytes(length: try u32())
            case .svn: return .svn(count: try u16())
            case .enumeration: return .enumeration(id: try u16())
            case .record: return .record(id: try u16())
            case .list: return .list(id: try u16())
            case .iterator: return .iterator(id: try u16())
            case .set:
                guard depth < BytecodeReader.maximumTypeDepth else {
                    throw error(.limitExceeded, at: at, "type nested deeper than \(BytecodeReader.maximumTypeDepth)")
                }
                return .set(element: try type(depth: depth + 1))
            case .array, .arrayIterator:
                guard depth < BytecodeReader.maximumTypeDepth else {
                    throw error(.limitExceeded, at: at, "type nested deeper than \(BytecodeReader.maximumTypeDepth)")
                }
                let elementAt = position
                let element = try type(depth: depth + 1)
                guard element.isScalar else {
                    throw error(.invalidValue, at: elementAt, "an array cannot hold \(element)")
                }
                return kind == .array ? .array(element: element) : .arrayIterator(element: element)
            }
        }

        /// A value payload of `type`. With `anyLength`, bytes and svn take their length from the
        /// payload; otherwise a fixed length in `type` must match.
        mutating func value(_ type: TypeDescriptor, anyLength: Bool) throws(BytecodeError) -> BytecodeValue {
            let at = position
            switch type {
            case .bool:
                let b = try u8()
                guard b <= 1 else { throw error(.invalidValue, at: at, "bool byte \(b)") }
                return .bool(b == 1)
            case .int: return .int(try i64())
            case .time: return .time(try i64())
            case .duration: return .duration(try i64())
            case .string: return .string(try string())
            case .bytes(let length):
                let b = try data()
                guard anyLength || length == 0 || b.count == Int(length) else {
                    throw error(.invalidValue, at: at, "\(b.count) bytes in a bytes\(length) set")
                }
                return .bytes(b)
            case .svn(let count):
                let n = Int(try u16())
                guard anyLength || n == Int(count) else {
                    throw error(.invalidValue, at: at, "svn of \(n) components in an svn[\(count)] set")
                }
                guard n <= remaining / 8 else { throw error(.truncated, at: at, "svn of \(n) components") }
                var components: [Int64] = []
                for _ in 0..<n { components.append(try i64()) }
                return .svn(components)
            case .enumeration(let id): return .enumeration(id: id, caseIndex: try u16())
            case .record, .list, .iterator, .set, .array, .arrayIterator:
                throw error(.invalidValue, at: at, "no constant values of \(type)")
            }
        }

        func finish() throws(BytecodeError) {
            guard position == end else {
                throw error(.trailingBytes, at: position, "\(end - position) unread bytes at the end of the section")
            }
        }
    }
}
