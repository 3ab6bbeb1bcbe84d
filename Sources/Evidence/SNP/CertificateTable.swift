/// The certificate table that travels with an extended SEV-SNP report (SNP_GET_EXT_REPORT,
/// the configfs-tsm `auxblob`): GUID-keyed entries for the ARK, the ASK (or ASVK), the VCEK or
/// VLEK and optionally a CRL (GHCB specification #56421 rev 2.03, §4.1.8.1 "SNP Extended Guest
/// Request", Table 10 "Certificate table").
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 16 | GUID (RFC 4122 byte order) |
/// | 16 | 4 | offset of the data from the start of the table |
/// | 20 | 4 | length of the data |
///
/// Entries repeat until an all-zero entry. Every entry's data must lie inside the table's
/// buffer and after the header; offsets and lengths are checked with overflow-checked
/// arithmetic (go-sev-guest adds them as `uint32`, which wraps). The table does not decode the
/// certificates: they are checked by the verifier like any other collateral.
public struct SNPCertificateTable: Sendable {
    /// What an entry holds, by its GUID.
    public enum Role: String, Hashable, Sendable {
        /// AMD Root Key, GUID c0b406a4-a803-4952-9743-3fb6014cd0ae.
        case ark
        /// AMD SEV Key or AMD SEV VLEK signing key, GUID 4ab7b379-bbac-4fe4-a02f-05aef327c782.
        case ask
        /// VCEK, GUID 63da758d-e664-4564-adc5-f4b93be8accd.
        case vcek
        /// VLEK, GUID a8074bc2-a25a-483e-aae6-39c045a0b8a1.
        case vlek
        /// A CRL, GUID 92f81bc3-5811-4d3d-97ff-d19f88dc67ea (virtee/sev `CertType::CRL`).
        case crl
        /// Any other GUID (e.g. go-sev-guest's extra platform info); kept, not interpreted.
        case other
    }

    /// One entry: its GUID, what it holds, and its data (DER or PEM, possibly zero-padded).
    public struct Entry: Sendable {
        public let guid: [UInt8]
        public let role: Role
        public let data: ArraySlice<UInt8>

        public init(guid: [UInt8], role: Role, data: ArraySlice<UInt8>) {
            self.guid = guid
            self.role = role
            self.data = data
        }
    }

    public let entries: [Entry]

    /// Size of one header entry.
    public static let entrySize = 24
    public static let structure = "SEV-SNP certificate table"

    /// The GUIDs in RFC 4122 byte order.
    static let guids: [(Role, [UInt8])] = [
        (.ark, [0xC0, 0xB4, 0x06, 0xA4, 0xA8, 0x03, 0x49, 0x52, 0x97, 0x43, 0x3F, 0xB6, 0x01, 0x4C, 0xD0, 0xAE]),
        (.ask, [0x4A, 0xB7, 0xB3, 0x79, 0xBB, 0xAC, 0x4F, 0xE4, 0xA0, 0x2F, 0x05, 0xAE, 0xF3, 0x27, 0xC7, 0x82]),
        (.vcek, [0x63, 0xDA, 0x75, 0x8D, 0xE6, 0x64, 0x45, 0x64, 0xAD, 0xC5, 0xF4, 0xB9, 0x3B, 0xE8, 0xAC, 0xCD]),
        (.vlek, [0xA8, 0x07, 0x4B, 0xC2, 0xA2, 0x5A, 0x48, 0x3E, 0xAA, 0xE6, 0x39, 0xC0, 0x45, 0xA0, 0xB8, 0xA1]),
        (.crl, [0x92, 0xF8, 0x1B, 0xC3, 0x58, 0x11, 0x4D, 0x3D, 0x97, 0xFF, 0xD1, 0x9F, 0x88, 0xDC, 0x67, 0xEA]),
    ]

    /// The role of a 16-byte GUID. Besides RFC 4122 byte order, the mixed-endian order of
    /// Microsoft's `GUID` struct (first three groups little-endian) is recognized too: the
    /// GUID only says where to look, the certificate is validated either way.
    public static func role(ofGUID guid: some Collection<UInt8>) -> Role {
        let bytes = Array(guid)
        guard bytes.count == 16 else { return .other }
        let swapped =
            Array(bytes[0..<4].reversed()) + Array(bytes[4..<6].reversed()) + Array(bytes[6..<8].reversed())
            + Array(bytes[8...])
        for (role, known) in guids where known == bytes || known == swapped { return role }
        return .other
    }

    public init(entries: [Entry]) { self.entries = entries }

    /// Parses a table occupying the whole range of `reader` (offsets are relative to its start).
    ///
    /// An empty range is an empty table. Otherwise the header must end with an all-zero entry.
    ///
    /// - Throws: `.truncated` if the header runs past the range, `.lengthOutOfRange` for data
    ///   outside the range or overlapping the header, `.arithmeticOverflow` never in practice
    ///   (offsets are 32-bit) but checked.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        let callerStructure = reader.structure
        reader.structure = Self.structure
        defer { reader.structure = callerStructure }
        guard !reader.isAtEnd else {
            entries = []
            return
        }
        let tableStart = reader.offset
        let tableSize = reader.remaining
        var headers: [(guid: ArraySlice<UInt8>, offset: UInt32, length: UInt32, at: Int)] = []
        while true {
            let at = reader.offset
            let guid = try reader.readBytes(16, "entry \(headers.count) GUID")
            let offset = try reader.readUInt32LE("entry \(headers.count) offset")
            let length = try reader.readUInt32LE("entry \(headers.count) length")
            if offset == 0 && length == 0 && guid.allSatisfy({ $0 == 0 }) { break }
            headers.append((guid, offset, length, at))
        }
        let headerSize = reader.offset - tableStart
        var entries: [Entry] = []
        entries.reserveCapacity(headers.count)
        for (index, header) in headers.enumerated() {
            let start = Int(header.offset)
            let end = try reader.add(start, Int(header.length), "entry \(index) offset + length")
            guard start >= headerSize, end <= tableSize else {
                throw reader.error(
                    .lengthOutOfRange, "entry \(index) offset", at: header.at + 16,
                    "data at \(start)..<\(end) is outside the \(tableSize)-byte table or inside its \(headerSize)-byte header"
                )
            }
            let data = reader.buffer[(tableStart + start)..<(tableStart + end)]
            entries.append(Entry(guid: Array(header.guid), role: Self.role(ofGUID: header.guid), data: data))
        }
        try reader.seek(to: reader.upperBound - reader.lowerBound, "end of table")
        self.entries = entries
    }

    /// The entries holding `role`, in table order.
    public func entries(_ role: Role) -> [Entry] { entries.filter { $0.role == role } }
}
