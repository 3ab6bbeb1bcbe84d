/// The ECDSA signature data of a DCAP quote: the quote signature, the attestation key and the
/// QE report certification data (`sgx_ql_ecdsa_sig_data_t`).
///
/// Layout: Intel TDX DCAP Quoting Library API, Appendix A.3.8 "Quote Signature Data" (v4/v5);
/// Intel SGX DCAP Quote Library Reference, A.4 (v3).
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 64 | quote signature: ECDSA P-256 r ‖ s (big-endian) over the header and body |
/// | 64 | 64 | ECDSA attestation public key: P-256 point x ‖ y (big-endian) |
/// | 128 | … | v4/v5: certification data of type 6 wrapping ``QEReportCertificationData``; v3: the QE report certification data fields directly |
public struct QuoteSignatureData: Hashable, Sendable {
    public let quoteSignature: ArraySlice<UInt8>
    public let attestationKey: ArraySlice<UInt8>
    /// The type of the outer certification data in a v4/v5 quote (always 6); `nil` for v3,
    /// which has no outer wrapper.
    public let outerCertificationDataType: CertificationData.DataType?
    public let qeReportCertificationData: QEReportCertificationData

    /// Parses exactly the reader's range (the stated `signature_data_len` bytes).
    ///
    /// - Throws: `EvidenceError` `.invalidValue` when a v4/v5 quote's certification data is not
    ///   type 6, `.lengthOutOfRange` when the stated sizes do not add up to the signature data
    ///   length (go-tdx-guest: "size of certificate data is 0xf8a. Expected size 0x1045").
    public init(parsing reader: inout ByteReader, quoteVersion: UInt16) throws(EvidenceError) {
        // Locals first, fields after the last check (see DCAPQuote.init(parsing:)).
        let quoteSignature = try reader.readBytes(64, "quote_signature")
        let attestationKey = try reader.readBytes(64, "attestation_key")
        let outerCertificationDataType: CertificationData.DataType?
        let qeReportCertificationData: QEReportCertificationData
        if quoteVersion == 3 {
            outerCertificationDataType = nil
            qeReportCertificationData = try QEReportCertificationData(parsing: &reader)
        } else {
            let typeOffset = reader.offset
            let outer = try CertificationData(parsing: &reader)
            guard outer.type == .qeReportCertificationData else {
                throw reader.error(
                    .invalidValue, "certification_data_type", at: typeOffset,
                    "a v\(quoteVersion) quote carries QE report certification data (type 6), not \(outer.type)")
            }
            outerCertificationDataType = outer.type
            var inner = ByteReader(
                buffer: reader.buffer, lowerBound: outer.data.startIndex, upperBound: outer.data.endIndex,
                structure: "QE report certification data")
            qeReportCertificationData = try QEReportCertificationData(parsing: &inner)
            guard inner.isAtEnd else {
                throw inner.error(
                    .lengthOutOfRange, "certification_data_size", at: typeOffset + 2,
                    "\(inner.remaining) bytes of the QE report certification data are not accounted for")
            }
        }
        guard reader.isAtEnd else {
            throw reader.error(
                .lengthOutOfRange, "signature_data_len",
                "\(reader.remaining) bytes of the signature data are not accounted for")
        }
        self.quoteSignature = quoteSignature
        self.attestationKey = attestationKey
        self.outerCertificationDataType = outerCertificationDataType
        self.qeReportCertificationData = qeReportCertificationData
    }
}
