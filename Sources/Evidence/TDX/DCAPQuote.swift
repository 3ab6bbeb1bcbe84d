/// An Intel DCAP quote: SGX quote v3, TDX quote v4 or v5 — header, body, and ECDSA signature
/// data, as views over the input bytes.
///
/// Framing (formats-tdx-snp.md §1.3–1.5):
///
/// | version | layout |
/// |---|---|
/// | 3 (`sgx_quote3_t`) | header 48 · SGX report body 384 · `signature_data_len` u32 · signature data |
/// | 4 (`sgx_quote4_t`) | header 48 · TD report body 584 (SGX: 384) · `signature_data_len` u32 · signature data |
/// | 5 (`sgx_quote5_t`) | header 48 · body type u16 · body size u32 · body · `signature_data_len` u32 · signature data |
///
/// The quote signature covers everything before `signature_data_len` — in v5 including the
/// 6-byte body descriptor (aleph-vm PR #1186 got this wrong). Bytes after the signature data
/// (zero padding of 39, 70 or 3065 bytes in real quotes) are not part of the quote: they are
/// counted in ``trailingByteCount`` and reported as a parse note, never parsed.
///
/// ```swift
/// let quote = try DCAPQuote(parsing: bytes)
/// if case .td(let body) = quote.body { print(Hex.encode(body.mrTD)) }
/// ```
public struct DCAPQuote: Hashable, Sendable {
    /// The report a quote carries.
    public enum Body: Hashable, Sendable {
        /// An SGX enclave report (quote v3; v4/v5 with TEE type SGX).
        case sgxEnclave(SGXReportBody)
        /// A TD report (TDX 1.0 or 1.5).
        case td(TDQuoteBody)
    }

    /// The whole input, including any trailing bytes.
    public let bytes: [UInt8]
    public let header: QuoteHeader
    /// The body type: stated by v5's descriptor, implied by the header in v3/v4.
    public let bodyType: QuoteBodyType
    public let body: Body
    /// The bytes the quote signature covers: header, (v5) descriptor and body.
    public let signedBytes: ArraySlice<UInt8>
    public let signatureData: QuoteSignatureData
    /// Bytes after the signature data, ignored (zero padding in real quotes).
    public let trailingByteCount: Int

    /// The TD body, or `nil` for an SGX quote.
    public var tdBody: TDQuoteBody? {
        if case .td(let body) = body { return body }
        return nil
    }

    /// The SGX enclave report, or `nil` for a TDX quote.
    public var enclaveReport: SGXReportBody? {
        if case .sgxEnclave(let report) = body { return report }
        return nil
    }

    /// Whether this is a TDX quote (its body is a TD report).
    public var isTDX: Bool { bodyType.isTD }

    /// Parses a whole quote.
    ///
    /// The version is dispatched first; every length from the input is checked against the
    /// bytes that exist before it is used, so any input ends in a quote or a typed error.
    ///
    /// - Throws: `EvidenceError`: `.unsupportedVersion` (any version but 3, 4, 5),
    ///   `.invalidValue` (TEE type or body type inconsistent with the version, unknown
    ///   certification data type), `.lengthOutOfRange` (v5 body size not the one its type
    ///   requires, sizes inside the signature data that do not add up), `.truncated`.
    public init(parsing bytes: [UInt8]) throws(EvidenceError) {
        var reader = ByteReader(bytes, structure: "DCAP quote header")
        let header = try QuoteHeader(parsing: &reader)
        // Literal names: an interpolated one would be built on every parse.
        switch header.version {
        case 3: reader.structure = "DCAP quote v3"
        case 4: reader.structure = "DCAP quote v4"
        case 5: reader.structure = "DCAP quote v5"
        default: reader.structure = "DCAP quote"
        }
        let bodyType: QuoteBodyType
        switch header.version {
        case 3:
            bodyType = .sgxEnclave
        case 4:
            bodyType = header.teeType == QuoteHeader.teeTypeTDX ? .tdx10 : .sgxEnclave
        default:
            let typeOffset = reader.offset
            let rawType = try reader.readUInt16LE("body_type")
            guard let type = QuoteBodyType(rawValue: rawType) else {
                throw reader.error(
                    .invalidValue, "body_type", at: typeOffset,
                    "unknown body type \(rawType) (1 SGX, 2 TDX 1.0, 3 TDX 1.5)")
            }
            guard type.isTD == (header.teeType == QuoteHeader.teeTypeTDX) else {
                throw reader.error(
                    .invalidValue, "body_type", at: typeOffset,
                    "\(type) in a quote whose TEE type is 0x\(String(header.teeType, radix: 16))")
            }
            let sizeOffset = reader.offset
            let size = try reader.readUInt32LE("body_size")
            guard size == type.bodySize else {
                throw reader.error(
                    .lengthOutOfRange, "body_size", at: sizeOffset,
                    "body size is \(size), a v5 \(type) body has \(type.bodySize) bytes")
            }
            bodyType = type
        }
        let body: Body
        switch bodyType {
        case .sgxEnclave:
            body = .sgxEnclave(try SGXReportBody(parsing: &reader))
        case .tdx10, .tdx15:
            body = .td(try TDQuoteBody(parsing: &reader, type: bodyType))
        }
        let signedEnd = reader.offset
        let signatureLength = try reader.readUInt32LE("signature_data_len")
        var signature = try reader.subReader(
            length: signatureLength, structure: "ECDSA signature data", "signature_data")
        let signatureData = try QuoteSignatureData(parsing: &signature, quoteVersion: header.version)
        // Every field at once, after the last check: assigned one by one with throws in
        // between, the parsed quote was copied out of the initializer and the original
        // destroyed, a retain and a release per view (perf, TDXBenchmarks).
        self.init(
            bytes: bytes, header: header, bodyType: bodyType, body: body, signedBytes: bytes[0..<signedEnd],
            signatureData: signatureData, trailingByteCount: reader.remaining)
    }

    /// A quote of the given parts (parsed by ``init(parsing:)``).
    init(
        bytes: [UInt8], header: QuoteHeader, bodyType: QuoteBodyType, body: Body, signedBytes: ArraySlice<UInt8>,
        signatureData: QuoteSignatureData, trailingByteCount: Int
    ) {
        self.bytes = bytes
        self.header = header
        self.bodyType = bodyType
        self.body = body
        self.signedBytes = signedBytes
        self.signatureData = signatureData
        self.trailingByteCount = trailingByteCount
    }

    /// A sentence about bytes that are not part of the quote, or `nil` when there are none.
    public var trailingBytesNote: String? {
        guard trailingByteCount > 0 else { return nil }
        return Self.trailingBytesNote(bytes[(bytes.count - trailingByteCount)...])
    }

    /// The bytes after the signature data (empty when there are none), as a view of the input.
    public var trailingBytes: ArraySlice<UInt8> { bytes[(bytes.count - trailingByteCount)...] }

    /// The sentence for `trailing`, the bytes after a quote's signature data (their indices are
    /// their offsets in the input).
    public static func trailingBytesNote(_ trailing: ArraySlice<UInt8>) -> String {
        let allZero = trailing.allSatisfy { $0 == 0 }
        // Built with one allocation (interpolation grows the string several times).
        var note = ""
        note.reserveCapacity(112)
        note += String(trailing.count)
        note += allZero ? " zero bytes" : " bytes"
        note += " after the signature data (offset "
        note += String(trailing.startIndex)
        note += ") are not part of the quote and were ignored"
        return note
    }
}
