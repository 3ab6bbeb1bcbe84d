import Claims

/// Claim schemas for compiler tests. They mirror the claims of the policy-language contract's
/// example (POLICY-LANGUAGE.md) and of `Corpus/policies/`, which the real `tdx`/`snp`/`tpm`
/// schemas will define as the evidence issues land; the compiler takes the schema registry as a
/// parameter, so its tests do not wait for them.
enum TestSchemas {
    static let tcbStatus = ClaimEnum(
        name: "TcbStatus",
        cases: [
            "UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded", "OutOfDate",
            "OutOfDateConfigurationNeeded", "Revoked",
        ])

    static let eventType = ClaimEnum(
        name: "TcgEventType",
        cases: [
            "EV_NO_ACTION", "EV_SEPARATOR", "EV_ACTION", "EV_EVENT_TAG", "EV_S_CRTM_VERSION", "EV_POST_CODE",
            "EV_PLATFORM_CONFIG_FLAGS", "EV_EFI_VARIABLE_DRIVER_CONFIG", "EV_EFI_VARIABLE_BOOT",
            "EV_EFI_BOOT_SERVICES_APPLICATION", "EV_EFI_BOOT_SERVICES_DRIVER", "EV_EFI_GPT_EVENT", "EV_EFI_ACTION",
            "EV_EFI_PLATFORM_FIRMWARE_BLOB2", "EV_EFI_HANDOFF_TABLES2", "EV_IPL",
        ])

    static let tdxEvent = ClaimRecordType(
        name: "tdx.event",
        fields: [
            .init("mr", .int, "RTMR index (0–3)"), .init("type", .enumeration(eventType), "TCG event type"),
            .init("digest", .bytes(length: 48), "SHA-384 digest"),
        ])

    static let advisory = ClaimRecordType(name: "tdx.advisory", fields: [.init("id", .string, "Intel advisory id")])

    static let tdx = ClaimSchema(
        kind: "tdx", version: 1,
        entries: [
            .init("tdx.verified", .bool, "quote signature and certificate chain verified"),
            .init("tdx.attributes.debug", .bool, "TD_ATTRIBUTES.DEBUG", aliases: ["tdx.td_attributes.debug"]),
            .init("tdx.tcb.status", .enumeration(tcbStatus), "platform TCB status from Intel collateral"),
            .init("tdx.tee_tcb_svn", .svn(count: 16), "TEE_TCB_SVN, 16 components"),
            .init(
                "tdx.mrtd", .bytes(length: 48), "MRTD, measurement of the initial TD contents",
                aliases: ["tdx.quote.body.mr_td"]),
            .init("tdx.collateral.next_update", .time, "earliest nextUpdate of the collateral"),
            .init("tdx.events", .list(tdxEvent), "the replayed CCEL event log"),
            .init("tdx.mrseam", .bytes(length: 48), "MRSEAM, measurement of the TDX module"),
            .init("tdx.rtmr0", .bytes(length: 48), "RTMR[0]"),
            .init("tdx.rtmr1", .bytes(length: 48), "RTMR[1]"),
            .init("tdx.rtmr2", .bytes(length: 48), "RTMR[2]"),
            .init("tdx.rtmr3", .bytes(length: 48), "RTMR[3]"),
            .init("tdx.xfam", .bytes(length: 8), "XFAM"),
            .init("tdx.qe_svn", .int, "QE SVN"),
            .init("tdx.pce_svn", .int, "PCE SVN"),
            .init("tdx.report_data", .bytes(length: 64), "REPORTDATA"),
            .init("tdx.tcb.date", .time, "tcbDate of the matched TCB level"),
            .init("tdx.quote.version", .int, "quote format version"),
            .init("tdx.qe_vendor_id", .bytes(length: 16), "QE vendor id"),
            .init("tdx.advisories", .list(advisory), "Intel security advisories for the TCB level"),
            .init("tdx.attributes.sept_ve_disable", .bool, "TD_ATTRIBUTES.SEPT_VE_DISABLE"),
            // The quote-header claims of the real schema, so `tdx-quote-header.policy` compiles here too.
            .init("tdx.quote.att_key_type", .int, "attestation key type"),
            .init("tdx.quote.tee_type", .int, "TEE type"),
            .init("tdx.quote.qe_vendor_id", .bytes(length: 16), "QE vendor id"),
            .init("tdx.quote.user_data", .bytes(length: 20), "attestation-key owner data"),
            // Arrays of plain values, as the real schema declares them.
            .init("tdx.rtmr", .array(.bytes(length: 48)), "RTMR0 … RTMR3"),
            .init("tdx.tcb.advisories", .array(.string), "Intel security advisory ids of the matched TCB levels"),
            .init("tdx.tcb.svns", .array(.int), "per-component TCB levels (for array tests)"),
        ])

    static let snp = ClaimSchema(
        kind: "snp", version: 1,
        entries: [
            .init("snp.verified", .bool, "report signature and VCEK chain verified"),
            .init("snp.measurement", .bytes(length: 48), "MEASUREMENT"),
            .init("snp.policy.debug", .bool, "guest policy DEBUG bit"),
            .init("snp.policy.migrate_ma", .bool, "guest policy MIGRATE_MA bit"),
            .init("snp.policy.smt", .bool, "guest policy SMT bit"),
            .init("snp.vmpl", .int, "VMPL of the request"),
            .init("snp.reported_tcb", .svn(count: 4), "REPORTED_TCB: bootloader, tee, snp, microcode"),
            .init("snp.guest_svn", .int, "GUEST_SVN"),
            .init("snp.report_data", .bytes(length: 64), "REPORT_DATA"),
            .init("snp.host_data", .bytes(length: 32), "HOST_DATA"),
            .init("snp.chip_id", .bytes(length: 64), "CHIP_ID"),
            .init("snp.family_id", .bytes(length: 16), "FAMILY_ID"),
            .init("snp.product", .string, "processor product name (Milan, Genoa, Turin)"),
        ])

    static let tpmEvent = ClaimRecordType(
        name: "tpm.event",
        fields: [
            .init("pcr", .int, "PCR index"), .init("type", .enumeration(eventType), "TCG event type"),
            .init("digest", .bytes(length: 32), "SHA-256 digest"), .init("data", .string, "event data as text"),
        ])

    static let tpm = ClaimSchema(
        kind: "tpm", version: 1,
        entries: [
            .init("tpm.verified", .bool, "quote signature by the attestation key verified"),
            .init("tpm.nonce", .bytes(length: nil), "qualifying data of the quote"),
            .init("tpm.pcr4", .bytes(length: 32), "PCR 4 (SHA-256 bank)"),
            .init("tpm.pcr7", .bytes(length: 32), "PCR 7 (SHA-256 bank)"),
            .init("tpm.events", .list(tpmEvent), "the replayed TCG event log"),
            .init("tpm.secure_boot", .bool, "UEFI SecureBoot enabled"),
            .init("tpm.kernel_cmdline", .string, "kernel command line from the event log"),
            .init("tpm.pcr.sha256", .array(.bytes(length: 32)), "the SHA-256 PCR bank, PCR 0 … 23"),
            .init("tpm.boot.boot_order", .array(.int), "UEFI BootOrder"),
        ])

    static let all: [String: ClaimSchema] = ["tdx": tdx, "snp": snp, "tpm": tpm, "ccel": ClaimSchema.ccel]
}
