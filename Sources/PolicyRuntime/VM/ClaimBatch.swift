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

    init(
        count: Int, rowErrors: [String?], columns: [VMValue], cells: [VMValue], bytes: [UInt8], ints: [Int64],
        policyIdentity: ObjectIdentifier
    ) {
        self.count = count
        self.rowErrors = rowErrors
        self.columns = columns
        self.cells = cells
        self.bytes = bytes
        self.ints = ints
        self.policyIdentity = policyIdentity
    }
}

/// One claim the policy reads: which input and slot, and the type its register expects.
struct ClaimColumn: Sendable {
    let input: Int
    let slot: ClaimSlot
    let type: TypeDescriptor
    /// The claim's path as the policy spells it (`<input name>.<rest of the canonical path>`).
    let path: String
}

/// How much frame memory claim values need: an upper bound, computed before writing so the
/// frame is allocated once (on the heap for a batch, on the stack for one evaluation).
struct FrameSize {
    var cells = 0
    var bytes = 0
    var ints = 0

    mutating func add(_ value: ClaimValue?, depth: Int = 0) {
        guard let value, depth < 8 else { return }
        switch value {
        case .bool, .int, .time, .enumeration: break
        case .string(let s): bytes &+= s.utf8.count
        case .bytes(let b): bytes &+= b.count
        case .svn(let c): ints &+= c.count
        case .list(let records):
            for record in records {
                cells &+= record.fields.count
                for field in record.fields { add(field, depth: depth + 1) }
            }
        case .array(let elements):
            cells &+= elements.count
            for element in elements { add(element, depth: depth + 1) }
        }
    }
}

/// Converts claim values into frame cells (the ``VMValue`` layout), writing into buffers sized
/// by ``FrameSize``; it never writes past them.
struct FrameWriter {
    /// Frames stay below 2^31 cells and bytes, so offsets fit an iterator's 32-bit start.
    static let maximumSize = Int(Int32.max)

    let cells: UnsafeMutableBufferPointer<VMValue>
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let ints: UnsafeMutableBufferPointer<Int64>
    let enums: [BytecodeModule.EnumType]
    let records: [BytecodeModule.RecordType]
    var cellCount = 0
    var byteCount = 0
    var intCount = 0

    init(
        cells: UnsafeMutableBufferPointer<VMValue>, bytes: UnsafeMutableBufferPointer<UInt8>,
        ints: UnsafeMutableBufferPointer<Int64>, module: BytecodeModule
    ) {
        self.cells = cells
        self.bytes = bytes
        self.ints = ints
        self.enums = module.enums
        self.records = module.records
    }

    /// The cell for `value` read as `type`; a value that does not have the type (or does not fit
    /// the frame) is missing — fail closed.
    mutating func cell(_ value: ClaimValue?, _ type: TypeDescriptor, depth: Int = 0) -> VMValue {
        guard let value, depth < 8 else { return .missing }
        switch (value, type) {
        case (.bool(let b), .bool): return .bool(b)
        case (.int(let v), .int): return .scalar(v)
        case (.time(let t), .time): return .scalar(t.secondsSinceEpoch)
        case (.enumeration(let index), .enumeration(let id)):
            guard Int(id) < enums.count, index >= 0, index < enums[Int(id)].cases.count else { return .missing }
            return .scalar(Int64(index))
        case (.string(let s), .string):
            var utf8 = s
            return utf8.withUTF8 { text($0) }
        case (.bytes(let b), .bytes(let length)):
            guard length == 0 || b.count == Int(length) else { return .missing }
            return b.withUnsafeBufferPointer { text($0) }
        case (.svn(let components), .svn(let count)):
            guard count == 0 || components.count == Int(count), components.count <= ints.count - intCount,
                intCount + components.count < Self.maximumSize
            else { return .missing }
            let offset = intCount
            components.withUnsafeBufferPointer {
                _ = UnsafeMutableBufferPointer(rebasing: ints[offset..<offset + $0.count]).update(fromContentsOf: $0)
            }
            intCount += components.count
            return .reference(offset: offset, count: components.count, inFrame: true)
        case (.list(let list), .list(let id)):
            guard Int(id) < records.count else { return .missing }
            let fields = records[Int(id)].fields
            let (total, overflow) = list.count.multipliedReportingOverflow(by: fields.count)
            guard !overflow, total <= cells.count - cellCount, cellCount + total < Self.maximumSize else {
                return .missing
            }
            let start = cellCount
            cellCount += total
            for (r, record) in list.enumerated() {
                for (f, field) in fields.enumerated() {
                    let value = f < record.fields.count ? record.fields[f] : nil
                    cells[start + r * fields.count + f] = cell(value, field.type, depth: depth + 1)
                }
            }
            return .reference(offset: start, count: list.count, inFrame: true)
        case (.array(let elements), .array(let element)):
            guard elements.count <= cells.count - cellCount, cellCount + elements.count < Self.maximumSize else {
                return .missing
            }
            let start = cellCount
            cellCount += elements.count
            for (i, value) in elements.enumerated() { cells[start + i] = cell(value, element, depth: depth + 1) }
            return .reference(offset: start, count: elements.count, inFrame: true)
        default: return .missing
        }
    }

    private mutating func text(_ source: UnsafeBufferPointer<UInt8>) -> VMValue {
        guard source.count <= bytes.count - byteCount, byteCount + source.count < Self.maximumSize else {
            return .missing
        }
        let offset = byteCount
        _ = UnsafeMutableBufferPointer(rebasing: bytes[offset..<offset + source.count]).update(fromContentsOf: source)
        byteCount += source.count
        return .reference(offset: offset, count: source.count, inFrame: true)
    }
}
