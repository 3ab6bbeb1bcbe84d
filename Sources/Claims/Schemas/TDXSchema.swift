extension ClaimSchema {
    /// Claims of an Intel TDX quote (and its verification), under `tdx.`.
    ///
    /// Naming: lowercase snake_case after the spec's field names (`mrtd`, `tee_tcb_svn`);
    /// quote framing under `tdx.quote.`; Trustee's names (`tdx.quote.header.*`,
    /// `tdx.quote.body.*`, `tdx.td_attributes.*`) are aliases so that policies written for
    /// Trustee keep their words. Trustee's `tdx.quote.body.rtmr_0` … `rtmr_3` cannot be aliases:
    /// an alias names a whole claim, and the RTMRs are the four elements of the `tdx.rtmr` array
    /// (write `tdx.rtmr[0]`).
    /// Append new entries at the end: slot numbers are positions in this list.
    public static let tdx = ClaimSchema(
        kind: "tdx", version: 3,
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
        ] + tdxBodyEntries + Entry.dcapQuoteEntries(kind: "tdx") + azureEntries + Entry.tdxEventLogEntries
            + ccelBindingEntries)

    /// The TD quote body (TDX DCAP Quoting Library API, A.3.2 / A.4), the attestation key and
    /// the body type.
    static let tdxBodyEntries: [Entry] = [
        Entry(
            "tdx.quote.attestation_key", .bytes(length: 64),
            "ECDSA P-256 attestation public key x ‖ y from the quote signature data (offset 64 of it)"),
        Entry(
            "tdx.body_type", .int,
            "TD report body type: 2 = TDX 1.0 (584 bytes; every v4 quote), 3 = TDX 1.5 (648 bytes; v5 descriptor)"),
        Entry(
            "tdx.tee_tcb_svn", .svn(count: 16),
            "TEE_TCB_SVN, body offset 0: [0] TDX module ISVSVN, [1] module major version, [2…] TDX TCB components",
            aliases: ["tdx.quote.body.tcb_svn"]),
        Entry(
            "tdx.tee_tcb_svn2", .svn(count: 16), "TEE_TCB_SVN2, body offset 584 (TDX 1.5 bodies only)",
            aliases: ["tdx.quote.body.tee_tcb_svn2"]),
        Entry(
            "tdx.mrseam", .bytes(length: 48), "MRSEAM, body offset 16: measurement of the TDX module",
            aliases: ["tdx.quote.body.mr_seam"]),
        Entry(
            "tdx.mrsignerseam", .bytes(length: 48),
            "MRSIGNERSEAM, body offset 64: signer of the TDX module (zero for Intel's module)",
            aliases: ["tdx.quote.body.mrsigner_seam"]),
        Entry(
            "tdx.seam_attributes", .bytes(length: 8), "SEAMATTRIBUTES, body offset 112 (zero on TDX 1.0)",
            aliases: ["tdx.quote.body.seam_attributes"]),
        Entry(
            "tdx.td_attributes", .bytes(length: 8), "TDATTRIBUTES, body offset 120, as stored (little-endian)",
            aliases: ["tdx.quote.body.td_attributes"]),
        Entry(
            "tdx.attributes.debug", .bool, "TDATTRIBUTES bit 0 DEBUG: the host can read the TD's memory",
            aliases: ["tdx.td_attributes.debug"]),
        Entry(
            "tdx.attributes.sept_ve_disable", .bool, "TDATTRIBUTES bit 28 SEPT_VE_DISABLE",
            aliases: ["tdx.td_attributes.septve_disable"]),
        Entry(
            "tdx.attributes.pks", .bool, "TDATTRIBUTES bit 30 PKS (supervisor protection keys)",
            aliases: ["tdx.td_attributes.protection_keys"]),
        Entry(
            "tdx.attributes.kl", .bool, "TDATTRIBUTES bit 31 KL (Key Locker)",
            aliases: ["tdx.td_attributes.key_locker"]),
        Entry(
            "tdx.attributes.perfmon", .bool, "TDATTRIBUTES bit 63 PERFMON", aliases: ["tdx.td_attributes.perfmon"]),
        Entry(
            "tdx.xfam", .bytes(length: 8), "XFAM, body offset 128: extended features the TD may use",
            aliases: ["tdx.quote.body.xfam"]),
        Entry(
            "tdx.mrtd", .bytes(length: 48), "MRTD, body offset 136: measurement of the initial TD contents (firmware)",
            aliases: ["tdx.quote.body.mr_td"]),
        Entry(
            "tdx.mrconfigid", .bytes(length: 48), "MRCONFIGID, body offset 184: host-provided configuration id",
            aliases: ["tdx.quote.body.mr_config_id", "tdx.init_data"]),
        Entry(
            "tdx.mrowner", .bytes(length: 48), "MROWNER, body offset 232", aliases: ["tdx.quote.body.mr_owner"]),
        Entry(
            "tdx.mrownerconfig", .bytes(length: 48), "MROWNERCONFIG, body offset 280",
            aliases: ["tdx.quote.body.mr_owner_config"]),
        Entry(
            "tdx.rtmr", .array(.bytes(length: 48)),
            "RTMR0 … RTMR3, body offset 328 (4 × 48 bytes): runtime measurement registers, in order"),
        Entry(
            "tdx.report_data", .bytes(length: 64), "REPORTDATA, body offset 520: the TD's 64 bytes (nonce, key hash)",
            aliases: ["tdx.quote.body.report_data"]),
        Entry(
            "tdx.mrservicetd", .bytes(length: 48),
            "MRSERVICETD, body offset 600 (TDX 1.5 only): SHA-384 of the bound service TDs' TDINFO, or zero",
            aliases: ["tdx.quote.body.mr_servicetd"]),
    ]

    /// Azure confidential VM wrapper (HCL report; formats-tdx-snp.md §2.2).
    static let azureEntries: [Entry] = [
        Entry(
            "tdx.azure.runtime_data", .bytes(length: nil),
            "Azure HCL report variable data: the runtime claims JSON (keys, vm-configuration, user-data), exact bytes"),
        Entry(
            "tdx.azure.user_data", .bytes(length: nil),
            "the \"user-data\" member of the Azure runtime claims (hex-decoded)"),
        Entry(
            "tdx.azure.runtime_data_bound", .bool,
            "SHA-256 of the runtime data equals REPORTDATA[0:32] of the TD report (and of the TD quote when present), REPORTDATA[32:64] zero"
        ),
        Entry(
            "tdx.verification.runtime_data_binding", .bool,
            "verification step passed: the Azure runtime data is bound into the verified TD quote's REPORTDATA"),
        Entry(
            "tdx.tcb.relaunch_advised", .bool,
            "TDX 1.5: the TD is out of date only for the TDX module it launched with; TEE_TCB_SVN2 (the module now running) is current, so relaunching fixes it (Intel QVL TD_RELAUNCH_ADVISED)"
        ),
    ]

    /// The step that binds a CC event log to the quote (`policyc verify QUOTE --event-log CCEL`):
    /// its flag, next to `tdx.events`, `tdx.rtmr_replay` and `tdx.rtmr_replay_matches`
    /// (``ClaimSchema/Entry/tdxEventLogEntries``).
    static let ccelBindingEntries: [Entry] = [
        Entry(
            "tdx.verification.rtmr_replay", .bool,
            "verification step passed: the CC event log given with the quote replays to its RTMR0–2 (RTMR3 may carry runtime extensions), so tdx.events describe this TD"
        )
    ]
}
