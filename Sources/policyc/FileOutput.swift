import Foundation

/// File and stream access for the CLI (Foundation stays in the executable).
enum FileOutput {
    static func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes `bytes` to `path` atomically (`-` writes standard output).
    static func write(_ bytes: [UInt8], to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The text of a policy file, or `nil` (after reporting) when it cannot be read as UTF-8.
    static func readText(_ path: String) -> String? {
        do {
            let bytes = try read(path)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                printError("policyc: \(path) is not UTF-8 text")
                return nil
            }
            return text
        } catch {
            printError("policyc: cannot read \(path): \(error.localizedDescription)")
            return nil
        }
    }

    /// The bytes of the file at `path` (`-` reads standard input).
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
