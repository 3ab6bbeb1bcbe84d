/// A set of values ready to probe during evaluation: a constant set of the bytecode's set
/// table or a set parameter, its elements materialized in the policy's arenas.
///
/// The VM builds its own table from the elements (BYTECODE.md §4 allows it) so that probing is
/// cheap: sets of enum (or small integer) values become a 64-bit mask; other sets of up to
/// ``linearLimit`` elements are scanned; larger ones get an open-addressing table with linear
/// probing, keyed by a word-at-a-time hash and holding each element's full hash to skip most
/// comparisons.
///
/// Sets of byte strings of one length (digests: `set<bytes48>`) are keyed by a hash of their
/// first and last eight bytes instead of all of them, when that spreads the elements as well
/// (no probe longer than ``shortProbeLimit``; otherwise the full hash is used). A value that
/// collides with an element still costs only the comparisons of the table's longest run: the
/// runs are fixed when the policy loads, by its reference values, so evidence cannot lengthen
/// them.
struct ProbeSet: Sendable {
    static let linearLimit = 8
    /// The longest run of slots a table keyed by ``digestHash(_:_:)`` may have.
    static let shortProbeLimit = 8

    let elementClass: ElementClass
    /// The elements, referring to the policy's arenas.
    let elements: [VMValue]
    /// Bit `v` set for each element value `v` when every element is a word in `0..<64`.
    let mask: UInt64?
    /// Per element, its hash (empty when scanned linearly).
    let hashes: [UInt64]
    /// Power-of-two slot table: 0 is empty, otherwise element index + 1 (empty when linear).
    let slots: [UInt32]
    /// The length every element has when all are plain byte strings (no hex views) of one
    /// length of at least 8 bytes, else 0: a value of another length is not an element.
    let plainLength: Int
    /// Whether ``slots`` is keyed by ``digestHash(_:_:)`` (then ``plainLength`` > 0).
    let shortKeyed: Bool

    /// Builds the probe structure for `elements` (duplicates are harmless).
    init(elementClass: ElementClass, elements: [VMValue], policyBytes: [UInt8], policyInts: [Int64]) {
        self.elementClass = elementClass
        self.elements = elements
        let built = policyBytes.withUnsafeBufferPointer { pb in
            policyInts.withUnsafeBufferPointer { pi in
                Self.build(elementClass, elements, VMMemory(policyBytes: pb, policyInts: pi))
            }
        }
        (mask, hashes, slots, plainLength, shortKeyed) = built
    }

    private static func build(_ elementClass: ElementClass, _ elements: [VMValue], _ memory: VMMemory) -> (
        mask: UInt64?, hashes: [UInt64], slots: [UInt32], plainLength: Int, shortKeyed: Bool
    ) {
        if elementClass == .word, elements.allSatisfy({ $0.word >= 0 && $0.word < 64 }) {
            return (elements.reduce(UInt64(0)) { $0 | (1 << UInt64($1.word)) }, [], [], 0, false)
        }
        let short = digestHashes(elements, elementClass, memory)
        let plainLength = short?.length ?? 0
        guard elements.count > linearLimit else { return (nil, [], [], plainLength, false) }
        // Keyed by the short hash when it spreads the elements well (a quarter, then an eighth
        // of the slots full), else by the full one.
        if let short {
            for spread in [4, 8] {
                if let table = table(short.hashes, spread: spread, longestRun: shortProbeLimit) {
                    return (nil, short.hashes, table, plainLength, true)
                }
            }
        }
        let full = elements.map { hash($0, elementClass, memory) ?? 0 }
        return (nil, full, table(full, spread: 2, longestRun: nil) ?? [], plainLength, false)
    }

    /// The slot table of elements with `hashes`, at least `spread` slots per element, or `nil`
    /// when some probe would visit more than `longestRun` slots.
    private static func table(_ hashes: [UInt64], spread: Int, longestRun: Int?) -> [UInt32]? {
        var capacity = 16
        while capacity < spread * hashes.count { capacity *= 2 }
        var table = [UInt32](repeating: 0, count: capacity)
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            var run = 1
            while table[slot] != 0 {
                slot = (slot + 1) & (capacity - 1)
                run += 1
            }
            table[slot] = UInt32(truncatingIfNeeded: index + 1)
            if let longestRun, run > longestRun { return nil }
        }
        // A probe for a non-element runs from its home slot to the next empty one.
        if let longestRun {
            var run = 0
            for slot in 0..<2 * capacity {
                run = table[slot & (capacity - 1)] == 0 ? 0 : run + 1
                if run >= longestRun { return nil }
            }
        }
        return table
    }

    /// The ``digestHash(_:_:)`` of each element and their common length, or `nil` unless the
    /// elements are plain byte strings (no hex views) of one length of at least 8 bytes.
    private static func digestHashes(_ elements: [VMValue], _ elementClass: ElementClass, _ memory: VMMemory)
        -> (hashes: [UInt64], length: Int)?
    {
        guard elementClass == .text, let length = elements.first.map({ Int($0.count) }), length >= 8 else {
            return nil
        }
        var hashes: [UInt64] = []
        for element in elements {
            guard !element.isHexView, Int(element.count) == length, let bytes = memory.bytes(element),
                let base = bytes.baseAddress
            else { return nil }
            hashes.append(digestHash(UnsafeRawPointer(base), length))
        }
        return (hashes, length)
    }

    // MARK: Hashing

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The hash of a present value; a hex-view string hashes as the text it spells.
    static func hash(_ value: VMValue, _ elementClass: ElementClass, _ memory: VMMemory) -> UInt64? {
        switch elementClass {
        case .word: return mix(UInt64(bitPattern: value.word))
        case .svn:
            guard let components = memory.ints(value) else { return nil }
            var h = mix(UInt64(components.count))
            for component in components { h = mix(h ^ UInt64(bitPattern: component)) }
            return h
        case .text:
            return memory.withText(value) { hashBytes(UnsafeRawBufferPointer($0)) }
        }
    }

    /// The hash of a byte string of `length` ≥ 8 bytes at `base` from its first and last eight
    /// bytes (a digest's bytes are uniformly distributed already).
    @inline(__always)
    static func digestHash(_ base: UnsafeRawPointer, _ length: Int) -> UInt64 {
        let first = base.loadUnaligned(as: UInt64.self)
        let last = base.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        let h = (first ^ (last << 32 | last >> 32)) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 32)
    }

    /// A word-at-a-time hash of `bytes` (length included).
    @inline(__always)
    static func hashBytes(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = mix(UInt64(bytes.count))
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        return mix(h ^ tail)
    }
}

/// A ``ProbeSet`` as the VM probes it: the same tables in buffers the ``LoadedPolicy`` owns
/// (allocated by ``init(copying:)``, freed by ``deallocate()`` when the policy goes), so a
/// probe copies and retains nothing.
struct ProbeTable {
    let elementClass: ElementClass
    let elements: UnsafeBufferPointer<VMValue>
    /// The bit mask of a set of small words (``ProbeSet/mask``), when ``hasMask``.
    let mask: UInt64
    let hasMask: Bool
    let hashes: UnsafeBufferPointer<UInt64>
    let slots: UnsafeBufferPointer<UInt32>
    /// ``ProbeSet/plainLength`` and ``ProbeSet/shortKeyed``.
    let plainLength: Int
    let shortKeyed: Bool

    init(copying set: ProbeSet) {
        elementClass = set.elementClass
        elements = .allocatedCopy(of: set.elements)
        mask = set.mask ?? 0
        hasMask = set.mask != nil
        hashes = .allocatedCopy(of: set.hashes)
        slots = .allocatedCopy(of: set.slots)
        plainLength = set.plainLength
        shortKeyed = set.shortKeyed
    }

    func deallocate() {
        elements.deallocate()
        hashes.deallocate()
        slots.deallocate()
    }

    /// Whether the present value `value` is an element; `nil` when a reference is out of range.
    @inline(__always)
    func contains(_ value: VMValue, _ memory: VMMemory) -> Bool? {
        if hasMask {
            return value.word >= 0 && value.word < 64 && mask & (1 << UInt64(value.word)) != 0
        }
        if plainLength > 0, !value.isHexView {
            // Every element is `plainLength` plain bytes: compared in line, keyed by the short hash.
            guard let bytes = memory.bytes(value) else { return nil }
            guard bytes.count == plainLength, let base = bytes.baseAddress else { return false }
            let isEqual = { (candidate: VMValue) in
                memory.bytes(candidate).map { VMMemory.sameBytes(bytes, $0, plainLength) }
            }
            if slots.isEmpty { return scan(isEqual) }
            if shortKeyed { return probe(ProbeSet.digestHash(UnsafeRawPointer(base), plainLength), isEqual) }
        }
        let isEqual = { (candidate: VMValue) in memory.equal(value, candidate, elementClass) }
        if slots.isEmpty { return scan(isEqual) }
        guard let hash = ProbeSet.hash(value, elementClass, memory) else { return nil }
        return probe(hash, isEqual)
    }

    /// Looks for an element for which `isEqual` holds, each in turn (a set without a slot
    /// table); `nil` when a comparison could not be made.
    @inline(__always)
    private func scan(_ isEqual: (VMValue) -> Bool?) -> Bool? {
        for element in elements {
            guard let equal = isEqual(element) else { return nil }
            if equal { return true }
        }
        return false
    }

    /// Looks for an element with `hash` for which `isEqual` holds, from `hash`'s home slot to
    /// the next empty one; `nil` when a comparison could not be made.
    @inline(__always)
    private func probe(_ hash: UInt64, _ isEqual: (VMValue) -> Bool?) -> Bool? {
        // `slots.count` is a power of two (ProbeSet.init), so `& capacityMask` stays in range.
        let capacityMask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & capacityMask
        for _ in 0..<slots.count {
            let entry = Int(slots[slot])
            if entry == 0 { return false }
            let index = entry - 1
            if index < elements.count, index < hashes.count, hashes[index] == hash {
                guard let equal = isEqual(elements[index]) else { return nil }
                if equal { return true }
            }
            slot = (slot + 1) & capacityMask
        }
        return false
    }
}

extension UnsafeBufferPointer {
    /// A copy of `array` in memory the caller owns and frees with `deallocate()` (at least one
    /// element is allocated, so an empty copy still has an address to free).
    static func allocatedCopy(of array: [Element]) -> UnsafeBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(1, array.count))
        _ = buffer.initialize(from: array)
        return UnsafeBufferPointer(rebasing: buffer[0..<array.count])
    }
}
