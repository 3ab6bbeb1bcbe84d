import Appraisal
import ArgumentParser
import Endorsement
import Evidence
import Foundation

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Assemble an offline collateral bundle: collateral files plus a manifest of their SHA-256 digests.",
        discussion: """
            Copies every collateral file given (or found directly inside a given directory) into \
            a new bundle directory, after checking that each one is a certificate, a CRL or a JSON \
            document (Intel PCS responses, QuoteCollateralV3), recognized by content. Byte-identical \
            files are kept once; two different files with the same name keep both, the second \
            prefixed with its digest. The bundle gets MANIFEST.sha256 in sha256sum format, so \
            `sha256sum -c MANIFEST.sha256` checks it, and `policyc verify --collateral BUNDLE` \
            reads it. Files that are not collateral (evidence, anything unrecognized) are left out \
            and listed on standard error.

            Exit codes: 3 an input cannot be read, 7 an input looks like a certificate or CRL but \
            does not decode, 64 the bundle directory exists and is not empty.

            Example:
              policyc bundle -o bundle/ Corpus/collateral/intel/dcap-qvl-tdx intel-root-crl.der
              policyc verify quote.bin --collateral bundle/
            """)

    @Argument(help: "Collateral files, or directories whose files to take (not recursive).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The bundle directory to create (absent or empty).")
    var output: String

    /// The manifest's file name (not itself collateral: the store ignores it).
    static let manifestName = "MANIFEST.sha256"

    func run() throws {
        let manager = FileManager.default
        var files: [(path: String, name: String)] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: input, isDirectory: &isDirectory) else {
                printError("policyc bundle: cannot read \(input)")
                throw ExitCode(ExitStatus.unreadable)
            }
            if isDirectory.boolValue {
                let names = (try? manager.contentsOfDirectory(atPath: input)) ?? []
                for name in names.sorted() where !name.hasPrefix(".") && name != Self.manifestName {
                    let path = (input as NSString).appendingPathComponent(name)
                    var nested: ObjCBool = false
                    if manager.fileExists(atPath: path, isDirectory: &nested), !nested.boolValue {
                        files.append((path, name))
                    }
                }
            } else {
                files.append((input, (input as NSString).lastPathComponent))
            }
        }
        if manager.fileExists(atPath: output) {
            guard ((try? manager.contentsOfDirectory(atPath: output)) ?? ["?"]).isEmpty else {
                throw ValidationError("the bundle directory \(output) exists and is not empty")
            }
        }

        var store = CollateralStore()
        var entries: [(name: String, digest: String, bytes: [UInt8])] = []
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try FileOutput.read(file.path)
            } catch {
                printError("policyc bundle: cannot read \(file.path): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.unreadable)
            }
            if let kind = EvidenceKind.detect(bytes) {
                printError(
                    "policyc bundle: left out \(file.path): it is evidence (\(kind.displayName)), not collateral")
                continue
            }
            let notesBefore = store.notes.count
            do {
                try store.add(bytes, source: file.path)
            } catch {
                printError("policyc bundle: \(file.path): \(error)")
                throw ExitCode(ExitStatus.code(for: error))
            }
            if store.notes.count > notesBefore {
                printError("policyc bundle: left out \(file.path): not a certificate, CRL or JSON document")
                continue
            }
            // The store computed the SHA-256 of what it was given.
            let digest = Hex.encode(store.digests.last?.sha256 ?? [])
            if entries.contains(where: { $0.digest == digest }) { continue }
            var name = file.name
            if entries.contains(where: { $0.name == name }) { name = "\(digest.prefix(12))-\(name)" }
            entries.append((name, digest, bytes))
        }

        do {
            try manager.createDirectory(atPath: output, withIntermediateDirectories: true)
            for entry in entries {
                try Data(entry.bytes).write(to: URL(fileURLWithPath: output).appendingPathComponent(entry.name))
            }
            let manifest = entries.sorted { $0.name < $1.name }.map { "\($0.digest)  \($0.name)\n" }.joined()
            try Data(manifest.utf8).write(to: URL(fileURLWithPath: output).appendingPathComponent(Self.manifestName))
        } catch {
            printError("policyc bundle: cannot write \(output): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.unreadable)
        }
        print(
            "\(output): \(entries.count) file\(entries.count == 1 ? "" : "s") (\(store.certificates.count) certificates, \(store.crls.count) CRLs, \(store.jsonDocuments.count) JSON documents) and \(Self.manifestName)"
        )
    }
}
