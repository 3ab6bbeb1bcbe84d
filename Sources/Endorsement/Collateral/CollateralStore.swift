import Crypto
import Foundation

/// Offline collateral: every certificate, CRL and JSON document from a directory (or added
/// one by one), recognized by content, never by file name (issue #3: "`--collateral DIR`
/// takes a directory of files recognized by their content, whatever their names").
///
/// Vendor verifiers read what they need from here: Intel TCB info / QE identity JSON and
/// Intel CRLs, AMD ARK/ASK/ASVK chains, VCEK/VLEK certificates and CRLs. Nothing is fetched
/// from the network.
///
/// ```swift
/// let collateral = try CollateralStore(directory: "Corpus/collateral")
/// let roots = collateral.certificates.filter(\.isSelfSigned)
/// ```
public struct CollateralStore: Sendable {
    /// A JSON or other non-X.509 document, kept as the exact bytes served (signatures over
    /// Intel collateral cover the exact text).
    public struct Document: Sendable, Hashable {
        /// Where it came from (a file name), for messages only.
        public let source: String
        public let bytes: [UInt8]
    }

    public private(set) var certificates: [X509Certificate] = []
    public private(set) var crls: [CertificateRevocationList] = []
    /// JSON documents (Intel PCS responses, QuoteCollateralV3, …).
    public private(set) var jsonDocuments: [Document] = []
    /// What could not be recognized, one line per file; not an error.
    public private(set) var notes: [String] = []
    /// Every input's SHA-256, by source, for the verdict's collateral digests.
    public private(set) var digests: [(source: String, sha256: [UInt8])] = []

    /// An empty store.
    public init() {}

    /// Loads every regular file in `directory` and its subdirectories (hidden files and folders
    /// skipped), in path order so results are deterministic. Subdirectories let a bundle keep
    /// AMD KDS's layout (`vcek/v1/Milan/cert_chain`, `vcek/v1/Milan/<hwid>`, `vcek/v1/Milan/crl`).
    ///
    /// - Throws: ``EndorsementError`` `.collateralMissing` if the directory cannot be read,
    ///   `.malformedInput` if a file looks like PEM/DER but does not decode.
    public init(directory: String) throws(EndorsementError) {
        try addDirectory(URL(fileURLWithPath: directory, isDirectory: true), relativePath: "", depth: 0)
    }

    /// Adds the files of `url` (recursing at most 8 levels), naming each by its relative path.
    private mutating func addDirectory(_ url: URL, relativePath: String, depth: Int) throws(EndorsementError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        } catch {
            throw EndorsementError(.collateralMissing, step: "collateral", detail: "cannot read directory \(url.path)")
        }
        for name in names where !name.hasPrefix(".") {
            let file = url.appendingPathComponent(name)
            let relative = relativePath.isEmpty ? name : relativePath + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if depth < 8 { try addDirectory(file, relativePath: relative, depth: depth + 1) }
                continue
            }
            guard let data = try? Data(contentsOf: file) else {
                throw EndorsementError(.collateralMissing, step: "collateral", detail: "cannot read \(file.path)")
            }
            try add(Array(data), source: relative)
        }
    }

    /// Adds one input, recognized by content: PEM certificates and CRLs (several blocks in one
    /// file are fine), DER certificates (one or concatenated) and CRLs, and JSON documents.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` when PEM or DER content does not decode.
    public mutating func add(_ bytes: [UInt8], source: String) throws(EndorsementError) {
        digests.append((source, Array(SHA256.hash(data: bytes))))
        let trimmed = bytes.drop {
            $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF
        }
        if trimmed.first == UInt8(ascii: "{") || trimmed.first == UInt8(ascii: "[") {
            jsonDocuments.append(Document(source: source, bytes: bytes))
            return
        }
        if PEMBlocks.containsPEM(bytes) {
            let certificateBlocks = try PEMBlocks.blocks(in: bytes, label: "CERTIFICATE")
            for der in certificateBlocks { certificates.append(try X509Certificate(der: der)) }
            let crlBlocks = try PEMBlocks.blocks(in: bytes, label: "X509 CRL")
            for der in crlBlocks { crls.append(try CertificateRevocationList(derOrPEM: der)) }
            if certificateBlocks.isEmpty && crlBlocks.isEmpty {
                notes.append("\(source): PEM without certificates or CRLs, ignored")
            }
            return
        }
        if bytes.first == 0x30 {
            if let certs = try? X509Certificate.certificates(pemOrDER: bytes), !certs.isEmpty {
                certificates.append(contentsOf: certs)
                return
            }
            if let crl = try? CertificateRevocationList(derOrPEM: bytes) {
                crls.append(crl)
                return
            }
            throw EndorsementError(
                .malformedInput, step: "collateral", detail: "\(source) is DER but neither a certificate nor a CRL")
        }
        notes.append("\(source): not recognized as a certificate, CRL or JSON document, ignored")
    }

    /// The self-signed certificates in the store (candidate roots; a verifier still pins
    /// its trust anchors and never trusts a root just because it is in the bundle).
    public var selfSignedCertificates: [X509Certificate] { certificates.filter(\.isSelfSigned) }
}
