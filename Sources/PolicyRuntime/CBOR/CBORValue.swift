internal import CLibCBOR

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A CBOR data item (RFC 8949), encoded and decoded through libcbor; used for EAR results
/// in CBOR form.
///
/// Encoding is deterministic (RFC 8949 §4.2.1 "preferred serialization" for integers and
/// lengths; map keys are written in the order given): libcbor's `cbor_build_uint64` would
/// always use the 8-byte form, so the width is chosen here.
public indirect enum CBORValue: Hashable, Sendable {
    case unsigned(UInt64)
    /// A negative integer `-1 - n`, stored as `n` (CBOR major type 1).
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBORValue])
    /// Key/value pairs in the order they are written.
    case map([(CBORValue, CBORValue)])
    case tagged(UInt64, CBORValue)
    case bool(Bool)
    case null

    /// An integer of either sign.
    public static func int(_ value: Int64) -> CBORValue {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-(value + 1)))
    }

    public static func == (lhs: CBORValue, rhs: CBORValue) -> Bool {
        switch (lhs, rhs) {
        case (.unsigned(let a), .unsigned(let b)), (.negative(let a), .negative(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.text(let a), .text(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.map(let a), .map(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.tagged(let t1, let v1), .tagged(let t2, let v2)): return t1 == t2 && v1 == v2
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .unsigned(let v):
            hasher.combine(0)
            hasher.combine(v)
        case .negative(let v):
            hasher.combine(1)
            hasher.combine(v)
        case .bytes(let v):
            hasher.combine(2)
            hasher.combine(v)
        case .text(let v):
            hasher.combine(3)
            hasher.combine(v)
        case .array(let v):
            hasher.combine(4)
            hasher.combine(v)
        case .map(let pairs):
            hasher.combine(5)
            for (k, v) in pairs {
                hasher.combine(k)
                hasher.combine(v)
            }
        case .tagged(let t, let v):
            hasher.combine(6)
            hasher.combine(t)
            hasher.combine(v)
        case .bool(let v):
            hasher.combine(7)
            hasher.combine(v)
        case .null: hasher.combine(8)
        }
    }
}

/// Errors from CBOR encoding and decoding.
public struct CBORError: Error, Hashable, Sendable, CustomStringConvertible {
    public let detail: String
    public init(_ detail: String) { self.detail = detail }
    public var description: String { "CBOR: \(detail)" }
}

extension CBORValue {
    /// The CBOR encoding of this value.
    ///
    /// - Throws: ``CBORError`` if libcbor cannot allocate or serialize.
    public func encoded() throws(CBORError) -> [UInt8] {
        let item = try build()
        defer {
            var p: UnsafeMutablePointer<cbor_item_t>? = item
            cbor_decref(&p)
        }
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var capacity = 0
        let length = cbor_serialize_alloc(item, &buffer, &capacity)
        guard length > 0, let buffer else { throw CBORError("serialization failed") }
        defer { free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }

    /// Decodes one CBOR data item that must span all of `bytes`.
    ///
    /// - Throws: ``CBORError`` for malformed, truncated or trailing input, or unsupported items
    ///   (floats, undefined, indefinite-length strings).
    public init(decoding bytes: [UInt8]) throws(CBORError) {
        var result = cbor_load_result()
        let item: UnsafeMutablePointer<cbor_item_t>? = bytes.withUnsafeBufferPointer {
            cbor_load($0.baseAddress, $0.count, &result)
        }
        guard let item, result.error.code == CBOR_ERR_NONE else {
            if let item {
                var p: UnsafeMutablePointer<cbor_item_t>? = item
                cbor_decref(&p)
            }
            throw CBORError("malformed input at byte \(result.error.position)")
        }
        defer {
            var p: UnsafeMutablePointer<cbor_item_t>? = item
            cbor_decref(&p)
        }
        guard result.read == bytes.count else {
            throw CBORError("\(bytes.count - result.read) trailing bytes after the data item")
        }
        self = try Self.convert(item, depth: 0)
    }

    private func build() throws(CBORError) -> UnsafeMutablePointer<cbor_item_t> {
        func check(_ item: UnsafeMutablePointer<cbor_item_t>?) throws(CBORError) -> UnsafeMutablePointer<cbor_item_t> {
            guard let item else { throw CBORError("allocation failed") }
            return item
        }
        switch self {
        case .unsigned(let v): return try check(Self.buildUnsigned(v))
        case .negative(let v):
            let item = try check(Self.buildUnsigned(v))
            cbor_mark_negint(item)
            return item
        case .bytes(let b):
            return try check(b.withUnsafeBufferPointer { cbor_build_bytestring($0.baseAddress, $0.count) })
        case .text(let s):
            let utf8 = Array(s.utf8)
            return try check(
                utf8.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { cbor_build_stringn($0.baseAddress, $0.count) }
                })
        case .array(let elements):
            let array = try check(cbor_new_definite_array(elements.count))
            for element in elements {
                let child = try element.build()
                let ok = cbor_array_push(array, cbor_move(child))
                guard ok else {
                    var p: UnsafeMutablePointer<cbor_item_t>? = array
                    cbor_decref(&p)
                    throw CBORError("array push failed")
                }
            }
            return array
        case .map(let pairs):
            let map = try check(cbor_new_definite_map(pairs.count))
            for (key, value) in pairs {
                let k = try key.build()
                let v = try value.build()
                let ok = cbor_map_add(map, cbor_pair(key: cbor_move(k), value: cbor_move(v)))
                guard ok else {
                    var p: UnsafeMutablePointer<cbor_item_t>? = map
                    cbor_decref(&p)
                    throw CBORError("map add failed")
                }
            }
            return map
        case .tagged(let tag, let value):
            let inner = try value.build()
            return try check(cbor_build_tag(tag, cbor_move(inner)))
        case .bool(let b): return try check(cbor_build_bool(b))
        case .null: return try check(cbor_new_null())
        }
    }

    private static func buildUnsigned(_ v: UInt64) -> UnsafeMutablePointer<cbor_item_t>? {
        if v <= UInt64(UInt8.max) { return cbor_build_uint8(UInt8(v)) }
        if v <= UInt64(UInt16.max) { return cbor_build_uint16(UInt16(v)) }
        if v <= UInt64(UInt32.max) { return cbor_build_uint32(UInt32(v)) }
        return cbor_build_uint64(v)
    }

    private static let maximumDepth = 64

    private static func convert(_ item: UnsafeMutablePointer<cbor_item_t>, depth: Int) throws(CBORError) -> CBORValue {
        guard depth < maximumDepth else { throw CBORError("nesting deeper than \(maximumDepth)") }
        switch cbor_typeof(item) {
        case CBOR_TYPE_UINT: return .unsigned(cbor_get_int(item))
        case CBOR_TYPE_NEGINT: return .negative(cbor_get_int(item))
        case CBOR_TYPE_BYTESTRING:
            guard cbor_bytestring_is_definite(item), let handle = cbor_bytestring_handle(item) else {
                throw CBORError("indefinite-length byte strings are not supported")
            }
            return .bytes(Array(UnsafeBufferPointer(start: handle, count: cbor_bytestring_length(item))))
        case CBOR_TYPE_STRING:
            guard cbor_string_is_definite(item) else { throw CBORError("indefinite-length text is not supported") }
            guard let handle = cbor_string_handle(item) else { return .text("") }
            let utf8 = UnsafeBufferPointer(start: handle, count: cbor_string_length(item))
            guard let text = String(validating: utf8, as: UTF8.self) else { throw CBORError("text is not UTF-8") }
            return .text(text)
        case CBOR_TYPE_ARRAY:
            var elements: [CBORValue] = []
            for i in 0..<cbor_array_size(item) {
                guard let child = cbor_array_get(item, i) else { throw CBORError("missing array element") }
                defer {
                    var p: UnsafeMutablePointer<cbor_item_t>? = child
                    cbor_decref(&p)
                }
                elements.append(try convert(child, depth: depth + 1))
            }
            return .array(elements)
        case CBOR_TYPE_MAP:
            var pairs: [(CBORValue, CBORValue)] = []
            guard let handle = cbor_map_handle(item) else { return .map([]) }
            for i in 0..<cbor_map_size(item) {
                guard let key = handle[i].key, let value = handle[i].value else {
                    throw CBORError("incomplete map entry")
                }
                pairs.append((try convert(key, depth: depth + 1), try convert(value, depth: depth + 1)))
            }
            return .map(pairs)
        case CBOR_TYPE_TAG:
            guard let tagged = cbor_tag_item(item) else { throw CBORError("tag without item") }
            defer {
                var p: UnsafeMutablePointer<cbor_item_t>? = tagged
                cbor_decref(&p)
            }
            return .tagged(cbor_tag_value(item), try convert(tagged, depth: depth + 1))
        case CBOR_TYPE_FLOAT_CTRL:
            if cbor_is_null(item) { return .null }
            if cbor_is_bool(item) { return .bool(cbor_get_bool(item)) }
            throw CBORError("floats and simple values other than true, false and null are not supported")
        default:
            throw CBORError("unknown item type")
        }
    }
}
