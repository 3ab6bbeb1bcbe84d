import Appraisal
import ArgumentParser
import Claims
import Evidence

struct ClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Parse evidence and print the claims it makes (no verification).",
        discussion: """
            The kind of evidence is detected from its bytes, never from the file name. Claims \
            are printed under their canonical paths (e.g. tdx.quote.version); `policyc claims \
            --format json` prints one flat JSON object, the shape scripts rely on.

            Parsing is not verification: use `policyc verify` to check signatures and collateral. \
            A version 2 SEV-SNP report does not say which CPU made it, so its TCB parts and \
            CHIP_ID are only decoded with --product (verification takes it from the VCEK).

            Event logs: a TPM event log (binary_bios_measurements, legacy SHA-1 or crypto-agile) \
            gives tpm.* claims — the replayed PCR banks (tpm.pcr.sha256 …), Secure Boot state, \
            boot applications, kernel command line, GRUB commands and every entry (tpm.events); a \
            CC event log (CCEL) gives ccel.* claims with RTMR0–3 replayed. A crypto-agile log whose \
            Spec ID entry has index 1, or index 0 with a single SHA-384/SM3 bank and indices ≤ 4, is \
            taken for a CCEL; --kind overrides the guess. --format yaml prints a log in the layout \
            of tpm2-tools' tpm2_eventlog (diffable against it); other kinds have no YAML form.

            Examples:
              policyc claims Corpus/evidence/tdx/trustee_tdx_quote_4.bin
              policyc claims --format json quote.bin | jq -r '."tdx.quote.version"'
              policyc claims --product Milan Corpus/evidence/snp/trustee_snp_test-report.bin
              policyc claims /sys/kernel/security/tpm0/binary_bios_measurements
              policyc claims --format yaml binary_bios_measurements | diff - <(tpm2_eventlog binary_bios_measurements)
              policyc claims --kind ccel-log /sys/firmware/acpi/tables/data/CCEL
            """)

    @Argument(help: "Evidence files (a quote, report or event log); `-` reads standard input.")
    var files: [String]

    @OptionGroup var hints: EvidenceHints

    @Option(help: "Output format: text, json, or yaml (event logs only, tpm2_eventlog's layout).")
    var format: OutputFormat = .text

    func run() throws {
        let hint = try evidenceKind(hints.kind)
        var failure: Int32?
        for path in files {
            let bytes: [UInt8]
            do {
                bytes = try FileOutput.read(path)
            } catch {
                printError("policyc: cannot read \(path): \(error.localizedDescription)")
                failure = failure ?? ExitStatus.unreadable
                continue
            }
            do {
                if format == .yaml {
                    guard try EvidenceDecoder.writeEventLogYAML(bytes, kind: hint, to: FileOutput.writeStandardOutput)
                    else {
                        printError(
                            "policyc: \(path): --format yaml is tpm2_eventlog's layout and exists only for TCG event "
                                + "logs and CCELs; use --format json or text for this evidence")
                        failure = failure ?? usageExitCode
                        continue
                    }
                    continue
                }
                let decoded = try EvidenceDecoder.decode(bytes, product: hints.product, kind: hint)
                switch format {
                case .json:
                    print(ClaimOutput.json(decoded.claims))
                case .text:
                    if files.count > 1 { print("== \(path)") }
                    print("kind  \(decoded.kind.displayName)")
                    print(ClaimOutput.text(decoded.claims))
                    for note in decoded.claims.flatMap(\.notes) { print("note: \(note)") }
                case .yaml:
                    break
                }
            } catch {
                printError("policyc: \(path): \(error)")
                failure = failure ?? ExitStatus.code(for: error)
            }
        }
        if let failure { throw ExitCode(failure) }
    }
}
