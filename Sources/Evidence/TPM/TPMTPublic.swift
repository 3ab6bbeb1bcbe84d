/// `TPMT_PUBLIC` of an attestation key (TPM 2.0 Library Part 2, §12.2.4 Table 200), RSA or
/// ECC; big-endian. Accepted as `TPM2B_PUBLIC` (u16 size first, §12.2.5 Table 201) or bare.
///
/// | field | type |
/// |---|---|
/// | type | u16 (TPM_ALG_RSA 0x0001, TPM_ALG_ECC 0x0023) |
/// | nameAlg | u16 |
/// | objectAttributes | u32 |
/// | authPolicy | TPM2B_DIGEST |
/// | parameters | RSA: symmetric, scheme, keyBits u16, exponent u32 (0 = 65537); ECC: symmetric, scheme, curveID u16, kdf |
/// | unique | RSA: TPM2B modulus; ECC: TPM2B x, TPM2B y |
public struct TPMTPublic: Hashable, Sendable {
    /// The key material.
    public enum Key: Hashable, Sendable {
        case rsa(modulus: ArraySlice<UInt8>, exponent: UInt32)
        case ecc(curveID: UInt16, x: ArraySlice<UInt8>, y: ArraySlice<UInt8>)
    }

    public static let curveNISTP256: UInt16 = 0x0003
    public static let curveNISTP384: UInt16 = 0x0004
    public static let curveNISTP521: UInt16 = 0x0005

    public let type: TPMAlgorithmID
    public let nameAlg: TPMAlgorithmID
    public let objectAttributes: UInt32
    /// The key's signing scheme (`TPM_ALG_NULL` when the key leaves it to the command).
    public let scheme: TPMAlgorithmID
    public let schemeHash: TPMAlgorithmID?
    public let key: Key

    /// Parses a `TPM2B_PUBLIC` or a bare `TPMT_PUBLIC` filling `bytes`.
    public init(parsing bytes: [UInt8]) throws(EvidenceError) {
        var reader = ByteReader(bytes, structure: "TPM2B_PUBLIC")
        if bytes.count >= 2, Int(bytes[0]) << 8 | Int(bytes[1]) == bytes.count - 2 {
            _ = try reader.readUInt16BE("size")
        }
        reader.structure = "TPMT_PUBLIC"
        try self.init(parsing: &reader)
        guard reader.isAtEnd else {
            throw reader.error(.lengthOutOfRange, "end", "\(reader.remaining) bytes after the key")
        }
    }

    /// - Throws: `.unsupportedFeature` for a key type other than RSA or ECC (checked before
    ///   the type-dependent parameters), `.truncated`.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        let typeOffset = reader.offset
        type = TPMAlgorithmID(rawValue: try reader.readUInt16BE("type"))
        guard type == .rsa || type == .ecc else {
            throw reader.error(.unsupportedFeature, "type", at: typeOffset, "key type \(type) (supported: rsa, ecc)")
        }
        nameAlg = TPMAlgorithmID(rawValue: try reader.readUInt16BE("nameAlg"))
        objectAttributes = try reader.readUInt32BE("objectAttributes")
        _ = try TPMSAttest.readSized(&reader, "authPolicy")
        let symmetric = TPMAlgorithmID(rawValue: try reader.readUInt16BE("parameters.symmetric.algorithm"))
        if symmetric != .null {
            _ = try reader.readUInt16BE("parameters.symmetric.keyBits")
            _ = try reader.readUInt16BE("parameters.symmetric.mode")
        }
        scheme = TPMAlgorithmID(rawValue: try reader.readUInt16BE("parameters.scheme.scheme"))
        schemeHash =
            scheme == .null ? nil : TPMAlgorithmID(rawValue: try reader.readUInt16BE("parameters.scheme.hashAlg"))
        if type == .rsa {
            _ = try reader.readUInt16BE("parameters.keyBits")
            let exponent = try reader.readUInt32BE("parameters.exponent")
            let modulus = try TPMSAttest.readSized(&reader, "unique.rsa")
            key = .rsa(modulus: modulus, exponent: exponent == 0 ? 65537 : exponent)
        } else {
            let curve = try reader.readUInt16BE("parameters.curveID")
            let kdf = TPMAlgorithmID(rawValue: try reader.readUInt16BE("parameters.kdf.scheme"))
            if kdf != .null { _ = try reader.readUInt16BE("parameters.kdf.hashAlg") }
            let x = try TPMSAttest.readSized(&reader, "unique.ecc.x")
            let y = try TPMSAttest.readSized(&reader, "unique.ecc.y")
            key = .ecc(curveID: curve, x: x, y: y)
        }
    }
}
