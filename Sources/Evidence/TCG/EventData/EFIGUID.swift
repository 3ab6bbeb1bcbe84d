/// An `EFI_GUID` as stored in UEFI structures: `Data1` u32, `Data2` u16, `Data3` u16
/// little-endian, then `Data4[8]` in order (UEFI 2.10 Appendix A). The canonical text form is
/// the RFC 4122 one: bytes `61 df e4 8b ca 93 d2 11 aa 0d 00 e0 98 03 2b 8c` are
/// `8be4df61-93ca-11d2-aa0d-00e098032b8c` (EFI_GLOBAL_VARIABLE).
public struct EFIGUID: Hashable, Sendable, CustomStringConvertible {
    /// Storage bytes 0–7 and 8–15, each loaded little-endian (no allocation per GUID).
    let low: UInt64
    let high: UInt64

    /// The 16 bytes in storage (mixed-endian) order.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: low >> (8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: high >> (8 * $0)) }
    }

    public init(parsing reader: inout ByteReader, _ field: String) throws(EvidenceError) {
        let raw = try reader.readBytes(16, field)
        (low, high) = Self.words(raw)
    }

    /// A GUID from its 16 storage-order bytes, or `nil` for another length.
    public init?<C: Collection>(storageBytes: C) where C.Element == UInt8 {
        guard storageBytes.count == 16 else { return nil }
        (low, high) = Self.words(storageBytes)
    }

    /// A GUID from its canonical text form, e.g. `"8be4df61-93ca-11d2-aa0d-00e098032b8c"`.
    public init?(_ text: String) {
        let hex = text.filter { $0 != "-" }
        guard hex.count == 32, let raw = Hex.decode(hex) else { return nil }
        (low, high) = Self.words([raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]] + raw[8..<16])
    }

    static func words<C: Collection>(_ bytes: C) -> (UInt64, UInt64) where C.Element == UInt8 {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (position, byte) in bytes.enumerated() {
            if position < 8 {
                low |= UInt64(byte) << (8 * UInt64(position))
            } else {
                high |= UInt64(byte) << (8 * UInt64(position - 8))
            }
        }
        return (low, high)
    }

    static let textOrder = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
    static let digits = Array("0123456789abcdef".utf8)

    /// Canonical lowercase text form.
    public var description: String {
        // Storage order → text order: Data1..Data3 byte-swapped, Data4 as is; dashes after
        // text bytes 4, 6, 8 and 10.
        String(unsafeUninitializedCapacity: 36) { text in
            var out = 0
            for (position, index) in Self.textOrder.enumerated() {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    text[out] = 0x2D
                    out += 1
                }
                let word = index < 8 ? low : high
                let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt64(index & 7)))
                text[out] = Self.digits[Int(byte >> 4)]
                text[out + 1] = Self.digits[Int(byte & 0x0F)]
                out += 2
            }
            return out
        }
    }

    /// A short name for GUIDs that appear in event logs, or `nil`.
    public var knownName: String? { Self.names[description] }

    /// `EFI_GLOBAL_VARIABLE` (SecureBoot, PK, KEK, Boot####, BootOrder).
    public static let globalVariable = EFIGUID("8be4df61-93ca-11d2-aa0d-00e098032b8c")
    /// `EFI_IMAGE_SECURITY_DATABASE_GUID` (db, dbx, dbt, dbr).
    public static let imageSecurityDatabase = EFIGUID("d719b2cb-3d3a-4596-a3bc-dad00e67656f")
    /// shim's `SHIM_LOCK_GUID` (MokList, MokListX, SbatLevel).
    public static let shimLock = EFIGUID("605dab50-e046-4300-abb6-3dd810dd8b23")
    /// `EFI_CERT_X509_GUID`: an EFI_SIGNATURE_DATA holding a DER certificate.
    public static let certX509 = EFIGUID("a5c059a1-94e4-4aa7-87b5-ab155c2bf072")
    /// `EFI_CERT_SHA256_GUID`: an EFI_SIGNATURE_DATA holding a SHA-256 image digest.
    public static let certSHA256 = EFIGUID("c1c41626-504c-4092-aca9-41f936934328")

    static let names: [String: String] = [
        "8be4df61-93ca-11d2-aa0d-00e098032b8c": "EFI_GLOBAL_VARIABLE",
        "d719b2cb-3d3a-4596-a3bc-dad00e67656f": "EFI_IMAGE_SECURITY_DATABASE",
        "605dab50-e046-4300-abb6-3dd810dd8b23": "SHIM_LOCK",
        "a5c059a1-94e4-4aa7-87b5-ab155c2bf072": "EFI_CERT_X509",
        "c1c41626-504c-4092-aca9-41f936934328": "EFI_CERT_SHA256",
        "826ca512-cf10-4ac9-b187-be01496631bd": "EFI_CERT_SHA1",
        "ff3e5307-9fd0-48c9-85f1-8ad56c701e01": "EFI_CERT_SHA384",
        "093e0fae-a6c4-4f50-9f1b-d41e2b89c19a": "EFI_CERT_SHA512",
        "3c5766e8-269c-4e34-aa14-ed776e85b3b6": "EFI_CERT_RSA2048",
        "3bd2a492-96c0-4079-b420-fcf98ef103ed": "EFI_CERT_X509_SHA256",
        "7076876e-80c2-4ee6-aad2-28b349a6865b": "EFI_CERT_X509_SHA384",
        "446dbf63-2502-4cda-bcfa-2465d2b0fe9d": "EFI_CERT_X509_SHA512",
    ]
}
