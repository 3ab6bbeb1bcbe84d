import Endorsement
import Evidence

/// A TCG event log as YAML in the shape of tpm2-tools' `tpm2_eventlog` (5.8, `--eventlog-version 2`
/// layout), so that `diff` against its output is meaningful: the same keys per entry
/// (`EventNum`, `PCRIndex`, `EventType`, `Digest`/`DigestCount`/`Digests`, `EventSize`,
/// `SpecID`/`Event`) and the same closing `pcrs:` section (registers some entry extended, per
/// replayable bank). Event bodies follow tpm2-tools for Spec ID, text, separator, variable,
/// image-load, firmware-blob and EV_IPL entries and are hex otherwise. Differences from
/// tpm2-tools are deliberate where tpm2-tools is wrong (EV_NO_ACTION, StartupLocality and
/// H-CRTM before 5.6; see Benchmarks/README.md and the corpus notes).
public enum EventLogYAML {
    /// The YAML text.
    public static func render(_ analysis: EventLogAnalysis, replay: RegisterReplay) -> String {
        String(decoding: renderUTF8(analysis, replay: replay), as: UTF8.self)
    }

    /// The YAML as UTF-8 bytes, built in one buffer.
    public static func renderUTF8(_ analysis: EventLogAnalysis, replay: RegisterReplay) -> [UInt8] {
        var whole: [UInt8] = []
        render(analysis, replay: replay) { whole += $0 }
        return whole
    }

    /// Streams the YAML to `write` in pieces of about 1 MiB, so a 24,000-entry log (20 MB of
    /// YAML) never needs the whole text in memory — touching fresh pages costs more than
    /// formatting here.
    public static func render(
        _ analysis: EventLogAnalysis, replay: RegisterReplay, to write: ([UInt8]) -> Void
    ) {
        let log = analysis.log
        let chunk = 1 << 20
        var out = YAMLBuffer()
        out.bytes.reserveCapacity(chunk + 256 * 1024)
        out += "---\nversion: \(log.format == .cryptoAgile ? 2 : 1)\nevents:\n"
        for entry in analysis.events {
            let event = entry.event
            out += "- EventNum: "
            out.int(event.number)
            out += "\n  PCRIndex: "
            out.int(Int(event.registerIndex))
            out += "\n  EventType: "
            out += TCGEventTypeNames.name(event.eventType)
            if event.isLegacyFormat {
                out += "\n  Digest: \""
                out.hex(log.bytes[event.digestArea])
                out += "\"\n"
            } else {
                out += "\n  DigestCount: "
                out.int(event.digestCount)
                out += "\n  Digests:\n"
                log.forEachDigest(of: event) { algorithm, digest in
                    out += "  - AlgorithmId: "
                    out += algorithm.name
                    out += "\n    Digest: \""
                    out.hex(digest)
                    out += "\"\n"
                }
            }
            out += "  EventSize: "
            out.int(event.data.count)
            out += "\n"
            body(entry, log: log, &out)
            if out.bytes.count >= chunk {
                write(out.bytes)
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        out += "pcrs:\n"
        for bank in replay.banks where bank.complete && bank.extended.contains(true) {
            out += "  \(bank.algorithm.name):\n"
            for (index, value) in bank.values.enumerated() where bank.extended[index] {
                let label = String(index).padding(toLength: 3, withPad: " ", startingAt: 0)
                out += "    \(label): 0x"
                out.hex(value[...])
                out += "\n"
            }
        }
        write(out.bytes)
    }

    static func quoted(_ text: String) -> String {
        var buffer = YAMLBuffer()
        buffer.quoted(text.utf8)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    static func loadOption(_ data: ArraySlice<UInt8>, log: TCGEventLog) -> EFILoadOption? {
        var reader = ByteReader.over(log.bytes, data, structure: "EFI_LOAD_OPTION")
        return try? EFILoadOption(parsing: &reader)
    }

    /// EFI_SIGNATURE_LISTs as tpm2-tools prints them (`VariableData:` and the lists).
    /// Appends them to `out` and returns true, or leaves `out` as it was and returns false.
    static func signatureLists(_ data: ArraySlice<UInt8>, log: TCGEventLog, into out: inout YAMLBuffer) -> Bool {
        var reader = ByteReader.over(log.bytes, data, structure: "EFI_SIGNATURE_LIST")
        let mark = out.bytes.count
        out += "    VariableData:\n"
        do {
            while !reader.isAtEnd {
                let type = try EFIGUID(parsing: &reader, "SignatureType")
                let listSize = Int(try reader.readUInt32LE("SignatureListSize"))
                let headerSize = Int(try reader.readUInt32LE("SignatureHeaderSize"))
                let signatureSize = Int(try reader.readUInt32LE("SignatureSize"))
                guard signatureSize > 16, listSize >= 28 + headerSize, (listSize - 28 - headerSize) % signatureSize == 0
                else {
                    out.bytes.removeSubrange(mark...)
                    return false
                }
                try reader.skip(headerSize, "SignatureHeader")
                out += "    - SignatureType: \(type)\n      SignatureListSize: \(listSize)\n"
                out += "      SignatureHeaderSize: \(headerSize)\n      SignatureSize: \(signatureSize)\n      Keys:\n"
                for _ in 0..<((listSize - 28 - headerSize) / signatureSize) {
                    let owner = try EFIGUID(parsing: &reader, "SignatureOwner")
                    let signature = try reader.readBytes(signatureSize - 16, "SignatureData")
                    out += "      - SignatureOwner: \(owner)\n        SignatureData: "
                    out.hex(signature)
                    out += "\n"
                }
            }
        } catch {
            out.bytes.removeSubrange(mark...)
            return false
        }
        return true
    }

    static func body(_ entry: AnalyzedEvent, log: TCGEventLog, _ out: inout YAMLBuffer) {
        let data = entry.event.data
        switch entry.data {
        case .specID(let spec):
            out += "  SpecID:\n  - Signature: Spec ID Event03\n"
            out += "    platformClass: \(spec.platformClass)\n    specVersionMinor: \(spec.specVersionMinor)\n"
            out += "    specVersionMajor: \(spec.specVersionMajor)\n    specErrata: \(spec.specErrata)\n"
            out +=
                "    uintnSize: \(spec.uintnSize)\n    numberOfAlgorithms: \(spec.algorithms.count)\n    Algorithms:\n"
            for (index, algorithm) in spec.algorithms.enumerated() {
                out += "    - Algorithm[\(index)]:\n      algorithmId: \(algorithm.algorithmID.name)\n"
                out += "      digestSize: \(algorithm.digestSize)\n"
            }
            out += "    vendorInfoSize: \(spec.vendorInfo.count)\n"
            if !spec.vendorInfo.isEmpty {
                out += "    vendorInfo: \""
                out.hex(spec.vendorInfo)
                out += "\"\n"
            }
        case .text(let text)
        where entry.event.eventType == .efiAction || entry.event.eventType == .efiHCRTMEvent
            || entry.event.eventType == .action:
            out += "  Event: |-\n    "
            out += text
            out += "\n"
        case .variable(let variable):
            out += "  Event:\n    VariableName: "
            out += variable.variableName.description
            out += "\n    UnicodeNameLength: "
            out.int(variable.unicodeName.utf16.count)
            out += "\n    VariableDataLength: "
            out.int(variable.variableData.count)
            out += "\n    UnicodeName: "
            out += variable.unicodeName
            out += "\n"
            if variable.unicodeName == "SecureBoot", variable.variableData.count == 1 {
                out += "    VariableData:\n      Enabled: '\(variable.variableData.first == 1 ? "Yes" : "No")'\n"
            } else if variable.unicodeName == "BootOrder", variable.variableData.count % 2 == 0 {
                out += "    VariableData:\n"
                var index = variable.variableData.startIndex
                while index + 1 < variable.variableData.endIndex {
                    let number = UInt16(variable.variableData[index]) | UInt16(variable.variableData[index + 1]) << 8
                    let hex = String(number, radix: 16, uppercase: true)
                    out += "    - Boot\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)\n"
                    index += 2
                }
            } else if variable.unicodeName.hasPrefix("Boot"), variable.unicodeName.count == 8,
                let option = loadOption(variable.variableData, log: log)
            {
                out += "    VariableData:\n      Enabled: '\(option.attributes & 1 == 1 ? "Yes" : "No")'\n"
                out += "      FilePathListLength: \(option.filePathList.count)\n"
                out += "      Description: \(quoted(option.description))\n"
                let path =
                    (try? DevicePath.text(option.filePathList, buffer: log.bytes)) ?? Hex.encode(option.filePathList)
                out += "      DevicePath: '\(path)'\n"
            } else if ["PK", "KEK", "db", "dbx"].contains(variable.unicodeName),
                signatureLists(variable.variableData, log: log, into: &out)
            {
            } else {
                out += "    VariableData: \""
                out.hex(variable.variableData)
                out += "\"\n"
            }
        case .imageLoad(let image, let path):
            out += "  Event:\n    ImageLocationInMemory: 0x\(String(image.imageLocationInMemory, radix: 16))\n"
            out += "    ImageLengthInMemory: \(image.imageLengthInMemory)\n"
            out += "    ImageLinkTimeAddress: 0x\(String(image.imageLinkTimeAddress, radix: 16))\n"
            out += "    LengthOfDevicePath: \(image.devicePath.count)\n"
            out += "    DevicePath: \(quoted(path ?? Hex.encode(image.devicePath)))\n"
        case .firmwareBlob(let blob) where entry.event.eventType != .postCode:
            out += "  Event:\n"
            if let description = blob.blobDescription { out += "    BlobDescription: \(quoted(description))\n" }
            out +=
                "    BlobBase: 0x\(String(blob.blobBase, radix: 16))\n    BlobLength: 0x\(String(blob.blobLength, radix: 16))\n"
        case .ipl where ASCIIText.isPrintable(data):
            out += "  Event:\n    String: "
            out.quoted(data)
            out += "\n"
        default:
            out += "  Event: \""
            out.hex(data)
            out += "\"\n"
        }
    }
}

/// An append-only UTF-8 buffer for large text output, with hex and integer writers that do
/// not go through `String`.
public struct YAMLBuffer: Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    public static func += (buffer: inout YAMLBuffer, text: String) {
        buffer.bytes.append(contentsOf: text.utf8)
    }

    @usableFromInline static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `data`.
    public mutating func hex(_ data: ArraySlice<UInt8>) {
        // Digits go to scratch space first and are appended with one copy: appending zeros to
        // overwrite them, or appending digit by digit, both cost more (perf).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: data.count * 2) { scratch in
            Self.digits.withUnsafeBufferPointer { digits in
                var position = 0
                for byte in data {
                    scratch[position] = digits[Int(byte >> 4)]
                    scratch[position + 1] = digits[Int(byte & 0x0F)]
                    position += 2
                }
            }
            bytes.append(contentsOf: scratch)
        }
    }

    /// A double-quoted YAML scalar of UTF-8 `text`: `"`, `\\`, NUL, newline and other control
    /// characters escaped as tpm2-tools does (`\0`, `\n`, `\xNN`).
    public mutating func quoted<C: Collection>(_ text: C) where C.Element == UInt8 {
        bytes.append(0x22)
        for byte in text {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x00: bytes += [0x5C, 0x30]
            case 0x0A: bytes += [0x5C, 0x6E]
            case _ where byte < 0x20:
                bytes += [0x5C, 0x78]
                bytes.append(Self.digits[Int(byte >> 4)])
                bytes.append(Self.digits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }

    /// A decimal integer.
    public mutating func int(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(48 + value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }
}
