import Evidence
import TestSupport
import Testing

/// Every prefix and 10,000 random single-byte changes of three real logs (a crypto-agile TPM
/// log, a legacy SHA-1 log and a TDX CCEL) end in a typed error or a parse whose every entry
/// decodes (possibly to `.undecodable`) — never a trap.
@Suite("Event log robustness")
struct EventLogRobustnessTests {
    static let logs: [(String, TCGEventLog.RegisterKind)] = [
        ("evidence/tpm/tpm2tools__event-sd-boot-fedora37.bin", .pcr),
        ("evidence/tpm/tpm2tools__event-uefi-sha1-log.bin", .pcr),
        ("evidence/ccel/goeventlog__CCEL_unpadded.data.bin", .ccMeasurementRegister),
    ]

    /// Parses and decodes everything; returns whether it parsed.
    static func exercise(_ bytes: [UInt8], _ kind: TCGEventLog.RegisterKind) -> Bool {
        do {
            let log = try TCGEventLog(parsing: bytes, registerKind: kind)
            for event in log.events {
                _ = EventData.decode(event, in: log)
                _ = log.digests(of: event)
            }
            return true
        } catch {
            #expect(!error.description.isEmpty)
            return false
        }
    }

    @Test(arguments: logs.map(\.0))
    func everyPrefixEndsInATypedErrorOrAParse(path: String) throws {
        let kind = Self.logs.first { $0.0 == path }?.1 ?? .pcr
        let bytes = try CorpusFile.bytes(path)
        var parsed = 0
        for length in 0...bytes.count where Self.exercise(Array(bytes.prefix(length)), kind) { parsed += 1 }
        #expect(parsed >= 1)  // at least the whole file parses
        #expect(Self.exercise(bytes, kind))
    }

    @Test(arguments: logs.map(\.0))
    func tenThousandByteFlipsEndInATypedErrorOrAParse(path: String) throws {
        let kind = Self.logs.first { $0.0 == path }?.1 ?? .pcr
        let original = try CorpusFile.bytes(path)
        var generator = SplitMix64(seed: 0x7C9E_6A11 &+ UInt64(original.count))
        for _ in 0..<10_000 {
            var bytes = original
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            bytes[position] = UInt8.random(in: 0...255, using: &generator)
            _ = Self.exercise(bytes, kind)
        }
    }

    @Test func quotePrefixesAndFlipsAreTypedErrors() throws {
        let original = try CorpusFile.bytes("evidence/tpm-quote/goattest__windows_gcp_quote.bin")
        for length in 0..<original.count {
            #expect(throws: EvidenceError.self) { try TPMQuote(parsing: Array(original.prefix(length))) }
        }
        var generator = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            var bytes = original
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = try? TPMQuote(parsing: bytes)
        }
    }
}
