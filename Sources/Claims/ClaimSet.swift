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
    /// Values by slot, copied on write.
    @usableFromInline
    var storage: SharedClaimValues
    /// Notes about the evidence that are not errors (e.g. trailing padding), in order.
    public var notes: [String] {
        get {
            guard let deferred = deferredNote else { return writtenNotes }
            var all = writtenNotes
            all.insert(deferred.text, at: min(deferred.position, all.count))
            return all
        }
        set {
            writtenNotes = newValue
            deferredNote = nil
        }
    }
    /// The notes written as text.
    var writtenNotes: [String] = []
    /// One note kept as the bytes it describes and rendered when ``notes`` is read: building the
    /// sentence on every parse was a sixth of TDX parse + claims (perf, TDXBenchmarks).
    var deferredNote: DeferredNote?

    public init(schema: ClaimSchema) {
        self.schema = schema
        self.storage = SharedClaimValues(buffer: ClaimValueStorage.make(count: schema.claims.count))
    }

    /// A set of `schema` holding `values` without copying them (the set copies them before its
    /// first write), with no notes: how a verdict keeps the claims it may have to explain for
    /// one reference, and rebuilds the set only when asked. `values` must come from a set of
    /// `schema` (reads are bounds-checked either way).
    package init(schema: ClaimSchema, sharing values: ClaimSetValues) {
        self.schema = schema
        self.storage = SharedClaimValues(buffer: values.buffer)
    }

    /// Values by slot; `nil` means the claim is missing for this evidence. A copy: read one
    /// value with ``subscript(_:)``.
    public var values: [ClaimValue?] {
        (0..<storage.buffer.count).map { storage.buffer.value(at: $0) }
    }

    /// The value at `slot`, or `nil` if missing or out of range.
    @inlinable
    public subscript(slot: ClaimSlot) -> ClaimValue? {
        let position = Int(slot.rawValue)
        return position < storage.buffer.count ? storage.buffer.value(at: position) : nil
    }

    /// The values by slot as one reference, for readers that convert many claims (the VM's
    /// frame writer): see ``ClaimSetValues/withValue(at:_:)``.
    @inlinable
    public var slotValues: ClaimSetValues { ClaimSetValues(buffer: storage.buffer) }

    /// Stores `value` at `position` (in range), copying the values first if they are shared.
    /// Always inlined, so an extractor builds each value in place rather than passing it through
    /// memory (perf: a call per value was a third of SNP parse + claims).
    @inline(__always)
    mutating func write(_ value: consuming ClaimValue, at position: Int) {
        precondition(position >= 0 && position < storage.buffer.count, "claim slot out of range")
        if !isKnownUniquelyReferenced(&storage.buffer) { makeValuesUnique() }
        storage.buffer.assign(value, at: position)
    }

    /// Makes the values unique once before a run of ``storeUnique(_:_:)`` writes, so that each
    /// write does not ask the runtime again (perf: a tenth of the writes' cost).
    @inline(__always)
    mutating func ensureUniqueValues() {
        if !isKnownUniquelyReferenced(&storage.buffer) { makeValuesUnique() }
    }

    /// Stores `value` at `slot` without the type check, for extractors that called
    /// ``ensureUniqueValues()`` and have not copied the set since: the extractors of this module
    /// on the hot path, whose values are typed by construction (their tests check every extracted
    /// value against its declared type). Everything else uses ``set(_:_:)-(ClaimSlot,_)``.
    @inline(__always)
    mutating func storeUnique(_ slot: ClaimSlot, _ value: consuming ClaimValue) {
        let position = Int(slot.rawValue)
        precondition(position >= 0 && position < storage.buffer.count, "claim slot out of range")
        assert(isKnownUniquelyReferenced(&storage.buffer), "storeUnique without ensureUniqueValues")
        storage.buffer.assign(value, at: position)
    }

    @inline(never)
    mutating func makeValuesUnique() {
        storage.buffer = storage.buffer.copy()
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
        write(value, at: Int(descriptor.slot.rawValue))
    }

    /// Sets the claim at `slot` after checking the value against the declared type: the fast
    /// path for extractors that resolve their paths to slots once (no string lookups per value).
    ///
    /// - Throws: ``ClaimError`` `.unknownClaim` (slot out of range) or `.typeMismatch`.
    @inline(__always)
    public mutating func set(_ slot: ClaimSlot, _ value: consuming ClaimValue) throws(ClaimError) {
        let position = Int(slot.rawValue)
        guard position < schema.claims.count,
            schema.shapes[position].accepts(value) ?? value.conforms(to: schema.claims[position].type)
        else { throw rejection(of: slot) }
        write(value, at: position)
    }

    /// Why ``set(_:_:)-(ClaimSlot,_)`` rejected a value for `slot` (kept out of line: only a bug
    /// gets here).
    @inline(never)
    func rejection(of slot: ClaimSlot) -> ClaimError {
        let position = Int(slot.rawValue)
        guard position < schema.claims.count else {
            return ClaimError(.unknownClaim, path: "\(slot)", detail: "not a slot of the \(schema.kind) schema")
        }
        let descriptor = schema.claims[position]
        return ClaimError(.typeMismatch, path: descriptor.path, detail: "value does not conform to \(descriptor.type)")
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
        write(.enumeration(index), at: Int(descriptor.slot.rawValue))
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
            self[descriptor.slot].map { (descriptor, $0) }
        }
    }
}

/// The values of a ``ClaimSet`` by slot, read in place: one reference however many claims are
/// read (a `ClaimSet` copy retains its schema's tables too). Holding one makes the set copy its
/// values before its next write, so what it reads never changes (and it can be shared across
/// threads: nothing writes the values it holds).
public struct ClaimSetValues: @unchecked Sendable {
    @usableFromInline
    let buffer: ClaimValueStorage

    @inlinable
    init(buffer: ClaimValueStorage) { self.buffer = buffer }

    /// Calls `body` with the address of the value at `slot` (`nil` when missing or out of
    /// range); the pointer is valid only inside `body`.
    ///
    /// Switching on the value in place avoids copying a `ClaimValue?`, which code outside the
    /// Claims module does through value witnesses (perf: converting claims for the VM took
    /// twice as long that way).
    @inlinable
    public func withValue<R>(at slot: ClaimSlot, _ body: (UnsafePointer<ClaimValue?>) throws -> R) rethrows -> R {
        let position = Int(slot.rawValue)
        guard position < buffer.count else {
            return try withUnsafePointer(to: ClaimValue?.none) { try body($0) }
        }
        return try buffer.withUnsafeMutablePointerToElements { try body(UnsafePointer($0 + position)) }
    }
}
