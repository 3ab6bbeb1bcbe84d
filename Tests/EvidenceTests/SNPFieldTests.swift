import Evidence
import TestSupport
import Testing

@Suite("SNP TCB_VERSION, generation, policy and platform bits")
struct SNPFieldTests {
    // formats-tdx-snp.md §2 examples and trustee format_tcb_prefix (MANIFEST.md).
    @Test func milanAndTuringLayoutsPlaceTheirFields() throws {
        let milan = try TCBVersion(
            raw: 0x7308_0000_0000_0003, generation: .milan, structure: "t", field: "f", offset: 0)
        #expect([milan.bootLoader, milan.tee, milan.snp, milan.microcode] == [3, 0, 8, 115])
        #expect(milan.fmc == nil)
        #expect(milan.svn == [3, 0, 8, 115, 0])
        let turin = try TCBVersion(
            raw: 0x4700_0000_0200_0100, generation: .turin, structure: "t", field: "f", offset: 0)
        #expect([turin.fmc, turin.bootLoader, turin.tee, turin.snp, turin.microcode] == [0, 1, 0, 2, 71])
        // trustee: Turin (bl 3, tee 1, snp 8, ucode 15, fmc 5) → "bl03_tee01_snp08_ucode15_fmc05".
        let trustee = try TCBVersion(
            raw: 0x0F00_0000_0801_0305, generation: .turin, structure: "t", field: "f", offset: 0)
        #expect(trustee.svn == [3, 1, 8, 15, 5])
        // Genoa shares Milan's layout.
        let genoa = try TCBVersion(
            raw: 0x5419_0000_0000_000A, generation: .genoa, structure: "t", field: "f", offset: 0)
        #expect(genoa.svn == [10, 0, 25, 84, 0])
    }

    @Test func aTCBReadWithTheWrongLayoutHitsAReservedByte() {
        // Milan 0xdb18000000000004 as Turin: byte 6 (0x18) is reserved there.
        #expect(throws: EvidenceError(.reservedNotZero, structure: "t", field: "f byte 6", offset: 106)) {
            try TCBVersion(raw: 0xDB18_0000_0000_0004, generation: .turin, structure: "t", field: "f", offset: 100)
        }
        // Turin 0x4700000002000100 as Milan: byte 3 (0x02) is reserved there.
        #expect(throws: EvidenceError(.reservedNotZero, structure: "t", field: "f byte 3", offset: 3)) {
            try TCBVersion(raw: 0x4700_0000_0200_0100, generation: .milan, structure: "t", field: "f", offset: 0)
        }
    }

    @Test func generationComesFromCPUIDRangesOnly() {
        #expect(SNPGeneration(cpuidFamily: 0x19, model: 0x01) == .milan)
        #expect(SNPGeneration(cpuidFamily: 0x19, model: 0x11) == .genoa)
        #expect(SNPGeneration(cpuidFamily: 0x19, model: 0xA0) == .genoa)  // trustee e2e evidence (Siena/Bergamo)
        #expect(SNPGeneration(cpuidFamily: 0x1A, model: 0x02) == .turin)
        #expect(SNPGeneration(cpuidFamily: 0x1A, model: 0x50) == nil)  // Venice (virtee PR #396): unknown layout
        #expect(SNPGeneration(cpuidFamily: 0x19, model: 0x21) == nil)
        #expect(SNPGeneration(cpuidFamily: 0x17, model: 0x31) == nil)
        #expect(SNPGeneration(productName: "Milan-B0") == .milan)
        #expect(SNPGeneration(productName: "genoa") == .genoa)
        #expect(SNPGeneration(productName: "Turin") == .turin)
        #expect(SNPGeneration(productName: "Venice") == nil)
        #expect(SNPGeneration(productName: "") == nil)
        #expect(SNPGeneration.turin.chipIDLength == 8 && SNPGeneration.milan.chipIDLength == 64)
    }

    @Test func policyAndPlatformBitsHaveNames() throws {
        let reader = ByteReader([], structure: "t")
        // 0x3001f: ABI 0.31, SMT allowed (trustee test report); 0xb0000: debug + SMT (go-sev-guest).
        let azure = try GuestPolicy(raw: 0x3001F, reader: reader, offset: 0)
        #expect(azure.abiMinor == 31 && azure.abiMajor == 0 && azure.smt && !azure.debug)
        let every = try GuestPolicy(raw: 0x3FF_FFFF, reader: reader, offset: 0)
        #expect(
            [
                every.smt, every.migrateMA, every.debug, every.singleSocket, every.cxlAllow, every.memAES256XTS,
                every.raplDis, every.ciphertextHiding, every.pageSwapDisable,
            ].allSatisfy { $0 })
        #expect(throws: EvidenceError(.reservedNotZero, structure: "t", field: "POLICY bits 63:26", offset: 0)) {
            try GuestPolicy(raw: 0x403_0000, reader: reader, offset: 0)
        }
        let turin = PlatformInfo(raw: 0x67)  // Oak Turin
        #expect(turin.smtEnabled && turin.tsmeEnabled && turin.eccEnabled && turin.aliasCheckComplete)
        #expect(!turin.raplDisabled && !turin.ciphertextHidingEnabled && !turin.tioEnabled)
        #expect(PlatformInfo(raw: 0x80).tioEnabled)
        let signer = try SignerInfo(raw: 0b111_11, reader: reader, offset: 0)
        #expect(signer.signingKey == .none && signer.maskChipKey && signer.authorKeyEnabled)
    }
}
