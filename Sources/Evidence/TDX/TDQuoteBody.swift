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

    /// Field offsets and sizes within the body, in spec order (the table above).
    enum Layout {
        static let teeTCBSVN = 0..<16
        static let mrSeam = 16..<64
        static let mrSignerSeam = 64..<112
        static let seamAttributes = 112..<120
        static let tdAttributes = 120..<128
        static let xfam = 128..<136
        static let mrTD = 136..<184
        static let mrConfigID = 184..<232
        static let mrOwner = 232..<280
        static let mrOwnerConfig = 280..<328
        static let rtmrs = 328..<520
        static let reportData = 520..<584
        static let teeTCBSVN2 = 584..<600
        static let mrServiceTD = 600..<648
    }

    /// `.tdx10` or `.tdx15`.
    public let type: QuoteBodyType
    /// The body's bytes (584 or 648, checked when parsed); the fields below are views into them,
    /// so a parsed body costs one reference, however many fields a caller reads.
    public let bytes: ArraySlice<UInt8>
    /// TDATTRIBUTES, decoded.
    public let tdAttributes: TDAttributes

    public var teeTCBSVN: ArraySlice<UInt8> { field(Layout.teeTCBSVN) }
    public var mrSeam: ArraySlice<UInt8> { field(Layout.mrSeam) }
    public var mrSignerSeam: ArraySlice<UInt8> { field(Layout.mrSignerSeam) }
    public var seamAttributes: ArraySlice<UInt8> { field(Layout.seamAttributes) }
    /// TDATTRIBUTES as stored (8 bytes, little-endian).
    public var tdAttributesBytes: ArraySlice<UInt8> { field(Layout.tdAttributes) }
    public var xfam: ArraySlice<UInt8> { field(Layout.xfam) }
    public var mrTD: ArraySlice<UInt8> { field(Layout.mrTD) }
    public var mrConfigID: ArraySlice<UInt8> { field(Layout.mrConfigID) }
    public var mrOwner: ArraySlice<UInt8> { field(Layout.mrOwner) }
    public var mrOwnerConfig: ArraySlice<UInt8> { field(Layout.mrOwnerConfig) }
    /// RTMR0 ‖ RTMR1 ‖ RTMR2 ‖ RTMR3 (192 bytes); see ``rtmr(_:)``.
    public var rtmrs: ArraySlice<UInt8> { field(Layout.rtmrs) }
    public var reportData: ArraySlice<UInt8> { field(Layout.reportData) }
    /// TEE_TCB_SVN2 (TDX 1.5 bodies only).
    public var teeTCBSVN2: ArraySlice<UInt8>? { type == .tdx15 ? field(Layout.teeTCBSVN2) : nil }
    /// MRSERVICETD (TDX 1.5 bodies only): SHA-384 over the bound service TDs' TDINFO, or zero.
    public var mrServiceTD: ArraySlice<UInt8>? { type == .tdx15 ? field(Layout.mrServiceTD) : nil }

    /// RTMR `index` (0…3), 48 bytes.
    public func rtmr(_ index: Int) -> ArraySlice<UInt8> {
        let start = Layout.rtmrs.lowerBound + 48 * min(max(index, 0), 3)
        return field(start..<start + 48)
    }

    /// The bytes at `range` of the body; every range used is inside the size checked at parsing.
    @inline(__always)
    func field(_ range: Range<Int>) -> ArraySlice<UInt8> {
        bytes[(bytes.startIndex + range.lowerBound)..<(bytes.startIndex + range.upperBound)]
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
        bytes = body.buffer[body.lowerBound..<body.upperBound]
        try body.seek(to: Layout.tdAttributes.lowerBound, "TDATTRIBUTES")
        tdAttributes = TDAttributes(rawValue: try body.readUInt64LE("TDATTRIBUTES"))
    }
}
