/// The value of an svn claim: a vector of security version numbers compared component-wise
/// (TDX TEE_TCB_SVN, 16 bytes — Intel TDX DCAP Quoting Library API, Table "TD Quote Body";
/// SEV-SNP TCB_VERSION, 4 or 5 parts — SEV-SNP ABI spec #56860 rev 1.57, Table 3; the PCK
/// certificate's 16 SGX TCB components).
///
/// Those vectors have at most 16 components of one byte each; such a vector is stored inline
/// (two words, no allocation). Anything else — more components, or a component outside
/// 0…255 — is stored as an array. The representation is canonical (a vector that fits inline
/// is always inline), so equality and hashing compare the components.
///
/// ```swift
/// let svn: ClaimSVN = [3, 0, 8, 115, 0]
/// svn[3]        // 115
/// svn.array     // [3, 0, 8, 115, 0] as [Int64]
/// ```
public struct ClaimSVN: Hashable, Sendable {
    /// Components that fit inline, byte `i` of `low ‖ high` (little-endian) being component
    /// `i`; bytes at `count` and above are zero.
    @usableFromInline
    enum Storage: Hashable, Sendable {
        case packed(low: UInt64, high: UInt64, count: UInt8)
        case wide([Int64])
    }

    /// The most components stored inline.
    public static let inlineCapacity = 16

    @usableFromInline
    let storage: Storage

    /// The vector `components`.
    public init(_ components: [Int64]) {
        if components.count <= Self.inlineCapacity, components.allSatisfy({ $0 >= 0 && $0 <= 0xFF }) {
            storage = Self.packed(components)
        } else {
            storage = .wide(components)
        }
    }

    /// The vector whose components are `bytes`, one per byte (TEE_TCB_SVN, the PCK's SGX TCB
    /// components): no allocation for up to 16 bytes.
    public init<C: Collection>(bytes: C) where C.Element == UInt8 {
        guard bytes.count <= Self.inlineCapacity else {
            storage = .wide(bytes.map { Int64($0) })
            return
        }
        storage = Self.packed(bytes)
    }

    /// The inline form of up to 16 components, each in 0...255: one byte each, components 0–7 in
    /// `low` and 8–15 in `high`, least significant byte first.
    @inline(__always)
    private static func packed<C: Collection>(_ components: C) -> Storage where C.Element: BinaryInteger {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (i, component) in components.enumerated() {
            let byte = UInt64(truncatingIfNeeded: component) & 0xFF
            if i < 8 {
                low |= byte << (8 * UInt64(i))
            } else {
                high |= byte << (8 * UInt64(i - 8))
            }
        }
        return .packed(low: low, high: high, count: UInt8(components.count))
    }

    /// A vector of exactly `storage`; the caller keeps the representation canonical.
    init(storage: Storage) { self.storage = storage }

    /// The components as an array (allocates).
    public var array: [Int64] { Array(self) }

    /// Writes the components to `destination`, which has room for ``count`` of them: for
    /// readers that copy every component (the VM's frame writer), since reading them one at a
    /// time switches on the representation per component.
    @inlinable
    public func copyComponents(to destination: UnsafeMutablePointer<Int64>) {
        switch storage {
        case .packed(let low, let high, let count):
            for i in 0..<Int(count) { destination[i] = Self.component(i, low: low, high: high) }
        case .wide(let components):
            for (i, component) in components.enumerated() { destination[i] = component }
        }
    }

    /// Component `i` (below 16) of the inline form: byte `i` of `low ‖ high`.
    @inlinable
    static func component(_ i: Int, low: UInt64, high: UInt64) -> Int64 {
        Int64(((i < 8 ? low : high) >> (8 * UInt64(i & 7))) & 0xFF)
    }
}

extension ClaimSVN: RandomAccessCollection {
    public typealias Index = Int
    public typealias Element = Int64
    public typealias Indices = Range<Int>

    @inlinable
    public var startIndex: Int { 0 }

    @inlinable
    public var endIndex: Int {
        switch storage {
        case .packed(_, _, let count): return Int(count)
        case .wide(let components): return components.count
        }
    }

    /// Component `position` (0-based); traps outside `0..<count` like an array.
    @inlinable
    public subscript(position: Int) -> Int64 {
        switch storage {
        case .packed(let low, let high, let count):
            precondition(position >= 0 && position < Int(count), "ClaimSVN index out of range")
            return Self.component(position, low: low, high: high)
        case .wide(let components):
            return components[position]
        }
    }
}

extension ClaimSVN: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Int64...) { self.init(elements) }
}

extension ClaimSVN: CustomStringConvertible, CustomDebugStringConvertible {
    /// The components as an array prints them (`[3, 0, 8]`), so messages read as before.
    public var description: String { array.description }

    public var debugDescription: String { description }
}
