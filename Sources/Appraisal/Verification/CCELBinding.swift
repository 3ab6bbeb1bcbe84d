import Claims
import Endorsement
import Evidence

/// Binds a CC event log (CCEL) to a TDX quote: replays the log's SHA-384 bank into RTMR0–3
/// (MR index n → RTMR[n−1]; TDX Virtual Firmware Design Guide §4.3.4) and compares it with the
/// quote's RTMRs (TD quote body offset 328). RTMR0–2 must match; RTMR3 may carry runtime
/// extensions the log does not record (reported, not failed). Shared by TDX quote verification
/// (`--event-log`) and CCEL verification (`--quote` holding a TDX quote).
enum CCELBinding {
    /// The step name, also `tdx.verification.rtmr_replay`.
    static let stepName = "rtmr_replay"

    /// Compares `eventLog` with `rtmrs` (four 48-byte values).
    static func compare(eventLog: [UInt8], rtmrs: [[UInt8]]) -> (
        VerificationStep, EventLogAnalysis?, RTMRComparison?
    ) {
        let log: TCGEventLog
        do {
            log = try TCGEventLog(parsing: eventLog, registerKind: .ccMeasurementRegister)
        } catch {
            return (
                .failed(
                    stepName,
                    EndorsementError(
                        .malformedInput, step: "RTMR replay", detail: "the event log does not parse: \(error)")),
                nil, nil
            )
        }
        let (step, comparison) = compare(log: log, rtmrs: rtmrs)
        return (step, comparison.map { _ in EventLogAnalysis(log) }, comparison)
    }

    /// Compares a parsed CC event log with `rtmrs`: the step, and the comparison unless the log
    /// could not be replayed at all.
    static func compare(log: TCGEventLog, rtmrs: [[UInt8]]) -> (VerificationStep, RTMRComparison?) {
        let comparison: RTMRComparison
        do {
            comparison = try RTMRComparison(log: log, rtmrs: rtmrs)
        } catch {
            return (.failed(stepName, error), nil)
        }
        let summary = comparison.registers.map { "RTMR\($0.index) \($0.outcome.rawValue)" }.joined(separator: ", ")
        guard comparison.passed else {
            let mismatched = comparison.registers.filter { $0.outcome == .mismatch }.map { "RTMR\($0.index)" }
            return (
                .failed(
                    stepName,
                    EndorsementError(
                        .collateralMismatch, step: "RTMR replay",
                        detail:
                            "the event log is not this TD's: \(mismatched.joined(separator: ", ")) differ (\(summary))")
                ),
                comparison
            )
        }
        return (.passed(stepName, summary), comparison)
    }

    /// The quote's RTMR0–3, or `nil` for an SGX quote.
    static func rtmrs(of quote: DCAPQuote) -> [[UInt8]]? {
        guard let body = quote.tdBody else { return nil }
        return (0..<4).map { Array(body.rtmr($0)) }
    }

    /// Compares `eventLog` with a TDX quote's `rtmrs` and adds the claims of the comparison:
    /// `tdx.events` (only on a match), `tdx.rtmr_replay`, `tdx.rtmr_replay_matches`,
    /// `tdx.verification.rtmr_replay`. Returns the step, which the caller folds into
    /// `tdx.verified` (``TDXVerification``).
    static func bind(eventLog: [UInt8], rtmrs: [[UInt8]], claims: inout ClaimSet) throws(ClaimError)
        -> VerificationStep
    {
        let (step, analysis, comparison) = compare(eventLog: eventLog, rtmrs: rtmrs)
        if let analysis, let comparison { try claims.add(ccelReplay: analysis, comparison: comparison) }
        try claims.set("tdx.verification.rtmr_replay", .bool(step.status == .passed))
        return step
    }
}
