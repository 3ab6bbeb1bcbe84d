import Evidence
import TestSupport
import Testing

@Suite("TCG event logs")
struct TCGEventLogTests {
    static func log(_ name: String, _ kind: TCGEventLog.RegisterKind = .pcr) throws -> TCGEventLog {
        try TCGEventLog(parsing: CorpusFile.bytes(name), registerKind: kind)
    }

    @Test func cryptoAgileLogHasItsSpecIDAlgorithms() throws {
        // MANIFEST: Hygon Dhyana log, sha1+sha256+sm3_256, 204 entries including the Spec ID.
        let log = try Self.log("evidence/tpm/tpm2tss__binary_measurements_hcrtm.bin")
        #expect(log.format == .cryptoAgile)
        #expect(log.algorithms == [.sha1, .sha256, .sm3_256])
        #expect(log.events.count == 204)
        #expect(log.specID?.uintnSize == 2)
        // tpm2-tools 5.8 YAML: EventNum 1 is EV_EFI_HCRTM_EVENT in PCR0 with SHA-1 1f29fc78….
        let hcrtm = log.events[1]
        #expect(hcrtm.eventType == .efiHCRTMEvent)
        #expect(log.digest(of: hcrtm, .sha1).map { Hex.encode($0) } == "1f29fc784497b2858bd7cf698e0a949c836a0720")
        #expect(Array(hcrtm.data) == Array("HCRTM".utf8))
    }

    @Test func legacyLogIsSHA1Only() throws {
        // MANIFEST: ThinkPad TPM 1.2, legacy SHA-1, 40 entries.
        let log = try Self.log("evidence/tpm/goeventlog__linux_tpm12.bin")
        #expect(log.format == .sha1)
        #expect(log.specID == nil)
        #expect(log.events.count == 40)
        #expect(log.events.allSatisfy { $0.isLegacyFormat && $0.digestCount == 1 })
    }

    @Test func shortNoActionIsALegacyLogWithANote() throws {
        // go-attestation TestParseShortNoAction asserts this 49-byte log parses.
        let log = try Self.log("evidence/tpm/goattest__short_no_action_eventlog.bin")
        #expect(log.format == .sha1)
        #expect(log.events.count == 1)
        #expect(log.notes.contains { $0.contains("EV_NO_ACTION without a Spec ID") })
        #expect(EventData.decode(log.events[0], in: log) == .startupLocality(3))
    }

    @Test func bogusAndEmptyInputsAreTypedErrors() throws {
        // keylime create_mb_policy tests: both must be rejected.
        #expect(throws: EvidenceError(.truncated, structure: "TCG event log", field: "pcrIndex", offset: 0)) {
            try Self.log("evidence/tpm/keylime__binary_bios_measurements-empty.bin")
        }
        // "bogus\ninv…": index 0x75676f62 is no PCR.
        #expect(throws: EvidenceError(.invalidValue, structure: "TCG event log", field: "pcrIndex", offset: 0)) {
            try Self.log("evidence/tpm/keylime__binary_bios_measurements-bogus.bin")
        }
        #expect(
            EvidenceKind.detect(try CorpusFile.bytes("evidence/tpm/keylime__binary_bios_measurements-bogus.bin")) == nil
        )
    }

    @Test func zeroPaddedCCELEndsAfterSixEntries() throws {
        // Issue #6: the 1 MiB trustee CCEL ends after its Spec ID header and 5 measurement entries
        // (tpm2-tools parses 64,928 bogus EV_PREBOOT_CERT entries there).
        let log = try Self.log("evidence/ccel/trustee__CCEL_data.bin", .ccMeasurementRegister)
        #expect(log.events.count == 6)
        #expect(log.events.dropFirst().filter { $0.eventType != .noAction }.count == 5)
        #expect(log.endOffset == 1_048_576 - 1_038_754)
        #expect(log.notes.contains { $0.contains("1038754 bytes of 0x00 padding") })
    }

    @Test func ffPaddedCCELStopsAtThePadding() throws {
        // MANIFEST: 44 entries, then 244,043 bytes of 0xFF.
        let log = try Self.log("evidence/ccel/goeventlog__cos-113-intel-tdx.bin", .ccMeasurementRegister)
        #expect(log.events.count == 44)
        #expect(log.notes.contains { $0.contains("244043 bytes of 0xff padding") })
        #expect(log.algorithms == [.sha384])
        #expect(log.events[0].registerIndex == 1)  // Spec ID at MR index 1 (TDVF)
    }

    @Test func trailingBytesShorterThanAHeaderAreANote() throws {
        // tpm2-tools' specid-vendordata: vendorInfoSize 4 runs past the event, then 4 bytes "deadbeef".
        let log = try Self.log("evidence/tpm/tpm2tools__specid-vendordata.bin")
        #expect(log.events.count == 1)
        #expect(log.notes.contains { $0.contains("vendorInfoSize 4") })
        #expect(log.notes.contains { $0.contains("4 trailing byte(s)") })
        let tss = try Self.log("evidence/tpm/tpm2tss__specid-vendordata.bin")
        #expect(tss.specID.map { Hex.encode($0.vendorInfo) } == "deadbeef")
        #expect(tss.notes.isEmpty)
    }

    @Test func fewerDigestsThanAlgorithmsIsANote() throws {
        // tpm2-tools event-uefiaction: Spec ID lists 4 algorithms, the event carries 2.
        let log = try Self.log("evidence/tpm/tpm2tools__event-uefiaction.bin")
        #expect(log.algorithms == [.sha1, .sha256, .sha384, .sha512])
        #expect(log.events[1].digestCount == 2)
        #expect(log.notes.contains { $0.contains("fewer digests") })
    }

    @Test func windowsTrustPointIndexIsKept() throws {
        // MANIFEST: the last entry of the option-ROM log has PCRIndex 0xFFFFFFFF.
        let log = try Self.log("evidence/tpm/goattest__option_rom_eventlog.bin")
        #expect(log.events.last?.registerIndex == UInt32.max)
        #expect(log.events.last?.eventType == .noAction)
        #expect(log.notes.contains { $0.contains("0xFFFFFFFF") })
    }

    static func specID(numberOfAlgorithms: [UInt8], major: UInt8 = 2) -> [UInt8] {
        // go-attestation TestParseSpecIDEvent vectors, wrapped in a legacy EV_NO_ACTION entry.
        var data = Array("Spec ID Event03".utf8) + [0, 0, 0, 0, 0, 0, major, 0, 2]
        data += numberOfAlgorithms + [0x04, 0x00, 0x14, 0x00, 0x02, 0x00, 0x00]
        return [0, 0, 0, 0, 3, 0, 0, 0] + [UInt8](repeating: 0, count: 20) + [UInt8(data.count), 0, 0, 0] + data
    }

    @Test func specIDWithVersion1IsUnsupported() throws {
        #expect(
            throws: EvidenceError(
                .unsupportedVersion, structure: "TCG_EfiSpecIDEvent", field: "specVersionMajor", offset: 32 + 21)
        ) {
            try TCGEventLog(parsing: Self.specID(numberOfAlgorithms: [1, 0, 0, 0], major: 1))
        }
    }

    @Test func maliciousNumberOfAlgorithmsIsRejected() throws {
        #expect(
            throws: EvidenceError(
                .lengthOutOfRange, structure: "TCG_EfiSpecIDEvent", field: "numberOfAlgorithms", offset: 32 + 24)
        ) {
            try TCGEventLog(parsing: Self.specID(numberOfAlgorithms: [0xFF, 0xFF, 0xFF, 0xFF]))
        }
        #expect(try TCGEventLog(parsing: Self.specID(numberOfAlgorithms: [1, 0, 0, 0])).algorithms == [.sha1])
    }

    @Test func undeclaredDigestAlgorithmIsATypedError() throws {
        var bytes = Self.specID(numberOfAlgorithms: [1, 0, 0, 0])
        // A TCG_PCR_EVENT2 in PCR0 with one SHA-256 digest the Spec ID does not declare.
        bytes += [0, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x0B, 0x00] + [UInt8](repeating: 0, count: 32) + [0, 0, 0, 0]
        let algOffset = bytes.count - 32 - 4 - 2
        #expect(
            throws: EvidenceError(
                .invalidValue, structure: "TCG event log", field: "digests.hashAlg", offset: algOffset)
        ) {
            try TCGEventLog(parsing: bytes)
        }
    }

    @Test func eventSizeOf3GBIsTruncatedNotATrap() throws {
        // go-attestation TestParseEventLogEventSizeTooLarge: event size 0x47efbfbd.
        let bytes: [UInt8] =
            [0x04, 0, 0, 0, 0x0D, 0, 0, 0] + [UInt8](repeating: 0x31, count: 20) + [0xBD, 0xBF, 0xEF, 0x47, 0, 0, 0, 0]
        #expect(throws: EvidenceError(.truncated, structure: "TCG event log", field: "event", offset: 32)) {
            try TCGEventLog(parsing: bytes)
        }
    }

    @Test func kindsAreDetectedByShape() throws {
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/tpm/goeventlog__rhel8-uefi.bin")) == .tcgEventLog)
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/tpm/goeventlog__debian-10.bin")) == .tcgEventLog)
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/ccel/trustee__CCEL_data_grub.bin")) == .ccelLog)
        // Spec ID at MR index 0 (older TDVF): a single SHA-384 bank with indices ≤ 4.
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/ccel/trustee__CCEL_data.bin")) == .ccelLog)
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/ccel/trustee__CCEL_data_csv.bin")) == .ccelLog)
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/ccel/goeventlog__CCEL.bin")) == .ccelACPITable)
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/cel/gotpmtools__cel.tlv.bin")) == .celTLV)
        #expect(
            EvidenceKind.detect(try CorpusFile.bytes("evidence/tpm-quote/goattest__windows_gcp_quote.bin")) == .tpmQuote
        )
        // TDX quotes are never taken for logs.
        #expect(EvidenceKind.detect(try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")) == .tdxQuote)
    }
}

@Suite("TCG event data")
struct TCGEventDataTests {
    @Test func secureBootVariableAndDevicePathDecode() throws {
        let log = try TCGEventLog(parsing: CorpusFile.bytes("evidence/tpm/goeventlog__rhel8-uefi.bin"))
        let decoded = log.events.map { EventData.decode($0, in: log) }
        // tpm2-tools 5.8 YAML for this log: a SecureBoot variable with Enabled 'Yes' and shim at
        // \EFI\redhat\shimx64.efi.
        let secureBoot = decoded.compactMap { data -> UEFIVariableData? in
            if case .variable(let v) = data, v.unicodeName == "SecureBoot" { return v }
            return nil
        }.first
        #expect(secureBoot?.variableName.description == "8be4df61-93ca-11d2-aa0d-00e098032b8c")
        #expect(secureBoot.map { Array($0.variableData) } == [1])
        let paths = decoded.compactMap { data -> String? in
            if case .imageLoad(_, let path) = data { return path }
            return nil
        }
        #expect(
            paths.contains { $0.hasSuffix("/\\EFI\\redhat\\shimx64.efi") && $0.hasPrefix("PciRoot(0x0)/Pci(0x3,0x0)") })
    }

    @Test func grubStringsAreClassified() {
        #expect(
            IPLEvent(Array("grub_cmd: linux /vmlinuz ro\0".utf8)[...])
                == .grubCommand("linux /vmlinuz ro", prefix: "grub_cmd: "))
        #expect(
            IPLEvent(Array("kernel_cmdline: /vmlinuz ro\0".utf8)[...])
                == .kernelCommandLine("/vmlinuz ro", prefix: "kernel_cmdline: "))
        #expect(IPLEvent(Array("MokList\0".utf8)[...]) == .shimVariable("MokList"))
        #expect(IPLEvent([0x61, 0x00, 0x62, 0x00][...]) == .utf16("ab"))
    }

    @Test func guidTextRoundTrips() throws {
        let bytes: [UInt8] = [
            0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2, 0x11, 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c,
        ]
        let guid = try #require(EFIGUID(storageBytes: bytes))
        #expect(guid.description == "8be4df61-93ca-11d2-aa0d-00e098032b8c")
        #expect(EFIGUID(guid.description) == guid)
    }

    @Test func ccelTableMatchesGoEventlogAssertion() throws {
        // go-eventlog TestParseCCACPITable: LAML 65536, CC type TDX.
        var reader = ByteReader(
            try CorpusFile.bytes("evidence/ccel/goeventlog__CCEL.bin"), structure: "ACPI CCEL table")
        let table = try CCELTable(parsing: &reader)
        #expect(table.logAreaMinimumLength == 65536)
        #expect(table.ccType == 2)
        #expect(table.ccTypeName == "TDX")
        var short = ByteReader(
            Array(try CorpusFile.bytes("evidence/ccel/goeventlog__CCEL.bin").prefix(55)), structure: "t")
        #expect(throws: EvidenceError(.truncated, structure: "t", field: "Signature", offset: 0)) {
            try CCELTable(parsing: &short)
        }
        var wrong = try CorpusFile.bytes("evidence/ccel/goeventlog__CCEL.bin")
        wrong[36] = 3
        var wrongReader = ByteReader(wrong, structure: "t")
        #expect(throws: EvidenceError(.invalidValue, structure: "t", field: "CC Type", offset: 36)) {
            try CCELTable(parsing: &wrongReader)
        }
    }

    @Test func celLogHasEighteenRTMR3Records() throws {
        // MANIFEST: 18 records, index type 108 (CC MR) value 4, SHA-384, content type 80.
        let log = try CELLog(parsing: CorpusFile.bytes("evidence/cel/gotpmtools__cel.tlv.bin"))
        #expect(log.records.count == 18)
        #expect(log.records.allSatisfy { $0.indexType == 108 && $0.index == 4 && $0.contentType == 80 })
        #expect(log.records.allSatisfy { $0.digests.map(\.algorithm) == [.sha384] })
        #expect(log.records.map(\.recnum) == (0..<18).map { UInt64($0) })
    }

    @Test func windowsQuoteAndAKParse() throws {
        let quote = try TPMQuote(parsing: CorpusFile.bytes("evidence/tpm-quote/goattest__windows_gcp_quote.bin"))
        #expect(quote.attest.pcrSelection.count == 1)
        #expect(quote.attest.pcrSelection[0].hash == .sha1)
        #expect(quote.attest.pcrSelection[0].pcrs == Array(0..<24))
        #expect(quote.attest.extraData.isEmpty)
        #expect(quote.signature.signatureAlgorithm == .rsassa)
        #expect(quote.signature.hash == .sha1)
        #expect(quote.signature.signature.count == 256)
        let ak = try TPMTPublic(parsing: CorpusFile.bytes("collateral/tpm/goattest__windows_gcp_ak.tpm2b_public.bin"))
        #expect(ak.type == .rsa)
        #expect(ak.nameAlg == .sha256)
        if case .rsa(let modulus, let exponent) = ak.key {
            #expect(modulus.count == 256)
            #expect(exponent == 65537)
        } else {
            Issue.record("not an RSA key")
        }
    }

    @Test func quoteWithWrongTypeFailsBeforeItsFields() throws {
        var bytes = try CorpusFile.bytes("evidence/tpm-quote/goattest__windows_gcp_quote.bin")
        bytes[5] = 0x17  // TPM_ST_ATTEST_CERTIFY
        #expect(throws: EvidenceError(.invalidValue, structure: "TPMS_ATTEST", field: "type", offset: 4)) {
            try TPMQuote(parsing: bytes)
        }
    }
}
