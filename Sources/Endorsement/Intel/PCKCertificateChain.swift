import Evidence
import Foundation

/// The PCK certificate chain carried in a quote's certification data (type 5): the PCK leaf
/// ("Intel SGX PCK Certificate"), its CA ("Intel SGX PCK Platform CA" or "… Processor CA") and
/// usually a copy of the Intel SGX Root CA — decoded once and cached by content.
///
/// Encodings accepted (formats-tdx-snp.md §1.3, §3):
/// - PEM blocks, leaf first, optionally followed by exactly one NUL byte (14 of 19 real quotes;
///   go-tdx-guest #34/PR #36). Anything else outside the blocks is rejected.
/// - concatenated DER certificates in any order (Intel's synthetic QVL sample: root first).
///
/// The certificates are ordered leaf → CA → root by their issuer names; every certificate in
/// the payload must be on that path, so a corrupted or extra certificate cannot hide in it.
public struct PCKCertificateChain: Sendable {
    /// Leaf first, then each issuer as far as the payload goes.
    @inlinable public var certificates: [X509Certificate] { storage.certificates }
    /// The leaf's Intel SGX extensions.
    @inlinable public var extensions: PCKCertificateExtensions { storage.extensions }
    /// The leaf's key, decoded once (it checks the QE report signature of every quote).
    @inlinable public var leafKey: VerificationKey { storage.leafKey }

    /// The PCK leaf certificate.
    public var leaf: X509Certificate { certificates[0] }

    /// Which Intel CA issued the leaf.
    public enum IssuingCA: String, Hashable, Sendable {
        case platform = "Platform"
        case processor = "Processor"
    }

    /// Which CA issued the leaf, from its issuer common name; `nil` if it names neither (read
    /// once at decoding: OpenSSL name printing costs microseconds).
    @inlinable public var issuingCA: IssuingCA? { storage.issuingCA }
    /// The chain's common names, leaf first, joined by " → " (read once, for messages).
    @inlinable public var pathDescription: String { storage.pathDescription }

    /// The decoded chain, shared: a chain is copied out of ``cache`` for every quote, and
    /// inline its ten arrays and strings cost a retain each per copy and a release each per
    /// destroy (perf, TDXBenchmarks parse + claims). The accessors are inlinable so that the
    /// claim extractor reads fields in place instead of copying the extensions.
    @usableFromInline
    let storage: Storage

    /// The decoded contents of a chain (immutable).
    @usableFromInline
    final class Storage: Sendable {
        @usableFromInline let certificates: [X509Certificate]
        @usableFromInline let extensions: PCKCertificateExtensions
        @usableFromInline let leafKey: VerificationKey
        @usableFromInline let issuingCA: IssuingCA?
        @usableFromInline let pathDescription: String

        init(
            certificates: [X509Certificate], extensions: PCKCertificateExtensions, leafKey: VerificationKey,
            issuingCA: IssuingCA?, pathDescription: String
        ) {
            self.certificates = certificates
            self.extensions = extensions
            self.leafKey = leafKey
            self.issuingCA = issuingCA
            self.pathDescription = pathDescription
        }
    }

    /// Decodes a type-5 certification data payload.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` (step `"PCK chain"`) when the payload is
    ///   not PEM or DER certificates, carries bytes other than one trailing NUL, or its
    ///   certificates do not form one path; `.malformedInput` (step `"PCK certificate
    ///   extensions"`) when the leaf's SGX extension is missing or malformed.
    public init(encoded payload: ArraySlice<UInt8>) throws(EndorsementError) {
        let decoded = try Self.decodeCertificates(payload)
        let ordered = try Self.order(decoded)
        let extensions = try PCKCertificateExtensions(certificate: ordered[0])
        let leafKey = try ordered[0].verificationKey()
        let names = ordered.map { $0.commonName ?? $0.subject }
        let issuingCA: IssuingCA?
        switch names.count > 1 ? names[1] : "" {
        case "Intel SGX PCK Platform CA": issuingCA = .platform
        case "Intel SGX PCK Processor CA": issuingCA = .processor
        default:
            let issuer = ordered[0].issuer
            issuingCA =
                issuer.hasSuffix("CN=Intel SGX PCK Platform CA") || issuer.hasPrefix("CN=Intel SGX PCK Platform CA,")
                ? .platform
                : issuer.hasSuffix("CN=Intel SGX PCK Processor CA")
                    || issuer.hasPrefix("CN=Intel SGX PCK Processor CA,") ? .processor : nil
        }
        storage = Storage(
            certificates: ordered, extensions: extensions, leafKey: leafKey, issuingCA: issuingCA,
            pathDescription: names.joined(separator: " → "))
    }

    /// Decodes `payload`, or returns the chain decoded earlier from identical bytes.
    public static func cached(encoded payload: ArraySlice<UInt8>) throws(EndorsementError) -> PCKCertificateChain {
        try cache.value(for: payload) { () throws(EndorsementError) in try PCKCertificateChain(encoded: payload) }
    }

    /// Chains decoded so far, by payload.
    public static let cache = ContentCache<PCKCertificateChain>(capacity: 4096)

    static func malformed(_ detail: String) -> EndorsementError {
        EndorsementError(.malformedInput, step: "PCK chain", detail: detail)
    }

    static let begin = Array("-----BEGIN CERTIFICATE-----".utf8)
    static let end = Array("-----END CERTIFICATE-----".utf8)

    static func decodeCertificates(_ payload: ArraySlice<UInt8>) throws(EndorsementError) -> [X509Certificate] {
        guard !payload.isEmpty else { throw malformed("the certification data is empty") }
        if payload.first == 0x30 {
            do {
                return try X509Certificate.certificates(pemOrDER: Array(payload))
            } catch {
                throw malformed("the DER certificates do not decode: \(error.detail)")
            }
        }
        var text = payload
        if text.last == 0 { text = text.dropLast() }
        guard !text.contains(0) else {
            throw malformed("a NUL byte inside the PEM text (only one trailing NUL is allowed)")
        }
        // Strict framing: whitespace, then BEGIN … END blocks separated by whitespace only.
        var derBlocks: [[UInt8]] = []
        var index = text.startIndex
        func skipWhitespace() {
            while index < text.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(text[index]) { index += 1 }
        }
        skipWhitespace()
        while index < text.endIndex {
            guard text[index...].starts(with: begin) else {
                throw malformed("unexpected bytes at offset \(index - text.startIndex) of the PEM chain")
            }
            let bodyStart = index + begin.count
            guard let endStart = Self.find(end, in: text[bodyStart...]) else {
                throw malformed("a certificate block has no END line")
            }
            let body = String(decoding: text[bodyStart..<endStart].filter { $0 > 0x20 }, as: UTF8.self)
            guard let der = Data(base64Encoded: body) else { throw malformed("a certificate block is not base64") }
            derBlocks.append(Array(der))
            index = endStart + end.count
            skipWhitespace()
        }
        guard !derBlocks.isEmpty else { throw malformed("no certificate in the PEM chain") }
        var certificates: [X509Certificate] = []
        for der in derBlocks {
            do {
                certificates.append(try X509Certificate(der: der))
            } catch {
                throw malformed("a certificate in the chain does not decode: \(error.detail)")
            }
        }
        return certificates
    }

    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Orders certificates leaf → root by issuer name; every certificate must be on the path.
    static func order(_ certificates: [X509Certificate]) throws(EndorsementError) -> [X509Certificate] {
        let subjects = certificates.map(\.subject)
        let issuers = certificates.map(\.issuer)
        // The leaf issues nothing: no other certificate names it as issuer.
        let leaves = certificates.indices.filter { index in
            !certificates.indices.contains { other in
                other != index && issuers[other] == subjects[index] && subjects[other] != issuers[other]
            }
        }
        guard leaves.count == 1, let leafIndex = leaves.first else {
            throw malformed("the chain has \(leaves.count) end-entity certificates, expected exactly one")
        }
        var path = [leafIndex]
        var current = leafIndex
        while subjects[current] != issuers[current] {
            guard
                let next = certificates.indices.first(where: { !path.contains($0) && subjects[$0] == issuers[current] })
            else { break }
            path.append(next)
            current = next
        }
        guard path.count == certificates.count else {
            throw malformed(
                "\(certificates.count - path.count) certificate(s) in the chain are not on the path from the leaf")
        }
        return path.map { certificates[$0] }
    }
}
