/// What a DCAP quote's body is: an SGX enclave report or a TD report of TDX 1.0 or 1.5.
///
/// Quote v5 states it in a 6-byte descriptor before the body (Intel TDX DCAP Quoting Library
/// API, Appendix A.4 `sgx_quote5_t`: `body_type` u16, `size` u32); v3 and v4 imply it (v3: SGX;
/// v4: SGX or TDX 1.0 by the header's TEE type).
public enum QuoteBodyType: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `sgx_report_body_t`, 384 bytes.
    case sgxEnclave = 1
    /// `sgx_report2_body_t` of TDX 1.0, 584 bytes.
    case tdx10 = 2
    /// `sgx_report2_body_v1_5_t` of TDX 1.5, 648 bytes (adds TEE_TCB_SVN2 and MRSERVICETD).
    case tdx15 = 3

    /// The body size this type requires.
    public var bodySize: Int {
        switch self {
        case .sgxEnclave: return SGXReportBody.size
        case .tdx10: return TDQuoteBody.sizeTDX10
        case .tdx15: return TDQuoteBody.sizeTDX15
        }
    }

    /// Whether the body is a TD report.
    public var isTD: Bool { self != .sgxEnclave }

    public var description: String {
        switch self {
        case .sgxEnclave: return "SGX enclave report (type 1)"
        case .tdx10: return "TDX 1.0 TD report (type 2)"
        case .tdx15: return "TDX 1.5 TD report (type 3)"
        }
    }
}
