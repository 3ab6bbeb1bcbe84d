extension ClaimSchema {
    /// Claims of an confidential-computing event log (TDX CCEL) and its RTMR replay, under `ccel.`.
    ///
    /// Empty until the CCEL evidence issue (#6) lands; the compiler already accepts
    /// `input NAME: ccel` and reports every claim name as unknown. Append new entries at
    /// the end: slot numbers are positions in this list.
    public static let ccel = ClaimSchema(kind: "ccel", version: 0, entries: [])
}
