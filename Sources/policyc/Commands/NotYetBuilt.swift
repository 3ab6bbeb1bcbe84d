import ArgumentParser

/// A subcommand whose machinery has not landed yet: it says so, names the issue that builds
/// it, and exits with 69 (EX_UNAVAILABLE) instead of pretending.
protocol NotYetBuilt: ParsableCommand {
    static var issue: Int { get }
}

extension NotYetBuilt {
    func run() throws {
        printError(
            "policyc \(Self.configuration.commandName ?? ""): not built yet (issue #\(Self.issue)); "
                + "nothing was done.")
        throw ExitCode(ExitStatus.notBuilt)
    }
}

struct EvalCommand: NotYetBuilt {
    static let issue = 5
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Verify evidence, extract claims and evaluate a compiled policy. (not built yet)")
    @Argument(help: "Evidence files.") var files: [String] = []
    @Option(help: "Compiled policy (.apb).") var policy: String?
}

struct BatchCommand: NotYetBuilt {
    static let issue = 5
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Evaluate a policy over many evidence files in parallel. (not built yet)")
    @Argument(help: "Evidence files.") var files: [String] = []
}

struct ExplainCommand: NotYetBuilt {
    static let issue = 5
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Evaluate and explain every failed check. (not built yet)")
    @Argument(help: "Evidence files.") var files: [String] = []
}
