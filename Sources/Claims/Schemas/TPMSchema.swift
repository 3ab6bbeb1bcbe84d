extension ClaimSchema {
    /// Claims of an TPM event log, PCR replay and TPM2 quote, under `tpm.`.
    ///
    /// Empty until the TPM evidence issue (#6) lands; the compiler already accepts
    /// `input NAME: tpm` and reports every claim name as unknown. Append new entries at
    /// the end: slot numbers are positions in this list.
    public static let tpm = ClaimSchema(kind: "tpm", version: 0, entries: [])
}
