/// `UEFI_VARIABLE_DATA`: the data of EV_EFI_VARIABLE_DRIVER_CONFIG, _BOOT, _BOOT2 and
/// _AUTHORITY events.
///
/// TCG PC Client Platform Firmware Profile 1.05, §10.4.4 Table 14:
///
/// | field | type |
/// |---|---|
/// | VariableName | EFI_GUID (the vendor GUID) |
/// | UnicodeNameLength | UINT64, in CHAR16 |
/// | VariableDataLength | UINT64 |
/// | UnicodeName | CHAR16[UnicodeNameLength], no NUL |
/// | VariableData | UINT8[VariableDataLength] |
public struct UEFIVariableData: Hashable, Sendable {
    public let variableName: EFIGUID
    public let unicodeName: String
    public let variableData: ArraySlice<UInt8>

    /// Parses the structure filling `reader`.
    ///
    /// - Throws: `.lengthOutOfRange` / `.arithmeticOverflow` for lengths past the event,
    ///   `.truncated`.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        variableName = try EFIGUID(parsing: &reader, "VariableName")
        let nameLength = try reader.readUInt64LE("UnicodeNameLength")
        let dataLength = try reader.readUInt64LE("VariableDataLength")
        guard let characters = Int(exactly: nameLength) else {
            throw reader.error(.lengthOutOfRange, "UnicodeNameLength", "\(nameLength) characters")
        }
        let nameBytes = try reader.readBytes(reader.multiply(characters, 2, "UnicodeNameLength"), "UnicodeName")
        unicodeName = UTF16Text.decode(nameBytes, stopAtNUL: false)
        variableData = try reader.readBytes(length: dataLength, "VariableData")
    }
}

/// One `EFI_SIGNATURE_DATA` of an `EFI_SIGNATURE_LIST`: the owner and the signature bytes
/// (a DER certificate for EFI_CERT_X509, a digest for EFI_CERT_SHA256).
public struct EFISignature: Hashable, Sendable {
    /// `SignatureType` of the list this entry belongs to.
    public let signatureType: EFIGUID
    /// `SignatureOwner`; `nil` when firmware measured a bare certificate (shim, go-attestation #157).
    public let owner: EFIGUID?
    public let data: ArraySlice<UInt8>

    public init(signatureType: EFIGUID, owner: EFIGUID?, data: ArraySlice<UInt8>) {
        self.signatureType = signatureType
        self.owner = owner
        self.data = data
    }

    /// Whether `data` is an X.509 certificate.
    public var isCertificate: Bool { signatureType == .certX509 }
}

/// A sequence of `EFI_SIGNATURE_LIST`s: the contents of PK, KEK, db, dbx and MokList.
///
/// UEFI 2.10 §32.4.1: `{ EFI_GUID SignatureType; UINT32 SignatureListSize; UINT32
/// SignatureHeaderSize; UINT32 SignatureSize; UINT8 SignatureHeader[SignatureHeaderSize];
/// EFI_SIGNATURE_DATA Signatures[…] }` with `EFI_SIGNATURE_DATA = { EFI_GUID SignatureOwner;
/// UINT8 SignatureData[SignatureSize − 16] }`.
public enum EFISignatureDatabase {
    /// Every signature of the lists filling `reader`.
    ///
    /// - Throws: `.lengthOutOfRange` for a list size smaller than its header or a signature
    ///   size under 16 or not dividing the list body, `.truncated`.
    public static func parse(_ reader: inout ByteReader) throws(EvidenceError) -> [EFISignature] {
        var signatures: [EFISignature] = []
        while !reader.isAtEnd {
            let listOffset = reader.offset
            let type = try EFIGUID(parsing: &reader, "SignatureType")
            let listSize = Int(try reader.readUInt32LE("SignatureListSize"))
            let headerSize = Int(try reader.readUInt32LE("SignatureHeaderSize"))
            let signatureSize = Int(try reader.readUInt32LE("SignatureSize"))
            let bodySize = listSize - 28 - headerSize
            guard listSize >= 28, headerSize >= 0, bodySize >= 0 else {
                throw reader.error(
                    .lengthOutOfRange, "SignatureListSize", at: listOffset + 16,
                    "list size \(listSize) is smaller than its 28-byte header plus \(headerSize)")
            }
            guard signatureSize >= 16, bodySize % signatureSize == 0 else {
                throw reader.error(
                    .lengthOutOfRange, "SignatureSize", at: listOffset + 24,
                    "signature size \(signatureSize) does not divide the \(bodySize)-byte list body")
            }
            try reader.skip(headerSize, "SignatureHeader")
            for _ in 0..<(bodySize / signatureSize) {
                let owner = try EFIGUID(parsing: &reader, "SignatureOwner")
                let data = try reader.readBytes(signatureSize - 16, "SignatureData")
                signatures.append(EFISignature(signatureType: type, owner: owner, data: data))
            }
        }
        return signatures
    }
}

/// The length of the DER element starting at `bytes.startIndex` (tag, length, content), or
/// `nil` if it is not a definite-length DER element that fits in `bytes`.
public func derElementLength(_ bytes: ArraySlice<UInt8>) -> Int? {
    guard bytes.count >= 2 else { return nil }
    let start = bytes.startIndex
    let first = bytes[start + 1]
    var length = 0
    var header = 2
    if first < 0x80 {
        length = Int(first)
    } else {
        let count = Int(first & 0x7F)
        guard count >= 1, count <= 4, bytes.count >= 2 + count else { return nil }
        for i in 0..<count { length = length << 8 | Int(bytes[start + 2 + i]) }
        header += count
    }
    let total = header + length
    return total <= bytes.count ? total : nil
}
