/// A set of values ready to probe during evaluation: a constant set of the bytecode's set
/// table or a set parameter, its elements materialized in the policy's arenas.
///
/// The VM builds its own table from the elements (BYTECODE.md §4 allows it) so that probing is
/// cheap: sets of enum (or small integer) values become a 64-bit mask; other sets of up to
/// ``linearLimit`` elements are scanned; larger ones get an open-addressing table with linear
/// probing, keyed by a word-at-a-time hash and holding each element's full hash to skip most
/// comparisons.
struct ProbeSet: Sendable {
    static let linearLimit = 8

    let elementClass: ElementClass
    /// The elements, referring to the policy's arenas.
    let elements: [VMValue]
    /// Bit `v` set for each element value `v` when every element is a word in `0..<64`.
    let mask: UInt64?
    /// Per element, its hash (empty when scanned linearly).
    let hashes: [UInt64]
    /// Power-of-two slot table: 0 is empty, otherwise element index + 1 (empty when linear).
    let slots: [UInt32]

    /// Builds the probe structure for `elements` (duplicates are harmless).
    init(elementClass: ElementClass, elements: [VMValue], policyBytes: [UInt8], policyInts: [Int64]) {
        self.elementClass = elementClass
        self.elements = elements
        if elementClass == .word, elements.allSatisfy({ $0.word >= 0 && $0.word < 64 }) {
            mask = elements.reduce(UInt64(0)) { $0 | (1 << UInt64($1.word)) }
            hashes = []
            slots = []
            return
        }
        mask = nil
        guard elements.count > Self.linearLimit else {
            hashes = []
            slots = []
            return
        }
        let computed = policyBytes.withUnsafeBufferPointer { pb in
            policyInts.withUnsafeBufferPointer { pi in
                let memory = VMMemory(
                    policyBytes: pb, policyInts: pi, frameBytes: UnsafeBufferPointer(start: nil, count: 0),
                    frameInts: UnsafeBufferPointer(start: nil, count: 0),
                    cells: UnsafeBufferPointer(start: nil, count: 0))
                return elements.map { Self.hash($0, elementClass, memory) ?? 0 }
            }
        }
        var capacity = 16
        while capacity < 2 * elements.count { capacity *= 2 }
        var table = [UInt32](repeating: 0, count: capacity)
        for (index, hash) in computed.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while table[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            table[slot] = UInt32(truncatingIfNeeded: index + 1)
        }
        hashes = computed
        slots = table
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

    init(copying set: ProbeSet) {
        elementClass = set.elementClass
        elements = .allocatedCopy(of: set.elements)
        mask = set.mask ?? 0
        hasMask = set.mask != nil
        hashes = .allocatedCopy(of: set.hashes)
        slots = .allocatedCopy(of: set.slots)
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
        if slots.isEmpty {
            for element in elements {
                guard let equal = memory.equal(value, element, elementClass) else { return nil }
                if equal { return true }
            }
            return false
        }
        guard let hash = ProbeSet.hash(value, elementClass, memory) else { return nil }
        // `slots.count` is a power of two (ProbeSet.init), so `& capacityMask` stays in range.
        let capacityMask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & capacityMask
        for _ in 0..<slots.count {
            let entry = Int(slots[slot])
            if entry == 0 { return false }
            let index = entry - 1
            if index < elements.count, index < hashes.count, hashes[index] == hash {
                guard let equal = memory.equal(value, elements[index], elementClass) else { return nil }
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
