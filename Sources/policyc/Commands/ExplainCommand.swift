import ArgumentParser
import PolicyRuntime

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Evaluate like `eval` and explain every failed check: actual and expected values.",
        discussion: """
            Prints the verdict for a person: the decision, status and trust vector, the \
            verification steps that did not pass, and for each failed check its name, message \
            and source line with the comparison that decided it — e.g. "`tdx.tee_tcb_svn` \
            component 2 is 3; the policy requires ≥ 5", "`snp.measurement` 0x4f1c… is not \
            among the 12 values of allowed_measurements", "claim `tdx.tcb.status` is missing". \
            `--format json` prints the same verdict as `eval --format json`.

            Explanations cost nothing during evaluation: the VM records which checks failed, and \
            explaining re-runs the policy once with tracing to find the values.

            Exit codes: 0 allow, 1 deny, 2 error, as for `eval`.

            Example:
              policyc explain --policy prod.apb --params refs.json quote.bin --collateral bundle/
            """)

    @OptionGroup var appraisal: AppraisalArguments

    @Argument(help: "Evidence files (one per policy input); `-` reads standard input.")
    var evidence: [String]

    @Option(help: "Output format: text or json.")
    var format: VerdictListFormat = .text

    func run() throws {
        let verdict = try appraise(appraisal, evidence: evidence)
        try emit(verdict, format: format == .json ? .json : .text, key: nil, explanation: true)
        throw ExitCode(verdict.decision.exitCode)
    }
}
