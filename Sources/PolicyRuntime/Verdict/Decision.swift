/// The outcome of appraising evidence with a policy.
///
/// `allow` when some `allow` rule holds and no `deny` rule holds; `deny` otherwise
/// (a policy with no `allow` denies — fail closed); `error` when the evidence could not be
/// parsed or verified, or the policy could not be evaluated.
public enum Decision: String, Hashable, Sendable, CaseIterable {
    case allow
    case deny
    case error

    /// The process exit code `policyc eval` uses: 0 allow, 1 deny, 2 error.
    public var exitCode: Int32 {
        switch self {
        case .allow: return 0
        case .deny: return 1
        case .error: return 2
        }
    }
}
