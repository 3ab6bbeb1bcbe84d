import Foundation

/// File and stream access for the CLI (Foundation stays in the executable).
enum FileOutput {
    static func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The bytes of the file at `path` (`-` reads standard input).
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
