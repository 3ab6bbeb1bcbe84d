/// A constant set compiled into the bytecode (`Grammar/BYTECODE.md`, "Sets").
///
/// Elements are unique and sorted by their canonical ``BytecodeValue/payload``, so the same
/// set always encodes to the same bytes. Small sets are scanned (``Layout/linear``); the
/// optimizer gives sets of 8 or more elements a hash table (``Layout/hashed``): open addressing
/// with linear probing over `capacity` slots (a power of two, at least twice the element
/// count), slot = FNV-1a 64 of the payload masked by `capacity - 1`, `0xFFFF_FFFF` marks an
/// empty slot.
public struct SetTable: Hashable, Sendable {
    public enum Layout: Hashable, Sendable {
        case linear
        case hashed(slots: [UInt32])
    }

    public static let emptySlot: UInt32 = 0xFFFF_FFFF

    public let elementType: TypeDescriptor
    public let elements: [BytecodeValue]
    public let layout: Layout

    /// Builds a table: sorts and deduplicates `elements` and, when `hashed`, lays out the slots.
    public init(elementType: TypeDescriptor, elements: [BytecodeValue], hashed: Bool) {
        var seen: Set<[UInt8]> = []
        let unique = elements.map { ($0.payload, $0) }.filter { seen.insert($0.0).inserted }
        let sorted = unique.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        self.elementType = elementType
        self.elements = sorted.map(\.1)
        if hashed {
            var capacity = 2
            while capacity < 2 * max(sorted.count, 1) { capacity *= 2 }
            var slots = [UInt32](repeating: Self.emptySlot, count: capacity)
            for (position, entry) in sorted.enumerated() {
                var slot = Int(ByteEncoding.fnv1a64(entry.0) & UInt64(capacity - 1))
                while slots[slot] != Self.emptySlot { slot = (slot + 1) & (capacity - 1) }
                slots[slot] = UInt32(position)
            }
            layout = .hashed(slots: slots)
        } else {
            layout = .linear
        }
    }

    /// A table exactly as read from a file (the reader validates it first).
    init(elementType: TypeDescriptor, sortedElements: [BytecodeValue], layout: Layout) {
        self.elementType = elementType
        self.elements = sortedElements
        self.layout = layout
    }

    /// Whether `value` is an element: a probe of the hash table or a scan.
    public func contains(_ value: BytecodeValue) -> Bool {
        let payload = value.payload
        switch layout {
        case .linear:
            return elements.contains { $0.payload == payload }
        case .hashed(let slots):
            guard !slots.isEmpty else { return false }
            let mask = slots.count - 1
            var slot = Int(ByteEncoding.fnv1a64(payload) & UInt64(mask))
            for _ in 0..<slots.count {
                let entry = slots[slot]
                if entry == Self.emptySlot { return false }
                if Int(entry) < elements.count, elements[Int(entry)].payload == payload { return true }
                slot = (slot + 1) & mask
            }
            return false
        }
    }
}
