/// An Azure confidential VM's HCL report: the hardware report the paravisor (HCL) requested,
/// followed by the runtime data whose hash the hardware report binds. Read from the vTPM NV
/// index 0x01400001.
///
/// Layout (Microsoft, "Guest attestation for confidential VMs — attestation report format";
/// formats-tdx-snp.md §2.2; verified on trustee's az-tdx-vtpm and az-snp-vtpm samples):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0x000 | 4 | signature "HCLA" |
/// | 0x004 | 4 | version (1 or 2) |
/// | 0x008 | 4 | report size |
/// | 0x00C | 4 | request type (2) |
/// | 0x010 | 4 | status |
/// | 0x014 | 12 | reserved |
/// | 0x020 | 1184 | hardware report: SEV-SNP ATTESTATION_REPORT, or TDREPORT_STRUCT (1024) + padding |
/// | 0x4C0 | 4 | runtime data: data size |
/// | 0x4C4 | 4 | runtime data: version (1) |
/// | 0x4C8 | 4 | runtime data: report type (2 SEV-SNP, 4 TDX) |
/// | 0x4CC | 4 | runtime data: hash type (1 SHA-256, 2 SHA-384, 3 SHA-512) |
/// | 0x4D0 | 4 | runtime data: variable data size V |
/// | 0x4D4 | V | variable data: the runtime claims JSON (`keys` with HCLAkPub/HCLEkPub, `vm-configuration`, `user-data`) |
///
/// Binding: the hardware report's REPORTDATA[0:32] = hash(variable data) with the stated hash
/// (SHA-256 in every sample); a TD quote made for the same TDREPORT carries the same REPORTDATA.
public struct HCLReport: Hashable, Sendable {
    /// "HCLA".
    public static let signature: [UInt8] = Array("HCLA".utf8)
    /// Offset and size of the hardware report area.
    public static let hardwareReportOffset = 0x20
    public static let hardwareReportAreaSize = 1184

    /// `report_type` of the runtime data.
    public enum ReportType: UInt32, Hashable, Sendable {
        case sevSNP = 2
        case tdx = 4
    }

    /// `hash_type` of the runtime data.
    public enum HashType: UInt32, Hashable, Sendable {
        case sha256 = 1
        case sha384 = 2
        case sha512 = 3
    }

    public let version: UInt32
    public let reportSize: UInt32
    public let requestType: UInt32
    public let status: UInt32
    /// The 1184-byte hardware report area.
    public let hardwareReportArea: ArraySlice<UInt8>
    public let runtimeDataVersion: UInt32
    public let reportType: ReportType
    public let hashType: HashType
    /// The variable data (the runtime claims JSON), exactly as hashed.
    public let runtimeData: ArraySlice<UInt8>
    /// The TD report in the hardware report area, for `reportType == .tdx`.
    public let tdReport: TDReport?

    /// Parses an HCL report from the start of `bytes` (trailing padding is ignored: the NV
    /// index is larger than the report).
    ///
    /// - Throws: `EvidenceError` `.invalidValue` (no "HCLA", unknown report or hash type),
    ///   `.truncated` / `.lengthOutOfRange` (sizes beyond the input).
    public init(parsing bytes: [UInt8]) throws(EvidenceError) {
        var reader = ByteReader(bytes, structure: "Azure HCL report")
        let magic = try reader.readBytes(4, "signature")
        guard magic.elementsEqual(Self.signature) else {
            throw reader.error(.invalidValue, "signature", at: 0, "the report does not start with \"HCLA\"")
        }
        version = try reader.readUInt32LE("version")
        reportSize = try reader.readUInt32LE("report_size")
        requestType = try reader.readUInt32LE("request_type")
        status = try reader.readUInt32LE("status")
        try reader.skip(12, "reserved")
        hardwareReportArea = try reader.readBytes(Self.hardwareReportAreaSize, "hardware_report")
        reader.structure = "HCL runtime data"
        let dataSize = try reader.readUInt32LE("data_size")
        runtimeDataVersion = try reader.readUInt32LE("version")
        let typeOffset = reader.offset
        let rawType = try reader.readUInt32LE("report_type")
        guard let type = ReportType(rawValue: rawType) else {
            throw reader.error(
                .invalidValue, "report_type", at: typeOffset, "report type \(rawType) (known: 2 SEV-SNP, 4 TDX)")
        }
        reportType = type
        let hashOffset = reader.offset
        let rawHash = try reader.readUInt32LE("hash_type")
        guard let hash = HashType(rawValue: rawHash) else {
            throw reader.error(
                .invalidValue, "hash_type", at: hashOffset,
                "hash type \(rawHash) (known: 1 SHA-256, 2 SHA-384, 3 SHA-512)")
        }
        hashType = hash
        let variableSizeOffset = reader.offset
        let variableSize = try reader.readUInt32LE("variable_data_size")
        guard Int(dataSize) == 20 + Int(variableSize) else {
            throw reader.error(
                .lengthOutOfRange, "data_size", at: variableSizeOffset - 16,
                "runtime data size \(dataSize) is not the 20-byte header plus \(variableSize) bytes of variable data")
        }
        runtimeData = try reader.readBytes(length: variableSize, "variable_data")
        if type == .tdx {
            var hardware = ByteReader(bytes, structure: "Azure HCL report")
            try hardware.seek(to: Self.hardwareReportOffset, "hardware_report")
            tdReport = try TDReport(parsing: &hardware)
        } else {
            tdReport = nil
        }
    }
}
