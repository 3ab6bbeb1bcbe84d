import ArgumentParser
import PolicyCompiler

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a .policy file to bytecode (.apb).",
        discussion: """
            Checks the policy against the claim schemas of its inputs and writes the bytecode the \
            runtime evaluates. Errors and warnings are printed to standard error as \
            file:line:col: severity: message, the source line, a caret and a hint; with any error \
            nothing is written and the exit code is 1. The same source always gives the same bytes.

            Examples:
              policyc compile prod.policy -o prod.apb
              policyc compile prod.policy              # writes prod.apb next to it
            """)

    @Argument(help: "Policy source file.")
    var policy: String

    @OptionGroup var schemaOptions: SchemaOptions

    @Option(name: .short, help: "Output bytecode file (default: the source path with .apb).")
    var output: String?

    @Flag(help: "Skip the optimizer (constant folding of consts and sets still happens).")
    var noOptimize = false

    @Flag(help: "Leave out the debug section (source spans, explanation sites, the source text).")
    var noDebugInfo = false

    func run() throws {
        guard let source = FileOutput.readText(policy) else { throw ExitCode(ExitStatus.unreadable) }
        let result = PolicyCompiler.compile(
            source: source, file: policy, schemas: try schemaOptions.schemas(),
            options: .init(optimize: !noOptimize, debugInfo: !noDebugInfo))
        if !result.diagnostics.isEmpty {
            FileOutput.writeStandardError(DiagnosticRenderer.text(result.diagnostics, source: source))
        }
        guard let bytes = result.bytecode else {
            printError(DiagnosticRenderer.summary(result.diagnostics))
            throw ExitCode(ExitStatus.policyErrors)
        }
        let destination = output ?? Self.defaultOutput(for: policy)
        do {
            try FileOutput.write(bytes, to: destination)
        } catch {
            printError("policyc: cannot write \(destination): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.unreadable)
        }
    }

    static func defaultOutput(for path: String) -> String {
        if path.hasSuffix(".policy") { return String(path.dropLast(".policy".count)) + ".apb" }
        return path + ".apb"
    }
}
