/// QE report certification data: the Quoting Enclave's report, the PCK's signature over it, the
/// QE authentication data, and the certification data that leads to the PCK
/// (`sgx_ql_auth_data_t` + friends).
///
/// Layout: Intel TDX DCAP Quoting Library API, Appendix A.3.11 "QE Report Certification Data"
/// (certification data type 6 in quote v4/v5); the same fields follow the attestation key
/// directly in an SGX v3 quote (SGX DCAP Quote Library Reference, A.4 "Quote Signature Data").
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 384 | QE report (``SGXReportBody``) |
/// | 384 | 64 | QE report signature: ECDSA P-256 r ‖ s (big-endian) by the PCK key |
/// | 448 | 2 | QE authentication data size A |
/// | 450 | A | QE authentication data |
/// | 450+A | 6+P | certification data (type 5: PCK chain) |
///
/// The QE report's REPORTDATA binds the attestation key: its first 32 bytes are
/// SHA-256(attestation key ‖ QE authentication data), the rest zero.
public struct QEReportCertificationData: Hashable, Sendable {
    /// The QE report as parsed; `qeReport.bytes` are the 384 signed bytes.
    public let qeReport: SGXReportBody
    public let qeReportSignature: ArraySlice<UInt8>
    public let qeAuthenticationData: ArraySlice<UInt8>
    /// The certification data that certifies the PCK (type 1–5; never 6 again).
    public let certificationData: CertificationData

    /// Parses the fields at the reader's position.
    ///
    /// - Throws: `EvidenceError` `.truncated` when a field is cut short, `.invalidValue` when the
    ///   nested certification data is type 6 again.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        // Locals first, fields after the last check (see DCAPQuote.init(parsing:)).
        let qeReport = try SGXReportBody(parsing: &reader)
        let qeReportSignature = try reader.readBytes(64, "qe_report_signature")
        let authSize = try reader.readUInt16LE("qe_auth_data_size")
        let qeAuthenticationData = try reader.readBytes(length: authSize, "qe_auth_data")
        let nestedOffset = reader.offset
        let certificationData = try CertificationData(parsing: &reader)
        guard certificationData.type != .qeReportCertificationData else {
            throw reader.error(
                .invalidValue, "certification_data_type", at: nestedOffset,
                "QE report certification data may not nest another of type 6")
        }
        self.qeReport = qeReport
        self.qeReportSignature = qeReportSignature
        self.qeAuthenticationData = qeAuthenticationData
        self.certificationData = certificationData
    }
}
