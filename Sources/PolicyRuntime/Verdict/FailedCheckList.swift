/// A verdict's failed checks as stored: a list, or the outcome of an evaluation whose checks
/// are listed only when read, so that evaluating allocates nothing for them.
enum FailedCheckList: Sendable {
    case listed([Verdict.FailedCheck])
    /// Every check of `policy` whose outcome in `outcome` is not true.
    case outcome(LoadedPolicy, PolicyOutcome)

    var checks: [Verdict.FailedCheck] {
        switch self {
        case .listed(let checks): return checks
        case .outcome(let policy, let outcome): return policy.failedChecks(outcome)
        }
    }

    var isEmpty: Bool {
        switch self {
        case .listed(let checks): return checks.isEmpty
        case .outcome(let policy, let outcome): return !policy.hasFailedChecks(outcome)
        }
    }
}
