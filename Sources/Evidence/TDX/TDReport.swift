/// `TDREPORT_STRUCT` (1024 bytes): the report a TD gets from `TDG.MR.REPORT`, MACed by the CPU
/// and turned into a quote by the TD Quoting Enclave. Azure's HCL report carries one.
///
/// Layout: Intel TDX Module ABI specification, `TDREPORT_STRUCT` (REPORTMACSTRUCT,
/// TEE_TCB_INFO, TDINFO); formats-tdx-snp.md §1.7.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 256 | REPORTMACSTRUCT: REPORTTYPE 4 (type 0x81, subtype, version, reserved) · reserved 12 · CPUSVN 16 · TEE_TCB_INFO_HASH 48 · TEE_INFO_HASH 48 · REPORTDATA 64 · reserved 32 · MAC 32 |
/// | 256 | 239 | TEE_TCB_INFO: VALID 8 · TEE_TCB_SVN 16 · MRSEAM 48 · MRSIGNERSEAM 48 · ATTRIBUTES 8 · TEE_TCB_SVN2 16 (TDX 1.5) · reserved 95 |
/// | 495 | 17 | reserved |
/// | 512 | 512 | TDINFO: ATTRIBUTES 8 · XFAM 8 · MRTD 48 · MRCONFIGID 48 · MROWNER 48 · MROWNERCONFIG 48 · RTMR 4×48 · SERVTD_HASH 48 (TDX 1.5) · reserved 64 |
///
/// The MAC can only be checked on the platform that made the report; off the platform a TD
/// report is trusted only through a quote over the same REPORTDATA.
public struct TDReport: Hashable, Sendable {
    /// Size of the structure in bytes.
    public static let size = 1024
    /// REPORTTYPE.TYPE of a TDX report.
    public static let reportTypeTDX: UInt8 = 0x81

    public let reportType: UInt8
    public let reportSubtype: UInt8
    public let reportVersion: UInt8
    public let cpuSVN: ArraySlice<UInt8>
    public let teeTCBInfoHash: ArraySlice<UInt8>
    public let teeInfoHash: ArraySlice<UInt8>
    public let reportData: ArraySlice<UInt8>
    public let mac: ArraySlice<UInt8>
    public let teeTCBSVN: ArraySlice<UInt8>
    public let mrSeam: ArraySlice<UInt8>
    public let mrSignerSeam: ArraySlice<UInt8>
    /// TEE_TCB_INFO.ATTRIBUTES (the SEAM attributes).
    public let seamAttributes: ArraySlice<UInt8>
    public let teeTCBSVN2: ArraySlice<UInt8>
    /// TDINFO.ATTRIBUTES as stored.
    public let tdAttributesBytes: ArraySlice<UInt8>
    public let tdAttributes: TDAttributes
    public let xfam: ArraySlice<UInt8>
    public let mrTD: ArraySlice<UInt8>
    public let mrConfigID: ArraySlice<UInt8>
    public let mrOwner: ArraySlice<UInt8>
    public let mrOwnerConfig: ArraySlice<UInt8>
    /// RTMR0 ‖ … ‖ RTMR3.
    public let rtmrs: ArraySlice<UInt8>
    public let servTDHash: ArraySlice<UInt8>
    /// TDINFO (512 bytes), whose SHA-384 is TEE_INFO_HASH.
    public let tdInfo: ArraySlice<UInt8>

    /// RTMR `index` (0…3), 48 bytes.
    public func rtmr(_ index: Int) -> ArraySlice<UInt8> {
        let start = rtmrs.startIndex + 48 * min(max(index, 0), 3)
        return rtmrs[start..<start + 48]
    }

    /// Parses 1024 bytes at the reader's position.
    ///
    /// - Throws: `EvidenceError` `.truncated`, or `.invalidValue` when REPORTTYPE.TYPE is not 0x81.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        var report = try reader.subReader(Self.size, structure: "TDREPORT_STRUCT", "TDREPORT")
        let typeOffset = report.offset
        reportType = try report.readUInt8("REPORTTYPE.TYPE")
        guard reportType == Self.reportTypeTDX else {
            throw report.error(
                .invalidValue, "REPORTTYPE.TYPE", at: typeOffset,
                "report type 0x\(String(reportType, radix: 16)) is not a TDX report (0x81)")
        }
        reportSubtype = try report.readUInt8("REPORTTYPE.SUBTYPE")
        reportVersion = try report.readUInt8("REPORTTYPE.VERSION")
        try report.skip(1 + 12, "reserved")
        cpuSVN = try report.readBytes(16, "CPUSVN")
        teeTCBInfoHash = try report.readBytes(48, "TEE_TCB_INFO_HASH")
        teeInfoHash = try report.readBytes(48, "TEE_INFO_HASH")
        reportData = try report.readBytes(64, "REPORTDATA")
        try report.skip(32, "reserved")
        mac = try report.readBytes(32, "MAC")
        try report.skip(8, "TEE_TCB_INFO.VALID")
        teeTCBSVN = try report.readBytes(16, "TEE_TCB_SVN")
        mrSeam = try report.readBytes(48, "MRSEAM")
        mrSignerSeam = try report.readBytes(48, "MRSIGNERSEAM")
        seamAttributes = try report.readBytes(8, "TEE_TCB_INFO.ATTRIBUTES")
        teeTCBSVN2 = try report.readBytes(16, "TEE_TCB_SVN2")
        try report.seek(to: 512, "TDINFO")
        var info = try report.subReader(512, structure: "TDINFO", "TDINFO")
        tdInfo = info.buffer[info.lowerBound..<info.upperBound]
        let attributesStart = info.offset
        tdAttributes = TDAttributes(rawValue: try info.readUInt64LE("ATTRIBUTES"))
        tdAttributesBytes = info.buffer[attributesStart..<info.offset]
        xfam = try info.readBytes(8, "XFAM")
        mrTD = try info.readBytes(48, "MRTD")
        mrConfigID = try info.readBytes(48, "MRCONFIGID")
        mrOwner = try info.readBytes(48, "MROWNER")
        mrOwnerConfig = try info.readBytes(48, "MROWNERCONFIG")
        rtmrs = try info.readBytes(4 * 48, "RTMR")
        servTDHash = try info.readBytes(48, "SERVTD_HASH")
    }
}
