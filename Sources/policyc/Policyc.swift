import ArgumentParser

/// `policyc`: the Appraise command-line tool.
@main
struct Policyc: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "policyc",
        abstract: "Appraise confidential-computing evidence with compiled, explainable policies.",
        discussion: """
            policyc reads attestation evidence (Intel TDX/SGX quotes, AMD SEV-SNP reports, TPM \
            and CC event logs), verifies it offline against a local collateral bundle, turns it \
            into typed claims, and appraises the claims with a policy compiled to bytecode. \
            Every denial says which check failed and why.

            Typical flow:
              policyc claims quote.bin                 # what does this evidence say?
              policyc verify quote.bin --collateral collateral/
              policyc check prod.policy                # every diagnostic, with hints
              policyc compile prod.policy -o prod.apb  # once, when the policy changes
              policyc disasm prod.apb                  # what the runtime will execute
              policyc eval --policy prod.apb --params refs.json quote.bin \\
                  --collateral collateral/

            Output: --format json prints one flat JSON object keyed by canonical claim path \
            (bytes as lowercase hex, integers as numbers, svn vectors as arrays of integers, \
            times as RFC 3339, enums by name), the same in every subcommand.

            Exit codes:
              0   success (eval: allow)
              1   eval: deny; compile, check: the policy has errors;
                  fmt --check: a file is not formatted
              2   eval: error (evidence or policy could not be evaluated)
              3   a file could not be read
              4   the evidence (disasm: the bytecode) is not recognized or does not parse
              5   a signature does not verify
              6   a certificate chain is invalid or a certificate is revoked
              7   collateral is missing, expired or does not match the evidence
              8   the platform TCB level is not acceptable
              64  usage error
              69  the evidence is recognized but this build cannot appraise it
            """,
        version: version,
        subcommands: [
            ClaimsCommand.self,
            VerifyCommand.self,
            CompileCommand.self,
            CheckCommand.self,
            DisasmCommand.self,
            FmtCommand.self,
            EvalCommand.self,
            BatchCommand.self,
            ExplainCommand.self,
            BundleCommand.self,
        ]
    )
}
