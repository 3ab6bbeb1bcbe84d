/// The value of a byte-string claim (a measurement, report data, an id): a view of the evidence
/// bytes it was read from, or of bytes of its own.
///
/// Extraction does not copy: a claim taken from a parsed report shares the report's storage
/// (SEV-SNP ABI spec #56860 Table 23 and the TDX DCAP quote layout put every such field at a
/// fixed offset of the evidence), so it keeps that buffer alive while the value lives. Indices
/// are zero-based whatever the view's position in the evidence; equality and hashing compare
/// the bytes only.
///
/// ```swift
/// let measurement = ClaimBytes(report.measurement)   // no copy
/// measurement[0]                                     // the field's first byte
/// measurement == [0x01, 0x02]                        // compares contents
/// ```
public struct ClaimBytes: Sendable {
    @usableFromInline
    let storage: ArraySlice<UInt8>

    /// A view of `slice` (no copy).
    @inlinable
    public init(_ slice: ArraySlice<UInt8>) { storage = slice }

    /// A view of all of `bytes` (no copy: arrays share their storage).
    @inlinable
    public init(_ bytes: [UInt8]) { storage = bytes[...] }

    /// The bytes as an array: no copy when the value spans a whole array (a literal, or bytes
    /// made by ``init(_:)-([UInt8])``), one copy when it is a view of part of the evidence.
    @inlinable
    public var array: [UInt8] { Array(storage) }

    /// The bytes as a slice of the buffer they live in (its indices are those of that buffer).
    @inlinable
    public var slice: ArraySlice<UInt8> { storage }

    /// Calls `body` with the bytes, contiguous in memory.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }
}

extension ClaimBytes: RandomAccessCollection {
    public typealias Index = Int
    public typealias Element = UInt8
    public typealias Indices = Range<Int>
    public typealias Iterator = IndexingIterator<ArraySlice<UInt8>>

    @inlinable
    public var startIndex: Int { 0 }

    @inlinable
    public var endIndex: Int { storage.count }

    @inlinable
    public var count: Int { storage.count }

    @inlinable
    public var isEmpty: Bool { storage.isEmpty }

    @inlinable
    public func makeIterator() -> Iterator { storage.makeIterator() }

    /// Byte `position` (0-based); traps outside `0..<count` like an array.
    @inlinable
    public subscript(position: Int) -> UInt8 {
        storage[storage.startIndex &+ position]
    }

    @inlinable
    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try storage.withContiguousStorageIfAvailable(body)
    }
}

extension ClaimBytes: Hashable {
    @inlinable
    public static func == (lhs: ClaimBytes, rhs: ClaimBytes) -> Bool {
        lhs.storage == rhs.storage
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.count)
        storage.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

extension ClaimBytes: ExpressibleByArrayLiteral {
    @inlinable
    public init(arrayLiteral elements: UInt8...) { storage = elements[...] }
}

extension ClaimBytes: CustomStringConvertible, CustomDebugStringConvertible {
    /// The bytes as an array prints them (`[1, 2, 3]`), so messages read as before the view.
    public var description: String { Array(storage).description }

    public var debugDescription: String { description }
}
