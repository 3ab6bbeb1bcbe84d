/// Overflow-checked arithmetic on lengths and offsets that came from input.
///
/// Swift's `+` traps on overflow; a parser must never trap on input. These helpers throw
/// `EvidenceError.Code.arithmeticOverflow` naming the field instead.
public enum CheckedArithmetic {
    /// `a + b`, or a typed error naming `field` if it overflows.
    @inlinable
    public static func add(_ a: Int, _ b: Int, structure: String, field: String, offset: Int)
        throws(EvidenceError) -> Int
    {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else {
            throw EvidenceError(
                .arithmeticOverflow, structure: structure, field: field, offset: offset,
                detail: "\(a) + \(b) overflows")
        }
        return sum
    }

    /// `a * b`, or a typed error naming `field` if it overflows.
    @inlinable
    public static func multiply(_ a: Int, _ b: Int, structure: String, field: String, offset: Int)
        throws(EvidenceError) -> Int
    {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else {
            throw EvidenceError(
                .arithmeticOverflow, structure: structure, field: field, offset: offset,
                detail: "\(a) × \(b) overflows")
        }
        return product
    }
}

extension ByteReader {
    /// `a + b` checked, with this reader's structure and offset in the error.
    @inlinable
    public func add(_ a: Int, _ b: Int, _ field: String) throws(EvidenceError) -> Int {
        try CheckedArithmetic.add(a, b, structure: structure, field: field, offset: offset)
    }

    /// `a * b` checked, with this reader's structure and offset in the error.
    @inlinable
    public func multiply(_ a: Int, _ b: Int, _ field: String) throws(EvidenceError) -> Int {
        try CheckedArithmetic.multiply(a, b, structure: structure, field: field, offset: offset)
    }
}
