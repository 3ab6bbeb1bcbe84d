import Foundation

/// File and stream access for the CLI (Foundation stays in the executable).
enum FileOutput {
    /// Writes `bytes` to standard output in one call (large outputs skip `print`'s copies).
    static func writeStandardOutput(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = Glibc.write(1, base + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

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
        // Straight into the array (one copy): reading a 10 MB event log through Data and then
        // Array touched twice the memory, which cost more than parsing it.
        let descriptor = open(path, O_RDONLY)
        if descriptor >= 0 {
            defer { close(descriptor) }
            var status = stat()
            if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
                let size = Int(status.st_size)
                var complete = true
                let bytes = try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                    count = 0
                    while count < size, let base = buffer.baseAddress {
                        let got = Glibc.read(descriptor, base + count, size - count)
                        if got < 0 { throw CocoaError(.fileReadUnknown) }
                        if got == 0 { break }
                        count += got
                    }
                    complete = count == size
                }
                if complete { return bytes }
            }
        }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
