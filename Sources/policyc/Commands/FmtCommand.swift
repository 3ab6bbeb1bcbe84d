import ArgumentParser
import PolicyCompiler

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format a policy file canonically.",
        discussion: """
            Prints the canonical form of each policy: one declaration per line, long expressions \
            broken before `and`/`or`, consecutive checks aligned, comments kept. Formatting \
            formatted text changes nothing. A file with syntax errors is not formatted (exit 1).

            Examples:
              policyc fmt prod.policy                  # print the formatted text
              policyc fmt --write prod.policy          # rewrite the file
              policyc fmt --check *.policy             # exit 1 and name the files not formatted
            """)

    @Argument(help: "Policy source files.")
    var policies: [String]

    @Flag(name: [.short, .long], help: "Rewrite each file in place.")
    var write = false

    @Flag(help: "Print nothing but the names of files that are not formatted; exit 1 if any.")
    var check = false

    func run() throws {
        var failed = false
        for path in policies {
            guard let source = FileOutput.readText(path) else { throw ExitCode(ExitStatus.unreadable) }
            switch Formatter.format(source, file: path) {
            case .failure(let error):
                FileOutput.writeStandardError(DiagnosticRenderer.text(error.diagnostics, source: source))
                failed = true
            case .success(let formatted):
                if check {
                    if formatted != source {
                        print(path)
                        failed = true
                    }
                } else if write {
                    if formatted != source { try FileOutput.write(Array(formatted.utf8), to: path) }
                } else {
                    print(formatted, terminator: "")
                }
            }
        }
        if failed { throw ExitCode(ExitStatus.policyErrors) }
    }
}
