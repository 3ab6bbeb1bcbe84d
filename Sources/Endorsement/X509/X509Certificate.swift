internal import COpenSSL
import Evidence
import Foundation

/// An X.509 certificate (RFC 5280), decoded by OpenSSL — which, unlike swift-certificates,
/// parses AMD's RSASSA-PSS certificates (swift-toolchain.md §1.5).
///
/// Read-only after decoding; safe to share between threads.
public final class X509Certificate: @unchecked Sendable, Hashable, CustomStringConvertible {
    let certificate: OpaquePointer
    /// The DER encoding, exactly as given.
    public let der: [UInt8]

    /// Decodes one DER certificate; the input must contain exactly one certificate.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput`.
    public init(der: [UInt8]) throws(EndorsementError) {
        var consumed = 0
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let start = cursor
            let result = d2i_X509(nil, &cursor, buffer.count)
            if let cursor, let start { consumed = cursor - start }
            return result
        }
        ERR_clear_error()
        guard let decoded else {
            throw EndorsementError(.malformedInput, step: "certificate", detail: "not a DER X.509 certificate")
        }
        guard consumed == der.count else {
            X509_free(decoded)
            throw EndorsementError(
                .malformedInput, step: "certificate", detail: "\(der.count - consumed) bytes after the certificate")
        }
        self.certificate = decoded
        self.der = der
    }

    deinit { X509_free(certificate) }

    /// Every `CERTIFICATE` block of a PEM text, in order. Bytes around the blocks (other PEM
    /// types, comments, the trailing NUL Intel appends in quotes) are ignored.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` if a block is not base64 or not a certificate.
    public static func certificates(pem: [UInt8]) throws(EndorsementError) -> [X509Certificate] {
        try PEMBlocks.blocks(in: pem, label: "CERTIFICATE").map { (der) throws(EndorsementError) in
            try X509Certificate(der: der)
        }
    }

    /// Every certificate in `bytes`, whether PEM (one or more blocks) or DER (one or more
    /// certificates concatenated, as in Intel's synthetic quote).
    public static func certificates(pemOrDER bytes: [UInt8]) throws(EndorsementError) -> [X509Certificate] {
        if PEMBlocks.containsPEM(bytes) { return try certificates(pem: bytes) }
        var result: [X509Certificate] = []
        var reader = ByteReader(bytes, structure: "DER certificate list")
        while !reader.isAtEnd {
            let start = reader.offset
            guard let length = try? DERLength.totalLength(of: &reader) else {
                throw EndorsementError(
                    .malformedInput, step: "certificate", detail: "bad DER length at offset \(start)")
            }
            try result.append(X509Certificate(der: Array(bytes[start..<start + length])))
            _ = try? reader.seek(to: start + length, "next certificate")
        }
        return result
    }

    public static func == (lhs: X509Certificate, rhs: X509Certificate) -> Bool { lhs.der == rhs.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }

    /// The subject distinguished name, RFC 2253 style (`CN=SEV-Milan,O=Advanced Micro Devices,…`).
    public var subject: String { Self.name(X509_get_subject_name(certificate)) }
    /// The issuer distinguished name, RFC 2253 style.
    public var issuer: String { Self.name(X509_get_issuer_name(certificate)) }
    /// The subject's common name, if any.
    public var commonName: String? {
        subject.split(separator: ",").first { $0.hasPrefix("CN=") }.map { String($0.dropFirst(3)) }
    }

    /// The serial number as big-endian bytes (AMD VCEKs use serial 0: `[0]`).
    public var serialNumber: [UInt8] {
        guard let serial = X509_get0_serialNumber(certificate),
            let bignum = ASN1_INTEGER_to_BN(serial, nil)
        else { return [] }
        defer { BN_free(bignum) }
        let count = Int((BN_num_bits(bignum) + 7) / 8)
        var bytes = [UInt8](repeating: 0, count: max(count, 1))
        if count > 0 { BN_bn2bin(bignum, &bytes) }
        return bytes
    }

    /// Start of the validity window.
    public var notBefore: Timestamp { Self.timestamp(X509_get0_notBefore(certificate)) }
    /// End of the validity window.
    public var notAfter: Timestamp { Self.timestamp(X509_get0_notAfter(certificate)) }

    /// Whether `time` is inside the validity window (inclusive, RFC 5280 §4.1.2.5).
    public func isValid(at time: Timestamp) -> Bool { notBefore <= time && time <= notAfter }

    /// The DER `SubjectPublicKeyInfo`.
    public var subjectPublicKeyInfoDER: [UInt8] {
        guard let key = X509_get0_pubkey(certificate) else { return [] }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_PUBKEY(key, &out)
        guard length > 0, let out else { return [] }
        defer { copenssl_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    /// The subject public key, ready for signature checks.
    public func verificationKey() throws(EndorsementError) -> VerificationKey {
        try VerificationKey(subjectPublicKeyInfoDER: subjectPublicKeyInfoDER)
    }

    /// The contents (`extnValue` octets) of the extension with dotted OID `oid`, if present.
    public func extensionValue(oid: String) -> [UInt8]? {
        guard let object = OBJ_txt2obj(oid, 1) else { return nil }
        defer { ASN1_OBJECT_free(object) }
        let index = X509_get_ext_by_OBJ(certificate, object, -1)
        guard index >= 0, let ext = X509_get_ext(certificate, index), let data = X509_EXTENSION_get_data(ext),
            let bytes = ASN1_STRING_get0_data(data)
        else { return nil }
        return Array(UnsafeBufferPointer(start: bytes, count: Int(ASN1_STRING_length(data))))
    }

    /// Whether the certificate's signature verifies with `issuer`'s public key (any algorithm
    /// OpenSSL supports, including RSASSA-PSS with explicit parameters).
    public func isSigned(by issuer: X509Certificate) -> Bool {
        guard let key = X509_get0_pubkey(issuer.certificate) else { return false }
        let result = X509_verify(certificate, key)
        ERR_clear_error()
        return result == 1
    }

    /// Whether subject equals issuer and the certificate verifies with its own key.
    public var isSelfSigned: Bool { subject == issuer && isSigned(by: self) }

    public var description: String { "\(subject) (serial \(Hex.encode(serialNumber)))" }

    static func name(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, name, 0, copenssl_name_flags_rfc2253()) >= 0 else { return "" }
        return BIOText.read(bio)
    }

    static func timestamp(_ time: UnsafePointer<ASN1_TIME>?) -> Timestamp {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1,
            let stamp = Timestamp(
                year: Int64(parts.tm_year) + 1900, month: Int64(parts.tm_mon) + 1, day: Int64(parts.tm_mday),
                hour: Int64(parts.tm_hour), minute: Int64(parts.tm_min), second: Int64(parts.tm_sec))
        else { return Timestamp(secondsSinceEpoch: 0) }
        return stamp
    }
}

/// Reads what an OpenSSL memory BIO holds as text.
enum BIOText {
    static func read(_ bio: OpaquePointer) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            let n = BIO_read(bio, &chunk, Int32(chunk.count))
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(n)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The total length (header + content) of the DER TLV at the reader's position (X.690 §8.1).
enum DERLength {
    static func totalLength(of reader: inout ByteReader) throws(EvidenceError) -> Int {
        let start = reader.offset
        _ = try reader.readUInt8("tag")
        let first = try reader.readUInt8("length")
        var content = 0
        if first < 0x80 {
            content = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 4 else {
                throw reader.error(.lengthOutOfRange, "length", "\(count)-byte DER length")
            }
            for _ in 0..<count { content = content << 8 | Int(try reader.readUInt8("length")) }
        }
        let header = reader.offset - start
        let total = try reader.add(header, content, "length")
        try reader.seek(to: start - reader.lowerBound, "tlv")
        guard total <= reader.remaining else { throw reader.error(.truncated, "content", "needs \(total) bytes") }
        return total
    }
}
