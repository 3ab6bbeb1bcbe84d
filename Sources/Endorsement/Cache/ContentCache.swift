import Foundation
import Synchronization

/// A small thread-safe cache of values derived from byte content (a PCK certificate chain, an
/// attestation key, a collateral bundle), so that repeated evidence from the same platform pays
/// the cold-path cost — base64, X.509 and ASN.1 decoding, key decoding, chain validation — once.
///
/// Keys are the content itself: a hit is only ever returned for byte-identical content (a
/// full comparison after a cheap hash of sampled bytes), so a cache can never confuse two
/// platforms. When full, the cache is emptied (evidence streams are dominated by few platforms).
public final class ContentCache<Value: Sendable>: Sendable {
    private let storage = Mutex<[ContentKey: Value]>([:])
    /// The most entries kept before the cache is emptied.
    public let capacity: Int

    public init(capacity: Int = 1024) { self.capacity = max(1, capacity) }

    /// The cached value for `content`, or `make()`'s value, which is then cached. Errors are not
    /// cached.
    public func value<E: Error>(for content: ArraySlice<UInt8>, _ make: () throws(E) -> Value) throws(E) -> Value {
        let probe = ContentKey(content)
        if let hit = storage.withLock({ $0[probe] }) { return hit }
        let value = try make()
        let stored = ContentKey(ArraySlice(Array(content)))
        storage.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[stored] = value
        }
        return value
    }

    /// Stores `value` for `content`, replacing any earlier value.
    public func set(_ value: Value, for content: ArraySlice<UInt8>) {
        let stored = ContentKey(ArraySlice(Array(content)))
        storage.withLock { entries in
            if entries.count >= capacity, entries[stored] == nil { entries.removeAll(keepingCapacity: true) }
            entries[stored] = value
        }
    }

    /// The cached value for `content`, if any.
    public func cachedValue(for content: ArraySlice<UInt8>) -> Value? {
        storage.withLock { $0[ContentKey(content)] }
    }

    /// Number of entries.
    public var count: Int { storage.withLock { $0.count } }

    /// Drops every entry.
    public func removeAll() { storage.withLock { $0.removeAll() } }
}

/// Byte content as a dictionary key: hashed on its length and eight sampled words (cheap for a
/// 4 KB chain), compared in full with `memcmp`.
struct ContentKey: Hashable, @unchecked Sendable {
    let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        let count = bytes.count
        hasher.combine(count)
        bytes.withUnsafeBytes { raw in
            // Eight 8-byte words spread over the content (and its last word): cheap for 4 KB.
            guard raw.count >= 8 else {
                hasher.combine(bytes: raw)
                return
            }
            let step = (raw.count - 8) / 7
            for i in 0..<8 {
                hasher.combine(raw.loadUnaligned(fromByteOffset: min(i * step, raw.count - 8), as: UInt64.self))
            }
        }
    }

    static func == (lhs: ContentKey, rhs: ContentKey) -> Bool {
        guard lhs.bytes.count == rhs.bytes.count else { return false }
        return lhs.bytes.withUnsafeBytes { l in
            rhs.bytes.withUnsafeBytes { r in
                guard let a = l.baseAddress, let b = r.baseAddress else { return l.count == r.count }
                return memcmp(a, b, l.count) == 0
            }
        }
    }
}
