/// The SIGNATURE field of an attestation report (offset 0x2A0, 512 bytes): for SIGNATURE_ALGO 1,
/// an ECDSA P-384 with SHA-384 signature whose R and S are little-endian integers zero-extended
/// to 72 bytes, followed by reserved bytes (SEV-SNP ABI spec #56860 rev 1.58, Table 140 "ECDSA
/// P-384 with SHA-384 Signature Format").
///
/// The signature covers report bytes 0x000–0x29F.
public struct ReportSignature: Hashable, Sendable {
    /// SIGNATURE_ALGO 1: ECDSA P-384 with SHA-384.
    public static let ecdsaP384SHA384: UInt32 = 1

    /// R, 72 bytes little-endian (zero-extended).
    public let r: ArraySlice<UInt8>
    /// S, 72 bytes little-endian (zero-extended).
    public let s: ArraySlice<UInt8>

    /// Reads R, S and the 368 reserved bytes after them.
    ///
    /// - Throws: `.truncated`, or `.reservedNotZero` for the reserved bytes.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        r = try reader.readBytes(72, "SIGNATURE.R")
        s = try reader.readBytes(72, "SIGNATURE.S")
        try reader.readReservedZero(0x170, "SIGNATURE reserved")
    }
}
