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
