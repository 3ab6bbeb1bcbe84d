/// `UEFI_IMAGE_LOAD_EVENT`: the data of EV_EFI_BOOT_SERVICES_APPLICATION, _DRIVER and
/// EV_EFI_RUNTIME_SERVICES_DRIVER events. The digest of such an event is the Authenticode
/// (PE/COFF) hash of the image, never a hash of this data.
///
/// TCG PC Client Platform Firmware Profile 1.05, §10.4.3 Table 13:
/// `ImageLocationInMemory` (UEFI_PHYSICAL_ADDRESS, u64), `ImageLengthInMemory` (UINTN),
/// `ImageLinkTimeAddress` (UINTN), `LengthOfDevicePath` (UINTN), `DevicePath[LengthOfDevicePath]`.
public struct UEFIImageLoadEvent: Hashable, Sendable {
    public let imageLocationInMemory: UInt64
    public let imageLengthInMemory: UInt64
    public let imageLinkTimeAddress: UInt64
    /// The raw `EFI_DEVICE_PATH_PROTOCOL` bytes.
    public let devicePath: ArraySlice<UInt8>

    /// Parses the structure; `uintnWidth` is 8 (UINT64) or 4 (UINT32) from the Spec ID.
    public init(parsing reader: inout ByteReader, uintnWidth: Int) throws(EvidenceError) {
        imageLocationInMemory = try reader.readUInt64LE("ImageLocationInMemory")
        imageLengthInMemory = try Self.readUINTN(&reader, uintnWidth, "ImageLengthInMemory")
        imageLinkTimeAddress = try Self.readUINTN(&reader, uintnWidth, "ImageLinkTimeAddress")
        let length = try Self.readUINTN(&reader, uintnWidth, "LengthOfDevicePath")
        devicePath = try reader.readBytes(length: length, "DevicePath")
    }

    /// A `UINTN` of the log's width.
    static func readUINTN(_ reader: inout ByteReader, _ width: Int, _ field: String) throws(EvidenceError) -> UInt64 {
        width == 4 ? UInt64(try reader.readUInt32LE(field)) : try reader.readUInt64LE(field)
    }
}

/// An `EFI_DEVICE_PATH_PROTOCOL` rendered as the UEFI text form (UEFI 2.10 §10.6
/// "Device Path to Text"), e.g. `PciRoot(0x0)/Pci(0x3,0x0)/Scsi(0x0,0x1)/HD(15,GPT,…)/\EFI\BOOT\BOOTX64.EFI`.
///
/// Nodes are `Type u8 | SubType u8 | Length u16 (including the 4-byte header) | data`
/// (§10.3.1); the path ends at an End Entire node (0x7F/0xFF). Nodes this build does not
/// name print in the generic `Path(type,subtype,hex)` form, so rendering never loses data.
public enum DevicePath {
    /// The text form of the device path in `bytes`.
    ///
    /// - Throws: `.lengthOutOfRange` for a node length under 4 or past the end, `.truncated`.
    public static func text(_ bytes: ArraySlice<UInt8>, buffer: [UInt8]) throws(EvidenceError) -> String {
        var reader = ByteReader.over(buffer, bytes, structure: "EFI_DEVICE_PATH")
        var parts: [String] = []
        var instance: [String] = []
        while !reader.isAtEnd {
            let nodeOffset = reader.offset
            let type = try reader.readUInt8("Type")
            let subType = try reader.readUInt8("SubType")
            let length = Int(try reader.readUInt16LE("Length"))
            guard length >= 4 else {
                throw reader.error(.lengthOutOfRange, "Length", at: nodeOffset + 2, "node length \(length) < 4")
            }
            var node = try reader.subReader(length - 4, structure: "EFI_DEVICE_PATH node", "data")
            if type == 0x7F {
                parts.append(instance.joined(separator: "/"))
                instance = []
                if subType == 0xFF { break }
                continue
            }
            instance.append(render(type: type, subType: subType, &node))
        }
        if !instance.isEmpty { parts.append(instance.joined(separator: "/")) }
        return parts.joined(separator: ",")
    }

    static func render(type: UInt8, subType: UInt8, _ node: inout ByteReader) -> String {
        let generic = "Path(\(type),\(subType),\(Hex.encode(node.buffer[node.offset..<node.upperBound])))"
        do {
            switch (type, subType) {
            case (0x01, 0x01):
                let function = try node.readUInt8("Function")
                let device = try node.readUInt8("Device")
                return "Pci(0x\(hex(device)),0x\(hex(function)))"
            case (0x01, 0x04):
                return "VenHw(\(try EFIGUID(parsing: &node, "VendorGuid")))"
            case (0x02, 0x01):
                let hid = try node.readUInt32LE("HID")
                let uid = try node.readUInt32LE("UID")
                switch hid {
                case 0x0A03_41D0: return "PciRoot(0x\(hex(uid)))"
                case 0x0A08_41D0: return "PcieRoot(0x\(hex(uid)))"
                default: return "Acpi(0x\(hex(hid)),0x\(hex(uid)))"
                }
            case (0x03, 0x02):
                let target = try node.readUInt16LE("TargetID")
                let lun = try node.readUInt16LE("LUN")
                return "Scsi(0x\(hex(target)),0x\(hex(lun)))"
            case (0x03, 0x05):
                let port = try node.readUInt8("ParentPortNumber")
                let interface = try node.readUInt8("InterfaceNumber")
                return "USB(0x\(hex(port)),0x\(hex(interface)))"
            case (0x03, 0x0B):
                let mac = try node.readBytes(32, "MacAddress")
                let ifType = try node.readUInt8("IfType")
                let size = ifType == 0x01 || ifType == 0x00 ? 6 : 32
                return "MAC(\(Hex.encode(mac.prefix(size))),0x\(hex(ifType)))"
            case (0x03, 0x0A):
                return "VenMsg(\(try EFIGUID(parsing: &node, "VendorGuid")))"
            case (0x03, 0x12):
                let hba = try node.readUInt16LE("HBAPortNumber")
                let pmp = try node.readUInt16LE("PortMultiplierPortNumber")
                let lun = try node.readUInt16LE("Lun")
                return "Sata(0x\(hex(hba)),0x\(hex(pmp)),0x\(hex(lun)))"
            case (0x03, 0x17):
                let namespace = try node.readUInt32LE("NamespaceIdentifier")
                let eui = try node.readBytes(8, "IEEEExtendedUniqueIdentifier")
                return "NVMe(0x\(hex(namespace)),\(eui.map { hex($0, width: 2) }.joined(separator: "-")))"
            case (0x04, 0x01):
                let partition = try node.readUInt32LE("PartitionNumber")
                let start = try node.readUInt64LE("PartitionStart")
                let size = try node.readUInt64LE("PartitionSize")
                var signatureReader = node
                let signature = try node.readBytes(16, "PartitionSignature")
                let format = try node.readUInt8("PartitionFormat")
                let signatureType = try node.readUInt8("SignatureType")
                let signatureText: String
                if signatureType == 0x02 {
                    signatureText = "\(try EFIGUID(parsing: &signatureReader, "PartitionSignature"))"
                } else if signatureType == 0x01 {
                    signatureText = "0x" + Hex.encode(signature.prefix(4).reversed())
                } else {
                    signatureText = "0"
                }
                let formatText = format == 0x02 ? "GPT" : format == 0x01 ? "MBR" : "0x\(hex(format))"
                return "HD(\(partition),\(formatText),\(signatureText),0x\(hex(start)),0x\(hex(size)))"
            case (0x04, 0x02):
                let entry = try node.readUInt32LE("BootEntry")
                return "CDROM(0x\(hex(entry)))"
            case (0x04, 0x03):
                return "VenMedia(\(try EFIGUID(parsing: &node, "VendorGuid")))"
            case (0x04, 0x04):
                return UTF16Text.decode(try node.readRemaining("PathName"))
            case (0x04, 0x06):
                return "FvFile(\(try EFIGUID(parsing: &node, "FvFileName")))"
            case (0x04, 0x07):
                return "Fv(\(try EFIGUID(parsing: &node, "FvName")))"
            case (0x04, 0x08):
                _ = try node.readUInt32LE("Reserved")
                let start = try node.readUInt64LE("StartingOffset")
                let end = try node.readUInt64LE("EndingOffset")
                return "Offset(0x\(hex(start)),0x\(hex(end)))"
            case (0x05, 0x01):
                let deviceType = try node.readUInt16LE("DeviceType")
                _ = try node.readUInt16LE("StatusFlag")
                let description = ASCIIText.decode(try node.readRemaining("Description"))
                return "BBS(0x\(hex(deviceType)),\(description))"
            default:
                return generic
            }
        } catch {
            return generic
        }
    }

    static func hex<T: BinaryInteger>(_ value: T, width: Int = 0) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return text.count < width ? String(repeating: "0", count: width - text.count) + text : text
    }
}

extension ByteReader {
    /// A reader over `slice`, a slice of `buffer` (absolute indices), for re-reading part of
    /// an event as its own structure.
    public static func over(_ buffer: [UInt8], _ slice: ArraySlice<UInt8>, structure: String) -> ByteReader {
        let lower = max(0, min(slice.startIndex, buffer.count))
        let upper = max(lower, min(slice.endIndex, buffer.count))
        return ByteReader(buffer: buffer, lowerBound: lower, upperBound: upper, structure: structure)
    }
}
