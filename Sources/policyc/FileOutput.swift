import Foundation

/// File and stream access for the CLI (Foundation stays in the executable).
enum FileOutput {
    /// Writes `bytes` to standard output in one call (large outputs skip `print`'s copies).
    static func writeStandardOutput(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = write(1, base + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    static func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The bytes of the file at `path` (`-` reads standard input).
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
