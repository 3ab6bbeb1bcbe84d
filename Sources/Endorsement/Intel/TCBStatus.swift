/// Intel's TCB status of a matched TCB level (Intel PCS API v4: TCB Info `tcbStatus`, Enclave
/// Identity `tcbStatus`), and how statuses of the platform, the TDX module and the QE combine.
public enum TCBStatus: String, Hashable, Sendable, CaseIterable, Comparable {
    case upToDate = "UpToDate"
    case swHardeningNeeded = "SWHardeningNeeded"
    case configurationNeeded = "ConfigurationNeeded"
    case configurationAndSWHardeningNeeded = "ConfigurationAndSWHardeningNeeded"
    case outOfDate = "OutOfDate"
    case outOfDateConfigurationNeeded = "OutOfDateConfigurationNeeded"
    case revoked = "Revoked"

    /// The order of increasing concern (the `TCBStatus` claim enum has the same order).
    var severity: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }

    public static func < (lhs: TCBStatus, rhs: TCBStatus) -> Bool { lhs.severity < rhs.severity }

    var isOutOfDate: Bool { self == .outOfDate || self == .outOfDateConfigurationNeeded }
    var needsConfiguration: Bool {
        self == .configurationNeeded || self == .configurationAndSWHardeningNeeded
            || self == .outOfDateConfigurationNeeded
    }
    var needsSWHardening: Bool { self == .swHardeningNeeded || self == .configurationAndSWHardeningNeeded }

    /// The status of a platform whose parts have `self` and `other`: each status is a set of
    /// findings (out of date, configuration needed, SW hardening needed, revoked) and the merge
    /// is their union, with Revoked absorbing everything and OutOfDate absorbing SW hardening —
    /// the convergence Intel's QVL applies to the QE and TDX module statuses. Unlike a plain
    /// "worst wins" (dcap-qvl `TcbStatusWithAdvisory::merge`), ConfigurationNeeded merged with
    /// SWHardeningNeeded gives ConfigurationAndSWHardeningNeeded, not ConfigurationNeeded.
    public func merged(with other: TCBStatus) -> TCBStatus {
        if self == .revoked || other == .revoked { return .revoked }
        let outOfDate = isOutOfDate || other.isOutOfDate
        let configuration = needsConfiguration || other.needsConfiguration
        let hardening = needsSWHardening || other.needsSWHardening
        switch (outOfDate, configuration, hardening) {
        case (true, true, _): return .outOfDateConfigurationNeeded
        case (true, false, _): return .outOfDate
        case (false, true, true): return .configurationAndSWHardeningNeeded
        case (false, true, false): return .configurationNeeded
        case (false, false, true): return .swHardeningNeeded
        case (false, false, false): return .upToDate
        }
    }
}
