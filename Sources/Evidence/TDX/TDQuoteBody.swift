/// The TD quote body: the TD report fields a TDX quote signs (`sgx_report2_body_t`, 584 bytes, TDX
/// 1.0; `sgx_report2_body_v1_5_t`, 648 bytes, TDX 1.5).
///
/// Layout: Intel TDX DCAP Quoting Library API, Appendix A.3.2 "TD Quote Body" and A.4 (v1.5
/// body). Offsets are relative to the body (quote v4: body at quote offset 48; v5: 54).
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 16 | TEE_TCB_SVN (byte 0 TDX module ISVSVN, byte 1 module major version) |
/// | 16 | 48 | MRSEAM |
/// | 64 | 48 | MRSIGNERSEAM |
/// | 112 | 8 | SEAMATTRIBUTES |
/// | 120 | 8 | TDATTRIBUTES |
/// | 128 | 8 | XFAM |
/// | 136 | 48 | MRTD |
/// | 184 | 48 | MRCONFIGID |
/// | 232 | 48 | MROWNER |
/// | 280 | 48 | MROWNERCONFIG |
/// | 328 | 4×48 | RTMR0 … RTMR3 |
/// | 520 | 64 | REPORTDATA |
/// | 584 | 16 | TEE_TCB_SVN2 (TDX 1.5 only) |
/// | 600 | 48 | MRSERVICETD (TDX 1.5 only) |
///
/// The layout is chosen by the caller from the quote version or the v5 body descriptor
/// (version dispatch before any version-dependent offset).
public struct TDQuoteBody: Hashable, Sendable {
    /// Size of a TDX 1.0 body.
    public static let sizeTDX10 = 584
    /// Size of a TDX 1.5 body.
    public static let sizeTDX15 = 648

    /// `.tdx10` or `.tdx15`.
    public let type: QuoteBodyType
    public let teeTCBSVN: ArraySlice<UInt8>
    public let mrSeam: ArraySlice<UInt8>
    public let mrSignerSeam: ArraySlice<UInt8>
    public let seamAttributes: ArraySlice<UInt8>
    /// TDATTRIBUTES as stored (8 bytes, little-endian).
    public let tdAttributesBytes: ArraySlice<UInt8>
    public let tdAttributes: TDAttributes
    public let xfam: ArraySlice<UInt8>
    public let mrTD: ArraySlice<UInt8>
    public let mrConfigID: ArraySlice<UInt8>
    public let mrOwner: ArraySlice<UInt8>
    public let mrOwnerConfig: ArraySlice<UInt8>
    /// RTMR0 ‖ RTMR1 ‖ RTMR2 ‖ RTMR3 (192 bytes); see ``rtmr(_:)``.
    public let rtmrs: ArraySlice<UInt8>
    public let reportData: ArraySlice<UInt8>
    /// TEE_TCB_SVN2 (TDX 1.5 bodies only).
    public let teeTCBSVN2: ArraySlice<UInt8>?
    /// MRSERVICETD (TDX 1.5 bodies only): SHA-384 over the bound service TDs' TDINFO, or zero.
    public let mrServiceTD: ArraySlice<UInt8>?

    /// RTMR `index` (0…3), 48 bytes.
    public func rtmr(_ index: Int) -> ArraySlice<UInt8> {
        let start = rtmrs.startIndex + 48 * min(max(index, 0), 3)
        return rtmrs[start..<start + 48]
    }

    /// Parses a body of `type` (`.tdx10` or `.tdx15`) at the reader's position.
    ///
    /// - Throws: `EvidenceError.truncated` when the body is cut short, `.invalidValue` when
    ///   `type` is not a TD body type.
    public init(parsing reader: inout ByteReader, type: QuoteBodyType) throws(EvidenceError) {
        guard type.isTD else {
            throw reader.error(.invalidValue, "body type", "\(type) is not a TD report body")
        }
        self.type = type
        var body = try reader.subReader(type.bodySize, structure: "TD quote body", "body")
        teeTCBSVN = try body.readBytes(16, "TEE_TCB_SVN")
        mrSeam = try body.readBytes(48, "MRSEAM")
        mrSignerSeam = try body.readBytes(48, "MRSIGNERSEAM")
        seamAttributes = try body.readBytes(8, "SEAMATTRIBUTES")
        let attributesStart = body.offset
        tdAttributes = TDAttributes(rawValue: try body.readUInt64LE("TDATTRIBUTES"))
        tdAttributesBytes = body.buffer[attributesStart..<body.offset]
        xfam = try body.readBytes(8, "XFAM")
        mrTD = try body.readBytes(48, "MRTD")
        mrConfigID = try body.readBytes(48, "MRCONFIGID")
        mrOwner = try body.readBytes(48, "MROWNER")
        mrOwnerConfig = try body.readBytes(48, "MROWNERCONFIG")
        rtmrs = try body.readBytes(4 * 48, "RTMR")
        reportData = try body.readBytes(64, "REPORTDATA")
        if type == .tdx15 {
            teeTCBSVN2 = try body.readBytes(16, "TEE_TCB_SVN2")
            mrServiceTD = try body.readBytes(48, "MRSERVICETD")
        } else {
            teeTCBSVN2 = nil
            mrServiceTD = nil
        }
    }
}
