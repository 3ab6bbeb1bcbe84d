/// `UEFI_GPT_DATA`: the data of EV_EFI_GPT_EVENT (PCR5), the GPT header and its non-empty
/// partition entries; its digest is a hash of this structure.
///
/// TCG PC Client Platform Firmware Profile 1.05, §10.4.6 Table 21 ("UEFI_GPT_DATA"):
/// `UEFI_PARTITION_TABLE_HEADER` (92 bytes, UEFI 2.10 §5.3.2 Table 5.21), `NumberOfPartitions`
/// (UINTN), `Partitions[NumberOfPartitions]` of `SizeOfPartitionEntry` bytes each
/// (UEFI 2.10 §5.3.3 Table 5.22: type GUID, unique GUID, start LBA, end LBA, attributes, name).
public struct UEFIGPTData: Hashable, Sendable {
    public struct Partition: Hashable, Sendable {
        public let partitionTypeGUID: EFIGUID
        public let uniquePartitionGUID: EFIGUID
        public let startingLBA: UInt64
        public let endingLBA: UInt64
        public let attributes: UInt64
        public let partitionName: String
    }

    /// `"EFI PART"`.
    public static let signature: UInt64 = 0x5452_4150_2049_4645

    public let revision: UInt32
    public let headerSize: UInt32
    public let diskGUID: EFIGUID
    public let numberOfPartitionEntries: UInt32
    public let sizeOfPartitionEntry: UInt32
    public let partitions: [Partition]

    /// - Throws: `.invalidValue` for a header signature other than "EFI PART",
    ///   `.lengthOutOfRange` for an entry size under 128 or a partition count past the event.
    public init(parsing reader: inout ByteReader, uintnWidth: Int) throws(EvidenceError) {
        let signatureOffset = reader.offset
        guard try reader.readUInt64LE("Signature") == Self.signature else {
            throw reader.error(.invalidValue, "Signature", at: signatureOffset, "not \"EFI PART\"")
        }
        revision = try reader.readUInt32LE("Revision")
        headerSize = try reader.readUInt32LE("HeaderSize")
        _ = try reader.readUInt32LE("HeaderCRC32")
        _ = try reader.readUInt32LE("Reserved")
        _ = try reader.readUInt64LE("MyLBA")
        _ = try reader.readUInt64LE("AlternateLBA")
        _ = try reader.readUInt64LE("FirstUsableLBA")
        _ = try reader.readUInt64LE("LastUsableLBA")
        diskGUID = try EFIGUID(parsing: &reader, "DiskGUID")
        _ = try reader.readUInt64LE("PartitionEntryLBA")
        numberOfPartitionEntries = try reader.readUInt32LE("NumberOfPartitionEntries")
        let sizeOffset = reader.offset
        sizeOfPartitionEntry = try reader.readUInt32LE("SizeOfPartitionEntry")
        _ = try reader.readUInt32LE("PartitionEntryArrayCRC32")
        guard sizeOfPartitionEntry >= 128 else {
            throw reader.error(
                .lengthOutOfRange, "SizeOfPartitionEntry", at: sizeOffset, "\(sizeOfPartitionEntry) < 128")
        }
        let countOffset = reader.offset
        let count = try UEFIImageLoadEvent.readUINTN(&reader, uintnWidth, "NumberOfPartitions")
        guard count <= UInt64(reader.remaining / Int(sizeOfPartitionEntry)) else {
            throw reader.error(
                .lengthOutOfRange, "NumberOfPartitions", at: countOffset,
                "\(count) entries of \(sizeOfPartitionEntry) bytes do not fit in \(reader.remaining)")
        }
        var partitions: [Partition] = []
        for _ in 0..<Int(count) {
            var entry = try reader.subReader(Int(sizeOfPartitionEntry), structure: "UEFI_PARTITION_ENTRY", "Partitions")
            partitions.append(
                Partition(
                    partitionTypeGUID: try EFIGUID(parsing: &entry, "PartitionTypeGUID"),
                    uniquePartitionGUID: try EFIGUID(parsing: &entry, "UniquePartitionGUID"),
                    startingLBA: try entry.readUInt64LE("StartingLBA"),
                    endingLBA: try entry.readUInt64LE("EndingLBA"),
                    attributes: try entry.readUInt64LE("Attributes"),
                    partitionName: UTF16Text.decode(try entry.readBytes(72, "PartitionName"))))
        }
        self.partitions = partitions
    }
}

/// `UEFI_PLATFORM_FIRMWARE_BLOB` (EV_EFI_PLATFORM_FIRMWARE_BLOB: `BlobBase` u64, `BlobLength`
/// u64; PFP 1.05 §10.4.2 Table 12) and `UEFI_PLATFORM_FIRMWARE_BLOB2` (…_BLOB2: a
/// `BlobDescriptionSize` u8 and description before them; PFP 1.05 §10.4.2 Table 12a).
public struct UEFIPlatformFirmwareBlob: Hashable, Sendable {
    /// The BLOB2 description (TDVF: `"Fv(XXXXXXXX-…)"`), `nil` for a BLOB.
    public let blobDescription: String?
    public let blobBase: UInt64
    public let blobLength: UInt64

    public init(parsing reader: inout ByteReader, version2: Bool) throws(EvidenceError) {
        if version2 {
            let size = Int(try reader.readUInt8("BlobDescriptionSize"))
            blobDescription = ASCIIText.decode(try reader.readBytes(size, "BlobDescription"))
        } else {
            blobDescription = nil
        }
        blobBase = try reader.readUInt64LE("BlobBase")
        blobLength = try reader.readUInt64LE("BlobLength")
    }
}

/// `UEFI_HANDOFF_TABLE_POINTERS` (EV_EFI_HANDOFF_TABLES: `NumberOfTables` UINTN, then
/// `{VendorGuid, VendorTable u64}` pairs; PFP 1.05 §10.4.7) and `…POINTERS2`
/// (EV_EFI_HANDOFF_TABLES2: a `TableDescriptionSize` u8 and description first; TDVF "TdxTable").
public struct UEFIHandoffTablePointers: Hashable, Sendable {
    public let tableDescription: String?
    public let vendorGUIDs: [EFIGUID]

    public init(parsing reader: inout ByteReader, version2: Bool, uintnWidth: Int) throws(EvidenceError) {
        if version2 {
            let size = Int(try reader.readUInt8("TableDescriptionSize"))
            tableDescription = ASCIIText.decode(try reader.readBytes(size, "TableDescription"))
        } else {
            tableDescription = nil
        }
        let countOffset = reader.offset
        let count = try UEFIImageLoadEvent.readUINTN(&reader, uintnWidth, "NumberOfTables")
        guard count <= UInt64(reader.remaining / 24) else {
            throw reader.error(.lengthOutOfRange, "NumberOfTables", at: countOffset, "\(count) tables do not fit")
        }
        var guids: [EFIGUID] = []
        for _ in 0..<Int(count) {
            guids.append(try EFIGUID(parsing: &reader, "VendorGuid"))
            _ = try reader.readUInt64LE("VendorTable")
        }
        vendorGUIDs = guids
    }
}

/// `TCG_PCClientTaggedEvent` (EV_EVENT_TAG; PFP 1.05 §10.4.2.1): `taggedEventID` u32,
/// `taggedEventDataSize` u32, data. Used by the Linux EFI stub (PCR9 command line and initrd),
/// systemd-boot, Windows (SIPA) and CoCo's attestation-agent event log (AAEL).
public struct TaggedEvent: Hashable, Sendable {
    /// Linux EFI stub `INITRD_EVENT_TAG_ID` (PCR9, data "Linux initrd"; the digest is the
    /// initrd's, `drivers/firmware/efi/libstub/efistub.h`).
    public static let linuxInitrd: UInt32 = 0x8F3B_22EC
    /// Linux EFI stub `LOAD_OPTIONS_EVENT_TAG_ID` (PCR9, data "LOADED_IMAGE::LoadOptions";
    /// the digest is the command line's, which the log does not carry).
    public static let linuxLoadOptions: UInt32 = 0x8F3B_22ED

    public let taggedEventID: UInt32
    public let taggedEventData: ArraySlice<UInt8>

    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        taggedEventID = try reader.readUInt32LE("taggedEventID")
        let size = try reader.readUInt32LE("taggedEventDataSize")
        taggedEventData = try reader.readBytes(length: size, "taggedEventData")
    }
}

/// `UEFI_LOAD_OPTION` (the value of a `Boot####` variable; UEFI 2.10 §3.1.3): `Attributes`
/// u32, `FilePathListLength` u16, `Description` (NUL-terminated CHAR16), `FilePathList`,
/// `OptionalData`.
public struct EFILoadOption: Hashable, Sendable {
    public let attributes: UInt32
    public let description: String
    public let filePathList: ArraySlice<UInt8>

    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        attributes = try reader.readUInt32LE("Attributes")
        let pathLength = Int(try reader.readUInt16LE("FilePathListLength"))
        var units: [UInt8] = []
        while true {
            let low = try reader.readUInt8("Description")
            let high = try reader.readUInt8("Description")
            if low == 0 && high == 0 { break }
            units.append(low)
            units.append(high)
        }
        description = UTF16Text.decode(units[...], stopAtNUL: false)
        filePathList = try reader.readBytes(pathLength, "FilePathList")
    }
}
