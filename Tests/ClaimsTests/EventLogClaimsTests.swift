import Claims
import Endorsement
import Evidence
import Foundation
import TestSupport
import Testing

@Suite("Event-log claims")
struct EventLogClaimsTests {
    static func tpmClaims(_ name: String) throws -> ClaimSet {
        var claims = ClaimSet(schema: .tpm)
        try claims.add(tpmEventLog: EventLogAnalysis(TCGEventLog(parsing: CorpusFile.bytes("evidence/tpm/\(name)"))))
        return claims
    }

    static func records(_ claims: ClaimSet, _ path: String) -> [ClaimRecord] {
        if case .list(let records)? = claims.value(path) { return records }
        return []
    }

    static func field(_ record: ClaimRecord, _ schema: ClaimSchema, _ path: String, _ name: String) -> ClaimValue? {
        guard case .list(let shape)? = schema.resolve(path)?.type, let index = shape.fieldIndex(name) else {
            return nil
        }
        return record.fields[index]
    }

    @Test func theIssuesClaimNamesExistWithTheirTypes() {
        let tpm = ClaimSchema.tpm
        #expect(tpm.validate().isEmpty)
        for path in [
            "tpm.log.format", "tpm.log.algorithms", "tpm.log.events", "tpm.replay_matches_quote", "tpm.quote.nonce",
            "tpm.quote.clock", "tpm.quote.firmware", "tpm.quote.pcr_selection", "tpm.quote.verified",
            "tpm.startup_locality", "tpm.platform.scrtm_version", "tpm.platform.firmware_blobs",
            "tpm.secureboot.enabled", "tpm.secureboot.pk", "tpm.secureboot.kek", "tpm.secureboot.db",
            "tpm.secureboot.dbx", "tpm.secureboot.authorities", "tpm.secureboot.mok", "tpm.secureboot.sbat",
            "tpm.boot.efi_apps", "tpm.boot.boot_order", "tpm.kernel.cmdline", "tpm.kernel.digest",
            "tpm.kernel.initrd_digest", "tpm.grub.commands", "tpm.grub.files", "tpm.flags.separators_valid",
            "tpm.flags.ebs_seen", "tpm.flags.uefi_debug_mode", "tpm.flags.dma_protection_disabled", "tpm.events",
            "tpm.verified", "tpm.verification.steps",
        ] {
            #expect(tpm.resolve(path) != nil, "missing \(path)")
        }
        #expect(tpm.resolve("tpm.pcr.sha256")?.type == .array(.bytes(length: 32)))
        #expect(tpm.resolve("tpm.pcr.sm3_256")?.type == .array(.bytes(length: 32)))
        #expect(ClaimSchema.ccel.resolve("ccel.rtmr.sha384")?.type == .array(.bytes(length: 48)))
        // The policy contract: `e.mr == 1 and e.type == EV_EFI_BOOT_SERVICES_APPLICATION and e.digest in …`.
        guard case .list(let cc)? = ClaimSchema.ccel.resolve("ccel.events")?.type else {
            Issue.record("ccel.events is not a list")
            return
        }
        #expect(cc.fields[cc.fieldIndex("mr") ?? 0].type == .int)
        #expect(cc.fields[cc.fieldIndex("digest") ?? 0].type == .bytes(length: 48))
        #expect(cc.fields[cc.fieldIndex("type") ?? 0].type == .enumeration(ClaimSchema.Entry.eventType))
        #expect(ClaimSchema.Entry.eventType.index(of: "EV_EFI_BOOT_SERVICES_APPLICATION") != nil)
        #expect(ClaimSchema.Entry.eventType.cases.last == "EV_UNKNOWN")
    }

    @Test func windowsShieldedVMHasSecureBootOn() throws {
        // go-attestation TestSecureBoot: Enabled == true for this log.
        let claims = try Self.tpmClaims("goattest__windows_gcp_shielded_vm.bin")
        #expect(claims.value("tpm.secureboot.enabled") == .bool(true))
        #expect(claims.value("tpm.log.format") == .enumeration(0))
    }

    @Test(arguments: [("goattest__sb_cert_eventlog.bin", 3), ("goattest__option_rom_eventlog.bin", 2)])
    func postSeparatorAuthoritiesAsGoAttestationCounts(name: String, count: Int) throws {
        // go-attestation TestSecureBootBug157 (3) and TestSecureBootOptionRom (2).
        let claims = try Self.tpmClaims(name)
        let after = Self.records(claims, "tpm.secureboot.authorities").filter {
            Self.field($0, .tpm, "tpm.secureboot.authorities", "after_separator") == .bool(true)
        }
        #expect(after.count == count)
    }

    @Test func efiAppsMatchGoTpmToolsDigestCounts() throws {
        // go-tpm-tools server/eventlog_test.go expects, per log, one EFI-app digest per bank per
        // application (only when ExitBootServices was measured): e.g. RHEL 8 on GCE 9 = 3 apps × 3 banks.
        let data = try Data(contentsOf: CorpusFile.url("expected/eventlog-replay.json"))
        _ = data
        for (name, count) in [
            ("goeventlog__rhel8-uefi.bin", 9), ("goeventlog__ubuntu-1804-amd-sev.bin", 6),
            ("tpm2tools__event-gce-ubuntu-2104-log.bin", 6), ("goeventlog__debian-10.bin", 3),
            ("goeventlog__cos-85-amd-sev.bin", 9), ("goeventlog__cos-101-amd-sev.bin", 12),
        ] {
            let claims = try Self.tpmClaims(name)
            guard case .array(let banks)? = claims.value("tpm.log.algorithms") else {
                Issue.record("no algorithms")
                continue
            }
            #expect(Self.records(claims, "tpm.boot.efi_apps").count * banks.count == count, "\(name)")
        }
    }

    @Test func untrustedEntriesLeaveScalarClaimsMissing() throws {
        // linux_tpm12 hashes only SecureBoot's value (EventDigestCheck .variableDataOnly): which
        // variable was measured is not bound, so tpm.secureboot.enabled is missing, not guessed.
        let claims = try Self.tpmClaims("goeventlog__linux_tpm12.bin")
        #expect(claims.value("tpm.secureboot.enabled") == nil)
        #expect(claims.value("tpm.untrusted_claims") == .array([.string("tpm.secureboot.enabled")]))
        #expect(claims.notes.contains { $0.contains("tpm.secureboot.enabled not set") })
    }

    @Test func grubKernelAndInitrdComeFromPCR9Files() throws {
        let claims = try Self.tpmClaims("goeventlog__rhel8-uefi.bin")
        guard case .string(let cmdline)? = claims.value("tpm.kernel.cmdline") else {
            Issue.record("no cmdline")
            return
        }
        #expect(cmdline.hasPrefix("(hd0,gpt2)/boot/vmlinuz-4.18.0-240.22.1.el8_3.x86_64 root=UUID="))
        // The kernel GRUB loaded is the PCR9 file entry with the `linux` command's path, or, from
        // Red Hat's GRUB, the entry "grub_linuxefi Kernel"; its digest is that entry's SHA-256.
        let files = Self.records(claims, "tpm.grub.files")
        let kernel = try #require(
            files.first {
                if case .string(let path)? = Self.field($0, .tpm, "tpm.grub.files", "path") {
                    return path == "grub_linuxefi Kernel"
                }
                return false
            })
        #expect(claims.value("tpm.kernel.digest") == Self.field(kernel, .tpm, "tpm.grub.files", "sha256"))
        #expect(claims.value("tpm.kernel.initrd_digest") != nil)
        #expect(claims.value("tpm.flags.ebs_seen") == .bool(true))
        #expect(claims.value("tpm.flags.separators_valid") == .bool(true))
    }

    @Test func eventRecordsCarryTypeDigestsAndTrust() throws {
        let claims = try Self.tpmClaims("tpm2tss__binary_measurements_hcrtm.bin")
        let events = Self.records(claims, "tpm.events")
        #expect(events.count == 204)
        let hcrtm = events[1]
        let typeIndex = try #require(ClaimSchema.Entry.eventType.index(of: "EV_EFI_HCRTM_EVENT"))
        #expect(Self.field(hcrtm, .tpm, "tpm.events", "type") == .enumeration(typeIndex))
        #expect(Self.field(hcrtm, .tpm, "tpm.events", "event_type") == .int(0x8000_0010))
        #expect(
            Self.field(hcrtm, .tpm, "tpm.events", "sha1")
                == .bytes(ClaimBytes(CorpusFile.hex("1f29fc784497b2858bd7cf698e0a949c836a0720"))))
        // The H-CRTM digest covers the CRTM, not the data "HCRTM".
        #expect(Self.field(hcrtm, .tpm, "tpm.events", "trusted") == .bool(false))
        #expect(claims.value("tpm.hcrtm") == .bool(true))
    }

    @Test func ccelClaimsAndTheTDXEntriesForTheLead() throws {
        let log = try TCGEventLog(
            parsing: CorpusFile.bytes("expected/tdx-rtmr/go-tdx-guest_ccel_cos-113_eventlog_data.bin"),
            registerKind: .ccMeasurementRegister)
        let analysis = EventLogAnalysis(log)
        var ccel = ClaimSet(schema: .ccel)
        try ccel.add(ccelLog: analysis)
        let events = Self.records(ccel, "ccel.events")
        #expect(events.count == log.events.count)
        let app = try #require(ClaimSchema.Entry.eventType.index(of: "EV_EFI_BOOT_SERVICES_APPLICATION"))
        #expect(
            events.contains {
                Self.field($0, .ccel, "ccel.events", "mr") == .int(2)
                    && Self.field($0, .ccel, "ccel.events", "type") == .enumeration(app)
            })

        // tdx.events / tdx.rtmr_replay: built here, wired into the tdx schema by the lead.
        let schema = ClaimSchema(kind: "tdx", version: 0, entries: ClaimSchema.Entry.tdxEventLogEntries)
        #expect(schema.validate().isEmpty)
        let quote = try CorpusFile.bytes("expected/tdx-rtmr/go-tdx-guest_ccel_cos-113_quote_v4.bin")
        let rtmrs = (0..<4).map { Array(quote[(376 + 48 * $0)..<(424 + 48 * $0)]) }
        var tdx = ClaimSet(schema: schema)
        try tdx.add(ccelReplay: analysis, comparison: RTMRComparison(log: log, rtmrs: rtmrs))
        #expect(tdx.value("tdx.rtmr_replay_matches") == .bool(true))
        let replay = Self.records(tdx, "tdx.rtmr_replay")
        #expect(replay.count == 4)
        #expect(replay[0].fields[1] == .enumeration(0))  // match
    }
}
