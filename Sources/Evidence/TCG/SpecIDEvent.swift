/// `TCG_EfiSpecIDEvent` ("Spec ID Event03"): the data of the first entry of a crypto-agile
/// log, which says which digest algorithms the log carries and how long each digest is.
///
/// TCG PC Client Platform Firmware Profile 1.05, §10.4.5.1 Table 20. `TCG_PCR_EVENT2` has no
/// per-digest length, so the digest sizes must come from this table.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 16 | signature `"Spec ID Event03\0"` |
/// | 16 | 4 | platformClass (0 client, 1 server) |
/// | 20 | 1 | specVersionMinor |
/// | 21 | 1 | specVersionMajor (2) |
/// | 22 | 1 | specErrata |
/// | 23 | 1 | uintnSize (1 = UINT32, 2 = UINT64) |
/// | 24 | 4 | numberOfAlgorithms |
/// | 28 | 4·n | digestSizes (n ≤ 32): { algorithmId u16, digestSize u16 } |
/// | … | 1 | vendorInfoSize |
/// | … | vendorInfoSize | vendorInfo |
public struct SpecIDEvent: Hashable, Sendable {
    /// `"Spec ID Event03\0"`.
    public static let signature: [UInt8] = Array("Spec ID Event03".utf8) + [0]
    /// The smallest Spec ID event: the fixed fields, one algorithm and the vendor size byte.
    public static let minimumSize = 16 + 4 + 4 + 4 + 4 + 1
    /// More algorithms than this is rejected: the TCG registry defines fewer hash algorithms.
    public static let maximumAlgorithms: UInt32 = 32

    /// One `TCG_EfiSpecIdEventAlgorithmSize`.
    public struct AlgorithmSize: Hashable, Sendable {
        public let algorithmID: TPMAlgorithmID
        public let digestSize: Int
    }

    public let platformClass: UInt32
    public let specVersionMinor: UInt8
    public let specVersionMajor: UInt8
    public let specErrata: UInt8
    /// 1 (UINT32) or 2 (UINT64): the width of `UINTN` fields in event data.
    public let uintnSize: UInt8
    public let algorithms: [AlgorithmSize]
    public let vendorInfo: ArraySlice<UInt8>
    /// Quirks found while parsing (e.g. a vendorInfoSize past the end of the event).
    public let notes: [String]

    /// Width in bytes of a `UINTN` field in this log's event data.
    public var uintnWidth: Int { uintnSize == 1 ? 4 : 8 }

    /// Whether `data` starts with the Spec ID signature and is long enough to be one.
    public static func matches(_ data: ArraySlice<UInt8>) -> Bool {
        data.count >= minimumSize && data.prefix(16).elementsEqual(signature)
    }

    /// Parses the Spec ID event from the event data of the log's first entry.
    ///
    /// - Throws: `.invalidValue` for a wrong signature, an unknown uintnSize, a duplicate
    ///   algorithm or a digest size that contradicts the algorithm registry;
    ///   `.unsupportedVersion` unless specVersionMajor is 2; `.lengthOutOfRange` for a
    ///   numberOfAlgorithms of zero or more than the event holds; `.truncated`.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        let signatureOffset = reader.offset
        let signature = try reader.readBytes(16, "signature")
        guard signature.elementsEqual(Self.signature) else {
            throw reader.error(.invalidValue, "signature", at: signatureOffset, "not \"Spec ID Event03\"")
        }
        platformClass = try reader.readUInt32LE("platformClass")
        specVersionMinor = try reader.readUInt8("specVersionMinor")
        let majorOffset = reader.offset
        specVersionMajor = try reader.readUInt8("specVersionMajor")
        guard specVersionMajor == 2 else {
            throw reader.error(
                .unsupportedVersion, "specVersionMajor", at: majorOffset,
                "spec version \(specVersionMajor).\(specVersionMinor); crypto-agile logs are version 2")
        }
        specErrata = try reader.readUInt8("specErrata")
        let uintnOffset = reader.offset
        uintnSize = try reader.readUInt8("uintnSize")
        guard uintnSize == 1 || uintnSize == 2 else {
            throw reader.error(.invalidValue, "uintnSize", at: uintnOffset, "\(uintnSize) is neither 1 nor 2")
        }
        let countOffset = reader.offset
        let count = try reader.readUInt32LE("numberOfAlgorithms")
        guard count >= 1, count <= Self.maximumAlgorithms, Int(count) <= (reader.remaining - 1) / 4 else {
            throw reader.error(
                .lengthOutOfRange, "numberOfAlgorithms", at: countOffset,
                "\(count) algorithms do not fit in the \(reader.remaining) bytes left")
        }
        var algorithms: [AlgorithmSize] = []
        algorithms.reserveCapacity(Int(count))
        for _ in 0..<Int(count) {
            let idOffset = reader.offset
            let id = TPMAlgorithmID(rawValue: try reader.readUInt16LE("algorithmId"))
            let size = Int(try reader.readUInt16LE("digestSize"))
            if algorithms.contains(where: { $0.algorithmID == id }) {
                throw reader.error(.invalidValue, "algorithmId", at: idOffset, "\(id) is listed twice")
            }
            if let known = id.digestSize, known != size {
                throw reader.error(
                    .invalidValue, "digestSize", at: idOffset + 2, "\(id) digests are \(known) bytes, not \(size)")
            }
            guard size > 0 else {
                throw reader.error(.invalidValue, "digestSize", at: idOffset + 2, "zero-length digests")
            }
            algorithms.append(AlgorithmSize(algorithmID: id, digestSize: size))
        }
        self.algorithms = algorithms
        let vendorOffset = reader.offset
        let vendorInfoSize = Int(try reader.readUInt8("vendorInfoSize"))
        var notes: [String] = []
        if vendorInfoSize > reader.remaining {
            notes.append(
                "Spec ID vendorInfoSize \(vendorInfoSize) at offset \(vendorOffset) exceeds the \(reader.remaining) "
                    + "byte(s) left in the event; vendor info taken as the bytes present")
            vendorInfo = try reader.readRemaining("vendorInfo")
        } else {
            vendorInfo = try reader.readBytes(vendorInfoSize, "vendorInfo")
        }
        if !reader.isAtEnd {
            notes.append("\(reader.remaining) byte(s) after the Spec ID vendor info ignored")
        }
        self.notes = notes
    }

    /// The declared digest size of `algorithm`, or `nil` if the log does not carry it.
    @inlinable
    public func digestSize(of algorithm: TPMAlgorithmID) -> Int? {
        for entry in algorithms where entry.algorithmID == algorithm { return entry.digestSize }
        return nil
    }
}
