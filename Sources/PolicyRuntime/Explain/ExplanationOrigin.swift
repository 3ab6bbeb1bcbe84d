import Claims
import Evidence

/// Where a verdict's ``ExplanationSource`` comes from, kept as the evaluation had it (nothing
/// is allocated until ``Verdict/explanationSource`` is read).
enum ExplanationOrigin: Sendable {
    case none
    case source(ExplanationSource)
    /// Claim sets evaluated one at a time, at `now`.
    case claims(LoadedPolicy, [ClaimSet], Timestamp)
    /// The claims of a policy of one input, evaluated at `now`: their values only (one
    /// reference, where a `ClaimSet` in an array is an allocation and a retain of each of its
    /// schema's tables), bound again to the input's schema when explained.
    case claimValues(LoadedPolicy, ClaimSetValues, Timestamp)
    /// Row `row` of a prepared batch, at `now`.
    case batch(LoadedPolicy, ClaimBatch, row: Int, Timestamp)

    var source: ExplanationSource? {
        switch self {
        case .none: return nil
        case .source(let source): return source
        case .claims(let policy, let claims, let now):
            return ExplanationSource(policy: policy, claims: claims, now: now)
        case .claimValues(let policy, let values, let now):
            let claims = policy.inputs.first.map { [ClaimSet(schema: $0.schema, sharing: values)] } ?? []
            return ExplanationSource(policy: policy, claims: claims, now: now)
        case .batch(let policy, let batch, let row, let now):
            return ExplanationSource(policy: policy, batch: batch, row: row, now: now)
        }
    }
}
