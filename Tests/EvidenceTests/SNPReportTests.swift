import Evidence
import TestSupport
import Testing

/// SEV-SNP ATTESTATION_REPORT parsing: real reports → the values their sources assert
/// (Corpus/PROVENANCE.md, shared MANIFEST.md); malformed reports → the exact typed error.
@Suite("SNPReport")
struct SNPReportTests {
    static func report(_ name: String) throws -> [UInt8] { try CorpusFile.bytes("evidence/snp/\(name)") }

    static func u32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }

    // MARK: Real reports, asserted values

    @Test func goSevGuestV2MilanCarriesTheValuesItsTestsAssert() throws {
        // go-sev-guest verify_test.go TestRealAttestationVerification / tools/check "good" values.
        let report = try SNPReport(Self.report("go-sev-guest_report_v2_milan_attestation.bin"), generation: .milan)
        #expect(report.version == 2)
        #expect(report.cpuid == nil)
        #expect(report.generation == .milan)
        #expect(
            Hex.encode(report.measurement)
                == "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01")
        #expect(Hex.encode(report.reportID) == "8edc638e1857c555d21f6b11bda3c8b1b5a09dba4852b4c8ee7aa2f16f22cc0a")
        #expect(report.reportIDMA.allSatisfy { $0 == 0xFF })
        #expect(
            Hex.encode(report.chipID ?? [])
                == "3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e53786184ca39e359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d"
        )
        #expect(Array(report.reportData.prefix(5)) == [1, 2, 3, 4, 5])
        #expect(report.reportData.dropFirst(5).allSatisfy { $0 == 0 })
        #expect(report.hostData.allSatisfy { $0 == 0 } && report.familyID.allSatisfy { $0 == 0 })
        // minimum_tcb = 4901323769462652930 = 0x4405000000000002 → bl 2, tee 0, snp 5, ucode 68.
        #expect(report.rawReportedTCB == 4_901_323_769_462_652_930)
        let reported = try #require(report.reportedTCB)
        #expect([reported.bootLoader, reported.tee, reported.snp, reported.microcode] == [2, 0, 5, 68])
        #expect(reported.fmc == nil)
        #expect(report.launchTCB?.raw == 0x4405_0000_0000_0002)
        // Guest policy Debug + SMT (0xb0000 with reserved bit 17), VMPL 0, platform_info 1, no ID block.
        #expect(report.policy.raw == 0xB0000)
        #expect(report.policy.debug && report.policy.smt && !report.policy.migrateMA)
        #expect(report.vmpl == 0)
        #expect(report.platformInfo.raw == 1 && report.platformInfo.smtEnabled)
        #expect(!report.signerInfo.authorKeyEnabled && report.signerInfo.signingKey == .vcek)
        #expect(report.currentVersion.description == "1.49.3")
    }

    @Test func aVersion2ReportWithoutAGenerationKeepsItsTCBRaw() throws {
        let report = try SNPReport(Self.report("trustee_snp_test-report.bin"))
        #expect(report.generation == nil)
        #expect(report.reportedTCB == nil && report.currentTCB == nil && report.chipID == nil)
        #expect(report.rawReportedTCB == 0x7308_0000_0000_0003)
        // With the generation given (--product Milan), it decodes: trustee asserts 3/0/8/115.
        let milan = try report.with(generation: .milan)
        let reported = try #require(milan.reportedTCB)
        #expect([reported.bootLoader, reported.tee, reported.snp, reported.microcode] == [3, 0, 8, 115])
        #expect(milan.currentTCB?.raw != milan.reportedTCB?.raw)  // MANIFEST: CURRENT_TCB ≠ REPORTED_TCB
    }

    @Test func aVersion2ReportDecodedAsTurinFailsOnTheReservedTCBBytes() throws {
        // As Turin, this Milan report's 64-byte CHIP_ID is already too long …
        #expect(
            throws: EvidenceError(
                .reservedNotZero, structure: SNPReport.structure, field: "CHIP_ID bytes 8–63", offset: 0x1A8)
        ) {
            try SNPReport(Self.report("trustee_snp_test-report.bin"), generation: .turin)
        }
        // … and with CHIP_ID masked, 0xce08000000000003 read with the Turin layout puts 0x08 into
        // reserved byte 6 of CURRENT_TCB.
        var masked = try Self.report("trustee_snp_test-report.bin")
        masked.replaceSubrange(0x1A0..<0x1E0, with: repeatElement(0, count: 64))
        #expect(
            throws: EvidenceError(
                .reservedNotZero, structure: SNPReport.structure, field: "CURRENT_TCB byte 6", offset: 0x3E)
        ) {
            try SNPReport(masked, generation: .turin)
        }
    }

    @Test func turinV5DecodesItsTCBWithTheTurinLayout() throws {
        // MANIFEST: v5 Turin, CPUID 1a/02/01, REPORTED_TCB 0x4700000002000100 = fmc0 bl1 tee0 snp2 uc71,
        // PLATFORM_INFO 0x67, chip id 3b42092f69c656d3 (Oak's KDS URL).
        let report = try SNPReport(Self.report("oak_turin_oc_report_v5.bin"))
        #expect(report.version == 5)
        #expect(report.cpuid == CPUID(family: 0x1A, model: 0x02, stepping: 0x01))
        #expect(report.generation == .turin)
        let reported = try #require(report.reportedTCB)
        #expect(reported.raw == 0x4700_0000_0200_0100)
        #expect(
            [reported.fmc, reported.bootLoader, reported.tee, reported.snp, reported.microcode] == [0, 1, 0, 2, 71])
        #expect(reported.svn == [1, 0, 2, 71, 0])
        #expect(Hex.encode(report.chipID ?? []) == "3b42092f69c656d3")
        #expect(report.platformInfo.raw == 0x67)
        #expect(report.platformInfo.unnamedBits == 0x40)  // bit 6: reserved in the public ABI
        #expect(report.launchMitVector == 0 && report.currentMitVector == 0)
        #expect(report.currentVersion.description == "1.55.61")
    }

    @Test func genoaV5CarriesItsMitigationVectors() throws {
        // MANIFEST: v5 Genoa (fam 0x19 model 0x11 step 1), mit vectors 0x1/0x1, TCB 10/0/25/84.
        let report = try SNPReport(Self.report("oak_genoa_oc_report_v5.bin"))
        #expect(report.generation == .genoa)
        #expect(report.cpuid == CPUID(family: 0x19, model: 0x11, stepping: 1))
        #expect(report.launchMitVector == 1 && report.currentMitVector == 1)
        #expect(report.reportedTCB?.svn == [10, 0, 25, 84, 0])
        #expect(report.chipID?.count == 64)
    }

    @Test func theVLEKReportIsMaskedAtVMPL1() throws {
        // MANIFEST: v3 Milan, VLEK (AWS us-east-2), VMPL 1, MASK_CHIP_ID (chip 0), TCB 4/0/24/217.
        let report = try SNPReport(Self.report("trustee_snp_test-vlek-report.bin"))
        #expect(report.signerInfo.signingKey == .vlek)
        #expect(report.vmpl == 1)
        #expect(report.isChipIDMasked)
        #expect(report.reportedTCB?.svn == [4, 0, 24, 217, 0])
    }

    @Test func milanV3FromOak() throws {
        let report = try SNPReport(Self.report("oak_milan_oc_release_report_v3.bin"))
        #expect(report.version == 3 && report.generation == .milan)
        #expect(report.reportedTCB?.raw == 0xDB18_0000_0000_0004)
        #expect(report.currentVersion.description == "1.55.29")
        #expect(report.launchMitVector == nil)
    }

    // MARK: Version dispatch

    @Test(arguments: [0, 1, 6, 7, 0x0200_0000, UInt32.max])
    func unknownVersionsAreTypedErrorsBeforeAnythingElse(version: UInt32) throws {
        var bytes = try Self.report("oak_milan_oc_release_report_v3.bin")
        bytes.replaceSubrange(0..<4, with: Self.u32(version))
        #expect(throws: EvidenceError(.unsupportedVersion, structure: SNPReport.structure, field: "VERSION", offset: 0))
        {
            try SNPReport(bytes)
        }
        // Even when the rest of the report is missing, the version decides first.
        #expect(throws: EvidenceError(.unsupportedVersion, structure: SNPReport.structure, field: "VERSION", offset: 0))
        {
            try SNPReport(Array(bytes.prefix(8)))
        }
    }

    @Test func theAllZeroReportIsRejectedAtTheVersion() throws {
        #expect(throws: EvidenceError(.unsupportedVersion, structure: SNPReport.structure, field: "VERSION", offset: 0))
        {
            try SNPReport(Self.report("oak_fake_report_allzero.bin"))
        }
    }

    @Test func version4IsReadWithTheVersion3FieldsAndItsVersion5RangeMustBeZero() throws {
        var bytes = try Self.report("oak_milan_oc_release_report_v3.bin")
        bytes.replaceSubrange(0..<4, with: Self.u32(4))
        let v4 = try SNPReport(bytes)
        #expect(v4.version == 4 && v4.cpuid != nil && v4.launchMitVector == nil)
        bytes[0x1F8] = 1
        #expect(
            throws: EvidenceError(
                .reservedNotZero, structure: SNPReport.structure, field: "reserved 0x1F8 (before version 5)",
                offset: 0x1F8)
        ) { try SNPReport(bytes) }
    }

    // MARK: Reserved ranges and fields, each a typed error naming the range

    static let reservedCases: [(file: String, offset: Int, value: UInt8, code: EvidenceError.Code, field: String)] = [
        ("oak_milan_oc_release_report_v3.bin", 0x04C, 1, .reservedNotZero, "reserved 0x04C"),
        ("oak_milan_oc_release_report_v3.bin", 0x18B, 1, .reservedNotZero, "reserved 0x18B"),
        ("oak_milan_oc_release_report_v3.bin", 0x19F, 1, .reservedNotZero, "reserved 0x18B"),
        ("go-sev-guest_report_v2_milan_attestation.bin", 0x188, 0x19, .reservedNotZero, "reserved 0x188 (version 2)"),
        ("oak_milan_oc_release_report_v3.bin", 0x1EB, 1, .reservedNotZero, "reserved after CURRENT_MAJOR"),
        ("oak_milan_oc_release_report_v3.bin", 0x1EF, 1, .reservedNotZero, "reserved after COMMITTED_MAJOR"),
        ("oak_milan_oc_release_report_v3.bin", 0x200, 1, .reservedNotZero, "reserved 0x1F8 (before version 5)"),
        ("oak_genoa_oc_report_v5.bin", 0x208, 1, .reservedNotZero, "reserved 0x208"),
        ("oak_genoa_oc_report_v5.bin", 0x29F, 1, .reservedNotZero, "reserved 0x208"),
        ("oak_genoa_oc_report_v5.bin", 0x330, 1, .reservedNotZero, "SIGNATURE reserved"),
        ("oak_genoa_oc_report_v5.bin", 0x49F, 1, .reservedNotZero, "SIGNATURE reserved"),
        ("oak_genoa_oc_report_v5.bin", 0x04B, 0x80, .reservedNotZero, "0x48 bits 31:5"),
        ("oak_genoa_oc_report_v5.bin", 0x048, 0x08, .invalidValue, "SIGNING_KEY"),  // SIGNING_KEY 2
        ("oak_genoa_oc_report_v5.bin", 0x034, 2, .unsupportedFeature, "SIGNATURE_ALGO"),
        ("oak_genoa_oc_report_v5.bin", 0x00A, 0x02, .invalidValue, "POLICY bit 17"),  // clears bit 17
        ("oak_genoa_oc_report_v5.bin", 0x00F, 0x01, .reservedNotZero, "POLICY bits 63:26"),
        ("oak_genoa_oc_report_v5.bin", 0x188, 0x17, .unsupportedFeature, "CPUID_FAM_ID"),
        ("oak_turin_oc_report_v5.bin", 0x1B0, 1, .reservedNotZero, "CHIP_ID bytes 8–63"),
        ("oak_turin_oc_report_v5.bin", 0x184, 1, .reservedNotZero, "REPORTED_TCB byte 4"),
        ("oak_genoa_oc_report_v5.bin", 0x1E2, 1, .reservedNotZero, "COMMITTED_TCB byte 2"),
    ]

    @Test(arguments: 0..<reservedCases.count)
    func reservedRangesAndFieldsAreTypedErrors(index: Int) throws {
        let c = Self.reservedCases[index]
        var bytes = try Self.report(c.file)
        bytes[c.offset] ^= c.value
        do {
            _ = try SNPReport(bytes, generation: .milan)
            Issue.record("byte 0x\(String(c.offset, radix: 16)) of \(c.file) changed must fail")
        } catch {
            #expect(error.code == c.code)
            #expect(error.field == c.field)
            #expect(error.structure == SNPReport.structure)
            #expect(error.offset >= 0 && error.offset <= c.offset)
        }
    }

    @Test func trailingBytesAfterABareReportAreAnError() throws {
        let bytes = try Self.report("oak_genoa_oc_report_v5.bin") + [0]
        #expect(
            throws: EvidenceError(
                .lengthOutOfRange, structure: SNPReport.structure, field: "end of report", offset: 0x4A0)
        ) {
            try SNPReport(bytes)
        }
    }

    // MARK: Robustness: every prefix, 10,000 single-byte flips

    static let realReports = [
        "go-sev-guest_report_v2_milan_attestation.bin", "trustee_snp_test-report.bin",
        "trustee_snp_test-vlek-report.bin",
        "oak_cb_report_v3_milan.bin", "oak_genoa_oc_report_v5.bin", "oak_turin_oc_report_v5.bin",
    ]

    @Test(arguments: realReports)
    func everyPrefixIsATruncationError(name: String) throws {
        let bytes = try Self.report(name)
        for length in 0..<bytes.count {
            do {
                _ = try SNPReport(Array(bytes.prefix(length)))
                Issue.record("\(name) cut to \(length) bytes parsed")
            } catch {
                #expect(error.code == .truncated, "\(name) cut to \(length): \(error)")
            }
        }
    }

    @Test(arguments: realReports)
    func randomByteFlipsEndInATypedErrorOrAFaithfulParse(name: String) throws {
        let original = try Self.report(name)
        var generator = SplitMix64(seed: 0x5E5_5A7 ^ UInt64(name.utf8.count))
        for _ in 0..<10_000 {
            var bytes = original
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            bytes[position] ^= UInt8.random(in: 1...255, using: &generator)
            do {
                let report = try SNPReport(bytes, generation: .milan)
                // A parse must reflect the bytes it was given.
                #expect(
                    report.version == UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(
                        bytes[3]) << 24)
                #expect(report.measurement.elementsEqual(bytes[0x90..<0xC0]))
                #expect(report.chipIDField.elementsEqual(bytes[0x1A0..<0x1E0]))
                #expect(report.signature.r.elementsEqual(bytes[0x2A0..<0x2E8]))
            } catch {
                #expect(EvidenceError.Code.allCases.contains(error.code))
                #expect(error.offset >= 0 && error.offset < bytes.count)
            }
        }
    }
}
