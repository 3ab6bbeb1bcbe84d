import Claims
import PolicyBytecode

/// Claim sets converted once into the VM's representation for one ``LoadedPolicy``: one column
/// per claim the policy reads (`claim` slots, in the policy's column order) holding that claim
/// for every row, plus the cells of list records and array elements and the byte and svn arenas
/// they refer to. Built by ``LoadedPolicy/prepare(_:)``; evaluated by
/// ``LoadedPolicy/evaluate(batch:at:)`` without touching a `ClaimSet` again.
///
/// Only the claims the policy reads are converted, so a batch is as small as the policy's needs.
public final class ClaimBatch: Sendable {
    /// The number of rows (evaluations).
    public let count: Int
    /// Why a row cannot be evaluated (its claim sets do not match the policy's inputs), by row.
    public let rowErrors: [String?]
    let columns: [VMValue]
    let cells: [VMValue]
    let bytes: [UInt8]
    let ints: [Int64]
    /// The policy the layout belongs to (checked when evaluating).
    let policyIdentity: ObjectIdentifier
    /// Where the arrays go when the batch is freed, for the policy's next batch.
    let pool: FrameMemoryPool?

    init(
        count: Int, rowErrors: [String?], memory: consuming FrameMemory, policyIdentity: ObjectIdentifier,
        pool: FrameMemoryPool?
    ) {
        self.count = count
        self.rowErrors = rowErrors
        self.columns = memory.columns
        self.cells = memory.cells
        self.bytes = memory.bytes
        self.ints = memory.ints
        self.policyIdentity = policyIdentity
        self.pool = pool
    }

    deinit {
        pool?.give(FrameMemory(columns: columns, cells: cells, bytes: bytes, ints: ints))
    }
}

/// One claim the policy reads: which input and slot, the type its register expects, and the
/// plan that converts its value.
struct ClaimColumn: Sendable {
    let input: Int
    let slot: ClaimSlot
    let type: TypeDescriptor
    /// The claim's path as the policy spells it (`<input name>.<rest of the canonical path>`).
    let path: String
    /// Index of the column's conversion plan in ``LoadedPolicy/plans``.
    let plan: Int
}

/// How to convert a claim value of one type into frame cells, flattened at load time so the
/// conversion never copies a `TypeDescriptor` or a record table (no reference counting):
/// a list's field plans are `count` consecutive entries starting at `first`, one per field the
/// frame holds (``RecordLayout``), each naming its field in the record (`source`); an array's
/// element plan is entry `first`.
struct ValuePlan: Sendable {
    enum Kind: UInt8, Sendable {
        case bool, int, time, enumeration, string, bytes, svn, list, array, unsupported
    }

    var kind: Kind
    /// Fixed byte length or svn count (0: any), or an enum's case count.
    var length: Int
    var first: Int
    var count: Int
    /// For a field plan, the field's index in its record.
    var source = 0

    /// Appends the plan of `type` (and of its fields or elements) to `plans`; returns its index.
    /// A list's records are planned with the fields `layout` holds.
    static func add(
        _ type: TypeDescriptor, module: BytecodeModule, layout: RecordLayout, to plans: inout [ValuePlan],
        depth: Int = 0
    )
        -> Int
    {
        let index = plans.count
        plans.append(ValuePlan(kind: .unsupported, length: 0, first: 0, count: 0))
        guard depth < 8 else { return index }
        var plan = ValuePlan(kind: .unsupported, length: 0, first: 0, count: 0)
        switch type {
        case .bool: plan.kind = .bool
        case .int: plan.kind = .int
        case .time: plan.kind = .time
        case .enumeration(let id):
            plan.kind = .enumeration
            plan.length = Int(id) < module.enums.count ? module.enums[Int(id)].cases.count : 0
        case .string: plan.kind = .string
        case .bytes(let length):
            plan.kind = .bytes
            plan.length = Int(length)
        case .svn(let count):
            plan.kind = .svn
            plan.length = Int(count)
        case .list(let id):
            guard Int(id) < module.records.count else { break }
            let fields = module.records[Int(id)].fields
            let held = layout.fields[Int(id)].filter { $0 < fields.count }
            plan.kind = .list
            plan.count = held.count
            // Field plans must be consecutive: reserve them, then fill (nested plans follow).
            plan.first = plans.count
            plans.append(
                contentsOf: repeatElement(
                    ValuePlan(kind: .unsupported, length: 0, first: 0, count: 0), count: held.count))
            for (k, f) in held.enumerated() {
                let nested = add(fields[f].type, module: module, layout: layout, to: &plans, depth: depth + 1)
                plans[plan.first + k] = plans[nested]
                plans[plan.first + k].source = f
            }
        case .array(let element):
            plan.kind = .array
            plan.first = add(element, module: module, layout: layout, to: &plans, depth: depth + 1)
        default: break
        }
        plans[index] = plan
        return index
    }
}

/// How much frame memory claim values need: an upper bound, computed before writing so the
/// frame is allocated once (on the heap for a batch, on the stack for one evaluation). Values
/// are measured by the plans that convert them: fields the frame does not hold take nothing,
/// and a field of fixed length is counted for every record without reading one.
struct FrameSize {
    var cells = 0
    var bytes = 0
    var ints = 0
    /// Whether the frame refers to byte strings in place (``FrameWriter/bytesInPlace``): then
    /// they take no frame bytes.
    var bytesInPlace = false

    /// Adds what the value at `value` needs under plan `index` of `plans`. Values are read in
    /// place, as ``FrameWriter`` reads them (a copy retains their storage).
    mutating func add(
        _ value: UnsafePointer<ClaimValue?>, plan index: Int, plans: UnsafeBufferPointer<ValuePlan>, depth: Int = 0
    ) {
        guard depth < 8, index >= 0, index < plans.count else { return }
        let plan = plans[index]
        switch plan.kind {
        case .bool, .int, .time, .enumeration, .unsupported: break
        case .bytes where bytesInPlace: break
        case .bytes, .string, .svn:
            // A fixed length is what the writer writes at most; other values are measured.
            if plan.length > 0, plan.kind != .string {
                if plan.kind == .svn { ints &+= plan.length } else { bytes &+= plan.length }
            } else if let source = FrameWriter.bytes(value) {
                bytes &+= source.count
            } else if case .string(let s)? = value.pointee {
                bytes &+= s.utf8.count
            } else if case .svn(let c)? = value.pointee {
                ints &+= c.count
            }
        case .list:
            guard case .list(let list)? = value.pointee else { return }
            cells &+= list.count &* plan.count
            list.withUnsafeBufferPointer { records in
                for k in 0..<plan.count {
                    let field = plans[plan.first + k]
                    let f = field.source
                    switch field.kind {
                    case .bool, .int, .time, .enumeration, .unsupported: continue
                    case .bytes where bytesInPlace: continue
                    case .bytes where field.length > 0: bytes &+= records.count &* field.length
                    case .svn where field.length > 0: ints &+= records.count &* field.length
                    default:
                        for r in records.indices {
                            let fields = FrameWriter.fields(records, r)
                            guard f >= 0, f < fields.count, let first = fields.baseAddress else { continue }
                            add(first + f, plan: plan.first + k, plans: plans, depth: depth + 1)
                        }
                    }
                }
            }
        case .array:
            guard case .array(let elements)? = value.pointee else { return }
            cells &+= elements.count
            // Array elements are not optional: each is wrapped (a copy; arrays are short).
            for element in elements {
                withUnsafePointer(to: Optional(element)) { add($0, plan: plan.first, plans: plans, depth: depth + 1) }
            }
        }
    }
}

/// Converts claim values into frame cells (the ``VMValue`` layout) by their ``ValuePlan``s,
/// writing into caller-provided buffers; it never writes past them, and says when something did
/// not fit (``overflowed``) so the caller can size the buffers and try again.
struct FrameWriter {
    /// Frames stay below 2^31 cells and bytes, so offsets fit an iterator's 32-bit start.
    static let maximumSize = Int(Int32.max)

    let cells: UnsafeMutableBufferPointer<VMValue>
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let ints: UnsafeMutableBufferPointer<Int64>
    let plans: UnsafeBufferPointer<ValuePlan>
    /// Whether byte strings are referred to where they are (``VMValue/external(_:)``) instead of
    /// copied into ``bytes``: for one evaluation of claim sets the caller keeps alive and
    /// unchanged until it ends, never for a batch, which outlives its claim sets.
    let bytesInPlace: Bool
    var cellCount = 0
    var byteCount = 0
    var intCount = 0
    /// Whether some value did not fit the buffers (it was written as missing).
    var overflowed = false

    init(
        cells: UnsafeMutableBufferPointer<VMValue>, bytes: UnsafeMutableBufferPointer<UInt8>,
        ints: UnsafeMutableBufferPointer<Int64>, plans: UnsafeBufferPointer<ValuePlan>, bytesInPlace: Bool = false
    ) {
        self.cells = cells
        self.bytes = bytes
        self.ints = ints
        self.plans = plans
        self.bytesInPlace = bytesInPlace
    }

    /// The cell for `value` by plan `index`; a value that does not have the plan's type is
    /// missing — fail closed.
    ///
    /// Values are read in place through the pointer, and matched one expected case at a time
    /// (the plan says which): matching a single case projects the payload where it lies, while a
    /// `switch` over every case first copied the whole value — a retain and release of each
    /// byte string. Lists and arrays are converted out of line, so this function stays small
    /// enough for that to hold (perf, contract example).
    mutating func cell(_ value: UnsafePointer<ClaimValue?>, plan index: Int, depth: Int = 0) -> VMValue {
        guard depth < 8, index >= 0, index < plans.count else { return .missing }
        let plan = plans[index]
        switch plan.kind {
        case .bool, .int, .time, .enumeration:
            return Self.scalar(value, plan)
        case .bytes:
            return bytesCell(value, plan)
        case .string:
            if case .string(let s)? = value.pointee {
                var text = s
                return text.withUTF8 { self.text($0) }
            }
        case .svn:
            if case .svn(let components)? = value.pointee { return svn(components, plan) }
        case .list, .array:
            return composite(value, plan, depth: depth)
        case .unsupported:
            break
        }
        return .missing
    }

    /// The cell of a bool, int, time or enum value under `plan`; missing for a value of another
    /// kind or an enum case the plan's type does not have.
    @inline(__always)
    static func scalar(_ value: UnsafePointer<ClaimValue?>, _ plan: ValuePlan) -> VMValue {
        switch plan.kind {
        case .bool: if case .bool(let b)? = value.pointee { return .bool(b) }
        case .int: if case .int(let v)? = value.pointee { return .scalar(v) }
        case .time: if case .time(let t)? = value.pointee { return .scalar(t.secondsSinceEpoch) }
        case .enumeration:
            if case .enumeration(let i)? = value.pointee, i >= 0, i < plan.length { return .scalar(Int64(i)) }
        default: break
        }
        return .missing
    }

    /// The cell of a bytes value under `plan`; missing for another value or another length than
    /// the plan's fixed one.
    @inline(__always)
    private mutating func bytesCell(_ value: UnsafePointer<ClaimValue?>, _ plan: ValuePlan) -> VMValue {
        guard let source = Self.bytes(value), plan.length == 0 || source.count == plan.length else { return .missing }
        return claimBytes(source)
    }

    /// The cell of an svn value under `plan` (its components go to the integer arena).
    private mutating func svn(_ components: ClaimSVN, _ plan: ValuePlan) -> VMValue {
        guard plan.length == 0 || components.count == plan.length else { return .missing }
        guard components.count <= ints.count - intCount, intCount + components.count < Self.maximumSize else {
            overflowed = true
            return .missing
        }
        let offset = intCount
        if let base = ints.baseAddress { components.copyComponents(to: base + offset) }
        intCount += components.count
        return .reference(offset: offset, count: components.count, inFrame: true)
    }

    /// The cell of a list or an array under `plan`: its records' fields (or its elements) go to
    /// consecutive frame cells.
    @inline(never)
    private mutating func composite(_ value: UnsafePointer<ClaimValue?>, _ plan: ValuePlan, depth: Int) -> VMValue {
        switch value.pointee {
        case .list(let list)?:
            guard plan.kind == .list else { return .missing }
            let (total, overflow) = list.count.multipliedReportingOverflow(by: plan.count)
            guard !overflow, total <= cells.count - cellCount, cellCount + total < Self.maximumSize else {
                overflowed = true
                return .missing
            }
            let start = cellCount
            cellCount += total
            // Records and their fields are read in place, through pointers: no copy of a
            // record (a retain of its fields array) and none of a field's value. One field at a
            // time for every record, so each loop converts values of one kind.
            list.withUnsafeBufferPointer { records in
                for k in 0..<plan.count {
                    let f = plans[plan.first + k].source
                    field(f, of: records, plan: plan.first + k, into: start + k, stride: plan.count, depth: depth)
                }
            }
            return .reference(offset: start, count: list.count, inFrame: true)
        case .array(let elements)?:
            guard plan.kind == .array else { return .missing }
            guard elements.count <= cells.count - cellCount, cellCount + elements.count < Self.maximumSize else {
                overflowed = true
                return .missing
            }
            let start = cellCount
            cellCount += elements.count
            // Array elements are not optional: each is wrapped (a copy; arrays are short).
            for (i, element) in elements.enumerated() {
                cells[start + i] = withUnsafePointer(to: Optional(element)) {
                    cell($0, plan: plan.first, depth: depth + 1)
                }
            }
            return .reference(offset: start, count: elements.count, inFrame: true)
        default:
            return .missing
        }
    }

    /// Converts field `f` of every record of `records` by plan `index` into the cells from
    /// `first`, `stride` apart.
    ///
    /// Scalars and byte strings, the fields of event records, are converted by a loop of their
    /// own: converting record by record switched on each field's kind, an indirect branch per
    /// field that was the largest cost of converting an event list (perf, `evaluate(claims:)`).
    @inline(__always)
    private mutating func field(
        _ f: Int, of records: UnsafeBufferPointer<ClaimRecord>, plan index: Int, into first: Int, stride: Int,
        depth: Int
    ) {
        guard index >= 0, index < plans.count else { return }
        let plan = plans[index]
        /// Field `f` of record `r`, or `nil` when the record is short.
        func value(_ r: Int) -> UnsafePointer<ClaimValue?>? {
            let fields = Self.fields(records, r)
            guard f >= 0, f < fields.count, let base = fields.baseAddress else { return nil }
            return base + f
        }
        var position = first
        switch plan.kind {
        case .int, .enumeration, .bool, .time:
            for r in records.indices {
                cells[position] = value(r).map { Self.scalar($0, plan) } ?? .missing
                position += stride
            }
        case .bytes:
            for r in records.indices {
                if let value = value(r) { cells[position] = bytesCell(value, plan) } else { cells[position] = .missing }
                position += stride
            }
        default:
            for r in records.indices {
                cells[position] = value(r).map { cell($0, plan: index, depth: depth + 1) } ?? .missing
                position += stride
            }
        }
    }

    /// The bytes of a bytes value, read in place; `nil` for any other value.
    ///
    /// The buffer outlives the closure that lends it, on purpose: it belongs to the array the
    /// value holds, which the claim set being converted keeps alive and unchanged for the whole
    /// conversion (a set copies its values before a write while they are borrowed). Keeping the
    /// value borrowed only while its address is taken, with no write to memory in between,
    /// lets the optimizer read it in place; matching it around the copy into the frame made a
    /// retain and a release of its storage per digest, atomic operations that were most of
    /// converting an event list (perf, `evaluate(claims:)`).
    @inline(__always)
    static func bytes(_ value: UnsafePointer<ClaimValue?>) -> UnsafeBufferPointer<UInt8>? {
        guard case .bytes(let b)? = value.pointee else { return nil }
        return b.withUnsafeBufferPointer { $0 }
    }

    /// The fields of record `r` of `records`, read in place as ``bytes(_:)`` reads bytes (the
    /// list keeps the record's array alive), without a retain and a release of it per record.
    @inline(__always)
    static func fields(_ records: UnsafeBufferPointer<ClaimRecord>, _ r: Int) -> UnsafeBufferPointer<ClaimValue?> {
        records[r].fields.withUnsafeBufferPointer { $0 }
    }

    /// Copies `count` bytes a word at a time, in line: a call to `memmove` is opaque to the
    /// optimizer, which then keeps the retain of the claim value the bytes are read from around
    /// it (a retain and a release per digest, perf of `evaluate(claims:)`).
    @inline(__always)
    static func copy(_ source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count: Int) {
        var i = 0
        while i + 8 <= count {
            destination.storeBytes(
                of: source.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count {
            destination.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
            i += 1
        }
    }

    /// The cell of a bytes claim: read in place (``bytesInPlace``) or copied into the frame.
    @inline(__always)
    private mutating func claimBytes(_ source: UnsafeBufferPointer<UInt8>) -> VMValue {
        bytesInPlace && source.count < Self.maximumSize ? .external(source) : text(source)
    }

    private mutating func text(_ source: UnsafeBufferPointer<UInt8>) -> VMValue {
        guard source.count <= bytes.count - byteCount, byteCount + source.count < Self.maximumSize else {
            overflowed = true
            return .missing
        }
        let offset = byteCount
        if let from = source.baseAddress, let to = bytes.baseAddress {
            Self.copy(UnsafeRawPointer(from), to: UnsafeMutableRawPointer(to + offset), count: source.count)
        }
        byteCount += source.count
        return .reference(offset: offset, count: source.count, inFrame: true)
    }
}
