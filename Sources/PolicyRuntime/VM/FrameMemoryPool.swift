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
/// the frame of a larger batch is freed as before.
final class FrameMemoryPool: Sendable {
    static let maximumKept = 2
    static let maximumKeptBytes = 32 << 20

    private let kept = Mutex<[FrameMemory]>([])

    /// The most recently returned arrays (the ones most likely in the cache), or empty ones.
    func take() -> FrameMemory {
        kept.withLock { $0.popLast() } ?? FrameMemory()
    }

    /// Keeps `memory` for a later ``take()``, unless enough is kept already or it is too large.
    func give(_ memory: consuming FrameMemory) {
        guard memory.capacityBytes <= Self.maximumKeptBytes else { return }
        let memory = memory
        kept.withLock { kept in
            if kept.count < Self.maximumKept { kept.append(memory) }
        }
    }

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
        append(contentsOf: repeatElement(value, count: count))
    }
}
