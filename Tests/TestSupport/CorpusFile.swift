import Foundation

/// Locates files in the repository's `Corpus/` from test code, independent of the working
/// directory. Tests read only `Corpus/`, never `../shared`.
public enum CorpusFile {
    /// The repository root (the folder holding `Package.swift`).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `Corpus/` in the repository.
    public static let root = repositoryRoot.appendingPathComponent("Corpus")

    /// The URL of `relativePath` under `Corpus/`.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The bytes of `relativePath` under `Corpus/`.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relativePath)))
    }

    /// Every regular file below `relativeDirectory`, sorted by path.
    public static func files(under relativeDirectory: String) -> [URL] {
        let base = url(relativeDirectory)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }

    /// Decodes a hex string written in a test (panics only on a typo in the test itself).
    public static func hex(_ text: String) -> [UInt8] {
        let clean = text.filter { !$0.isWhitespace }
        var out: [UInt8] = []
        var index = clean.startIndex
        while index < clean.endIndex {
            let next = clean.index(index, offsetBy: 2)
            guard let byte = UInt8(clean[index..<next], radix: 16) else { return [] }
            out.append(byte)
            index = next
        }
        return out
    }
}

/// A deterministic pseudo-random generator (SplitMix64) so that random-input tests replay
/// the same inputs on every run.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
