extension ClaimSchema {
    /// Claims of a confidential-computing event log (TDX CCEL, Hygon CSV), its RTMR replay, and
    /// of the ACPI CCEL table, under `ccel.`.
    ///
    /// `ccel.rtmr.<bank>` holds RTMR0–3 replayed from the log (MR index n extends RTMR[n−1];
    /// UEFI 2.10 §38.4.1), reset value zero. `ccel.events` records use the field names the
    /// policy-language contract fixes for CC events: `mr`, `type`, `digest` (SHA-384).
    /// Append new entries at the end: slot numbers are positions in this list.
    public static let ccel = ClaimSchema(
        kind: "ccel", version: 1,
        entries: Entry.verificationEntries(kind: "ccel") + [
            Entry(
                "ccel.log.algorithms", .array(.string), "digest algorithms of the log: sha384 (TDX) or sm3_256 (CSV)"),
            Entry("ccel.log.events", .int, "number of entries, the Spec ID header included"),
            Entry("ccel.rtmr.sha384", .array(.bytes(length: 48)), "RTMR0–3 replayed from the log (SHA-384)"),
            Entry(
                "ccel.rtmr.sm3_256", .array(.bytes(length: 32)), "RTMR0–3 replayed from the log (SM3-256, Hygon CSV)"),
            Entry("ccel.events", .list(Entry.ccEventRecord), "every entry of the log, in order"),
            Entry("ccel.table.cc_type", .int, "ACPI CCEL CC Type: 1 SEV, 2 TDX"),
            Entry("ccel.table.cc_subtype", .int, "ACPI CCEL CC Subtype"),
            Entry("ccel.table.laml", .int, "Log Area Minimum Length"),
            Entry("ccel.table.lasa", .int, "Log Area Start Address"),
            Entry("ccel.table.checksum_valid", .bool, "the ACPI table checksum holds"),
            Entry("ccel.log.format", .enumeration(Entry.logFormat), "crypto_agile (CCEL) or cel_tlv"),
        ])
}
