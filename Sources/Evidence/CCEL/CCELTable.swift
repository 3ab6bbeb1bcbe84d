/// The ACPI "CC Event Log" table (`/sys/firmware/acpi/tables/CCEL`): where firmware put the
/// confidential-computing event log and which technology wrote it.
///
/// ACPI 6.5 §5.2.34 "CC Event Log ACPI Table" (Table 5.178), 56 bytes:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 36 | ACPI header: Signature "CCEL", Length (56), Revision, Checksum, OEMID, OEM Table ID, OEM Revision, Creator ID, Creator Revision |
/// | 36 | 1 | CC Type (0 reserved, 1 AMD SEV, 2 Intel TDX) |
/// | 37 | 1 | CC Subtype |
/// | 38 | 2 | Reserved |
/// | 40 | 8 | Log Area Minimum Length (LAML) |
/// | 48 | 8 | Log Area Start Address (LASA) |
public struct CCELTable: Hashable, Sendable {
    public static let size = 56
    public static let signature: [UInt8] = Array("CCEL".utf8)

    public let length: UInt32
    public let revision: UInt8
    public let checksum: UInt8
    public let oemID: String
    public let oemTableID: String
    public let ccType: UInt8
    public let ccSubtype: UInt8
    public let logAreaMinimumLength: UInt64
    public let logAreaStartAddress: UInt64

    /// Whether the ACPI checksum (all 56 bytes sum to 0 mod 256) holds.
    public let checksumValid: Bool

    /// Parses the table.
    ///
    /// - Throws: `.truncated` under 56 bytes; `.invalidValue` for a signature other than
    ///   "CCEL", a Length field that differs from the table size, or a CC type above 2
    ///   (go-eventlog `TestParseCCACPITable` rejects the same).
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        let start = reader.offset
        guard reader.remaining >= Self.size else {
            throw reader.error(.truncated, "Signature", "a CCEL table is 56 bytes, \(reader.remaining) present")
        }
        guard try reader.readBytes(4, "Signature").elementsEqual(Self.signature) else {
            throw reader.error(.invalidValue, "Signature", at: start, "not \"CCEL\"")
        }
        let lengthOffset = reader.offset
        length = try reader.readUInt32LE("Length")
        guard length == UInt32(Self.size), reader.remaining + 8 == Self.size else {
            throw reader.error(
                .invalidValue, "Length", at: lengthOffset,
                "Length \(length) for a \(reader.remaining + 8)-byte table; a CCEL table is 56 bytes")
        }
        revision = try reader.readUInt8("Revision")
        checksum = try reader.readUInt8("Checksum")
        oemID = ASCIIText.decode(try reader.readBytes(6, "OEMID"))
        oemTableID = ASCIIText.decode(try reader.readBytes(8, "OEM Table ID"))
        _ = try reader.readUInt32LE("OEM Revision")
        _ = try reader.readUInt32LE("Creator ID")
        _ = try reader.readUInt32LE("Creator Revision")
        let typeOffset = reader.offset
        ccType = try reader.readUInt8("CC Type")
        guard ccType <= 2 else {
            throw reader.error(.invalidValue, "CC Type", at: typeOffset, "CC type \(ccType) (known: 0, 1 SEV, 2 TDX)")
        }
        ccSubtype = try reader.readUInt8("CC Subtype")
        _ = try reader.readUInt16LE("Reserved")
        logAreaMinimumLength = try reader.readUInt64LE("LAML")
        logAreaStartAddress = try reader.readUInt64LE("LASA")
        let bytes = reader.buffer[start..<(start + Self.size)]
        checksumValid = bytes.reduce(UInt8(0)) { $0 &+ $1 } == 0
    }

    /// The technology named by ``ccType``.
    public var ccTypeName: String {
        switch ccType {
        case 1: return "SEV"
        case 2: return "TDX"
        default: return "reserved"
        }
    }
}
