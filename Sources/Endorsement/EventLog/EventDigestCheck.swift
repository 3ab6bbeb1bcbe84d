import Evidence

/// Whether an event's digest covers its data: the per-event `trusted` bit.
///
/// Replay proves only the sequence of digests per register; an entry's type and data are not
/// covered by the digest unless the data *is* what was hashed (go-attestation's
/// `docs/event-log-disclosure.md`). So every claim drawn from event data is only as good as
/// this check. The rules, with the firmware conventions found in the corpus (each is a
/// named form, never silently accepted):
///
/// | event type | digest is | result |
/// |---|---|---|
/// | EV_SEPARATOR, EV_ACTION, EV_EFI_ACTION, EV_S_CRTM_VERSION, EV_EFI_GPT_EVENT(2), EV_EFI_VARIABLE_BOOT2 | H(data) (PFP 1.05 §10.4) | ``Result/data`` or ``Result/mismatch`` |
/// | EV_EFI_VARIABLE_DRIVER_CONFIG | H(UEFI_VARIABLE_DATA) | ``Result/data``; H(VariableData) only (Lenovo TPM 1.2 firmware, `linux_tpm12`) is ``Result/variableDataOnly``: the value is bound but not *which* variable — untrusted |
/// | EV_EFI_VARIABLE_BOOT | H(UEFI_VARIABLE_DATA) | ``Result/data``; H(VariableData) (EDK2/OVMF, GCE, ThinkPad, Hygon: 168 of 212 corpus events) is ``Result/variableData``: trusted, as PFP ≤1.04 allowed it |
/// | EV_EFI_VARIABLE_AUTHORITY | H(data) | ``Result/data``; H(data without its last byte) (shim's off-by-one, go-attestation #157: 9 corpus events) is ``Result/dataWithoutLastByte``: trusted |
/// | EV_IPL (GRUB PCR8 strings) | H(string without prefix) or H(… + NUL) | ``Result/grubText`` / ``Result/grubTextWithNUL``; else ``Result/mismatch`` |
/// | EV_IPL (other), EV_EVENT_TAG, EV_PLATFORM_CONFIG_FLAGS, EV_NONHOST_INFO, EV_COMPACT_HASH | sometimes H(data) | ``Result/data`` when it matches, else ``Result/notCovered`` |
/// | images, firmware blobs, handoff tables, POST codes, H-CRTM, files (PCR9), MOK lists | the measured object, not in the log | ``Result/notCovered`` |
/// | EV_NO_ACTION | nothing (never extended) | ``Result/notExtended`` |
///
/// A multi-bank entry is checked in every bank it carries; a mismatch in any bank is a mismatch.
public enum EventDigestCheck {
    public enum Result: String, Hashable, Sendable {
        case data
        case variableData = "variable_data"
        case variableDataOnly = "variable_data_only"
        case dataWithoutLastByte = "data_without_last_byte"
        case grubText = "grub_text"
        case grubTextWithNUL = "grub_text_nul"
        case mismatch
        case notCovered = "not_covered"
        case notExtended = "not_extended"

        /// Whether the decoded data of the entry can be trusted as much as its digest.
        public var trusted: Bool {
            switch self {
            case .data, .variableData, .dataWithoutLastByte, .grubText, .grubTextWithNUL: return true
            case .variableDataOnly, .mismatch, .notCovered, .notExtended: return false
            }
        }
    }

    /// Checks `event` of `log` (its decoded data, when already decoded, saves re-parsing).
    public static func check(_ event: TCGEvent, in log: TCGEventLog, decoded: EventData? = nil) -> Result {
        let type = event.eventType
        if type == .noAction { return .notExtended }
        let digests = log.digests(of: event).filter { MeasurementHash.supports($0.algorithm) }
        guard !digests.isEmpty else { return .notCovered }
        func all(_ bytes: ArraySlice<UInt8>) -> Bool {
            digests.allSatisfy { MeasurementHash.hash($0.algorithm, bytes)?.elementsEqual($0.bytes) == true }
        }
        let data = event.data
        switch type {
        case .separator, .action, .efiAction, .sCRTMVersion, .efiGPTEvent, .efiGPTEvent2, .efiVariableBoot2:
            return all(data) ? .data : .mismatch
        case .efiVariableDriverConfig, .efiVariableBoot:
            if all(data) { return .data }
            if let variable = variable(event, log, decoded), all(variable.variableData) {
                return type == .efiVariableBoot ? .variableData : .variableDataOnly
            }
            return .mismatch
        case .efiVariableAuthority:
            if all(data) { return .data }
            if !data.isEmpty, all(data.dropLast()) { return .dataWithoutLastByte }
            return .mismatch
        case .ipl:
            if all(data) { return .data }
            let ipl: IPLEvent
            if case .ipl(let decodedIPL) = decoded { ipl = decodedIPL } else { ipl = IPLEvent(data) }
            if let text = ipl.measuredText {
                let utf8 = Array(text.utf8)
                if all(utf8[...]) { return .grubText }
                if all((utf8 + [0])[...]) { return .grubTextWithNUL }
                return .mismatch
            }
            return .notCovered
        case .eventTag, .platformConfigFlags, .nonhostInfo, .compactHash, .nonhostConfig, .tableOfDevices:
            return all(data) ? .data : .notCovered
        default:
            return .notCovered
        }
    }

    static func variable(_ event: TCGEvent, _ log: TCGEventLog, _ decoded: EventData?) -> UEFIVariableData? {
        if case .variable(let variable) = decoded { return variable }
        if case .variable(let variable) = EventData.decode(event, in: log) { return variable }
        return nil
    }
}
