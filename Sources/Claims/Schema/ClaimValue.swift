/// A typed claim value as stored in a ``ClaimSet``.
///
/// Enum values are stored as the index of their case in the claim's ``ClaimEnum``; list
/// values as records whose fields follow the ``ClaimRecordType`` field order (a `nil` field
/// is missing for that element). Byte strings are ``ClaimBytes`` views of the evidence and svn
/// vectors ``ClaimSVN``s stored inline, so extracting them does not allocate.
public enum ClaimValue: Hashable, Sendable {
    case bool(Bool)
    case int(Int64)
    case string(String)
    case bytes(ClaimBytes)
    case svn(ClaimSVN)
    case time(ClaimTime)
    case enumeration(Int)
    case list([ClaimRecord])
    /// Elements of an `array` claim, in order.
    case array([ClaimValue])

    /// Whether this value conforms to `type` (lengths, counts, enum range, record shapes).
    public func conforms(to type: ClaimType) -> Bool {
        switch (self, type) {
        case (.bool, .bool), (.int, .int), (.string, .string), (.time, .time): return true
        case (.bytes(let b), .bytes(let length)): return length == nil || length == b.count
        case (.svn(let components), .svn(let count)): return components.count == count
        case (.enumeration(let index), .enumeration(let e)): return e.cases.indices.contains(index)
        case (.list(let records), .list(let shape)):
            return records.allSatisfy { record in
                record.fields.count == shape.fields.count
                    && zip(record.fields, shape.fields).allSatisfy { value, field in
                        value.map { $0.conforms(to: field.type) } ?? true
                    }
            }
        case (.array(let elements), .array(let element)):
            if case .list = element { return false }
            if case .array = element { return false }
            return elements.allSatisfy { $0.conforms(to: element) }
        default: return false
        }
    }
}

/// One element of a list claim: field values in the order of its ``ClaimRecordType``.
public struct ClaimRecord: Hashable, Sendable {
    public var fields: [ClaimValue?]

    public init(fields: [ClaimValue?]) { self.fields = fields }
}
