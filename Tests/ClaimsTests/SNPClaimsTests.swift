import Claims
import Evidence
import TestSupport
import Testing

@Suite("SNP claims")
struct SNPClaimsTests {
    /// Every claim name issue #7 lists, exactly as written there.
    static let issueNames = [
        "snp.version", "snp.generation", "snp.measurement", "snp.host_data", "snp.report_data", "snp.family_id",
        "snp.image_id", "snp.id_key_digest", "snp.author_key_digest", "snp.report_id", "snp.report_id_ma",
        "snp.guest_svn", "snp.vmpl", "snp.chip_id", "snp.signing_key", "snp.csp_id", "snp.verified",
        "snp.mit_vector.launch", "snp.mit_vector.current",
    ]

    @Test func everyNameTheIssueListsResolves() throws {
        for name in Self.issueNames { #expect(ClaimSchema.snp.resolve(name) != nil, "\(name)") }
        for which in ["current", "committed", "launch", "reported"] {
            for part in ["fmc", "bootloader", "tee", "snp", "microcode", "svn"] {
                #expect(ClaimSchema.snp.resolve("snp.tcb.\(which).\(part)") != nil)
            }
        }
        for which in ["current", "committed"] {
            for part in ["build", "minor", "major"] {
                #expect(ClaimSchema.snp.resolve("snp.firmware.\(which).\(part)") != nil)
            }
        }
        for step in ["report_signature", "vcek_chain", "revocation", "tcb_extensions", "chip_id", "product"] {
            #expect(ClaimSchema.snp.resolve("snp.verification.\(step)")?.type == .bool)
        }
        #expect(ClaimSchema.snp.resolve("snp.chip_id")?.type == .bytes(length: nil))
        #expect(ClaimSchema.snp.resolve("snp.tcb.reported.svn")?.type == .svn(count: 5))
        #expect(ClaimSchema.snp.resolve("snp.generation")?.type.description == "SNPGeneration")
    }

    /// The extractor stores values by slot without per-value checks (hot path): every value it
    /// produces for every SNP corpus file must conform to the claim's declared type.
    @Test func everyExtractedValueConformsToItsDeclaredType() throws {
        var checked = 0
        for url in CorpusFile.files(under: "evidence/snp") where !url.lastPathComponent.hasSuffix(".expected.json") {
            let bytes = try CorpusFile.bytes("evidence/snp/" + url.path.components(separatedBy: "evidence/snp/")[1])
            guard let kind = EvidenceKind.detect(bytes), let evidence = try? SNPEvidence(bytes, kind: kind) else {
                continue
            }
            // Version 2 reports decoded as Milan, so the TCB and CHIP_ID claims are produced too.
            var claims = ClaimSet(schema: .snp)
            try claims.add(snpEvidence: evidence.with(generation: evidence.report.generation ?? .milan))
            for (descriptor, value) in claims.present {
                #expect(value.conforms(to: descriptor.type), "\(url.lastPathComponent): \(descriptor.path)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    @Test func trusteeFlatNamesAreAliases() throws {
        let pairs = [
            ("snp.reported_tcb_snp", "snp.tcb.reported.snp"),
            ("snp.reported_tcb_bootloader", "snp.tcb.reported.bootloader"),
            ("snp.reported_tcb_tee", "snp.tcb.reported.tee"),
            ("snp.reported_tcb_microcode", "snp.tcb.reported.microcode"),
            ("snp.reported_tcb_fmc", "snp.tcb.reported.fmc"), ("snp.policy_debug_allowed", "snp.policy.debug"),
            ("snp.policy_migrate_ma", "snp.policy.migrate_ma"), ("snp.policy_smt_allowed", "snp.policy.smt"),
            ("snp.policy_single_socket", "snp.policy.single_socket"), ("snp.policy_abi_major", "snp.policy.abi_major"),
            ("snp.policy_abi_minor", "snp.policy.abi_minor"), ("snp.platform_smt_enabled", "snp.platform.smt_enabled"),
            ("snp.platform_tsme_enabled", "snp.platform.tsme_enabled"), ("snp.init_data", "snp.host_data"),
        ]
        for (alias, canonical) in pairs {
            #expect(ClaimSchema.snp.resolve(alias)?.path == canonical, "\(alias)")
        }
    }

    @Test func aTurinReportYieldsItsTCBPartsUnderCanonicalAndTrusteeNames() throws {
        let evidence = try SNPEvidence(CorpusFile.bytes("evidence/snp/oak_turin_oc_report_v5.bin"), kind: .snpReport)
        var claims = ClaimSet(schema: .snp)
        try claims.add(snpEvidence: evidence)
        // MANIFEST: REPORTED_TCB fmc0/bl1/tee0/snp2/uc71; Oak KDS URL chip id 3b42092f69c656d3.
        #expect(claims.value("snp.tcb.reported.fmc") == .int(0))
        #expect(claims.value("snp.reported_tcb_bootloader") == .int(1))
        #expect(claims.value("snp.reported_tcb_snp") == .int(2))
        #expect(claims.value("snp.reported_tcb_microcode") == .int(71))
        #expect(claims.value("snp.tcb.reported.svn") == .svn([1, 0, 2, 71, 0]))
        #expect(claims.value("snp.chip_id") == .bytes(ClaimBytes(CorpusFile.hex("3b42092f69c656d3"))))
        #expect(claims.value("snp.generation") == .enumeration(2))
        #expect(claims.value("snp.signing_key") == .enumeration(0))
        #expect(claims.value("snp.container") == .enumeration(0))
        #expect(claims.value("snp.policy_debug_allowed") == .bool(false))
        #expect(claims.value("snp.platform_info") == .int(0x67))
        #expect(claims.notes.contains { $0.contains("0x40") })  // bit 6 has no name
    }

    @Test func aMilanReportHasNoFMCAndAVersion2ReportNoTCBUntilItsGenerationIsKnown() throws {
        let milan = try SNPEvidence(CorpusFile.bytes("evidence/snp/oak_cb_report_v3_milan.bin"), kind: .snpReport)
        var claims = ClaimSet(schema: .snp)
        try claims.add(snpEvidence: milan)
        #expect(claims.value("snp.tcb.reported.fmc") == nil)
        #expect(claims.value("snp.tcb.reported.svn") == .svn([4, 0, 24, 219, 0]))

        let v2 = try SNPEvidence(CorpusFile.bytes("evidence/snp/trustee_snp_test-report.bin"), kind: .snpReport)
        var unknown = ClaimSet(schema: .snp)
        try unknown.add(snpEvidence: v2)
        #expect(unknown.value("snp.generation") == nil)
        #expect(unknown.value("snp.tcb.reported.snp") == nil && unknown.value("snp.chip_id") == nil)
        #expect(unknown.value("snp.chip_id_masked") == .bool(false))
        #expect(unknown.notes.contains { $0.contains("--product") })
        var known = ClaimSet(schema: .snp)
        try known.add(snpEvidence: v2.with(generation: .milan))
        #expect(known.value("snp.reported_tcb_snp") == .int(8))
    }

    @Test func hclRuntimeDataBecomesAClaim() throws {
        let evidence = try SNPEvidence(
            CorpusFile.bytes("evidence/snp/trustee_az-snp-vtpm_hcl_report.bin"), kind: .azureHCLReport)
        var claims = ClaimSet(schema: .snp)
        try claims.add(snpEvidence: evidence)
        #expect(claims.value("snp.container") == .enumeration(3))
        guard case .string(let text)? = claims.value("snp.hcl.runtime_data") else {
            Issue.record("no runtime data")
            return
        }
        #expect(text.contains("\"HCLAkPub\""))
    }
}

/// Notes that are kept as values and rendered when read.
@Suite("SNP claim notes")
struct SNPClaimNotesTests {
    /// PLATFORM_INFO (offset 0x40, SEV-SNP ABI spec #56860 Table 23) of the Oak Turin report has
    /// bit 6 set, which has no name in the spec: the note names the bits, and a note added later
    /// follows it.
    @Test func turinsUnnamedPlatformInfoBitIsNotedInOrder() throws {
        let bytes = try CorpusFile.bytes("evidence/snp/oak_turin_oc_report_v5.bin")
        let raw = bytes[0x40..<0x48].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(raw & 0x40 != 0)
        var claims = ClaimSet(schema: .snp)
        try claims.add(snpEvidence: try SNPEvidence(bytes, kind: .snpReport))
        let expected = "PLATFORM_INFO has bits without a name in this build: 0x\(String(raw & 0x40, radix: 16))"
        #expect(claims.notes == [expected])
        claims.notes.append("later")
        #expect(claims.notes == [expected, "later"])
    }

    @Test func aReportIntoAnotherSchemaIsRejected() throws {
        // The extractor stores by the snp schema's slots: a tdx set would get SNP values at
        // TDX claims' slots.
        let evidence = try SNPEvidence(CorpusFile.bytes("evidence/snp/oak_turin_oc_report_v5.bin"), kind: .snpReport)
        var claims = ClaimSet(schema: .tdx)
        #expect(throws: ClaimError.self) { try claims.add(snpEvidence: evidence) }
        #expect(claims.value("tdx.quote.version") == nil)
    }
}
