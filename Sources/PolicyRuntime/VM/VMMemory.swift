#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The memory one evaluation reads: the policy's arenas (constants, parameters) and the claim
/// frame's (columns of top-level claims, cells of list records and array elements, bytes and
/// svn components), borrowed as buffers for the duration of the evaluation.
///
/// Every access through an offset held in a ``VMValue`` is bounds-checked here, so even a value
/// the verifier should have made impossible reads as missing instead of out of bounds. The one
/// exception is bytes read in place (``VMValue/isExternal``): only the frame writer makes such a
/// value, from a claim's bytes that outlive the evaluation, and nothing else sets that tag.
struct VMMemory {
    let policyBytes: UnsafeBufferPointer<UInt8>
    let policyInts: UnsafeBufferPointer<Int64>
    let frameBytes: UnsafeBufferPointer<UInt8>
    let frameInts: UnsafeBufferPointer<Int64>
    let cells: UnsafeBufferPointer<VMValue>

    /// The bytes of a bytes or string value (the underlying bytes of a hex view), or `nil`
    /// when the reference is out of range.
    @inline(__always)
    func bytes(_ v: VMValue) -> UnsafeBufferPointer<UInt8>? {
        if v.isExternal {
            return UnsafeBufferPointer(start: UnsafePointer(bitPattern: Int(v.word)), count: Int(v.count))
        }
        let arena = v.isFrame ? frameBytes : policyBytes
        let n = Int(v.count)
        guard v.word >= 0, n <= arena.count, v.word <= Int64(arena.count - n) else { return nil }
        let start = Int(v.word)
        return UnsafeBufferPointer(rebasing: arena[start..<start + n])
    }

    /// The components of an svn value, or `nil` when the reference is out of range.
    @inline(__always)
    func ints(_ v: VMValue) -> UnsafeBufferPointer<Int64>? {
        let arena = v.isFrame ? frameInts : policyInts
        let n = Int(v.count)
        guard v.word >= 0, n <= arena.count, v.word <= Int64(arena.count - n) else { return nil }
        let start = Int(v.word)
        return UnsafeBufferPointer(rebasing: arena[start..<start + n])
    }

    /// The frame cell at `index`, or missing when out of range.
    @inline(__always)
    func cell(_ index: Int64) -> VMValue {
        guard index >= 0, index < Int64(cells.count) else { return .missing }
        return cells[Int(index)]
    }

    // MARK: Text (bytes and strings, with hex views)

    /// The length of a text value in bytes: a hex view is twice its underlying bytes.
    @inline(__always)
    static func textLength(_ v: VMValue) -> Int { v.isHexView ? Int(v.count) * 2 : Int(v.count) }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

    /// Byte `i` of a text value whose underlying bytes are `raw`.
    @inline(__always)
    static func textByte(_ raw: UnsafeBufferPointer<UInt8>, hex: Bool, _ i: Int) -> UInt8 {
        guard hex else { return raw[i] }
        let byte = raw[i >> 1]
        return hexDigit(i & 1 == 0 ? byte >> 4 : byte & 0x0F)
    }

    /// Whether two text values are equal, or `nil` when a reference is out of range.
    func textEqual(_ x: VMValue, _ y: VMValue) -> Bool? {
        guard let p = bytes(x), let q = bytes(y) else { return nil }
        if x.isHexView == y.isHexView {
            // Plain bytes, or two hex views (hex is one-to-one): compare the underlying bytes.
            return p.count == q.count && Self.sameBytes(p, q, p.count)
        }
        let length = Self.textLength(x)
        guard length == Self.textLength(y) else { return false }
        for i in 0..<length where Self.textByte(p, hex: x.isHexView, i) != Self.textByte(q, hex: y.isHexView, i) {
            return false
        }
        return true
    }

    /// Whether text `x` starts with text `y`, or `nil` when a reference is out of range.
    func textStartsWith(_ x: VMValue, _ y: VMValue) -> Bool? {
        guard let p = bytes(x), let q = bytes(y) else { return nil }
        let length = Self.textLength(y)
        guard length <= Self.textLength(x) else { return false }
        if !x.isHexView, !y.isHexView {
            return Self.sameBytes(p, q, length)
        }
        for i in 0..<length where Self.textByte(p, hex: x.isHexView, i) != Self.textByte(q, hex: y.isHexView, i) {
            return false
        }
        return true
    }

    /// Calls `body` with the text of `v` as contiguous bytes (a hex view is spelled out into a
    /// temporary buffer on the stack), or returns `nil` when the reference is out of range.
    func withText<R>(_ v: VMValue, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let raw = bytes(v) else { return nil }
        guard v.isHexView else { return body(raw) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, raw.count * 2)) { buffer in
            for (i, byte) in raw.enumerated() {
                buffer[2 * i] = Self.hexDigit(byte >> 4)
                buffer[2 * i + 1] = Self.hexDigit(byte & 0x0F)
            }
            return body(UnsafeBufferPointer(rebasing: buffer[0..<raw.count * 2]))
        }
    }

    /// Whether the first `n` bytes of `p` and `q` (both at least `n` long) are equal. Digests
    /// (up to 64 bytes) are compared a word at a time in line; longer texts by `memcmp`.
    @inline(__always)
    static func sameBytes(_ p: UnsafeBufferPointer<UInt8>, _ q: UnsafeBufferPointer<UInt8>, _ n: Int) -> Bool {
        guard n > 0 else { return true }
        guard let a = p.baseAddress, let b = q.baseAddress, p.count >= n, q.count >= n else { return false }
        guard n <= 64 else { return memcmp(a, b, n) == 0 }
        let (x, y) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        var difference: UInt64 = 0
        var i = 0
        while i + 8 <= n {
            difference |=
                x.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                ^ y.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            difference |= UInt64(a[i] ^ b[i])
            i += 1
        }
        return difference == 0
    }

    // MARK: svn

    /// Component-wise comparison of two svn values: (every a ≤ b, every a ≥ b, equal), or `nil`
    /// when the lengths differ or a reference is out of range.
    func svnOrder(_ x: VMValue, _ y: VMValue) -> (le: Bool, ge: Bool, equal: Bool)? {
        guard let p = ints(x), let q = ints(y), p.count == q.count else { return nil }
        // The compiler emits a compare and two branches per component (no vector code for the
        // default x86-64 target); they follow the data, so they predict well. Taking each flag
        // as a byte without branches measured no faster (perf, contract example, 2026-11-27).
        var below: UInt8 = 0
        var above: UInt8 = 0
        for i in 0..<p.count {
            below |= p[i] < q[i] ? 1 : 0
            above |= p[i] > q[i] ? 1 : 0
        }
        return (above == 0, below == 0, below | above == 0)
    }

    /// Whether two svn values are equal (different lengths are unequal), or `nil` when a
    /// reference is out of range.
    func svnEqual(_ x: VMValue, _ y: VMValue) -> Bool? {
        guard let p = ints(x), let q = ints(y) else { return nil }
        return p.elementsEqual(q)
    }

    /// Whether two present values of one element class are equal.
    @inline(__always)
    func equal(_ x: VMValue, _ y: VMValue, _ elementClass: ElementClass) -> Bool? {
        switch elementClass {
        case .word: return x.word == y.word
        case .text: return textEqual(x, y)
        case .svn: return svnEqual(x, y)
        }
    }
}

extension VMMemory {
    /// The policy's arenas without a claim frame (for building tables at load time).
    init(policyBytes: UnsafeBufferPointer<UInt8>, policyInts: UnsafeBufferPointer<Int64>) {
        self.init(
            policyBytes: policyBytes, policyInts: policyInts, frameBytes: .init(start: nil, count: 0),
            frameInts: .init(start: nil, count: 0), cells: .init(start: nil, count: 0))
    }
}
