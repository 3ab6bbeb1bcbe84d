/// The claims extracted from one piece of evidence: typed values stored by slot id of one
/// ``ClaimSchema``.
///
/// Writers (the extractors) set values by path and are type-checked; readers on the hot path
/// (the VM) read by ``ClaimSlot`` with no string handling.
///
/// ```swift
/// var claims = ClaimSet(schema: .tdx)
/// try claims.set("tdx.quote.version", .int(4))
/// claims[ClaimSchema.tdx.resolve("tdx.quote.version")!.slot]   // .int(4)
/// ```
public struct ClaimSet: Sendable {
    public let schema: ClaimSchema
    /// Values by slot; `nil` means the claim is missing for this evidence.
    public private(set) var values: [ClaimValue?]
    /// Notes about the evidence that are not errors (e.g. trailing padding), in order.
    public var notes: [String] = []

    public init(schema: ClaimSchema) {
        self.schema = schema
        self.values = Array(repeating: nil, count: schema.claims.count)
    }

    /// The value at `slot`, or `nil` if missing or out of range.
    @inlinable
    public subscript(slot: ClaimSlot) -> ClaimValue? {
        let position = Int(slot.rawValue)
        return position < values.count ? values[position] : nil
    }

    /// The value of the claim at `path` (canonical or alias), or `nil`.
    public func value(_ path: String) -> ClaimValue? {
        schema.resolve(path).flatMap { self[$0.slot] }
    }

    /// Sets the claim at `path` after checking the value against the declared type.
    ///
    /// - Throws: ``ClaimError`` `.unknownClaim` or `.typeMismatch`.
    public mutating func set(_ path: String, _ value: ClaimValue) throws(ClaimError) {
        guard let descriptor = schema.resolve(path) else {
            throw ClaimError(.unknownClaim, path: path, detail: "not in the \(schema.kind) schema")
        }
        guard value.conforms(to: descriptor.type) else {
            throw ClaimError(.typeMismatch, path: path, detail: "value does not conform to \(descriptor.type)")
        }
        values[Int(descriptor.slot.rawValue)] = value
    }

    /// Sets the claim at `slot` after checking the value against the declared type: the fast
    /// path for extractors that resolve their paths to slots once (no string lookups per value).
    ///
    /// - Throws: ``ClaimError`` `.unknownClaim` (slot out of range) or `.typeMismatch`.
    public mutating func set(_ slot: ClaimSlot, _ value: ClaimValue) throws(ClaimError) {
        let position = Int(slot.rawValue)
        guard position < schema.claims.count else {
            throw ClaimError(.unknownClaim, path: "\(slot)", detail: "not a slot of the \(schema.kind) schema")
        }
        guard schema.shapes[position].accepts(value) ?? value.conforms(to: schema.claims[position].type) else {
            let descriptor = schema.claims[position]
            throw ClaimError(
                .typeMismatch, path: descriptor.path, detail: "value does not conform to \(descriptor.type)")
        }
        values[position] = value
    }

    /// Stores `value` at `slot` without the type check: for the extractors of this module on the
    /// hot path, whose values are typed by construction (their tests check every extracted value
    /// against its declared type). Everything else uses ``set(_:_:)-(ClaimSlot,_)``.
    mutating func store(_ slot: ClaimSlot, _ value: ClaimValue) {
        values[Int(slot.rawValue)] = value
    }

    /// Sets an enum claim by case name.
    ///
    /// - Throws: ``ClaimError`` `.unknownClaim`, `.typeMismatch` (not an enum claim) or `.unknownEnumCase`.
    public mutating func set(_ path: String, enumCase name: String) throws(ClaimError) {
        guard let descriptor = schema.resolve(path) else {
            throw ClaimError(.unknownClaim, path: path, detail: "not in the \(schema.kind) schema")
        }
        guard case .enumeration(let e) = descriptor.type else {
            throw ClaimError(.typeMismatch, path: path, detail: "\(descriptor.type) is not an enum")
        }
        guard let index = e.index(of: name) else {
            throw ClaimError(.unknownEnumCase, path: path, detail: "\(e.name) has no case \(name)")
        }
        values[Int(descriptor.slot.rawValue)] = .enumeration(index)
    }

    /// Sets a bytes claim from any byte collection (copied once into an array).
    public mutating func set<C: Collection>(_ path: String, bytes: C) throws(ClaimError) where C.Element == UInt8 {
        try set(path, .bytes(ClaimBytes(Array(bytes))))
    }

    /// Sets a bytes claim to a view of the evidence bytes `bytes` (no copy).
    public mutating func set(_ path: String, bytes: ArraySlice<UInt8>) throws(ClaimError) {
        try set(path, .bytes(ClaimBytes(bytes)))
    }

    /// The claims that are present, in slot order.
    public var present: [(descriptor: ClaimDescriptor, value: ClaimValue)] {
        schema.claims.compactMap { descriptor in
            values[Int(descriptor.slot.rawValue)].map { (descriptor, $0) }
        }
    }
}
