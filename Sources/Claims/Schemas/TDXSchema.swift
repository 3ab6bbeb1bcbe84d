extension ClaimSchema {
    /// Claims of an Intel TDX quote (and its verification), under `tdx.`.
    ///
    /// Naming: lowercase snake_case after the spec's field names (`mrtd`, `tee_tcb_svn`);
    /// quote framing under `tdx.quote.`; Trustee's names (`tdx.quote.header.*`,
    /// `tdx.quote.body.*`) are aliases so that policies written for Trustee keep their words.
    /// Append new entries at the end: slot numbers are positions in this list.
    public static let tdx = ClaimSchema(
        kind: "tdx", version: 1,
        entries: [
            Entry(
                "tdx.quote.version", .int, "Quote format version, header bytes 0–1 (3, 4 or 5)",
                aliases: ["tdx.quote.header.version"]),
            Entry(
                "tdx.quote.att_key_type", .int, "Attestation key type, header bytes 2–3 (2 = ECDSA P-256)",
                aliases: ["tdx.quote.header.att_key_type"]),
            Entry(
                "tdx.quote.tee_type", .int, "TEE type, header bytes 4–7 (0x81 = TDX, 0 = SGX)",
                aliases: ["tdx.quote.header.tee_type"]),
            Entry(
                "tdx.quote.qe_vendor_id", .bytes(length: 16), "QE vendor id, header bytes 12–27",
                aliases: ["tdx.quote.header.vendor_id"]),
            Entry(
                "tdx.quote.user_data", .bytes(length: 20), "Attestation-key owner data, header bytes 28–47",
                aliases: ["tdx.quote.header.user_data"]),
        ])
}
