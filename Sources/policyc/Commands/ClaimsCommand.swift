import Appraisal
import ArgumentParser
import Claims
import Evidence

struct ClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Parse evidence and print the claims it makes (no verification).",
        discussion: """
            The kind of evidence is detected from its bytes, never from the file name. Claims
            are printed under their canonical paths (e.g. tdx.quote.version); `policyc claims
            --format json` prints one flat JSON object, the shape scripts rely on.

            Parsing is not verification: use `policyc verify` to check signatures and collateral.
            A version 2 SEV-SNP report does not say which CPU made it, so its TCB parts and
            CHIP_ID are only decoded with --product (verification takes it from the VCEK).

            Examples:
              policyc claims Corpus/evidence/tdx/trustee_tdx_quote_4.bin
              policyc claims --format json quote.bin | jq -r '."tdx.quote.version"'
              policyc claims --product Milan Corpus/evidence/snp/trustee_snp_test-report.bin
            """)

    @Argument(help: "Evidence files (a quote, report or event log); `-` reads standard input.")
    var files: [String]

    @Option(help: "CPU product when the evidence cannot say it (SEV-SNP v2 reports): Milan, Genoa or Turin.")
    var product: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if let product, SNPGeneration(productName: product) == nil {
            throw ValidationError("--product must be Milan, Genoa or Turin, not \(product)")
        }
    }

    func run() throws {
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
                let decoded = try EvidenceDecoder.decode(bytes, product: product)
                switch format {
                case .json:
                    print(ClaimOutput.json(decoded.claims))
                case .text:
                    if files.count > 1 { print("== \(path)") }
                    print("kind  \(decoded.kind.displayName)")
                    print(ClaimOutput.text(decoded.claims))
                    for note in decoded.claims.flatMap(\.notes) { print("note: \(note)") }
                }
            } catch {
                printError("policyc: \(path): \(error)")
                failure = failure ?? ExitStatus.code(for: error)
            }
        }
        if let failure { throw ExitCode(failure) }
    }
}
