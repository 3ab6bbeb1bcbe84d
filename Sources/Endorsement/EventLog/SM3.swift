/// The SM3 hash function (GB/T 32905-2016; ISO/IEC 10118-3:2018), 256-bit output: the
/// `TPM_ALG_SM3_256` bank of Hygon and other Chinese-market TPMs and of Hygon CSV CCELs.
///
/// Neither swift-crypto nor the hot path's other hashes offer it; this is a direct
/// implementation of the standard's §5 (padding, message expansion, compression), checked
/// against the standard's Appendix A examples and against pyca/cryptography in tests.
public struct SM3: Sendable {
    public static let digestLength = 32

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x7380_166F, 0x4914_B2B9, 0x1724_42D7, 0xDA8A_0600, 0xA96F_30BC, 0x1631_38AA, 0xE38D_EE4D, 0xB0FB_0E4E
    )
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() { buffer.reserveCapacity(64) }

    /// The SM3 digest of `bytes`.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var hasher = SM3()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        length &+= UInt64(bytes.count)
        var index = bytes.startIndex
        // Top up a partial block first, then hash whole blocks straight from the input.
        while !buffer.isEmpty && index != bytes.endIndex {
            buffer.append(bytes[index])
            index = bytes.index(after: index)
            if buffer.count == 64 {
                compress(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let rest = bytes[index...]
        let whole = rest.count / 64 * 64
        if whole > 0 {
            let blocks = Array(rest.prefix(whole))
            var offset = 0
            while offset < whole {
                compress(blocks[offset..<(offset + 64)])
                offset += 64
            }
        }
        buffer.append(contentsOf: rest.dropFirst(whole))
    }

    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        var offset = 0
        while offset < tail.count {
            compress(tail[offset..<(offset + 64)])
            offset += 64
        }
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        return words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
    }

    @inline(__always) private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 {
        let k = n & 31
        return k == 0 ? x : (x << k) | (x >> (32 - k))
    }

    @inline(__always) private static func p0(_ x: UInt32) -> UInt32 { x ^ rotl(x, 9) ^ rotl(x, 17) }
    @inline(__always) private static func p1(_ x: UInt32) -> UInt32 { x ^ rotl(x, 15) ^ rotl(x, 23) }

    private mutating func compress<C: Collection>(_ block: C) where C.Element == UInt8, C.Index == Int {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 68) { w in
            var index = block.startIndex
            for j in 0..<16 {
                w[j] =
                    UInt32(block[index]) << 24 | UInt32(block[index + 1]) << 16 | UInt32(block[index + 2]) << 8
                    | UInt32(block[index + 3])
                index += 4
            }
            for j in 16..<68 {
                w[j] = Self.p1(w[j - 16] ^ w[j - 9] ^ Self.rotl(w[j - 3], 15)) ^ Self.rotl(w[j - 13], 7) ^ w[j - 6]
            }
            var (a, b, c, d, e, f, g, h) = state
            for j in 0..<64 {
                let t: UInt32 = j < 16 ? 0x79CC_4519 : 0x7A87_9D8A
                let ss1 = Self.rotl(Self.rotl(a, 12) &+ e &+ Self.rotl(t, UInt32(j % 32)), 7)
                let ss2 = ss1 ^ Self.rotl(a, 12)
                let ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c)
                let gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g)
                let tt1 = ff &+ d &+ ss2 &+ (w[j] ^ w[j + 4])
                let tt2 = gg &+ h &+ ss1 &+ w[j]
                d = c
                c = Self.rotl(b, 9)
                b = a
                a = tt1
                h = g
                g = Self.rotl(f, 19)
                f = e
                e = Self.p0(tt2)
            }
            state = (
                state.0 ^ a, state.1 ^ b, state.2 ^ c, state.3 ^ d, state.4 ^ e, state.5 ^ f, state.6 ^ g,
                state.7 ^ h
            )
        }
    }
}
