/// The report Azure's paravisor (HCL) stores in the vTPM NV index 0x01400001 of a confidential
/// VM: a hardware report (SEV-SNP ATTESTATION_REPORT or TDX TDREPORT) plus the paravisor's
/// runtime data, whose digest is bound into the hardware report's REPORT_DATA.
///
/// Layout (Microsoft az-cvm-vtpm `hcl/mod.rs` `AttestationReport`, `AttestationHeader`,
/// `IgvmRequestData`; formats-tdx-snp.md §2.2; checked against every Azure sample in the corpus,
/// SEV-SNP and TDX):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0x000 | 4 | signature "HCLA" |
/// | 0x004 | 4 | version (1 or 2) |
/// | 0x008 | 4 | report size: header + hardware report + request data |
/// | 0x00C | 4 | request type |
/// | 0x010 | 4 | status (0 = success) |
/// | 0x014 | 12 | reserved, zero |
/// | 0x020 | 1184 | hardware report: SEV-SNP report (1184 B) or TDREPORT (1024 B, zero-padded) |
/// | 0x4C0 | 4 | request data size (20 + variable data size) |
/// | 0x4C4 | 4 | request data version (1) |
/// | 0x4C8 | 4 | report type: 2 SEV-SNP, 4 TDX |
/// | 0x4CC | 4 | report data hash type: 1 SHA-256, 2 SHA-384, 3 SHA-512 |
/// | 0x4D0 | 4 | variable data size |
/// | 0x4D4 | n | variable data: runtime JSON `{"keys":[HCLAkPub, HCLEkPub], "vm-configuration", "user-data"}` |
///
/// Binding: REPORT_DATA (TDX: REPORTDATA) starts with the hash (by the hash type) of the variable
/// data; the verifiers check it. Bytes after the report size (the NV index is larger) must be zero.
public struct HCLReport: Sendable {
    public enum HardwareReportType: UInt32, Sendable {
        case snp = 2
        case tdx = 4
    }

    public enum HashType: UInt32, Sendable {
        case sha256 = 1
        case sha384 = 2
        case sha512 = 3
    }

    public static let structure = "Azure HCL report"
    public static let magic: [UInt8] = Array("HCLA".utf8)
    static let hardwareReportOffset = 0x20
    static let requestDataOffset = 0x4C0
    static let requestDataHeaderSize = 20

    public let version: UInt32
    public let requestType: UInt32
    public let reportType: HardwareReportType
    public let hashType: HashType
    /// The wrapped SEV-SNP report (`reportType == .snp`), else `nil`.
    public let report: SNPReport?
    /// The wrapped TDX TDREPORT (`reportType == .tdx`), else `nil`.
    public let tdReport: TDReport?
    /// The paravisor's runtime data (JSON text) whose hash is bound into REPORT_DATA.
    public let runtimeData: ArraySlice<UInt8>

    /// Whether `bytes` start with the HCL magic.
    public static func hasMagic(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// The hardware report type an HCL report says it wraps (bytes 0x4C8…0x4CB), without parsing
    /// the rest, or `nil` when `bytes` is no HCL report or too short.
    public static func statedReportType(_ bytes: [UInt8]) -> HardwareReportType? {
        guard hasMagic(bytes) else { return nil }
        var reader = ByteReader(bytes, structure: structure)
        guard (try? reader.seek(to: requestDataOffset + 8, "report type")) != nil,
            let raw = try? reader.readUInt32LE("report type")
        else { return nil }
        return HardwareReportType(rawValue: raw)
    }

    /// Parses an HCL report wrapping an SEV-SNP report or a TDX TDREPORT.
    ///
    /// - Parameter generation: the CPU generation for a wrapped version 2 SEV-SNP report.
    /// - Throws: `EvidenceError`: `.invalidValue` (magic, status, hash type),
    ///   `.unsupportedVersion`, `.unsupportedFeature` for an unknown report type,
    ///   `.lengthOutOfRange` for sizes that disagree or pass the end, `.reservedNotZero`, and any
    ///   error of the wrapped report.
    public init(_ bytes: [UInt8], generation: SNPGeneration? = nil) throws(EvidenceError) {
        var reader = ByteReader(bytes, structure: Self.structure)
        let magic = try reader.readBytes(4, "signature")
        guard magic.elementsEqual(Self.magic) else {
            throw reader.error(.invalidValue, "signature", at: 0, "not \"HCLA\"")
        }
        version = try reader.readUInt32LE("version")
        guard version == 1 || version == 2 else {
            throw reader.error(.unsupportedVersion, "version", at: 4, "HCL report version \(version) (supported: 1, 2)")
        }
        let reportSize = try reader.readUInt32LE("report size")
        requestType = try reader.readUInt32LE("request type")
        let status = try reader.readUInt32LE("status")
        guard status == 0 else {
            throw reader.error(.invalidValue, "status", at: 0x10, "status \(status): the paravisor reported a failure")
        }
        try reader.readReservedZero(12, "reserved")

        // The request data header decides what the hardware report is.
        var request = try reader.reader(at: Self.requestDataOffset, "request data")
        let dataSize = try request.readUInt32LE("request data size")
        let requestVersion = try request.readUInt32LE("request data version")
        guard requestVersion == 1 else {
            throw request.error(
                .unsupportedVersion, "request data version", at: 0x4C4, "version \(requestVersion) (supported: 1)")
        }
        let rawType = try request.readUInt32LE("report type")
        guard let reportType = HardwareReportType(rawValue: rawType) else {
            throw request.error(
                .unsupportedFeature, "report type", at: 0x4C8, "hardware report type \(rawType) (2 SEV-SNP, 4 TDX)")
        }
        self.reportType = reportType
        let rawHash = try request.readUInt32LE("report data hash type")
        guard let hashType = HashType(rawValue: rawHash) else {
            throw request.error(
                .invalidValue, "report data hash type", at: 0x4CC,
                "hash type \(rawHash) (1 SHA-256, 2 SHA-384, 3 SHA-512)")
        }
        self.hashType = hashType
        let variableSize = try request.readUInt32LE("variable data size")
        guard Int(dataSize) == (try request.add(Self.requestDataHeaderSize, Int(variableSize), "request data size"))
        else {
            throw request.error(
                .lengthOutOfRange, "request data size", at: 0x4C0,
                "request data size \(dataSize) is not 20 + variable data size \(variableSize)")
        }
        let end = try request.add(Self.requestDataOffset, Int(dataSize), "report size")
        guard Int(reportSize) == end else {
            throw request.error(
                .lengthOutOfRange, "report size", at: 8,
                "report size \(reportSize), but the request data ends at \(end)")
        }
        runtimeData = try request.readBytes(length: variableSize, "variable data")
        try request.readReservedZero(request.remaining, "padding after the report")

        var hardware = try reader.reader(at: Self.hardwareReportOffset, "hardware report")
        switch reportType {
        case .snp:
            report = try SNPReport(parsing: &hardware, generation: generation)
            tdReport = nil
        case .tdx:
            report = nil
            tdReport = try TDReport(parsing: &hardware)
        }
    }
}
