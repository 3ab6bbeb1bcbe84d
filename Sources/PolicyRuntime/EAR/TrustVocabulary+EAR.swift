import PolicyBytecode

extension TrustClaim {
    /// The EAR JSON key (`instance-identity`, …; draft-ietf-rats-ear-04 `json-labels.cddl`).
    public var earName: String { String(description.map { $0 == "_" ? "-" : $0 }) }

    /// The EAR CBOR key, 0…7 (draft-ietf-rats-ear-04 `cbor-labels.cddl`).
    public var earKey: UInt64 { UInt64(rawValue) }
}

extension TrustTier {
    /// The EAR/AR4SI code point: none 0, affirming 2, warning 32, contraindicated 96.
    public var codePoint: Int64 { Int64(ar4siValue) }
}
