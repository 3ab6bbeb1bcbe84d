internal import COpenSSL
import Evidence

/// An X.509 certificate revocation list (RFC 5280 §5), decoded by OpenSSL — swift-certificates
/// has no CRL support (swift-toolchain.md §1.5). Intel PCS serves the PCK and Root CA CRLs as
/// DER; AMD KDS serves per-product CRLs.
public final class CertificateRevocationList: @unchecked Sendable, Hashable {
    let crl: OpaquePointer
    /// The DER encoding, exactly as given.
    public let der: [UInt8]

    /// Decodes a DER CRL, or a PEM `X509 CRL` block.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput`.
    public init(derOrPEM bytes: [UInt8]) throws(EndorsementError) {
        var der = bytes
        if PEMBlocks.containsPEM(bytes) {
            guard let first = try PEMBlocks.blocks(in: bytes, label: "X509 CRL").first else {
                throw EndorsementError(.malformedInput, step: "CRL", detail: "no X509 CRL block in the PEM text")
            }
            der = first
        }
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509_CRL(nil, &cursor, buffer.count)
        }
        ERR_clear_error()
        guard let decoded else {
            throw EndorsementError(.malformedInput, step: "CRL", detail: "not an X.509 CRL")
        }
        self.crl = decoded
        self.der = der
    }

    deinit { X509_CRL_free(crl) }

    public static func == (lhs: CertificateRevocationList, rhs: CertificateRevocationList) -> Bool {
        lhs.der == rhs.der
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }

    /// The issuer distinguished name, RFC 2253 style.
    public var issuer: String { X509Certificate.name(X509_CRL_get_issuer(crl)) }
    /// When this CRL was issued.
    public var thisUpdate: Timestamp { X509Certificate.timestamp(X509_CRL_get0_lastUpdate(crl)) }
    /// When the next CRL is due; a CRL used after this time is stale.
    public var nextUpdate: Timestamp? {
        X509_CRL_get0_nextUpdate(crl).map { X509Certificate.timestamp($0) }
    }

    /// Whether the CRL's signature verifies with `issuer`'s key.
    public func isSigned(by issuer: X509Certificate) -> Bool {
        guard let key = X509_get0_pubkey(issuer.certificate) else { return false }
        let result = X509_CRL_verify(crl, key)
        ERR_clear_error()
        return result == 1
    }

    /// Whether `certificate`'s serial number is listed (RFC 5280 §5.3 entry extensions other
    /// than the reason code are not interpreted).
    public func lists(_ certificate: X509Certificate) -> Bool {
        var entry: OpaquePointer? = nil
        guard let serial = X509_get0_serialNumber(certificate.certificate) else { return false }
        return X509_CRL_get0_by_serial(crl, &entry, serial) == 1
    }
}
