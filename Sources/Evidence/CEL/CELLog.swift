/// A TCG Canonical Event Log in its TLV encoding (CEL-TLV): each field is
/// `type u8 | length u32 big-endian | value`.
///
/// TCG Canonical Event Log Format, version 1.0 rev 0.41, §5.1–5.3 (record = `recnum`,
/// an index (`pcr` or `nv_index`), `digests`, one content field) and §5.4 content types
/// (`cel_mgt` 4, `pcclient_std` 5, `ima_template` 7, `ima_tlv` 8). go-tpm-tools and
/// go-eventlog add index type 108 (a CC measurement register, e.g. 4 = RTMR3) and content
/// type 80 (Confidential Space container events, `cel/cos_tlv.go`).
public struct CELLog: Sendable {
    /// TLV type numbers.
    public enum FieldType {
        public static let recnum: UInt8 = 0
        public static let pcr: UInt8 = 1
        public static let nvIndex: UInt8 = 2
        public static let digests: UInt8 = 3
        public static let celManagement: UInt8 = 4
        public static let pcClientStandard: UInt8 = 5
        public static let imaTemplate: UInt8 = 7
        public static let imaTLV: UInt8 = 8
        public static let confidentialSpace: UInt8 = 80
        public static let ccMeasurementRegister: UInt8 = 108
    }

    /// One CEL record.
    public struct Record: Hashable, Sendable {
        public let recnum: UInt64
        /// The index field's type: ``FieldType/pcr``, ``FieldType/nvIndex`` or ``FieldType/ccMeasurementRegister``.
        public let indexType: UInt8
        public let index: UInt32
        public let digests: [TCGDigest]
        /// The content field's type (5, 7, 8, 80, …) and value.
        public let contentType: UInt8
        public let content: ArraySlice<UInt8>
        /// Offset of the record in the log.
        public let offset: Int
    }

    public let bytes: [UInt8]
    public let records: [Record]

    /// Parses a CEL-TLV log.
    ///
    /// - Throws: `.invalidValue` for a record not starting with `recnum`, a missing index or
    ///   digests field, a digest whose length does not fit its algorithm; `.truncated`.
    public init(parsing bytes: [UInt8]) throws(EvidenceError) {
        self.bytes = bytes
        var reader = ByteReader(bytes, structure: "CEL-TLV")
        var records: [Record] = []
        guard !bytes.isEmpty else { throw reader.error(.truncated, "recnum", "an empty CEL log") }
        while !reader.isAtEnd {
            let offset = reader.offset
            let (recnumType, recnumValue) = try Self.field(&reader, "recnum")
            guard recnumType == FieldType.recnum, recnumValue.count == 8 else {
                throw reader.error(
                    .invalidValue, "recnum", at: offset, "a record starts with an 8-byte recnum (type 0)")
            }
            var recnumReader = ByteReader.over(bytes, recnumValue, structure: "CEL-TLV")
            let recnum = try recnumReader.readUInt64BE("recnum")
            let indexOffset = reader.offset
            let (indexType, indexValue) = try Self.field(&reader, "index")
            guard [FieldType.pcr, FieldType.nvIndex, FieldType.ccMeasurementRegister].contains(indexType),
                (1...4).contains(indexValue.count)
            else {
                throw reader.error(
                    .invalidValue, "index", at: indexOffset, "type \(indexType) is not pcr, nv_index or mr")
            }
            let index = indexValue.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let digestsOffset = reader.offset
            let (digestsType, digestsValue) = try Self.field(&reader, "digests")
            guard digestsType == FieldType.digests else {
                throw reader.error(.invalidValue, "digests", at: digestsOffset, "expected digests (type 3)")
            }
            var digestReader = ByteReader.over(bytes, digestsValue, structure: "CEL-TLV digests")
            var digests: [TCGDigest] = []
            while !digestReader.isAtEnd {
                let digestOffset = digestReader.offset
                let (algorithmType, value) = try Self.field(&digestReader, "digest")
                let algorithm = TPMAlgorithmID(rawValue: UInt16(algorithmType))
                if let size = algorithm.digestSize, size != value.count {
                    throw digestReader.error(
                        .invalidValue, "digest", at: digestOffset, "a \(algorithm) digest of \(value.count) bytes")
                }
                digests.append(TCGDigest(algorithm: algorithm, bytes: value))
            }
            let (contentType, content) = try Self.field(&reader, "content")
            records.append(
                Record(
                    recnum: recnum, indexType: indexType, index: index, digests: digests, contentType: contentType,
                    content: content, offset: offset))
        }
        self.records = records
    }

    /// Reads one `type | length (u32 BE) | value` field.
    public static func field(_ reader: inout ByteReader, _ name: String) throws(EvidenceError) -> (
        UInt8, ArraySlice<UInt8>
    ) {
        let type = try reader.readUInt8("\(name).type")
        let length = try reader.readUInt32BE("\(name).length")
        return (type, try reader.readBytes(length: length, "\(name).value"))
    }

    /// The nested TLV fields of a content value (Confidential Space and `pcclient_std` content).
    public func nestedFields(_ content: ArraySlice<UInt8>) throws(EvidenceError) -> [(UInt8, ArraySlice<UInt8>)] {
        var reader = ByteReader.over(bytes, content, structure: "CEL-TLV content")
        var fields: [(UInt8, ArraySlice<UInt8>)] = []
        while !reader.isAtEnd { fields.append(try Self.field(&reader, "content")) }
        return fields
    }
}
