/// One register or claim cell of the VM: 16 bytes, no references, so the register file and
/// the claim frames are flat buffers that evaluation never allocates or retains.
///
/// What the fields mean depends on the (statically verified) type of the register:
/// - bool, int, time, duration, enum: ``word`` is the value (bool 0/1, enum the case index);
/// - bytes, string, svn: ``word`` is an offset into a byte or integer arena and ``count`` the
///   length (bytes) or component count (svn); ``isFrame`` says whether the arena is the claim
///   frame's or the policy's (constants and parameters). A string made by `hex(b)` is a *hex
///   view* of `b`'s bytes (``isHexView``): its text is computed while it is read, never stored.
///   Bytes an evaluation of one claim set reads in place (``isExternal``, only ever made by the
///   frame writer) have their address in ``word``;
/// - record: ``word`` is the cell offset of its first field in the frame;
/// - list, array: ``word`` is the cell offset of the first element (a list's records are
///   `stride` cells apart, the stride being the number of fields the frame holds of the record,
///   see ``RecordLayout``) and ``count`` the length;
/// - iterator: ``word`` packs the first cell (low 32 bits) and the position (high 32 bits:
///   elements visited so far), ``count`` is the element count.
@usableFromInline
struct VMValue: Sendable, Equatable {
    @usableFromInline var word: Int64
    @usableFromInline var count: UInt32
    @usableFromInline var tag: UInt32

    @usableFromInline static let present: UInt32 = 1
    @usableFromInline static let frame: UInt32 = 2
    @usableFromInline static let hexView: UInt32 = 4
    @usableFromInline static let external: UInt32 = 8

    @inlinable init(word: Int64, count: UInt32, tag: UInt32) {
        self.word = word
        self.count = count
        self.tag = tag
    }

    /// The missing value: what every register holds before an evaluation.
    @usableFromInline static let missing = VMValue(word: 0, count: 0, tag: 0)

    @inlinable static func scalar(_ value: Int64) -> VMValue { VMValue(word: value, count: 0, tag: present) }
    @inlinable static func bool(_ value: Bool) -> VMValue { VMValue(word: value ? 1 : 0, count: 0, tag: present) }

    @inlinable static func reference(offset: Int, count: Int, inFrame: Bool) -> VMValue {
        VMValue(word: Int64(offset), count: UInt32(truncatingIfNeeded: count), tag: present | (inFrame ? frame : 0))
    }

    /// Bytes at an address outside the arenas: the claim set's own bytes, which one evaluation
    /// reads in place (see ``FrameWriter/bytesInPlace``).
    @inlinable static func external(_ bytes: UnsafeBufferPointer<UInt8>) -> VMValue {
        VMValue(
            word: Int64(Int(bitPattern: bytes.baseAddress)), count: UInt32(truncatingIfNeeded: bytes.count),
            tag: present | external)
    }

    @inlinable var isPresent: Bool { tag & Self.present != 0 }
    @inlinable var isExternal: Bool { tag & Self.external != 0 }
    @inlinable var isMissing: Bool { tag & Self.present == 0 }
    @inlinable var isFrame: Bool { tag & Self.frame != 0 }
    @inlinable var isHexView: Bool { tag & Self.hexView != 0 }
    @inlinable var isTrue: Bool { tag & Self.present != 0 && word != 0 }
    @inlinable var isFalse: Bool { tag & Self.present != 0 && word == 0 }

    /// Kleene negation of a bool value: missing stays missing.
    @inlinable static func not(_ x: VMValue) -> VMValue {
        x.isMissing ? .missing : .bool(x.word == 0)
    }

    /// Kleene conjunction of two bool values (BYTECODE.md §6): false if either is false,
    /// otherwise missing if either is missing.
    @inlinable static func and(_ x: VMValue, _ y: VMValue) -> VMValue {
        x.isFalse || y.isFalse ? .bool(false) : (x.isMissing || y.isMissing ? .missing : .bool(true))
    }

    /// Kleene disjunction of two bool values: true if either is true, otherwise missing if
    /// either is missing.
    @inlinable static func or(_ x: VMValue, _ y: VMValue) -> VMValue {
        x.isTrue || y.isTrue ? .bool(true) : (x.isMissing || y.isMissing ? .missing : .bool(false))
    }
}

extension VMValue {
    /// An iterator's first cell (the low 32 bits of ``word``).
    @inlinable var iteratorStart: Int64 { Int64(UInt64(bitPattern: word) & 0xFFFF_FFFF) }

    /// An iterator's position: the elements visited so far (the high 32 bits of ``word``; 0 as
    /// `iter` leaves it, 1 on the first element).
    @inlinable var iteratorPosition: UInt64 { UInt64(bitPattern: word) >> 32 }

    /// Whether an iterator is on an element (`elem` reads element `iteratorPosition - 1`).
    @inlinable var isOnElement: Bool {
        isPresent && iteratorPosition >= 1 && iteratorPosition <= UInt64(count)
    }

    /// The first cell of the element an iterator is on, for elements `stride` cells apart.
    @inlinable func elementCell(stride: Int64) -> Int64 {
        iteratorStart + Int64(iteratorPosition &- 1) &* stride
    }

    /// This iterator at `position`.
    @inlinable func iterator(at position: UInt64) -> VMValue {
        VMValue(
            word: Int64(bitPattern: UInt64(bitPattern: iteratorStart) | position << 32), count: count, tag: tag)
    }
}

/// Three-valued truth of a bool register (BYTECODE.md §6, Kleene logic).
enum Truth: UInt8, Hashable, Sendable {
    case `false` = 0
    case `true` = 1
    case missing = 2

    init(_ value: VMValue) {
        self = value.isMissing ? .missing : (value.word != 0 ? .true : .false)
    }
}
