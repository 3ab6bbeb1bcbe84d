/// The 48-byte header shared by Intel DCAP quotes v3 (SGX), v4 and v5 (TDX).
///
/// Layout: Intel TDX DCAP Quoting Library API, Appendix A.3 (`sgx_quote4_header_t`);
/// Intel SGX ECDSA Quote Library Reference (DCAP), §A.4 (`sgx_quote_header_t`, v3).
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 2 | version (3, 4 or 5) |
/// | 2 | 2 | attestation key type (2 = ECDSA-256-with-P-256) |
/// | 4 | 4 | TEE type (v4/v5: 0x00 SGX, 0x81 TDX; v3: reserved, 0) |
/// | 8 | 2 | v3: QE SVN; v4/v5: reserved |
/// | 10 | 2 | v3: PCE SVN; v4/v5: reserved |
/// | 12 | 16 | QE vendor id |
/// | 28 | 20 | user data |
///
/// The version is read and checked first (ARCHITECTURE principle 2): any version other than
/// 3, 4 or 5 is a typed `unsupportedVersion` error before any other field is interpreted.
public struct QuoteHeader: Hashable, Sendable {
    /// Size of the header in bytes.
    public static let size = 48
    /// The versions this build parses.
    public static let supportedVersions: ClosedRange<UInt16> = 3...5
    /// `tee_type` of a TDX quote.
    public static let teeTypeTDX: UInt32 = 0x81
    /// `tee_type` of an SGX quote.
    public static let teeTypeSGX: UInt32 = 0x00
    /// Intel's Quoting Enclave vendor id, `939a7233-f79c-4ca9-940a-0db3957f0607`.
    public static let intelQEVendorID: [UInt8] = [
        0x93, 0x9A, 0x72, 0x33, 0xF7, 0x9C, 0x4C, 0xA9, 0x94, 0x0A, 0x0D, 0xB3, 0x95, 0x7F, 0x06, 0x07,
    ]

    public let version: UInt16
    public let attestationKeyType: UInt16
    /// TEE type (v4/v5). For v3 quotes this is the reserved `att_key_data_0` field and is
    /// reported as ``teeTypeSGX``.
    public let teeType: UInt32
    /// Bytes 8–9: QE SVN in v3, reserved in v4/v5 (see formats-tdx-snp.md §1.1 on the peer
    /// disagreement — never derive TCB from these bytes in a TDX quote).
    public let qeSVN: UInt16
    /// Bytes 10–11: PCE SVN in v3, reserved in v4/v5.
    public let pceSVN: UInt16
    public let qeVendorID: ArraySlice<UInt8>
    public let userData: ArraySlice<UInt8>

    /// Whether this is a TDX quote (v4/v5 with TEE type 0x81).
    public var isTDX: Bool { version >= 4 && teeType == Self.teeTypeTDX }

    /// Parses the header at the reader's position.
    ///
    /// - Throws: `EvidenceError` `.truncated` if fewer than 48 bytes remain,
    ///   `.unsupportedVersion` for a version outside 3…5, `.invalidValue` for an unknown TEE type.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        // Locals first, fields after the last read (see DCAPQuote.init(parsing:)).
        let versionOffset = reader.offset
        let version = try reader.readUInt16LE("version")
        guard Self.supportedVersions.contains(version) else {
            throw reader.error(
                .unsupportedVersion, "version", at: versionOffset,
                "quote version \(version) is not supported (supported: 3, 4, 5)")
        }
        let attestationKeyType = try reader.readUInt16LE("att_key_type")
        let teeOffset = reader.offset
        let rawTEE = try reader.readUInt32LE("tee_type")
        let teeType: UInt32
        if version == 3 {
            teeType = Self.teeTypeSGX
        } else {
            guard rawTEE == Self.teeTypeTDX || rawTEE == Self.teeTypeSGX else {
                throw reader.error(
                    .invalidValue, "tee_type", at: teeOffset,
                    "TEE type 0x\(String(rawTEE, radix: 16)) is neither SGX (0x0) nor TDX (0x81)")
            }
            teeType = rawTEE
        }
        let qeSVN = try reader.readUInt16LE("qe_svn")
        let pceSVN = try reader.readUInt16LE("pce_svn")
        let qeVendorID = try reader.readBytes(16, "qe_vendor_id")
        let userData = try reader.readBytes(20, "user_data")
        self.version = version
        self.attestationKeyType = attestationKeyType
        self.teeType = teeType
        self.qeSVN = qeSVN
        self.pceSVN = pceSVN
        self.qeVendorID = qeVendorID
        self.userData = userData
    }
}
