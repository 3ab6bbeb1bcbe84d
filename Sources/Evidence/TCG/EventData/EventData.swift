/// The data of one event-log entry, decoded according to its event type (PFP 1.05 §10.4).
///
/// Decoding is separate from parsing the log: an entry whose data does not decode keeps its
/// place in the log (its digest still counts for replay) and decodes to ``undecodable(_:)``
/// with the typed error, so one odd firmware structure never hides the rest of the log.
/// Event data is not covered by the digest for most types: what a decoded value is worth is
/// decided by the digest checks in `Endorsement` (`EventDigestCheck`), never here.
public enum EventData: Hashable, Sendable {
    /// The Spec ID header entry.
    case specID(SpecIDEvent)
    /// `"StartupLocality\0"` + locality (PFP 1.05 §10.4.5.3): PCR0 starts at 00…0L.
    case startupLocality(UInt8)
    /// An EV_NO_ACTION with another 16-byte signature (`"SP800-155 Event3"`, `"NvIndexInstance"`…).
    case noAction(signature: String, payload: ArraySlice<UInt8>)
    /// `UEFI_VARIABLE_DATA`.
    case variable(UEFIVariableData)
    /// `UEFI_IMAGE_LOAD_EVENT` with its device path as text (`nil` when the path is malformed).
    case imageLoad(UEFIImageLoadEvent, devicePath: String?)
    case gpt(UEFIGPTData)
    case firmwareBlob(UEFIPlatformFirmwareBlob)
    case handoffTables(UEFIHandoffTablePointers)
    case tagged(TaggedEvent)
    /// EV_SEPARATOR's 4-byte value (0x00000000 normal, 0xFFFFFFFF error, "WBCL" on Windows).
    case separator(UInt32)
    /// An EV_IPL entry (GRUB, shim, systemd-boot, legacy boot).
    case ipl(IPLEvent)
    /// ASCII or UTF-16 text: EV_EFI_ACTION, EV_ACTION, EV_S_CRTM_VERSION, EV_POST_CODE, EV_EFI_HCRTM_EVENT…
    case text(String)
    /// EV_S_CRTM_VERSION holding a GUID instead of a string.
    case guid(EFIGUID)
    /// Data with no structure this build decodes (shown as hex).
    case opaque
    /// Data that should have had a structure but did not parse.
    case undecodable(EvidenceError)

    /// Decodes the data of `event` from `log`.
    public static func decode(_ event: TCGEvent, in log: TCGEventLog) -> EventData {
        do {
            return try decodeThrowing(event, in: log)
        } catch {
            return .undecodable(error)
        }
    }

    static func decodeThrowing(_ event: TCGEvent, in log: TCGEventLog) throws(EvidenceError) -> EventData {
        let data = event.data
        var reader = ByteReader.over(log.bytes, data, structure: "event data")
        let type = event.eventType
        switch type {
        case .noAction:
            if event.number == 0, let specID = log.specID { return .specID(specID) }
            guard data.count >= 16 else { return .opaque }
            let signature = ASCIIText.decode(data.prefix(16))
            if signature == "StartupLocality", data.count >= 17 {
                return .startupLocality(data[data.startIndex + 16])
            }
            return .noAction(signature: signature, payload: data.dropFirst(16))
        case .separator:
            guard data.count == 4 else { return .opaque }
            return .separator(try reader.readUInt32LE("separator"))
        case _ where type.isVariableEvent:
            return .variable(try UEFIVariableData(parsing: &reader))
        case _ where type.isImageLoadEvent:
            let image = try UEFIImageLoadEvent(parsing: &reader, uintnWidth: log.uintnWidth)
            let path = try? DevicePath.text(image.devicePath, buffer: log.bytes)
            return .imageLoad(image, devicePath: path)
        case .efiGPTEvent, .efiGPTEvent2:
            return .gpt(try UEFIGPTData(parsing: &reader, uintnWidth: log.uintnWidth))
        case .efiPlatformFirmwareBlob, .efiPlatformFirmwareBlob2:
            return .firmwareBlob(
                try UEFIPlatformFirmwareBlob(parsing: &reader, version2: type == .efiPlatformFirmwareBlob2))
        case .efiHandoffTables, .efiHandoffTables2:
            return .handoffTables(
                try UEFIHandoffTablePointers(
                    parsing: &reader, version2: type == .efiHandoffTables2, uintnWidth: log.uintnWidth))
        case .eventTag:
            return .tagged(try TaggedEvent(parsing: &reader))
        case .ipl:
            return .ipl(IPLEvent(data))
        case .sCRTMVersion:
            if !data.isEmpty, data.count % 2 == 0, data.allSatisfy({ $0 == 0 }) { return .text("") }
            if UTF16Text.looksLikeText(data) { return .text(UTF16Text.decode(data)) }
            if data.count == 16 { return .guid(try EFIGUID(parsing: &reader, "VersionGuid")) }
            if ASCIIText.isPrintable(data) { return .text(ASCIIText.decode(data)) }
            return .opaque
        case .efiAction, .action, .postCode, .efiHCRTMEvent, .omitBootDeviceEvents, .sCRTMContents,
            .nonhostInfo, .compactHash, .platformConfigFlags:
            if ASCIIText.isPrintable(data) { return .text(ASCIIText.decode(data)) }
            if type == .postCode, data.count == 16 {
                return .firmwareBlob(try UEFIPlatformFirmwareBlob(parsing: &reader, version2: false))
            }
            return .opaque
        default:
            if ASCIIText.isPrintable(data) { return .text(ASCIIText.decode(data)) }
            return .opaque
        }
    }
}

/// What an EV_IPL entry says, by the conventions of the boot loaders that write them.
///
/// GRUB 2 (`grub-core/commands/tpm.c`): PCR8 strings prefixed `grub_cmd: `, `kernel_cmdline: `,
/// `module_cmdline: ` (older Fedora builds: `grub_cmd ` / `grub_kernel_cmdline `), NUL-terminated;
/// PCR9 the path of each file read, with the file's digest. shim: PCR14 `MokList`, `MokListX`,
/// `MokListTrusted` with the variable's digest. systemd-boot: PCR12 the kernel command line in
/// UTF-16. Legacy BIOS: PCR4 `MBR`.
public enum IPLEvent: Hashable, Sendable {
    /// A GRUB command (without the prefix).
    case grubCommand(String, prefix: String)
    /// A GRUB `kernel_cmdline:` string (without the prefix).
    case kernelCommandLine(String, prefix: String)
    /// A GRUB `module_cmdline:` string.
    case moduleCommandLine(String, prefix: String)
    /// A shim MOK variable name (`MokList`, `MokListX`, `MokListTrusted`).
    case shimVariable(String)
    /// A UTF-16 string (systemd-boot's command line).
    case utf16(String)
    /// An ASCII string: a GRUB file path (PCR9) or anything else.
    case ascii(String)
    /// Binary data.
    case binary

    static let prefixes: [(String, Int)] = [
        ("grub_cmd: ", 0), ("kernel_cmdline: ", 1), ("module_cmdline: ", 2),
        ("grub_kernel_cmdline ", 1), ("grub_cmd ", 0),
    ]

    public init(_ data: ArraySlice<UInt8>) {
        if ASCIIText.isPrintable(data) {
            let text = ASCIIText.decode(data)
            for (prefix, kind) in Self.prefixes where text.hasPrefix(prefix) {
                let body = String(text.dropFirst(prefix.count))
                switch kind {
                case 0: self = .grubCommand(body, prefix: prefix)
                case 1: self = .kernelCommandLine(body, prefix: prefix)
                default: self = .moduleCommandLine(body, prefix: prefix)
                }
                return
            }
            if text.hasPrefix("MokList") {
                self = .shimVariable(text)
                return
            }
            self = .ascii(text)
        } else if UTF16Text.looksLikeText(data) {
            self = .utf16(UTF16Text.decode(data))
        } else {
            self = .binary
        }
    }

    /// The string the boot loader hashed for PCR8 GRUB entries: the text without its prefix.
    public var measuredText: String? {
        switch self {
        case .grubCommand(let s, _), .kernelCommandLine(let s, _), .moduleCommandLine(let s, _): return s
        default: return nil
        }
    }
}
