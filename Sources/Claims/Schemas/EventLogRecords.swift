/// Record types and enums shared by the `tpm`, `ccel` and (after the TDX merge) `tdx` event-log
/// claims. Declared once here; the schemas reference them.
extension ClaimSchema.Entry {
    /// The digest fields of a TPM record, one per bank the log may carry (missing when the
    /// entry has no digest in that bank).
    public static let bankDigestFields: [ClaimRecordType.Field] = [
        .init("sha1", .bytes(length: 20), "SHA-1 digest"),
        .init("sha256", .bytes(length: 32), "SHA-256 digest"),
        .init("sha384", .bytes(length: 48), "SHA-384 digest"),
        .init("sha512", .bytes(length: 64), "SHA-512 digest"),
        .init("sm3_256", .bytes(length: 32), "SM3-256 digest"),
    ]

    /// `tpm.log.format`.
    public static let logFormat = ClaimEnum(name: "LogFormat", cases: ["sha1", "crypto_agile", "cel_tlv"])

    /// One entry of `tpm.events`.
    public static let tpmEventRecord = ClaimRecordType(
        name: "tpm.event",
        fields: [
            .init("index", .int, "position in the log; the Spec ID header is 0 (tpm2-tools' EventNum)"),
            .init("register", .int, "PCR index (−1 for Windows' 0xFFFFFFFF trust points)"),
            .init("type", .enumeration(eventType), "event type by its TCG name (EV_UNKNOWN if unlisted)"),
            .init("event_type", .int, "event type number"),
        ] + bankDigestFields + [
            .init("data", .bytes(length: nil), "raw event data (attacker-controlled unless trusted)"),
            .init("text", .string, "the decoded event data, as text"),
            .init(
                "trusted", .bool, "the data is bound to the digest (EventDigestCheck); false for images, files, blobs"),
            .init(
                "digest_check", .string,
                "how the digest relates to the data: data, variable_data, grub_text, …, mismatch, not_covered"),
        ])

    /// A UEFI signature-database entry (`tpm.secureboot.pk/kek/db/dbx`).
    public static let signatureRecord = ClaimRecordType(
        name: "tpm.signature",
        fields: [
            .init("kind", .string, "x509, sha256, or the signature type GUID for other entries"),
            .init("owner", .string, "SignatureOwner GUID"),
            .init("sha256", .bytes(length: 32), "x509: SHA-256 of the certificate DER; sha256: the image digest"),
            .init("subject", .string, "x509: the certificate subject (RFC 2253)"),
            .init("trusted", .bool, "the variable event's data is bound to its digest"),
        ])

    /// An `EV_EFI_VARIABLE_AUTHORITY` entry (`tpm.secureboot.authorities`).
    public static let authorityRecord = ClaimRecordType(
        name: "tpm.authority",
        fields: [
            .init("register", .int, "PCR (7)"),
            .init("variable", .string, "the variable the authority came from: db, Shim, MokListRT, SbatLevel, …"),
            .init("owner", .string, "SignatureOwner GUID, when present"),
            .init("sha256", .bytes(length: 32), "SHA-256 of the certificate DER, when the authority is a certificate"),
            .init("subject", .string, "certificate subject (RFC 2253), when a certificate"),
            .init("after_separator", .bool, "logged after the PCR7 separator (an OS loader's authority)"),
            .init("trusted", .bool, "the data is bound to the digest"),
        ])

    /// A digest-only measurement with a name: shim MOK lists, GRUB files, firmware blobs, EFI apps.
    public static func measurementRecord(_ name: String, textField: String, textSummary: String) -> ClaimRecordType {
        ClaimRecordType(
            name: name,
            fields: [.init("register", .int, "PCR the measurement extends")] + bankDigestFields + [
                .init(textField, .string, textSummary),
                .init("event", .int, "index of the source entry in tpm.events"),
            ])
    }

    /// `tpm.quote.pcr_selection`.
    public static let pcrSelectionRecord = ClaimRecordType(
        name: "tpm.pcr_selection",
        fields: [
            .init("bank", .string, "hash algorithm of the bank: sha1, sha256, …"),
            .init("index", .int, "PCR number"),
        ])

    /// One entry of a CC event log (`ccel.events`, and `tdx.events` after the TDX merge): the
    /// field names the policy-language contract fixes (`e.mr`, `e.type`, `e.digest`).
    public static let ccEventRecord = ClaimRecordType(
        name: "cc.event",
        fields: [
            .init("index", .int, "position in the log; the Spec ID header is 0"),
            .init("mr", .int, "CC measurement-register index: 0 = MRTD, n = RTMR[n−1]"),
            .init("type", .enumeration(eventType), "event type by its TCG name"),
            .init("event_type", .int, "event type number"),
            .init("digest", .bytes(length: 48), "SHA-384 digest (TDX)"),
            .init("sm3_256", .bytes(length: 32), "SM3-256 digest (Hygon CSV)"),
            .init("data", .bytes(length: nil), "raw event data"),
            .init("text", .string, "the decoded event data, as text"),
            .init("trusted", .bool, "the data is bound to the digest"),
            .init("digest_check", .string, "how the digest relates to the data"),
        ])

    /// Outcome of one RTMR comparison.
    public static let rtmrReplayOutcome = ClaimEnum(
        name: "RTMRReplayOutcome", cases: ["match", "mismatch", "runtime_extension"])

    /// One register of `tdx.rtmr_replay`.
    public static let rtmrReplayRecord = ClaimRecordType(
        name: "tdx.rtmr_replay",
        fields: [
            .init("rtmr", .int, "RTMR number 0–3"),
            .init("outcome", .enumeration(rtmrReplayOutcome), "match, mismatch, or runtime_extension (RTMR3 only)"),
            .init("replayed", .bytes(length: 48), "the CCEL's replay"),
            .init("quoted", .bytes(length: 48), "the quote's RTMR"),
            .init("events", .int, "log entries that extend this RTMR"),
        ])

    /// The claims a CCEL adds to the `tdx` schema when it comes with a TDX quote. The `tdx`
    /// schema is owned by the TDX verifier (issue #3); the lead appends these entries to
    /// `ClaimSchema.tdx` when both branches are merged, and `ClaimSet.add(ccelReplay:)` sets them.
    public static let tdxEventLogEntries: [ClaimSchema.Entry] = [
        .init("tdx.events", .list(ccEventRecord), "the CCEL's entries (MR index, type, SHA-384 digest, data)"),
        .init("tdx.rtmr_replay", .list(rtmrReplayRecord), "the CCEL's replay against the quote's RTMR0–3"),
        .init("tdx.rtmr_replay_matches", .bool, "RTMR0–2 equal the replay (RTMR3 may carry runtime extensions)"),
    ]
}
