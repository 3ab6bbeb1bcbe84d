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
        r = try reader.readBytes(Self.componentSize, "SIGNATURE.R")
        s = try reader.readBytes(Self.componentSize, "SIGNATURE.S")
        try reader.readReservedZero(Self.reservedSize, "SIGNATURE reserved")
    }

    /// The signature made of `r` and `s` (views of a report already checked by ``skip(parsing:)``).
    init(r: ArraySlice<UInt8>, s: ArraySlice<UInt8>) {
        self.r = r
        self.s = s
    }

    /// Checks the signature field as ``init(parsing:)`` does and moves past it without keeping
    /// views: ``SNPReport`` computes its signature from its bytes when asked.
    ///
    /// - Throws: as ``init(parsing:)``.
    static func skip(parsing reader: inout ByteReader) throws(EvidenceError) {
        try reader.skip(Self.componentSize, "SIGNATURE.R")
        try reader.skip(Self.componentSize, "SIGNATURE.S")
        try reader.readReservedZero(Self.reservedSize, "SIGNATURE reserved")
    }

    /// The size of R and of S.
    static let componentSize = 72
    /// The reserved bytes after S.
    static let reservedSize = 0x170
}
