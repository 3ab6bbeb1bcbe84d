import Appraisal
import ArgumentParser
import PolicyRuntime

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Verify evidence, extract its claims and evaluate a compiled policy: allow, deny or error.",
        discussion: """
            Each evidence file is verified offline like `policyc verify` (its steps and \
            `<kind>.verified` become part of the verdict), its claims are bound to the \
            policy's inputs by kind (`input tdx: tdx` takes the TDX claims; a composite policy \
            takes one file per input), and the policy is evaluated at --at. Files that verify \
            another travel with it: a CC event log given with a TDX quote is replayed against \
            the quote's RTMRs (its entries become tdx.events), a TPM2 quote given with a TCG \
            event log is checked against the replayed PCRs with the key of --ak. The verdict has the \
            decision, the EAR status (never better than the worst trust claim), the AR4SI \
            trust vector, every failed check, the policy's name, version and bytecode hash, \
            the parameters' and the evidence's SHA-256, and the verification steps.

            Formats: text (a summary; `policyc explain` prints actual and expected values), \
            json (the verdict with every failed check explained), ear-jwt (an EAT Attestation \
            Result signed with --key, ES256 or ES384), ear-cbor (the EAR claims-set as CBOR) \
            and ear-cwt (a COSE_Sign1 signed with --key). CBOR goes to standard output as bytes.

            Exit codes: 0 allow, 1 deny, 2 error (evidence that is unreadable or not \
            recognized, a policy or parameters file that does not load, evidence that does \
            not supply every input).

            Examples:
              policyc compile prod.policy -o prod.apb
              policyc eval --policy prod.apb --params refs.json quote.bin --collateral bundle/
              policyc eval --policy snp.apb --params snp-refs.json --at 2025-09-12T00:00:00Z \\
                  --collateral Corpus/collateral/amd report.bin --format json
              policyc eval --policy prod.apb quote.bin --format ear-jwt --key ear-signing.pem
              policyc eval --policy tdx.apb --collateral bundle/ quote.bin ccel.bin
              policyc eval --policy boot.apb --ak ak.pem binary_bios_measurements quote.bin
            """)

    @OptionGroup var appraisal: AppraisalArguments

    @Argument(help: "Evidence files (one per policy input); `-` reads standard input.")
    var evidence: [String]

    @Option(help: "Output format: text, json, ear-jwt, ear-cbor or ear-cwt.")
    var format: VerdictFormat = .text

    @Option(help: ArgumentHelp("Private key (PEM, P-256 or P-384) signing ear-jwt and ear-cwt.", valueName: "file"))
    var key: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the verdict to this file (default: standard output).", valueName: "file"))
    var output: String = "-"

    func run() throws {
        let key = try signingKey(key, format: format)
        let verdict = try appraise(appraisal, evidence: evidence)
        try emit(verdict, format: format, key: key, explanation: false, to: output)
        throw ExitCode(verdict.decision.exitCode)
    }
}

/// Loads the policy, verifies `evidence` and evaluates: the verdict, or (after printing why)
/// an exit with 2 when the policy, parameters or collateral cannot be used.
func appraise(_ arguments: AppraisalArguments, evidence paths: [String]) throws -> Verdict {
    let (appraiser, options) = try arguments.prepared()
    var evidence: [[UInt8]] = []
    for path in paths {
        do {
            evidence.append(try FileOutput.read(path))
        } catch {
            printError("policyc: cannot read \(path): \(error.localizedDescription)")
            throw ExitCode(Decision.error.exitCode)
        }
    }
    return appraiser.appraise(evidence: evidence, options: options)
}
