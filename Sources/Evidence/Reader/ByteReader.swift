/// A cursor over an immutable byte buffer with checked bounds: the one way every parser
/// in Appraise reads input.
///
/// Every read checks that the bytes exist and throws ``EvidenceError`` naming the
/// structure, the field and the absolute byte offset when they do not; no read can trap.
/// Offsets are absolute positions in the original input, also inside sub-readers, so an
/// error always points at the right byte of the file.
///
/// Reading is zero-copy: ``readBytes(_:_:)`` returns an `ArraySlice` that shares the
/// input's storage. Integer loads go straight to memory (`loadUnaligned`), which measured
/// at memcpy speed on this machine (`Benchmarks/`, `ByteReader.forty-fields`).
///
/// ```swift
/// var reader = ByteReader(quoteBytes, structure: "TDX quote header")
/// let version = try reader.readUInt16LE("version")
/// let vendorID = try reader.readBytes(16, "qe_vendor_id")
/// ```
public struct ByteReader: Sendable {
    /// The whole input; sub-readers share it.
    public let buffer: [UInt8]
    /// First byte this reader may read (absolute).
    public let lowerBound: Int
    /// One past the last byte this reader may read (absolute).
    public let upperBound: Int
    /// Absolute position of the next read.
    @inlinable public var offset: Int { cursor }
    @usableFromInline var cursor: Int
    /// The structure being parsed, used in errors.
    public var structure: String

    /// A reader over all of `bytes`.
    @inlinable
    public init(_ bytes: [UInt8], structure: String) {
        self.buffer = bytes
        self.lowerBound = 0
        self.upperBound = bytes.count
        self.cursor = 0
        self.structure = structure
    }

    @usableFromInline
    init(buffer: [UInt8], lowerBound: Int, upperBound: Int, structure: String) {
        self.buffer = buffer
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.cursor = lowerBound
        self.structure = structure
    }

    /// Bytes left between the cursor and ``upperBound``.
    @inlinable
    public var remaining: Int { upperBound - offset }

    /// Bytes consumed since ``lowerBound``.
    @inlinable
    public var consumed: Int { offset - lowerBound }

    /// Whether the cursor is at the end of this reader's range.
    @inlinable
    public var isAtEnd: Bool { offset >= upperBound }

    // MARK: Errors

    @inlinable
    func truncated(_ field: String, needed: Int) -> EvidenceError {
        EvidenceError(
            .truncated, structure: structure, field: field, offset: offset,
            detail: "needs \(needed) bytes, \(remaining) left")
    }

    /// An error at the current position, for parsers that find a bad value.
    @inlinable
    public func error(_ code: EvidenceError.Code, _ field: String, at offset: Int? = nil, _ detail: String = "")
        -> EvidenceError
    {
        EvidenceError(code, structure: structure, field: field, offset: offset ?? self.offset, detail: detail)
    }

    // MARK: Integers

    @inlinable
    mutating func load<T: FixedWidthInteger>(_: T.Type, _ field: String) throws(EvidenceError) -> T {
        let size = MemoryLayout<T>.size
        guard size <= upperBound &- offset else { throw truncated(field, needed: size) }
        let at = offset
        cursor = at &+ size
        return buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: T.self) }
    }

    @inlinable
    public mutating func readUInt8(_ field: String) throws(EvidenceError) -> UInt8 {
        try load(UInt8.self, field)
    }

    @inlinable
    public mutating func readUInt16LE(_ field: String) throws(EvidenceError) -> UInt16 {
        UInt16(littleEndian: try load(UInt16.self, field))
    }

    @inlinable
    public mutating func readUInt32LE(_ field: String) throws(EvidenceError) -> UInt32 {
        UInt32(littleEndian: try load(UInt32.self, field))
    }

    @inlinable
    public mutating func readUInt64LE(_ field: String) throws(EvidenceError) -> UInt64 {
        UInt64(littleEndian: try load(UInt64.self, field))
    }

    @inlinable
    public mutating func readUInt16BE(_ field: String) throws(EvidenceError) -> UInt16 {
        UInt16(bigEndian: try load(UInt16.self, field))
    }

    @inlinable
    public mutating func readUInt32BE(_ field: String) throws(EvidenceError) -> UInt32 {
        UInt32(bigEndian: try load(UInt32.self, field))
    }

    @inlinable
    public mutating func readUInt64BE(_ field: String) throws(EvidenceError) -> UInt64 {
        UInt64(bigEndian: try load(UInt64.self, field))
    }

    // MARK: Byte ranges

    /// Reads `count` bytes as a zero-copy slice of the input (indices are absolute).
    ///
    /// - Throws: `.lengthOutOfRange` for a negative count, `.truncated` when fewer bytes remain.
    @inlinable
    public mutating func readBytes(_ count: Int, _ field: String) throws(EvidenceError) -> ArraySlice<UInt8> {
        guard count >= 0 else {
            throw error(.lengthOutOfRange, field, "negative length \(count)")
        }
        guard count <= upperBound &- offset else { throw truncated(field, needed: count) }
        let start = offset
        cursor = start &+ count
        return buffer[start..<offset]
    }

    /// Reads a length taken from the input (any unsigned width) and then that many bytes.
    ///
    /// The conversion to `Int` is checked, so a 64-bit length of 2⁶³ or more is a typed error,
    /// never a trap.
    @inlinable
    public mutating func readBytes<L: BinaryInteger>(length: L, _ field: String) throws(EvidenceError)
        -> ArraySlice<UInt8>
    {
        guard let count = Int(exactly: length) else {
            throw error(.lengthOutOfRange, field, "length \(length) does not fit in memory")
        }
        return try readBytes(count, field)
    }

    /// Skips `count` bytes (e.g. reserved space), checking that they exist.
    @inlinable
    public mutating func skip(_ count: Int, _ field: String) throws(EvidenceError) {
        _ = try readBytes(count, field)
    }

    /// Reads `count` bytes that the specification requires to be zero.
    ///
    /// - Throws: `.reservedNotZero` at the first non-zero byte.
    @inlinable
    public mutating func readReservedZero(_ count: Int, _ field: String) throws(EvidenceError) {
        let bytes = try readBytes(count, field)
        // Fast path: OR the range together eight bytes at a time (SEV-SNP reports carry ~600
        // reserved bytes; a byte-wise closure scan cost more than the rest of the parse).
        let allZero = buffer.withUnsafeBytes { raw -> Bool in
            var index = bytes.startIndex
            var accumulator: UInt64 = 0
            while index &+ 8 <= bytes.endIndex {
                accumulator |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                index &+= 8
            }
            while index < bytes.endIndex {
                accumulator |= UInt64(raw[index])
                index &+= 1
            }
            return accumulator == 0
        }
        if !allZero, let bad = bytes.firstIndex(where: { $0 != 0 }) {
            throw error(.reservedNotZero, field, at: bad, "byte \(bad - bytes.startIndex) of \(count) is non-zero")
        }
    }

    /// A reader over the next `count` bytes, for a nested structure; this reader moves past them.
    ///
    /// - Throws: `.truncated` when fewer than `count` bytes remain.
    @inlinable
    public mutating func subReader(_ count: Int, structure: String, _ field: String) throws(EvidenceError)
        -> ByteReader
    {
        let slice = try readBytes(count, field)
        return ByteReader(
            buffer: buffer, lowerBound: slice.startIndex, upperBound: slice.endIndex, structure: structure)
    }

    /// A reader over the next `length` bytes where `length` came from the input.
    @inlinable
    public mutating func subReader<L: BinaryInteger>(length: L, structure: String, _ field: String)
        throws(EvidenceError) -> ByteReader
    {
        guard let count = Int(exactly: length) else {
            throw error(.lengthOutOfRange, field, "length \(length) does not fit in memory")
        }
        return try subReader(count, structure: structure, field)
    }

    /// The rest of this reader's range as a slice; the cursor moves to the end.
    @inlinable
    public mutating func readRemaining(_ field: String) throws(EvidenceError) -> ArraySlice<UInt8> {
        try readBytes(remaining, field)
    }

    // MARK: Positioning

    /// Moves the cursor to `relativeOffset` bytes after ``lowerBound``.
    ///
    /// - Throws: `.lengthOutOfRange` if the position is outside this reader's range.
    @inlinable
    public mutating func seek(to relativeOffset: Int, _ field: String) throws(EvidenceError) {
        guard relativeOffset >= 0, relativeOffset <= upperBound &- lowerBound else {
            throw error(
                .lengthOutOfRange, field,
                "offset \(relativeOffset) is outside a \(upperBound - lowerBound)-byte structure")
        }
        cursor = lowerBound &+ relativeOffset
    }

    /// A copy of this reader positioned at `relativeOffset`, for peeking ahead.
    @inlinable
    public func reader(at relativeOffset: Int, _ field: String) throws(EvidenceError) -> ByteReader {
        var copy = self
        try copy.seek(to: relativeOffset, field)
        return copy
    }
}
