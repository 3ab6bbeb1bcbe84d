/// The `eventType` of a TCG PC Client event-log entry (a `UINT32`).
///
/// TCG PC Client Platform Firmware Profile (PFP) 1.05, §10.4.1 Table 9 ("Events"); the
/// `EV_EFI_*` values start at `EV_EFI_EVENT_BASE` 0x80000000. The spec names of these values
/// live once, in the claim enum `EventType` (`Claims/Schemas/TCGEventType.swift`); this type
/// holds only the numbers the parsers dispatch on. Unknown values are kept as they are: an
/// unknown type never stops parsing.
public struct TCGEventType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt32

    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let preBootCert = TCGEventType(rawValue: 0x0000_0000)
    public static let postCode = TCGEventType(rawValue: 0x0000_0001)
    public static let noAction = TCGEventType(rawValue: 0x0000_0003)
    public static let separator = TCGEventType(rawValue: 0x0000_0004)
    public static let action = TCGEventType(rawValue: 0x0000_0005)
    public static let eventTag = TCGEventType(rawValue: 0x0000_0006)
    public static let sCRTMContents = TCGEventType(rawValue: 0x0000_0007)
    public static let sCRTMVersion = TCGEventType(rawValue: 0x0000_0008)
    public static let cpuMicrocode = TCGEventType(rawValue: 0x0000_0009)
    public static let platformConfigFlags = TCGEventType(rawValue: 0x0000_000A)
    public static let tableOfDevices = TCGEventType(rawValue: 0x0000_000B)
    public static let compactHash = TCGEventType(rawValue: 0x0000_000C)
    public static let ipl = TCGEventType(rawValue: 0x0000_000D)
    public static let iplPartitionData = TCGEventType(rawValue: 0x0000_000E)
    public static let nonhostCode = TCGEventType(rawValue: 0x0000_000F)
    public static let nonhostConfig = TCGEventType(rawValue: 0x0000_0010)
    public static let nonhostInfo = TCGEventType(rawValue: 0x0000_0011)
    public static let omitBootDeviceEvents = TCGEventType(rawValue: 0x0000_0012)
    public static let efiVariableDriverConfig = TCGEventType(rawValue: 0x8000_0001)
    public static let efiVariableBoot = TCGEventType(rawValue: 0x8000_0002)
    public static let efiBootServicesApplication = TCGEventType(rawValue: 0x8000_0003)
    public static let efiBootServicesDriver = TCGEventType(rawValue: 0x8000_0004)
    public static let efiRuntimeServicesDriver = TCGEventType(rawValue: 0x8000_0005)
    public static let efiGPTEvent = TCGEventType(rawValue: 0x8000_0006)
    public static let efiAction = TCGEventType(rawValue: 0x8000_0007)
    public static let efiPlatformFirmwareBlob = TCGEventType(rawValue: 0x8000_0008)
    public static let efiHandoffTables = TCGEventType(rawValue: 0x8000_0009)
    public static let efiPlatformFirmwareBlob2 = TCGEventType(rawValue: 0x8000_000A)
    public static let efiHandoffTables2 = TCGEventType(rawValue: 0x8000_000B)
    public static let efiVariableBoot2 = TCGEventType(rawValue: 0x8000_000C)
    public static let efiGPTEvent2 = TCGEventType(rawValue: 0x8000_000D)
    public static let efiHCRTMEvent = TCGEventType(rawValue: 0x8000_0010)
    public static let efiVariableAuthority = TCGEventType(rawValue: 0x8000_00E0)
    public static let efiSPDMFirmwareBlob = TCGEventType(rawValue: 0x8000_00E1)
    public static let efiSPDMFirmwareConfig = TCGEventType(rawValue: 0x8000_00E2)

    /// Whether the event's data is a `UEFI_VARIABLE_DATA` (PFP §10.4.4 Table 14).
    @inlinable
    public var isVariableEvent: Bool {
        self == .efiVariableDriverConfig || self == .efiVariableBoot || self == .efiVariableBoot2
            || self == .efiVariableAuthority || self == .efiSPDMFirmwareConfig
    }

    /// Whether the event's data is a `UEFI_IMAGE_LOAD_EVENT` (PFP §10.4.3).
    @inlinable
    public var isImageLoadEvent: Bool {
        self == .efiBootServicesApplication || self == .efiBootServicesDriver || self == .efiRuntimeServicesDriver
    }
}
