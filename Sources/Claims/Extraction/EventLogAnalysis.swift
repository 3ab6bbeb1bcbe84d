import Endorsement
import Evidence

/// One log entry with its decoded data and digest check: the unit every event-log extractor
/// works from, computed once per log.
public struct AnalyzedEvent: Sendable {
    public let event: TCGEvent
    public let data: EventData
    public let check: EventDigestCheck.Result
}

/// A parsed log with every entry decoded and checked.
public struct EventLogAnalysis: Sendable {
    public let log: TCGEventLog
    public let events: [AnalyzedEvent]

    /// Decodes every entry and, unless `checkDigests` is false (rendering only), checks its
    /// digest against its data (entries then read ``EventDigestCheck/Result/notCovered``).
    public init(_ log: TCGEventLog, checkDigests: Bool = true) {
        self.log = log
        events = log.events.map { event in
            let data = EventData.decode(event, in: log)
            let check = checkDigests ? EventDigestCheck.check(event, in: log, decoded: data) : .notCovered
            return AnalyzedEvent(event: event, data: data, check: check)
        }
    }

    /// The entry's digest in each of the five claim banks (sha1, sha256, sha384, sha512, sm3_256).
    func bankDigests(_ event: TCGEvent) -> [ClaimValue?] {
        TPMAlgorithmID.pcrBanks.map { bank in log.digest(of: event, bank).map { .bytes(ClaimBytes($0)) } }
    }

    /// The entry's preferred digest: SHA-256, else SHA-384, SHA-512, SM3, SHA-1.
    func preferredDigest(_ event: TCGEvent) -> [UInt8]? {
        for bank in [TPMAlgorithmID.sha256, .sha384, .sha512, .sm3_256, .sha1] {
            if let digest = log.digest(of: event, bank) { return Array(digest) }
        }
        return nil
    }
}

/// Renders decoded event data as one line of text (the `text` field of event records and the
/// YAML output's summaries).
public enum EventText {
    public static func render(_ data: EventData) -> String {
        switch data {
        case .specID(let spec):
            let algorithms = spec.algorithms.map { "\($0.algorithmID)" }.joined(separator: ", ")
            return "Spec ID Event03: \(algorithms); uintnSize \(spec.uintnSize)"
        case .startupLocality(let locality): return "StartupLocality \(locality)"
        case .noAction(let signature, let payload): return "\(signature) (\(payload.count) bytes)"
        case .variable(let variable):
            return "\(variable.variableName):\(variable.unicodeName) (\(variable.variableData.count) bytes)"
        case .imageLoad(_, let path): return path ?? "(malformed device path)"
        case .gpt(let gpt): return "GPT disk \(gpt.diskGUID), \(gpt.partitions.count) partitions"
        case .firmwareBlob(let blob):
            let range = "base 0x\(String(blob.blobBase, radix: 16)) length 0x\(String(blob.blobLength, radix: 16))"
            return blob.blobDescription.map { "\($0) \(range)" } ?? range
        case .handoffTables(let tables):
            let guids = tables.vendorGUIDs.map(\.description).joined(separator: ", ")
            return tables.tableDescription.map { "\($0): \(guids)" } ?? guids
        case .tagged(let tag):
            let body =
                ASCIIText.isPrintable(tag.taggedEventData)
                ? ASCIIText.decode(tag.taggedEventData) : "\(tag.taggedEventData.count) bytes"
            return "tag 0x\(String(tag.taggedEventID, radix: 16)): \(body)"
        case .separator(let value):
            return value == 0x4C43_4257 ? "WBCL" : String(format8: value)
        case .ipl(let ipl):
            switch ipl {
            case .grubCommand(let s, let p), .kernelCommandLine(let s, let p), .moduleCommandLine(let s, let p):
                return p + s
            case .shimVariable(let s), .utf16(let s), .ascii(let s): return s
            case .binary: return ""
            }
        case .text(let text): return text
        case .guid(let guid): return guid.description
        case .opaque: return ""
        case .undecodable(let error): return "undecodable: \(error)"
        }
    }
}

extension String {
    /// A 32-bit value as 8 lowercase hex digits.
    init(format8 value: UInt32) {
        let text = String(value, radix: 16)
        self = String(repeating: "0", count: 8 - text.count) + text
    }
}
