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
    public static func render(_ analysis: EventLogAnalysis, replay: RegisterReplay) -> String {
        let log = analysis.log
        var out = "---\nversion: \(log.format == .cryptoAgile ? 2 : 1)\nevents:\n"
        for entry in analysis.events {
            let event = entry.event
            out += "- EventNum: \(event.number)\n"
            out += "  PCRIndex: \(event.registerIndex)\n"
            out += "  EventType: \(TCGEventTypeNames.name(event.eventType))\n"
            if event.isLegacyFormat {
                out += "  Digest: \"\(Hex.encode(log.bytes[event.digestArea]))\"\n"
            } else {
                out += "  DigestCount: \(event.digestCount)\n  Digests:\n"
                for digest in log.digests(of: event) {
                    out += "  - AlgorithmId: \(digest.algorithm.name)\n    Digest: \"\(Hex.encode(digest.bytes))\"\n"
                }
            }
            out += "  EventSize: \(event.data.count)\n"
            out += body(entry, log: log)
        }
        out += "pcrs:\n"
        for bank in replay.banks where bank.complete && bank.extended.contains(true) {
            out += "  \(bank.algorithm.name):\n"
            for (index, value) in bank.values.enumerated() where bank.extended[index] {
                let label = String(index).padding(toLength: 3, withPad: " ", startingAt: 0)
                out += "    \(label): 0x\(Hex.encode(value))\n"
            }
        }
        return out
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\0": out += "\\0"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += "\\x" + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func body(_ entry: AnalyzedEvent, log: TCGEventLog) -> String {
        let data = entry.event.data
        switch entry.data {
        case .specID(let spec):
            var out = "  SpecID:\n  - Signature: Spec ID Event03\n"
            out += "    platformClass: \(spec.platformClass)\n    specVersionMinor: \(spec.specVersionMinor)\n"
            out += "    specVersionMajor: \(spec.specVersionMajor)\n    specErrata: \(spec.specErrata)\n"
            out +=
                "    uintnSize: \(spec.uintnSize)\n    numberOfAlgorithms: \(spec.algorithms.count)\n    Algorithms:\n"
            for (index, algorithm) in spec.algorithms.enumerated() {
                out += "    - Algorithm[\(index)]:\n      algorithmId: \(algorithm.algorithmID.name)\n"
                out += "      digestSize: \(algorithm.digestSize)\n"
            }
            out += "    vendorInfoSize: \(spec.vendorInfo.count)\n"
            if !spec.vendorInfo.isEmpty { out += "    vendorInfo: \"\(Hex.encode(spec.vendorInfo))\"\n" }
            return out
        case .text(let text)
        where entry.event.eventType == .efiAction || entry.event.eventType == .efiHCRTMEvent
            || entry.event.eventType == .action:
            return "  Event: |-\n    \(text)\n"
        case .separator:
            return "  Event: \"\(Hex.encode(data))\"\n"
        case .variable(let variable):
            var out = "  Event:\n    VariableName: \(variable.variableName)\n"
            out += "    UnicodeNameLength: \(variable.unicodeName.utf16.count)\n"
            out += "    VariableDataLength: \(variable.variableData.count)\n"
            out += "    UnicodeName: \(variable.unicodeName)\n"
            if variable.unicodeName == "SecureBoot", variable.variableData.count == 1 {
                out += "    VariableData:\n      Enabled: '\(variable.variableData.first == 1 ? "Yes" : "No")'\n"
            } else {
                out += "    VariableData: \"\(Hex.encode(variable.variableData))\"\n"
            }
            return out
        case .imageLoad(let image, let path):
            var out = "  Event:\n    ImageLocationInMemory: 0x\(String(image.imageLocationInMemory, radix: 16))\n"
            out += "    ImageLengthInMemory: \(image.imageLengthInMemory)\n"
            out += "    ImageLinkTimeAddress: 0x\(String(image.imageLinkTimeAddress, radix: 16))\n"
            out += "    LengthOfDevicePath: \(image.devicePath.count)\n"
            out += "    DevicePath: \(quoted(path ?? Hex.encode(image.devicePath)))\n"
            return out
        case .firmwareBlob(let blob) where entry.event.eventType != .postCode:
            var out = "  Event:\n"
            if let description = blob.blobDescription { out += "    BlobDescription: \(quoted(description))\n" }
            out +=
                "    BlobBase: 0x\(String(blob.blobBase, radix: 16))\n    BlobLength: 0x\(String(blob.blobLength, radix: 16))\n"
            return out
        case .ipl where ASCIIText.isPrintable(data):
            return "  Event:\n    String: \(quoted(String(decoding: data, as: UTF8.self)))\n"
        default:
            return "  Event: \"\(Hex.encode(data))\"\n"
        }
    }
}
