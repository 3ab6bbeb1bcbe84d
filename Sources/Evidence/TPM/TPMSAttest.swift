/// `TPMS_ATTEST` of a `TPM2_Quote` (`TPM_ST_ATTEST_QUOTE`): what the TPM signed. All integers
/// are big-endian (TPM 2.0 Library Part 2, §10.12.12 Table 129; §10.12.4 `TPMS_QUOTE_INFO`
/// Table 123; §10.11.1 `TPMS_CLOCK_INFO` Table 116; §10.6.2 `TPMS_PCR_SELECTION` Table 94).
///
/// | field | type |
/// |---|---|
/// | magic | u32 `TPM_GENERATED_VALUE` 0xFF544347 |
/// | type | u16 `TPM_ST_ATTEST_QUOTE` 0x8018 |
/// | qualifiedSigner | TPM2B_NAME |
/// | extraData | TPM2B_DATA (the verifier's nonce) |
/// | clockInfo | clock u64, resetCount u32, restartCount u32, safe u8 |
/// | firmwareVersion | u64 |
/// | attested.quote.pcrSelect | TPML_PCR_SELECTION: count u32, { hash u16, sizeofSelect u8, pcrSelect[sizeofSelect] } |
/// | attested.quote.pcrDigest | TPM2B_DIGEST |
public struct TPMSAttest: Hashable, Sendable {
    public static let generatedValue: UInt32 = 0xFF54_4347
    public static let attestQuote: UInt16 = 0x8018

    /// One `TPMS_PCR_SELECTION`: a bank and the PCRs selected in it.
    public struct PCRSelection: Hashable, Sendable {
        public let hash: TPMAlgorithmID
        /// Selected PCR indices, ascending (bit n of byte k selects PCR 8k+n).
        public let pcrs: [Int]
    }

    public let magic: UInt32
    public let type: UInt16
    public let qualifiedSigner: ArraySlice<UInt8>
    public let extraData: ArraySlice<UInt8>
    public let clock: UInt64
    public let resetCount: UInt32
    public let restartCount: UInt32
    public let safe: Bool
    public let firmwareVersion: UInt64
    public let pcrSelection: [PCRSelection]
    public let pcrDigest: ArraySlice<UInt8>
    /// The exact bytes that were signed (`TPMS_ATTEST` as marshalled).
    public let signedBytes: ArraySlice<UInt8>

    /// Parses a quote's `TPMS_ATTEST` at the reader's position.
    ///
    /// - Throws: `.invalidValue` for a magic other than TPM_GENERATED_VALUE, a type other than
    ///   TPM_ST_ATTEST_QUOTE (checked before any type-dependent field) or a PCR select bitmap
    ///   over 32 bytes; `.lengthOutOfRange` for a selection count over 16; `.truncated`.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        let start = reader.offset
        magic = try reader.readUInt32BE("magic")
        guard magic == Self.generatedValue else {
            throw reader.error(.invalidValue, "magic", at: start, "not TPM_GENERATED_VALUE (0xff544347)")
        }
        let typeOffset = reader.offset
        type = try reader.readUInt16BE("type")
        guard type == Self.attestQuote else {
            throw reader.error(
                .invalidValue, "type", at: typeOffset,
                "0x\(String(type, radix: 16)) is not TPM_ST_ATTEST_QUOTE (0x8018)")
        }
        qualifiedSigner = try Self.readSized(&reader, "qualifiedSigner")
        extraData = try Self.readSized(&reader, "extraData")
        clock = try reader.readUInt64BE("clockInfo.clock")
        resetCount = try reader.readUInt32BE("clockInfo.resetCount")
        restartCount = try reader.readUInt32BE("clockInfo.restartCount")
        safe = try reader.readUInt8("clockInfo.safe") != 0
        firmwareVersion = try reader.readUInt64BE("firmwareVersion")
        let countOffset = reader.offset
        let count = try reader.readUInt32BE("pcrSelect.count")
        guard count <= 16 else {
            throw reader.error(.lengthOutOfRange, "pcrSelect.count", at: countOffset, "\(count) banks (TPM limit 16)")
        }
        var selections: [PCRSelection] = []
        for _ in 0..<Int(count) {
            let hash = TPMAlgorithmID(rawValue: try reader.readUInt16BE("pcrSelections.hash"))
            let sizeOffset = reader.offset
            let size = Int(try reader.readUInt8("pcrSelections.sizeofSelect"))
            guard size <= 32 else {
                throw reader.error(.invalidValue, "pcrSelections.sizeofSelect", at: sizeOffset, "\(size) > 32")
            }
            let bitmap = try reader.readBytes(size, "pcrSelections.pcrSelect")
            var pcrs: [Int] = []
            for (byteIndex, byte) in bitmap.enumerated() {
                for bit in 0..<8 where byte & (1 << bit) != 0 { pcrs.append(byteIndex * 8 + bit) }
            }
            selections.append(PCRSelection(hash: hash, pcrs: pcrs))
        }
        pcrSelection = selections
        pcrDigest = try Self.readSized(&reader, "pcrDigest")
        signedBytes = reader.buffer[start..<reader.offset]
    }

    /// A `TPM2B_*`: u16 big-endian size, then that many bytes.
    static func readSized(_ reader: inout ByteReader, _ field: String) throws(EvidenceError) -> ArraySlice<UInt8> {
        let size = try reader.readUInt16BE("\(field).size")
        return try reader.readBytes(Int(size), field)
    }
}

/// `TPMT_SIGNATURE` (TPM 2.0 Library Part 2, §11.3.4 Table 184): `sigAlg` u16, then for
/// RSASSA/RSAPSS `TPMS_SIGNATURE_RSA` {hash u16, TPM2B sig} and for ECDSA
/// `TPMS_SIGNATURE_ECC` {hash u16, TPM2B r, TPM2B s}.
public struct TPMTSignature: Hashable, Sendable {
    public let signatureAlgorithm: TPMAlgorithmID
    public let hash: TPMAlgorithmID
    /// RSA: the signature; ECDSA: `r`.
    public let signature: ArraySlice<UInt8>
    /// ECDSA: `s`; empty for RSA.
    public let signatureS: ArraySlice<UInt8>

    /// - Throws: `.unsupportedFeature` for a signature algorithm other than RSASSA, RSAPSS or
    ///   ECDSA (checked before the algorithm-dependent fields); `.truncated`.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        let algOffset = reader.offset
        signatureAlgorithm = TPMAlgorithmID(rawValue: try reader.readUInt16BE("sigAlg"))
        switch signatureAlgorithm {
        case .rsassa, .rsapss:
            hash = TPMAlgorithmID(rawValue: try reader.readUInt16BE("signature.hash"))
            signature = try TPMSAttest.readSized(&reader, "signature.sig")
            signatureS = []
        case .ecdsa:
            hash = TPMAlgorithmID(rawValue: try reader.readUInt16BE("signature.hash"))
            signature = try TPMSAttest.readSized(&reader, "signature.signatureR")
            signatureS = try TPMSAttest.readSized(&reader, "signature.signatureS")
        default:
            throw reader.error(
                .unsupportedFeature, "sigAlg", at: algOffset,
                "signature algorithm \(signatureAlgorithm) (supported: rsassa, rsapss, ecdsa)")
        }
    }
}

/// A TPM2 quote as a file: the signed `TPMS_ATTEST` followed by its `TPMT_SIGNATURE`.
///
/// Accepted layouts (all produced by real tools): `TPMS_ATTEST ‖ TPMT_SIGNATURE` (the
/// concatenation of `tpm2_quote -m` and `-s` outputs) and `TPM2B_ATTEST ‖ TPMT_SIGNATURE`
/// (the `TPM2_Quote` response parameters). Trailing bytes after the signature are an error.
public struct TPMQuote: Hashable, Sendable {
    public let attest: TPMSAttest
    public let signature: TPMTSignature

    /// Whether `bytes` starts like a quote (the magic, bare or after a TPM2B size).
    public static func looksLikeQuote(_ bytes: [UInt8]) -> Bool {
        let magic: [UInt8] = [0xFF, 0x54, 0x43, 0x47, 0x80, 0x18]
        if bytes.starts(with: magic) { return true }
        return bytes.count > 8 && bytes[2..<8].elementsEqual(magic)
            && Int(bytes[0]) << 8 | Int(bytes[1]) <= bytes.count - 2
    }

    /// - Throws: the ``TPMSAttest`` and ``TPMTSignature`` errors, `.invalidValue` for a
    ///   TPM2B_ATTEST size that does not match its content, `.lengthOutOfRange` for trailing bytes.
    public init(parsing bytes: [UInt8]) throws(EvidenceError) {
        var reader = ByteReader(bytes, structure: "TPM2 quote")
        if bytes.count >= 2, !(bytes.starts(with: [0xFF, 0x54])) {
            let sizeOffset = reader.offset
            let size = Int(try reader.readUInt16BE("TPM2B_ATTEST.size"))
            var inner = try reader.subReader(size, structure: "TPMS_ATTEST", "attestationData")
            attest = try TPMSAttest(parsing: &inner)
            guard inner.isAtEnd else {
                throw inner.error(
                    .invalidValue, "TPM2B_ATTEST.size", at: sizeOffset, "\(inner.remaining) bytes left over")
            }
        } else {
            reader.structure = "TPMS_ATTEST"
            attest = try TPMSAttest(parsing: &reader)
        }
        reader.structure = "TPMT_SIGNATURE"
        signature = try TPMTSignature(parsing: &reader)
        guard reader.isAtEnd else {
            throw reader.error(.lengthOutOfRange, "end", "\(reader.remaining) bytes after the signature")
        }
    }
}
