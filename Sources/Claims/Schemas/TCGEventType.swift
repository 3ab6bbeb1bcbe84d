import Evidence

/// The TCG event types, named once: the claim enum `EventType` of `tpm.events[].type`,
/// `ccel.events[].type` and `tdx.events[].type`, so that a policy writes
/// `e.type == EV_EFI_BOOT_SERVICES_APPLICATION`.
///
/// Names and values: TCG PC Client Platform Firmware Profile 1.05 §10.4.1 Table 9 (plus
/// PFP 1.06's EV_EFI_GPT_EVENT2 and the SPDM types). Case order is part of the schema
/// fingerprint: a new type is appended to ``table`` (which moves `EV_UNKNOWN`, so the schemas'
/// versions are bumped), never inserted. A type not in the table is `EV_UNKNOWN`; its number
/// is always in the record's `event_type` field.
public enum TCGEventTypeNames {
    /// (value, spec name) in enum case order.
    public static let table: [(UInt32, String)] = [
        (0x0000_0000, "EV_PREBOOT_CERT"),
        (0x0000_0001, "EV_POST_CODE"),
        (0x0000_0002, "EV_UNUSED"),
        (0x0000_0003, "EV_NO_ACTION"),
        (0x0000_0004, "EV_SEPARATOR"),
        (0x0000_0005, "EV_ACTION"),
        (0x0000_0006, "EV_EVENT_TAG"),
        (0x0000_0007, "EV_S_CRTM_CONTENTS"),
        (0x0000_0008, "EV_S_CRTM_VERSION"),
        (0x0000_0009, "EV_CPU_MICROCODE"),
        (0x0000_000A, "EV_PLATFORM_CONFIG_FLAGS"),
        (0x0000_000B, "EV_TABLE_OF_DEVICES"),
        (0x0000_000C, "EV_COMPACT_HASH"),
        (0x0000_000D, "EV_IPL"),
        (0x0000_000E, "EV_IPL_PARTITION_DATA"),
        (0x0000_000F, "EV_NONHOST_CODE"),
        (0x0000_0010, "EV_NONHOST_CONFIG"),
        (0x0000_0011, "EV_NONHOST_INFO"),
        (0x0000_0012, "EV_OMIT_BOOT_DEVICE_EVENTS"),
        (0x8000_0000, "EV_EFI_EVENT_BASE"),
        (0x8000_0001, "EV_EFI_VARIABLE_DRIVER_CONFIG"),
        (0x8000_0002, "EV_EFI_VARIABLE_BOOT"),
        (0x8000_0003, "EV_EFI_BOOT_SERVICES_APPLICATION"),
        (0x8000_0004, "EV_EFI_BOOT_SERVICES_DRIVER"),
        (0x8000_0005, "EV_EFI_RUNTIME_SERVICES_DRIVER"),
        (0x8000_0006, "EV_EFI_GPT_EVENT"),
        (0x8000_0007, "EV_EFI_ACTION"),
        (0x8000_0008, "EV_EFI_PLATFORM_FIRMWARE_BLOB"),
        (0x8000_0009, "EV_EFI_HANDOFF_TABLES"),
        (0x8000_000A, "EV_EFI_PLATFORM_FIRMWARE_BLOB2"),
        (0x8000_000B, "EV_EFI_HANDOFF_TABLES2"),
        (0x8000_000C, "EV_EFI_VARIABLE_BOOT2"),
        (0x8000_000D, "EV_EFI_GPT_EVENT2"),
        (0x8000_0010, "EV_EFI_HCRTM_EVENT"),
        (0x8000_00E0, "EV_EFI_VARIABLE_AUTHORITY"),
        (0x8000_00E1, "EV_EFI_SPDM_FIRMWARE_BLOB"),
        (0x8000_00E2, "EV_EFI_SPDM_FIRMWARE_CONFIG"),
        (0x8000_00E3, "EV_EFI_SPDM_DEVICE_POLICY"),
        (0x8000_00E4, "EV_EFI_SPDM_DEVICE_AUTHORITY"),
    ]

    /// The case name for an unlisted type.
    public static let unknown = "EV_UNKNOWN"

    static let indexByValue: [UInt32: Int] = Dictionary(
        uniqueKeysWithValues: table.enumerated().map { ($0.element.0, $0.offset) })

    /// The spec name of `type`, or `EV_UNKNOWN`.
    public static func name(_ type: TCGEventType) -> String {
        indexByValue[type.rawValue].map { table[$0].1 } ?? unknown
    }

    /// The enum case index of `type` in ``ClaimSchema/Entry/eventType``.
    public static func caseIndex(_ type: TCGEventType) -> Int {
        indexByValue[type.rawValue] ?? table.count
    }
}

extension ClaimSchema.Entry {
    /// The claim enum `EventType`: every TCG event type by its spec name, then `EV_UNKNOWN`.
    public static let eventType = ClaimEnum(
        name: "EventType", cases: TCGEventTypeNames.table.map(\.1) + [TCGEventTypeNames.unknown])
}
