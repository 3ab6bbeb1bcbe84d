import Appraisal
import ArgumentParser
import Claims
import Foundation
import PolicyRuntime

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Appraise many evidence files with one policy, in parallel: one verdict line per file.",
        discussion: """
            Every evidence file is one submission: files named on the command line, every file \
            under a directory (recursively, sorted; `*.expected.json` files are skipped), and \
            every line of a --list file (blank lines and `#` comments skipped; a line naming \
            several whitespace-separated files is one submission for a composite policy). The \
            policy is loaded once; identical evidence is verified once; verification runs on \
            every core and the policy evaluates all submissions as one batch.

            Standard output gets one line per submission, in order: `allow|deny|error  FILE` \
            with the failed checks, or with --format json one JSON object per line (the \
            verdict of `eval --format json` plus "file"). Standard error gets a summary and the \
            throughput.

            Exit codes: 0 every submission allowed, 1 some denied (none in error), 2 some error.

            Examples:
              policyc batch --policy snp.apb --params refs.json --collateral Corpus/collateral/amd \\
                  --at 2025-09-12T00:00:00Z Corpus/evidence/snp
              policyc batch --policy prod.apb --list quotes.txt --format json > verdicts.jsonl
            """)

    @OptionGroup var appraisal: AppraisalArguments

    @Argument(help: "Evidence files and directories.")
    var inputs: [String] = []

    @Option(help: ArgumentHelp("A file listing evidence, one submission per line.", valueName: "file"))
    var list: String?

    @Option(help: "Output format: text or json (JSON lines).")
    var format: VerdictListFormat = .text

    func validate() throws {
        if inputs.isEmpty, list == nil { throw ValidationError("name evidence files or directories, or --list FILE") }
    }

    func run() throws {
        let (appraiser, options) = try appraisal.prepared()
        let submissions = try collect()
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = clock()
        var readable: [[[UInt8]]] = []
        var unreadable: [Int: String] = [:]
        for (index, paths) in submissions.enumerated() {
            do {
                readable.append(try paths.map(FileOutput.read))
            } catch {
                unreadable[index] = "cannot read: \(error.localizedDescription)"
                readable.append([])
            }
        }
        let verdicts = appraiser.appraise(batch: readable, options: options)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
        var counts: [Decision: Int] = [:]
        for (index, (paths, verdict)) in zip(submissions, verdicts).enumerated() {
            let name = paths.joined(separator: " ")
            var verdict = verdict
            if let problem = unreadable[index] {
                verdict.decision = .error
                verdict.errorMessage = problem
                verdict.failedChecks = []
            }
            counts[verdict.decision, default: 0] += 1
            switch format {
            case .json:
                let object = verdict.explained().json(pretty: false)
                print("{\"file\":" + JSONWriter.quoted(name) + "," + object.dropFirst())
            case .text:
                var line = verdict.decision.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0) + name
                if let error = verdict.errorMessage {
                    line += "  " + error
                } else if !verdict.failedChecks.isEmpty {
                    line += "  failed: " + verdict.failedChecks.map(\.name).joined(separator: ", ")
                }
                print(line)
            }
        }
        let total = verdicts.count
        let rate = seconds > 0 ? Double(total) / seconds : 0
        printError(
            "\(total) submission\(total == 1 ? "" : "s"): \(counts[.allow] ?? 0) allow, \(counts[.deny] ?? 0) deny, "
                + "\(counts[.error] ?? 0) error in \(String(format: "%.3f", seconds)) s "
                + "(\(String(format: "%.0f", rate))/s wall, \(String(format: "%.3f", cpu)) s CPU)")
        if (counts[.error] ?? 0) > 0 { throw ExitCode(Decision.error.exitCode) }
        if (counts[.deny] ?? 0) > 0 { throw ExitCode(Decision.deny.exitCode) }
    }

    /// The submissions: one per file, directory entry or list line.
    func collect() throws -> [[String]] {
        var submissions: [[String]] = []
        let manager = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
                let base = URL(fileURLWithPath: input)
                let walker = manager.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
                let files = (walker?.compactMap { $0 as? URL } ?? [])
                    .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
                    .filter {
                        !$0.lastPathComponent.hasPrefix(".") && !$0.lastPathComponent.hasSuffix(".expected.json")
                    }
                    .map(\.path).sorted()
                submissions += files.map { [$0] }
            } else {
                submissions.append([input])
            }
        }
        if let list {
            guard let text = FileOutput.readText(list) else { throw ExitCode(Decision.error.exitCode) }
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                submissions.append(trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
            }
        }
        return submissions
    }
}
