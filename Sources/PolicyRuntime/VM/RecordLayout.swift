import PolicyBytecode

/// Which fields of each record type a claim frame holds: those the policy's code reads (its
/// `field` instructions, the record type being the source register's, BYTECODE.md §6), in field
/// order. A record takes one cell per field it holds, so the frame and the decoded code agree
/// on a compact layout: `field` reads the field's cell within the record, and a list's records
/// are ``stride(_:)`` cells apart.
///
/// A policy reads an event's register, type and digest; the real `ccel`/`tdx` event record has
/// ten fields, the raw data and its decoded text most of its bytes (15 KB and 6 KB for the 44
/// entries of the GCE COS 113 log). Fields no instruction reads are never converted, and take
/// no cell (perf, prepare and evaluate).
struct RecordLayout: Sendable {
    /// Per record type (index into the module's records): the indices of the fields held,
    /// ascending.
    let fields: [[Int]]

    init(_ module: BytecodeModule) {
        var read = Array(repeating: Set<Int>(), count: module.records.count)
        for i in module.code where i.opcode == .field && Int(i.b) < module.registers.count {
            if case .record(let id) = module.registers[Int(i.b)], Int(id) < read.count {
                read[Int(id)].insert(Int(i.c))
            }
        }
        fields = read.map { $0.sorted() }
    }

    /// The cells one record of type `record` takes.
    func stride(_ record: Int) -> Int { record >= 0 && record < fields.count ? fields[record].count : 0 }

    /// The cell of field `field` within a record of type `record`, or `nil` when it is not held.
    func cell(record: Int, field: Int) -> Int? {
        guard record >= 0, record < fields.count else { return nil }
        return fields[record].firstIndex(of: field)
    }
}
