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

/// Converts claim values into frame cells (the ``VMValue`` layout), appending to the arenas.
struct FrameBuilder {
    /// Frames stay below 2^31 cells and bytes, so offsets fit an iterator's 32-bit start.
    static let maximumSize = Int(Int32.max)

    var cells: [VMValue] = []
    var bytes: [UInt8] = []
    var ints: [Int64] = []
    let enums: [BytecodeModule.EnumType]
    let records: [BytecodeModule.RecordType]

    /// The cell for `value` read as `type`; a value that does not have the type (or would
    /// overflow the frame) is missing — fail closed.
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
            let utf8 = s.utf8
            guard bytes.count + utf8.count < Self.maximumSize else { return .missing }
            let offset = bytes.count
            bytes.append(contentsOf: utf8)
            return .reference(offset: offset, count: utf8.count, inFrame: true)
        case (.bytes(let b), .bytes(let length)):
            guard length == 0 || b.count == Int(length), bytes.count + b.count < Self.maximumSize else {
                return .missing
            }
            let offset = bytes.count
            bytes.append(contentsOf: b)
            return .reference(offset: offset, count: b.count, inFrame: true)
        case (.svn(let components), .svn(let count)):
            guard count == 0 || components.count == Int(count), ints.count + components.count < Self.maximumSize else {
                return .missing
            }
            let offset = ints.count
            ints.append(contentsOf: components)
            return .reference(offset: offset, count: components.count, inFrame: true)
        case (.list(let list), .list(let id)):
            guard Int(id) < records.count else { return .missing }
            let fields = records[Int(id)].fields
            let (total, overflow) = list.count.multipliedReportingOverflow(by: fields.count)
            guard !overflow, cells.count + total < Self.maximumSize else { return .missing }
            let start = cells.count
            cells.append(contentsOf: repeatElement(VMValue.missing, count: total))
            for (r, record) in list.enumerated() {
                for (f, field) in fields.enumerated() where f < record.fields.count {
                    let value = cell(record.fields[f], field.type, depth: depth + 1)
                    cells[start + r * fields.count + f] = value
                }
            }
            return .reference(offset: start, count: list.count, inFrame: true)
        case (.array(let elements), .array(let element)):
            guard cells.count + elements.count < Self.maximumSize else { return .missing }
            let start = cells.count
            cells.append(contentsOf: repeatElement(VMValue.missing, count: elements.count))
            for (i, value) in elements.enumerated() {
                let converted = cell(value, element, depth: depth + 1)
                cells[start + i] = converted
            }
            return .reference(offset: start, count: elements.count, inFrame: true)
        default: return .missing
        }
    }
}
