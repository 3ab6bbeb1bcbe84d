import Synchronization

/// The arrays a ``ClaimBatch`` keeps its frame in: columns, cells, and the byte and svn arenas.
struct FrameMemory {
    var columns: [VMValue] = []
    var cells: [VMValue] = []
    var bytes: [UInt8] = []
    var ints: [Int64] = []

    /// The bytes the arrays hold (their capacity).
    var capacityBytes: Int {
        (columns.capacity + cells.capacity) * MemoryLayout<VMValue>.stride + bytes.capacity
            + ints.capacity * MemoryLayout<Int64>.stride
    }

    /// The bytes a frame of `columns` column cells and `size` takes.
    static func bytes(columns: Int, size: FrameSize) -> Int {
        (columns + size.cells) * MemoryLayout<VMValue>.stride + size.bytes + size.ints * MemoryLayout<Int64>.stride
    }

    /// Whether these arrays can hold a frame of `columnCount` column cells and `size` without
    /// growing, and are at most four times as large as it or small
    /// (``FrameMemoryPool/smallBytes``): a small batch, which a verdict may keep alive for long,
    /// never holds a large one's memory.
    func fits(columns columnCount: Int, size: FrameSize) -> Bool {
        let needed = Self.bytes(columns: columnCount, size: size)
        let (fourTimes, overflow) = needed.multipliedReportingOverflow(by: 4)
        return columns.capacity >= columnCount && cells.capacity >= size.cells && bytes.capacity >= size.bytes
            && ints.capacity >= size.ints
            && capacityBytes <= max(FrameMemoryPool.smallBytes, overflow ? .max : fourTimes)
    }

    /// Resizes the arrays to the given counts, every element missing or zero, reusing their
    /// storage where it is large enough.
    mutating func reset(columns columnCount: Int, size: FrameSize) {
        columns.refill(.missing, count: columnCount)
        cells.refill(.missing, count: size.cells)
        bytes.refill(0, count: size.bytes)
        ints.refill(0, count: size.ints)
    }
}

/// The frame memory of batches that are gone, kept by a ``LoadedPolicy`` for its next
/// ``LoadedPolicy/prepare(_:)``.
///
/// A batch of 1000 rows of the contract example takes ≈ 1.3 MB. Memory of that size comes fresh
/// from the kernel (glibc maps blocks above its mmap threshold and gives the heap's top back when
/// they are freed), so every page of a new batch was a page fault on first touch: half the time
/// of preparing and evaluating it (perf, `PolicyRuntimeProfile prepare`: 1.1 µs per row, 0.5 µs
/// with glibc told to keep its memory). Batches give their arrays back here when they are freed,
/// and the next batch writes into pages that are already mapped.
///
/// At most ``maximumKept`` sets of arrays are kept, of at most ``maximumKeptBytes`` each, so a
/// policy holds on to no more than 64 MiB it no longer uses (after a batch of ≈ 25,000 rows);
/// the frame of a larger batch is freed as before. A batch takes only a set large enough for it
/// and at most four times its size (``FrameMemory/fits(columns:size:)``).
///
/// A freed batch gives its arrays here from its `deinit`, before its own references to them
/// are released; a batch prepared on another thread in that instant finds them shared and
/// copies them (correct, only not reused).
final class FrameMemoryPool: Sendable {
    static let maximumKept = 2
    static let maximumKeptBytes = 32 << 20
    /// A set this small may hold a frame however much smaller (memory of this size comes from
    /// the heap, not fresh from the kernel).
    static let smallBytes = 64 << 10

    private let kept = Mutex<[FrameMemory]>([])

    /// The most recently returned arrays that can hold a frame of `columns` column cells and
    /// `size` (see ``FrameMemory/fits(columns:size:)``; the most recent are the most likely in
    /// the cache), or empty ones.
    func take(columns: Int, size: FrameSize) -> FrameMemory {
        kept.withLock { kept in
            kept.lastIndex { $0.fits(columns: columns, size: size) }.map { kept.remove(at: $0) }
        } ?? FrameMemory()
    }

    /// Keeps `memory` for a later ``take(columns:size:)`` unless it is too large, in place of the
    /// set kept longest when ``maximumKept`` are kept already.
    func give(_ memory: consuming FrameMemory) {
        guard memory.capacityBytes <= Self.maximumKeptBytes else { return }
        let memory = memory
        let oldest = kept.withLock { kept in
            let oldest = kept.count >= Self.maximumKept ? kept.removeFirst() : nil
            kept.append(memory)
            return oldest
        }
        _ = oldest  // freed here, outside the lock
    }

    /// The capacities of the sets kept, oldest first.
    var keptBytes: [Int] { kept.withLock { $0.map(\.capacityBytes) } }

    /// How many sets of arrays are kept.
    var count: Int { kept.withLock { $0.count } }

    /// Frees what is kept.
    func removeAll() { kept.withLock { $0.removeAll() } }
}

extension Array {
    /// Makes the array `count` copies of `value`, in its own storage when that is large enough
    /// and not shared.
    mutating func refill(_ value: Element, count: Int) {
        removeAll(keepingCapacity: true)
        // Grown to `count` exactly, where appending would double the capacity.
        reserveCapacity(count)
        append(contentsOf: repeatElement(value, count: count))
    }
}
