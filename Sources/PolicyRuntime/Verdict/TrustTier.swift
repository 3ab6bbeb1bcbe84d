/// An AR4SI trustworthiness tier (draft-ietf-rats-ar4si §2.3.2; code points from
/// draft-ietf-rats-ear-04 `cbor-labels.cddl`).
public enum TrustTier: String, Hashable, Sendable, CaseIterable, Comparable {
    /// No claim is made (code point 0).
    case none
    /// Affirming (2): the evidence supports trust.
    case affirming
    /// Warning (32): trust with reservations.
    case warning
    /// Contraindicated (96): the evidence speaks against trust.
    case contraindicated

    /// The EAR/AR4SI code point.
    public var codePoint: Int64 {
        switch self {
        case .none: return 0
        case .affirming: return 2
        case .warning: return 32
        case .contraindicated: return 96
        }
    }

    /// Order by trust: `contraindicated < warning < affirming`. `none` makes no claim and sorts
    /// below `affirming` (an overall status with nothing affirmed is not affirming).
    var rank: Int {
        switch self {
        case .contraindicated: return 0
        case .warning: return 1
        case .none: return 2
        case .affirming: return 3
        }
    }

    public static func < (lhs: TrustTier, rhs: TrustTier) -> Bool { lhs.rank < rhs.rank }
}

/// The eight AR4SI trustworthiness claims (draft-ietf-rats-ar4si §2.3.4), as named in the
/// policy language's `trust` declarations.
public enum TrustClaim: String, Hashable, Sendable, CaseIterable {
    case instanceIdentity = "instance_identity"
    case configuration
    case executables
    case fileSystem = "file_system"
    case hardware
    case runtimeOpaque = "runtime_opaque"
    case storageOpaque = "storage_opaque"
    case sourcedData = "sourced_data"

    /// The EAR JSON key (`instance-identity`, …).
    public var earName: String { String(rawValue.map { $0 == "_" ? "-" : $0 }) }

    /// The EAR CBOR key (0…7).
    public var earKey: UInt64 { UInt64(Self.allCases.firstIndex(of: self) ?? 0) }
}
