/// The 384-byte SGX report body (`sgx_report_body_t`): the ISV enclave report of an SGX quote
/// and the Quoting Enclave's report inside every DCAP quote's signature data.
///
/// Layout: Intel SGX ECDSA Quote Library Reference (DCAP), Appendix A.4 "Enclave Report Body";
/// Intel SDM Vol. 3D §38.15 (REPORT).
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 16 | CPUSVN |
/// | 16 | 4 | MISCSELECT |
/// | 20 | 12 | reserved |
/// | 32 | 16 | ISVEXTPRODID |
/// | 48 | 16 | ATTRIBUTES (flags u64 ‖ XFRM u64) |
/// | 64 | 32 | MRENCLAVE |
/// | 96 | 32 | reserved |
/// | 128 | 32 | MRSIGNER |
/// | 160 | 32 | reserved |
/// | 192 | 64 | CONFIGID |
/// | 256 | 2 | ISVPRODID |
/// | 258 | 2 | ISVSVN |
/// | 260 | 2 | CONFIGSVN |
/// | 262 | 42 | reserved |
/// | 304 | 16 | ISVFAMILYID |
/// | 320 | 64 | REPORTDATA |
///
/// Reserved ranges are not required to be zero: Intel's verification library does not check
/// them, and the signature over the whole body covers them anyway.
public struct SGXReportBody: Hashable, Sendable {
    /// Size of the structure in bytes.
    public static let size = 384

    /// `ATTRIBUTES.FLAGS` bit 1: the enclave was launched in debug mode (SDM Table 38-3).
    public static let attributeDebug: UInt64 = 1 << 1
    /// `ATTRIBUTES.FLAGS` bit 2: the enclave runs in 64-bit mode.
    public static let attributeMode64Bit: UInt64 = 1 << 2

    /// Field offsets and sizes, in spec order (the table above).
    enum Layout {
        static let cpuSVN = 0..<16
        static let miscSelect = 16
        static let isvExtProdID = 32..<48
        static let attributes = 48..<64
        static let mrEnclave = 64..<96
        static let mrSigner = 128..<160
        static let configID = 192..<256
        static let isvProdID = 256
        static let isvSVN = 258
        static let configSVN = 260
        static let isvFamilyID = 304..<320
        static let reportData = 320..<384
    }

    /// All 384 bytes, as signed (the QE report signature covers exactly these); the byte fields
    /// below are views into them.
    public let bytes: ArraySlice<UInt8>
    public let miscSelect: UInt32
    /// `ATTRIBUTES.FLAGS` as an integer (little-endian).
    public let attributeFlags: UInt64
    public let isvProdID: UInt16
    public let isvSVN: UInt16
    public let configSVN: UInt16

    public var cpuSVN: ArraySlice<UInt8> { field(Layout.cpuSVN) }
    public var isvExtProdID: ArraySlice<UInt8> { field(Layout.isvExtProdID) }
    /// `ATTRIBUTES`: 8 bytes of flags then 8 bytes of XFRM.
    public var attributes: ArraySlice<UInt8> { field(Layout.attributes) }
    public var mrEnclave: ArraySlice<UInt8> { field(Layout.mrEnclave) }
    public var mrSigner: ArraySlice<UInt8> { field(Layout.mrSigner) }
    public var configID: ArraySlice<UInt8> { field(Layout.configID) }
    public var isvFamilyID: ArraySlice<UInt8> { field(Layout.isvFamilyID) }
    public var reportData: ArraySlice<UInt8> { field(Layout.reportData) }

    /// Whether the enclave is debuggable (`ATTRIBUTES.FLAGS.DEBUG`).
    public var isDebug: Bool { attributeFlags & Self.attributeDebug != 0 }

    @inline(__always)
    func field(_ range: Range<Int>) -> ArraySlice<UInt8> {
        bytes[(bytes.startIndex + range.lowerBound)..<(bytes.startIndex + range.upperBound)]
    }

    /// Parses 384 bytes at the reader's position.
    ///
    /// - Throws: `EvidenceError.truncated` when fewer than 384 bytes remain.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        var body = try reader.subReader(Self.size, structure: reader.structure, "report body")
        bytes = body.buffer[body.lowerBound..<body.upperBound]
        try body.seek(to: Layout.miscSelect, "MISCSELECT")
        miscSelect = try body.readUInt32LE("MISCSELECT")
        try body.seek(to: Layout.attributes.lowerBound, "ATTRIBUTES.FLAGS")
        attributeFlags = try body.readUInt64LE("ATTRIBUTES.FLAGS")
        try body.seek(to: Layout.isvProdID, "ISVPRODID")
        isvProdID = try body.readUInt16LE("ISVPRODID")
        isvSVN = try body.readUInt16LE("ISVSVN")
        configSVN = try body.readUInt16LE("CONFIGSVN")
    }
}
