import Crypto

extension ClaimSchema {
    /// Every schema this build knows, by kind. The compiler resolves `input NAME: KIND`
    /// against this table; the bytecode loader accepts only fingerprints listed here.
    public static let all: [String: ClaimSchema] = [
        ClaimSchema.tdx.kind: .tdx,
        ClaimSchema.sgx.kind: .sgx,
        ClaimSchema.snp.kind: .snp,
        ClaimSchema.tpm.kind: .tpm,
        ClaimSchema.ccel.kind: .ccel,
    ]

    /// The schema for `kind`, or `nil`.
    public static func named(_ kind: String) -> ClaimSchema? { all[kind] }

    /// SHA-256 of ``canonicalDescription``.
    public var fingerprint: [UInt8] {
        Array(SHA256.hash(data: Array(canonicalDescription.utf8)))
    }
}
