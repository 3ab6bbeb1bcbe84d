import Endorsement
import Evidence
import Foundation
import TestSupport
import Testing

@Suite("SM3")
struct SM3Tests {
    @Test func standardExamples() {
        // GB/T 32905-2016 Appendix A, examples 1 and 2.
        #expect(
            Hex.encode(SM3.hash(Array("abc".utf8)))
                == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        #expect(
            Hex.encode(SM3.hash(Array(String(repeating: "abcd", count: 16).utf8)))
                == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }

    @Test func emptyAndMultiBlockInputsMatchPyca() {
        // pyca/cryptography 48 hashes.SM3 (Corpus/tools has no shared code with Appraise).
        #expect(Hex.encode(SM3.hash([UInt8]())) == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b")
        #expect(
            Hex.encode(SM3.hash([UInt8](repeating: 0x61, count: 1000)))
                == "f4bedca973227d45c5b822551d2e762d4cfb0e9af70b241452545727b5fb046f")
    }
}

/// The replay table `Corpus/expected/eventlog-replay.json`: PCRs quoted by real TPMs and
/// tpm2-tools 5.8's `pcrs:` per log, RTMRs asserted by go-eventlog and replayed from trustee's
/// per-event outputs (see Corpus/tools/make_eventlog_expectations.py).
@Suite("Event log replay")
struct EventLogReplayTests {
    static var table: [String: Any] {
        guard let data = try? Data(contentsOf: CorpusFile.url("expected/eventlog-replay.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    static var tpmLogs: [String] { ((table["tpm"] as? [String: Any]) ?? [:]).keys.sorted() }
    static var ccelLogs: [String] { ((table["ccel"] as? [String: Any]) ?? [:]).keys.sorted() }

    static func bankName(_ name: String) -> TPMAlgorithmID? {
        TPMAlgorithmID.pcrBanks.first { $0.name == name }
    }

    @Test func theTableCoversTheCorpus() {
        #expect(Self.tpmLogs.count == 37)
        #expect(Self.ccelLogs.count >= 20)
    }

    @Test(arguments: tpmLogs)
    func replayEqualsQuotedPCRsAndTpm2Tools(name: String) throws {
        let entry = try #require((Self.table["tpm"] as? [String: Any])?[name] as? [String: Any])
        let log = try TCGEventLog(parsing: CorpusFile.bytes("evidence/tpm/\(name)"))
        let replay = RegisterReplay(log: log)
        var compared = 0
        for source in ["quoted", "tpm2_tools_5_8"] {
            guard let banks = entry[source] as? [String: [String: String]] else { continue }
            for (bankName, values) in banks {
                guard let algorithm = Self.bankName(bankName) else { continue }
                let bank = try #require(replay.bank(algorithm), "\(name): no \(bankName) bank")
                for (index, expected) in values {
                    let pcr = try #require(Int(index))
                    // A quoted PCR the boot log never extends (linux_tpm12's PCR10 is IMA's) is not
                    // the log's to replay: only extended PCRs and reset values are compared.
                    if source == "quoted" && !bank.extended[pcr]
                        && expected != Hex.encode(RegisterReplay.pcrResetValue(pcr, size: bank.values[pcr].count))
                    {
                        continue
                    }
                    #expect(Hex.encode(bank.values[pcr]) == expected, "\(name) \(source) \(bankName)[\(pcr)]")
                    compared += 1
                }
            }
        }
        // Logs no peer accepts (short_no_action, specid-vendordata) are covered by their expected.json.
        let peerValues = ((entry["tpm2_tools_5_8"] as? [String: [String: String]]) ?? [:]).values.map(\.count).reduce(
            0, +)
        if peerValues > 0 || !((entry["quoted"] as? [String: Any]) ?? [:]).isEmpty {
            #expect(compared > 0)
        }
    }

    @Test(arguments: ccelLogs)
    func ccelReplayEqualsAssertedRTMRs(key: String) throws {
        let name = String(key.split(separator: "#")[0])
        let entry = try #require((Self.table["ccel"] as? [String: Any])?[key] as? [String: [String: String]])
        let log = try TCGEventLog(
            parsing: CorpusFile.bytes("evidence/ccel/\(name)"), registerKind: .ccMeasurementRegister)
        let replay = RegisterReplay(log: log)
        for (bankName, values) in entry {
            let algorithm = try #require(Self.bankName(bankName))
            let bank = try #require(replay.bank(algorithm))
            for (index, expected) in values {
                #expect(
                    Hex.encode(bank.values[try #require(Int(index))]) == expected, "\(key) \(bankName) RTMR\(index)")
            }
        }
    }

    @Test func hcrtmLogStartsPCR0AtFour() throws {
        // Issue #6 / tpm2-tss unit test: SHA-1 PCR0 of the Hygon H-CRTM log.
        let log = try TCGEventLog(parsing: CorpusFile.bytes("evidence/tpm/tpm2tss__binary_measurements_hcrtm.bin"))
        let replay = RegisterReplay(log: log)
        #expect(replay.hcrtm)
        #expect(replay.bank(.sha1).map { Hex.encode($0.values[0]) } == "15f4e6ca457d1af6bc49511a93ba3500ad69acc5")
    }

    @Test func missingExitBootServicesEventsExplainTheTPMsPCR5() throws {
        // go-attestation TestEBSVerifyWorkaround: the TPM's SHA-1 PCR5 is 31245808…; the firmware did
        // not log the two Exit Boot Services actions, so the log alone replays to something else (the
        // TPM wins) and appending exactly those two measurements gives the TPM's value.
        let log = try TCGEventLog(parsing: CorpusFile.bytes("evidence/tpm/goattest__ebs_event_missing_eventlog.bin"))
        let pcr5 = try #require(RegisterReplay(log: log).bank(.sha1)?.values[5])
        let tpm = "31245808d6d35849bc394f6343f2b3ff908ed5e3"
        #expect(Hex.encode(pcr5) != tpm)
        var value = pcr5
        for action in ["Exit Boot Services Invocation", "Exit Boot Services Returned with Success"] {
            value = RegisterReplay.extend(.sha1, value, HashAlgorithm.sha1.hash(Array(action.utf8))[...])
        }
        #expect(Hex.encode(value) == tpm)
    }

    @Test func incompleteBanksAreNotReplayed() throws {
        // event-uefiaction: sha384/sha512 declared but no entry carries them.
        let log = try TCGEventLog(parsing: CorpusFile.bytes("evidence/tpm/tpm2tools__event-uefiaction.bin"))
        let replay = RegisterReplay(log: log)
        #expect(replay.bank(.sha256)?.complete == true)
        #expect(replay.bank(.sha384)?.complete == false)
        #expect(replay.notes.contains { $0.contains("sha384 is incomplete") })
    }
}

@Suite("Event digest checks")
struct EventDigestCheckTests {
    static func results(_ path: String) throws -> [EventDigestCheck.Result] {
        let log = try TCGEventLog(parsing: CorpusFile.bytes(path))
        return log.events.map { EventDigestCheck.check($0, in: log) }
    }

    @Test func edk2BootVariablesHashTheirDataOnly() throws {
        // Formats note: EDK2/OVMF/GCE hash only VariableData for EV_EFI_VARIABLE_BOOT.
        let results = try Self.results("evidence/tpm/goeventlog__rhel8-uefi.bin")
        #expect(results.contains(.variableData))
        #expect(!results.contains(.mismatch))
    }

    @Test func shimAuthorityOffByOneIsNamed() throws {
        // go-attestation #157: shim's EV_EFI_VARIABLE_AUTHORITY digest omits the data's last byte.
        #expect(try Self.results("evidence/tpm/goattest__sb_cert_eventlog.bin").contains(.dataWithoutLastByte))
    }

    @Test func lenovoDriverConfigIsUntrusted() throws {
        // linux_tpm12 (ThinkPad, TPM 1.2) hashes only the value of SecureBoot/PK/KEK/db/dbx.
        let results = try Self.results("evidence/tpm/goeventlog__linux_tpm12.bin")
        #expect(results.filter { $0 == .variableDataOnly }.count == 5)
        #expect(!EventDigestCheck.Result.variableDataOnly.trusted)
    }

    @Test func grubStringsHashWithoutTheirPrefix() throws {
        let results = try Self.results("evidence/tpm/goeventlog__cos-101-amd-sev.bin")
        #expect(results.contains(.grubText))
    }

    @Test func tamperedSeparatorIsAMismatch() throws {
        var bytes = try CorpusFile.bytes("evidence/tpm/goeventlog__rhel8-uefi.bin")
        let log = try TCGEventLog(parsing: bytes)
        let separator = try #require(log.events.first { $0.eventType == .separator })
        bytes[separator.data.startIndex] = 1
        let tampered = try TCGEventLog(parsing: bytes)
        #expect(EventDigestCheck.check(tampered.events[separator.number], in: tampered) == .mismatch)
    }
}

@Suite("SM3 streaming")
struct SM3StreamingTests {
    @Test func splitUpdatesEqualOneShot() {
        // 1000 × "a" (pyca/cryptography: f4bedca9…) fed in uneven pieces across block edges.
        var hasher = SM3()
        let bytes = [UInt8](repeating: 0x61, count: 1000)
        var offset = 0
        for size in [1, 63, 64, 65, 7, 200, 600] {
            hasher.update(bytes[offset..<(offset + size)])
            offset += size
        }
        #expect(offset == 1000)
        #expect(Hex.encode(hasher.finalize()) == "f4bedca973227d45c5b822551d2e762d4cfb0e9af70b241452545727b5fb046f")
    }
}

/// Differential test against trustee's eventlog crate: for every entry of its six CCEL samples,
/// trustee's `digest_matches_event` (digest = H(data)) equals our check being ``EventDigestCheck/Result/data``.
@Suite("Event digest checks vs trustee")
struct TrusteeDigestCheckTests {
    static var logs: [String: [[Any]]] {
        guard let data = try? Data(contentsOf: CorpusFile.url("expected/trustee-ccel-digest-checks.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return (object["logs"] as? [String: [[Any]]]) ?? [:]
    }

    @Test func allSixLogsAreCompared() {
        #expect(Self.logs.count == 6)
    }

    @Test(arguments: logs.keys.sorted())
    func everyEntryAgreesWithTrustee(name: String) throws {
        let expected = try #require(Self.logs[name])
        let log = try TCGEventLog(
            parsing: CorpusFile.bytes("evidence/ccel/\(name)"), registerKind: .ccMeasurementRegister)
        let entries = log.events.dropFirst()  // trustee lists entries after the Spec ID header
        #expect(entries.count == expected.count)
        for (event, row) in zip(entries, expected) {
            #expect(Int(event.registerIndex) == row[0] as? Int, "\(name) entry \(event.number) index")
            let matches = EventDigestCheck.check(event, in: log) == .data
            #expect(matches == row[2] as? Bool, "\(name) entry \(event.number) (\(row[1]))")
        }
    }
}
