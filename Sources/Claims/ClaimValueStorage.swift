/// The values of a ``ClaimSet`` by slot, in one allocation (`nil`: the claim is missing).
///
/// An `Array<ClaimValue?>` frees its elements through the generic runtime, three value-witness
/// calls per slot whatever the slot holds; for the 60–100 slots of a schema that was a quarter
/// of SEV-SNP parse + claims (perf, issue #7). This buffer's `deinit` is compiled for
/// `ClaimValue?`, so freeing a slot is one inlined switch on its case. ``ClaimSet`` copies the
/// buffer before writing when it is shared (copy on write, like the array it replaces).
@usableFromInline
final class ClaimValueStorage: ManagedBuffer<Int, ClaimValue?> {
    /// A buffer of `count` missing values.
    static func make(count: Int) -> ClaimValueStorage {
        let buffer = create(minimumCapacity: count) { _ in count }
        // `create` allocates an instance of the class it is called on.
        let storage = unsafeDowncast(buffer, to: ClaimValueStorage.self)
        storage.withUnsafeMutablePointerToElements { $0.initialize(repeating: nil, count: count) }
        return storage
    }

    /// The number of slots. Read through the header's address: `header` is a class property,
    /// so reading it directly costs a dynamic exclusivity check on every claim written.
    @inlinable
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee } }

    /// The value at `position` (`0..<count`, checked by the caller).
    @inlinable
    func value(at position: Int) -> ClaimValue? {
        withUnsafeMutablePointerToElements { $0[position] }
    }

    /// Replaces the value at `position` (`0..<count`, checked by the caller).
    ///
    /// Extraction writes into missing slots; a missing value holds nothing to free, so it is
    /// overwritten without the out-of-line destroy an assignment calls (perf, SNPBenchmarks).
    @inline(__always)
    func assign(_ value: consuming ClaimValue?, at position: Int) {
        // The element pointer outlives the closure: it points into `self`, which is alive for
        // the call. Storing inside the closure would capture the consumed value (a copy).
        let slot = withUnsafeMutablePointerToElements { $0 } + position
        if case .none = slot.pointee {
            slot.initialize(to: value)
        } else {
            slot.pointee = value
        }
    }

    /// A buffer with the same values (for a write to a shared buffer).
    func copy() -> ClaimValueStorage {
        let count = self.count
        let buffer = Self.create(minimumCapacity: count) { _ in count }
        let storage = unsafeDowncast(buffer, to: ClaimValueStorage.self)
        withUnsafeMutablePointerToElements { source in
            storage.withUnsafeMutablePointerToElements { $0.initialize(from: source, count: count) }
        }
        return storage
    }

    deinit {
        withUnsafeMutablePointers { count, elements in
            // One slot at a time, so each is freed by code specialized for `ClaimValue?` rather
            // than by `deinitialize(count:)`'s generic loop; values that hold no reference (most
            // slots: missing, flags, integers) are skipped without a call.
            for position in 0..<count.pointee {
                let slot = elements + position
                switch slot.pointee {
                case .none, .bool?, .int?, .time?, .enumeration?: continue
                default: _ = slot.move()  // not `deinitialize(count:)`: generic, value witnesses
                }
            }
        }
    }
}

/// A ``ClaimValueStorage`` reference that ``ClaimSet`` can hold and still be `Sendable`:
/// `ManagedBuffer` is not, but this buffer is written only while uniquely referenced
/// (``ClaimSet`` copies it first otherwise), so a buffer that is shared is never written.
@usableFromInline
struct SharedClaimValues: @unchecked Sendable {
    @usableFromInline
    var buffer: ClaimValueStorage
}
