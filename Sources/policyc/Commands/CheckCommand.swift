import ArgumentParser
import PolicyCompiler

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report every diagnostic of a policy without compiling it.",
        discussion: """
            Reports every syntax error (one run finds them all), every unknown claim, name or \
            type error with a did-you-mean hint, rules that can never hold, and warnings for \
            checks no rule uses. Exit code 1 when there is any error.

            --format json prints one JSON array for editors and CI: objects with file, line, \
            column, endLine, endColumn, severity ("error" or "warning"), code (a stable id such \
            as "unknown-claim"), message and hint (a string or null).

            Examples:
              policyc check prod.policy
              policyc check --format json prod.policy | jq '.[] | select(.severity == "error")'
              policyc check --schema Corpus/schemas/test-tdx.schema Corpus/policies/contract-example.policy
            """)

    @Argument(help: "Policy source files.")
    var policies: [String]

    @OptionGroup var schemaOptions: SchemaOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let schemas = try schemaOptions.schemas()
        var all: [Diagnostic] = []
        var failed = false
        for path in policies {
            guard let source = FileOutput.readText(path) else { throw ExitCode(ExitStatus.unreadable) }
            let diagnostics = PolicyCompiler.check(source: source, file: path, schemas: schemas)
            all += diagnostics
            if format == .text, !diagnostics.isEmpty {
                print(DiagnosticRenderer.text(diagnostics, source: source), terminator: "")
                print("\(path): \(DiagnosticRenderer.summary(diagnostics))")
            }
            failed = failed || diagnostics.contains { $0.severity == .error }
        }
        if format == .json { print(DiagnosticRenderer.json(all), terminator: "") }
        if failed { throw ExitCode(ExitStatus.policyErrors) }
    }
}
