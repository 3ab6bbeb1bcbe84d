extension ClaimSchema {
    /// Claims of an AMD SEV-SNP attestation report, under `snp.`.
    ///
    /// Empty until the SNP evidence issue (#7) lands; the compiler already accepts
    /// `input NAME: snp` and reports every claim name as unknown. Append new entries at
    /// the end: slot numbers are positions in this list.
    public static let snp = ClaimSchema(kind: "snp", version: 0, entries: [])
}
