import Appraisal
import Claims
import Endorsement
import Evidence
import TestSupport
import Testing

/// SEV-SNP verification against the sources' asserted results: every real report verifies
/// with its VCEK/VLEK (at Oak's test time, inside every certificate's window), and each kind
/// of damage fails at its own step.
@Suite("SNP verification")
struct SNPVerificationTests {
    /// Oak's verifier tests run at 2025-09-12T00:00:00Z (MANIFEST.md); every VCEK/VLEK in
    /// Corpus/collateral/amd is valid then (the VLEK only 2024-12-10 … 2025-12-10).
    static let at = time("2025-09-12T00:00:00Z")
    static let amd = (try? CollateralStore(directory: CorpusFile.url("collateral/amd").path)) ?? CollateralStore()

    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(secondsSinceEpoch: 0) }

    static func options(_ store: CollateralStore = amd, at: Timestamp = at, product: String? = nil)
        -> VerificationOptions
    {
        VerificationOptions(collateral: store, time: at, product: product)
    }

    static func verify(
        _ name: String, _ options: VerificationOptions = options(), mutate: (inout [UInt8]) -> Void = { _ in }
    ) throws -> VerificationReport {
        var bytes = try CorpusFile.bytes("evidence/snp/\(name)")
        mutate(&bytes)
        return try EvidenceVerifier.verify(bytes, options: options)
    }

    static func status(_ report: VerificationReport, _ step: String) -> VerificationStep.Status? {
        report.steps.first { $0.name == step }?.status
    }

    static let verifying: [String] = [
        "go-sev-guest_report_v2_milan_attestation.bin", "trustee_snp_test-report.bin",
        "trustee_snp_test-vlek-report.bin", "oak_cb_report_v3_milan.bin", "oak_milan_oc_release_report_v3.bin",
        "oak_milan_oc_staging_report_v3.bin", "oak_genoa_oc_report_v5.bin", "oak_turin_oc_report_v5.bin",
        "trustee_az-snp-vtpm_hcl_report.bin", "trustee_az-snp-vtpm_evidence-v0.hcl_report.bin",
        "trustee_az-snp-vtpm_evidence-v1.hcl_report.bin", "trustee_az-snp-vtpm_evidence-v2.hcl_report.bin",
        "trustee_az-snp-vtpm_evidence-genoa.hcl_report.bin", "trustee_e2e_snp_evidence_with_certchain.json",
        "synthetic/extended_report_oak_genoa_v5.bin", "synthetic/configfs_tsm_oak_turin_v5.json",
    ]

    @Test(arguments: verifying)
    func everyRealReportVerifiesWithItsEndorsementKey(name: String) throws {
        let report = try Self.verify(name)
        #expect(report.passed, "\(name): \(report.steps.filter { $0.status != .passed }.map(\.detail))")
        let claims = try #require(report.claims.first)
        #expect(claims.value("snp.verified") == .bool(true))
        #expect(claims.value("snp.verification.report_signature") == .bool(true))
        #expect(claims.value("snp.verification.vcek_chain") == .bool(true))
        #expect(claims.value("snp.verification.tcb_extensions") == .bool(true))
        #expect(claims.value("snp.verification.product") == .bool(true))
        #expect(claims.value("snp.verification.revocation") == .bool(false))  // no CRL in the bundle
        #expect(Self.status(report, "revocation") == .skipped)
        #expect(claims.value("snp.generation") != nil && claims.value("snp.tcb.reported.svn") != nil)
        #expect(claims.value("snp.product_name") != nil)
        #expect(claims.value("snp.verification.valid_until") != nil)
    }

    @Test func theVersion2ReportTakesItsGenerationFromTheVCEK() throws {
        // go-sev-guest: product Milan, chain to ask_ark_milan, TCB 2/0/5/68.
        let report = try Self.verify("go-sev-guest_report_v2_milan_attestation.bin")
        let claims = try #require(report.claims.first)
        #expect(claims.value("snp.generation") == .enumeration(0))
        #expect(claims.value("snp.tcb.reported.svn") == .svn([2, 0, 5, 68, 0]))
        #expect(claims.value("snp.product_name") == .string("Milan-B0"))
        #expect(claims.notes.contains { $0.contains("taken from the VCEK product name Milan-B0") })
        #expect(report.steps.first?.detail == "SEV-VCEK → SEV-Milan → ARK-Milan")  // 3-certificate chain
        // An explicit --product that contradicts the VCEK fails the product step.
        let genoa = try Self.verify("go-sev-guest_report_v2_milan_attestation.bin", Self.options(product: "Genoa"))
        #expect(Self.status(genoa, "product") == .failed)
        #expect(!genoa.passed)
    }

    @Test func turinVerifiesAgainstTheTurinChainWithTheTurinLayout() throws {
        let report = try Self.verify("oak_turin_oc_report_v5.bin")
        #expect(report.passed)
        #expect(report.steps.first?.detail == "SEV-VCEK → SEV-Turin → ARK-Turin")
        #expect(report.steps.first { $0.name == "TCB extensions" }?.detail == "bl 1 tee 0 snp 2 ucode 71 fmc 0")
        let claims = try #require(report.claims.first)
        #expect(claims.value("snp.chip_id") == .bytes(ClaimBytes(CorpusFile.hex("3b42092f69c656d3"))))
        #expect(claims.value("snp.tcb.reported.fmc") == .int(0))
    }

    @Test func theVLEKReportSkipsTheChipIDAndNamesItsProvider() throws {
        let report = try Self.verify("trustee_snp_test-vlek-report.bin")
        #expect(report.passed)
        #expect(report.steps.first?.name == "VLEK chain")
        #expect(report.steps.first?.detail == "SEV-VLEK → SEV-VLEK-Milan → ARK-Milan")
        #expect(Self.status(report, "chip id") == .skipped)
        let claims = try #require(report.claims.first)
        #expect(claims.value("snp.csp_id") == .string("CN=cc-us-east-2.amazonaws.com"))
        #expect(claims.value("snp.verification.chip_id_skipped") == .bool(true))
        #expect(claims.value("snp.signing_key") == .enumeration(1))
    }

    @Test func aMaskedChipIDSkipsTheHWIDCheckAndSaysSo() throws {
        // No public VCEK report has MASK_CHIP_ID set; zeroing CHIP_ID of a real one breaks its
        // signature, but the chip id step must be skipped (not failed) and the claim say why.
        let report = try Self.verify("oak_genoa_oc_report_v5.bin") { bytes in
            bytes.replaceSubrange(0x1A0..<0x1E0, with: repeatElement(0, count: 64))
        }
        #expect(Self.status(report, "chip id") == .skipped)
        #expect(report.steps.first { $0.name == "chip id" }?.detail.contains("MASK_CHIP_ID") == true)
        let claims = try #require(report.claims.first)
        #expect(claims.value("snp.chip_id_masked") == .bool(true))
        #expect(claims.value("snp.verification.chip_id_skipped") == .bool(true))
        #expect(report.firstFailure?.name == "report signature")
    }

    // MARK: Damage, step by step

    @Test func theAllZeroReportIsRejectedAtParsing() throws {
        #expect(throws: AppraisalError.self) { try Self.verify("oak_fake_report_allzero.bin") }
        do {
            _ = try Self.verify("oak_fake_report_allzero.bin")
        } catch let error as AppraisalError {
            guard case .parse(let parse) = error else {
                Issue.record("expected a parse error, got \(error)")
                return
            }
            #expect(parse.code == .unsupportedVersion && parse.field == "VERSION")
        }
    }

    @Test func trusteesTamperedBytesFailAtTheStepsTrusteeAsserts() throws {
        // trustee snp/mod.rs: byte 42 +1 → signature fails; byte 384 (REPORTED_TCB.bootloader) +1 → TCB mismatch.
        let signature = try Self.verify("trustee_snp_test-report.bin") { $0[42] &+= 1 }
        #expect(signature.firstFailure?.name == "report signature")
        #expect(signature.firstFailure?.error?.code == .signatureInvalid)
        let tcb = try Self.verify("trustee_snp_test-report.bin") { $0[384] &+= 1 }
        #expect(tcb.firstFailure?.name == "TCB extensions")
        #expect(tcb.firstFailure?.error?.code == .tcbMismatch)
        #expect(Self.status(tcb, "report signature") == .failed)  // the signed area changed too
        // virtee/sev: POLICY byte 21 ^ 0x80 → fails.
        let policy = try Self.verify("oak_milan_oc_release_report_v3.bin") { $0[21] ^= 0x80 }
        #expect(!policy.passed)
    }

    @Test func azureTamperingFailsTheRuntimeDataBindingOrTheTCB() throws {
        // trustee az-snp-vtpm: byte 0x6e0 +1 → "HCL variable data digest doesn't match SNP report data";
        // byte 0x1a6 := 0 (report 0x186 = REPORTED_TCB.snp) → "SNP version mismatch".
        let runtime = try Self.verify("trustee_az-snp-vtpm_hcl_report.bin") { $0[0x6E0] &+= 1 }
        #expect(runtime.firstFailure?.name == "HCL runtime data")
        #expect(runtime.steps.filter { $0.status == .failed }.map(\.name) == ["HCL runtime data"])
        let snp = try Self.verify("trustee_az-snp-vtpm_hcl_report.bin") { $0[0x1A6] = 0 }
        #expect(snp.firstFailure?.name == "TCB extensions")
        #expect(snp.firstFailure?.detail.contains("snpSPL 8≠0") == true)
    }

    /// Every real binary report (Trustee's JSON rebuilds the same bytes as a Genoa one): every
    /// byte of the signed area changed, one at a time, is never verified. A changed
    /// MEASUREMENT, REPORT_DATA or HOST_DATA is a signature failure; a changed REPORTED_TCB part a
    /// TCB failure (trustee); a changed CHIP_ID of a VCEK report a chip id failure.
    @Test(arguments: [
        "go-sev-guest_report_v2_milan_attestation.bin", "trustee_snp_test-report.bin",
        "trustee_snp_test-vlek-report.bin", "oak_cb_report_v3_milan.bin", "oak_milan_oc_release_report_v3.bin",
        "oak_milan_oc_staging_report_v3.bin", "oak_genoa_oc_report_v5.bin", "oak_turin_oc_report_v5.bin",
        "trustee_az-snp-vtpm_hcl_report.bin", "trustee_az-snp-vtpm_evidence-v0.hcl_report.bin",
        "trustee_az-snp-vtpm_evidence-v1.hcl_report.bin", "trustee_az-snp-vtpm_evidence-v2.hcl_report.bin",
        "trustee_az-snp-vtpm_evidence-genoa.hcl_report.bin",
    ])
    func everyChangedByteOfTheSignedAreaIsRejected(name: String) throws {
        let original = try CorpusFile.bytes("evidence/snp/\(name)")
        let base = original.starts(with: Array("HCLA".utf8)) ? 0x20 : 0
        let isVCEK = original[base + 0x48] & 0x1C == 0
        for offset in 0..<SNPReport.signedSize {
            var bytes = original
            bytes[base + offset] ^= 0x01
            let report: VerificationReport
            do {
                report = try EvidenceVerifier.verify(bytes, options: Self.options())
            } catch {
                continue  // rejected at parsing (version, reserved bits, CPUID …): also a rejection
            }
            let at = "\(name): byte 0x\(String(offset, radix: 16)) failed at \(report.firstFailure?.name ?? "-")"
            #expect(!report.passed, "\(at): still verifies")
            #expect(report.claims.first?.value("snp.verified") == .bool(false))
            switch offset {
            case 0x50..<0xE0:  // REPORT_DATA, MEASUREMENT, HOST_DATA
                #expect(report.firstFailure?.name == "report signature", "\(at)")
            case 0x180..<0x188:  // REPORTED_TCB (reserved bytes fail at parsing)
                #expect(report.firstFailure?.name == "TCB extensions", "\(at)")
            case 0x1A0..<0x1E0 where isVCEK:
                #expect(report.firstFailure?.name == "chip id", "\(at)")
            default:
                break
            }
        }
    }

    @Test(arguments: [
        "amd-invalid/trustee_snp_test-vcek-invalid-legacy.der", "amd-invalid/trustee_snp_test-vcek-invalid-new.der",
    ])
    func trusteesInvalidVCEKsFailAtTheExtensionCheck(vcek: String) throws {
        var store = CollateralStore()
        try store.add(CorpusFile.bytes("collateral/\(vcek)"), source: vcek)
        let report = try Self.verify("trustee_snp_test-report.bin", Self.options(store))
        #expect(Self.status(report, "TCB extensions") == .failed)
        #expect(Self.status(report, "chip id") == .failed)
        #expect(report.steps.first { $0.name == "chip id" }?.detail.contains("000102030405060") == true)
        // These test certificates are not signed by SEV-Milan either.
        #expect(Self.status(report, "VCEK chain") == .failed)
        #expect(Self.status(report, "report signature") == .failed)
    }

    // MARK: Collateral

    @Test func withoutCollateralTheChainStepSaysWhatIsMissing() throws {
        let report = try Self.verify("oak_milan_oc_release_report_v3.bin", Self.options(CollateralStore()))
        #expect(report.firstFailure?.name == "VCEK chain")
        #expect(report.firstFailure?.error?.code == .collateralMissing)
        #expect(report.steps.dropFirst().allSatisfy { $0.status == .skipped })
    }

    @Test func certificatesCarriedInTheEvidenceNeedNoCollateral() throws {
        for name in [
            "synthetic/extended_report_oak_genoa_v5.bin", "synthetic/configfs_tsm_oak_turin_v5.json",
            "trustee_e2e_snp_evidence_with_certchain.json",
        ] {
            let report = try Self.verify(name, Self.options(CollateralStore()))
            #expect(report.passed, "\(name)")
        }
    }

    @Test func aKDSLayoutDirectoryIsReadByContent() throws {
        let store = try CollateralStore(directory: CorpusFile.url("collateral/amd-kds").path)
        #expect(store.digests.map(\.source).contains("vcek/v1/Turin/3b42092f69c656d3"))
        #expect(try Self.verify("oak_turin_oc_report_v5.bin", Self.options(store)).passed)
    }

    @Test func theWrongGenerationsVCEKDoesNotEndorseAReport() throws {
        var store = CollateralStore()
        try store.add(CorpusFile.bytes("collateral/amd/oak_genoa_oc_vcek.der"), source: "genoa")
        let report = try Self.verify("oak_milan_oc_release_report_v3.bin", Self.options(store))
        #expect(report.firstFailure?.name == "VCEK chain")  // a Genoa VCEK does not chain to ARK-Milan
        #expect(Self.status(report, "product") == .failed)
        #expect(Self.status(report, "chip id") == .failed)
    }

    @Test func certificatesOutsideTheirWindowFailTheChain() throws {
        // go-sev-guest: the Milan VCEK is valid from 2022-09-24T00:55:28Z.
        let early = try Self.verify(
            "go-sev-guest_report_v2_milan_attestation.bin", Self.options(at: Self.time("2022-09-24T00:00:00Z")))
        #expect(early.firstFailure?.name == "VCEK chain")
        #expect(early.firstFailure?.error?.code == .expired)
        let onTime = try Self.verify(
            "go-sev-guest_report_v2_milan_attestation.bin", Self.options(at: Self.time("2022-09-24T01:00:00Z")))
        #expect(onTime.passed)
    }

    // MARK: Trust anchor and CRLs (the AMD-shaped test PKI: no public AMD CRL revokes anything)

    static func testPKI(crl: String?) throws -> VerificationOptions {
        var store = try CollateralStore(directory: CorpusFile.url("collateral/amd-test-pki/chain").path)
        if let crl { try store.add(CorpusFile.bytes("collateral/amd-test-pki/\(crl)"), source: crl) }
        var options = Self.options(store)
        options.trustAnchors = try X509Certificate.certificates(
            pemOrDER: CorpusFile.bytes("collateral/amd-test-pki/ark.pem"))
        return options
    }

    @Test func aConfiguredTrustAnchorReplacesThePinnedARK() throws {
        let report = try Self.verify("synthetic/testpki_milan_v3.bin", Self.testPKI(crl: nil))
        #expect(report.passed)
        #expect(Self.status(report, "chip id") == .passed)
        #expect(report.steps.first { $0.name == "chip id" }?.detail == "hwID (OCTET STRING) equals CHIP_ID")
        // The pinned ARK-Milan does not endorse the test chain …
        var pinned = try Self.testPKI(crl: nil)
        pinned.trustAnchors = nil
        #expect(try Self.verify("synthetic/testpki_milan_v3.bin", pinned).firstFailure?.name == "VCEK chain")
        // … and the test anchor does not endorse AMD's.
        var foreign = Self.options()
        foreign.trustAnchors = try Self.testPKI(crl: nil).trustAnchors
        #expect(try Self.verify("oak_milan_oc_release_report_v3.bin", foreign).firstFailure?.name == "VCEK chain")
    }

    @Test func aCRLInTheBundleIsEnforced() throws {
        let clean = try Self.verify("synthetic/testpki_milan_v3.bin", Self.testPKI(crl: "crl-clean/ark-clean.crl.der"))
        #expect(clean.passed)
        #expect(Self.status(clean, "revocation") == .passed)
        #expect(clean.claims.first?.value("snp.verification.revocation") == .bool(true))

        let revoked = try Self.verify(
            "synthetic/testpki_milan_v3.bin", Self.testPKI(crl: "crl-revoking/ark-revokes-ask.crl.der"))
        #expect(revoked.firstFailure?.name == "revocation")
        #expect(revoked.firstFailure?.error?.code == .revoked)
        #expect(revoked.claims.first?.value("snp.verified") == .bool(false))

        let stale = try Self.verify("synthetic/testpki_milan_v3.bin", Self.testPKI(crl: "crl-stale/ark-stale.crl.der"))
        #expect(stale.firstFailure?.name == "revocation")
        #expect(stale.firstFailure?.error?.code == .expired)
    }

    // MARK: Cache

    /// Counts chain validations, delegating to the real validator.
    final class CountingValidator: CertificateChainValidating, @unchecked Sendable {
        var calls = 0
        func validate(
            leaf: X509Certificate, intermediates: [X509Certificate], anchors: [X509Certificate],
            crls: [CertificateRevocationList], at time: Timestamp, step: String
        ) throws(EndorsementError) -> ValidatedChain {
            calls += 1
            return try CertificateChainValidator().validate(
                leaf: leaf, intermediates: intermediates, anchors: anchors, crls: crls, at: time, step: step)
        }
    }

    @Test func aWarmCacheValidatesTheChainOncePerWindow() throws {
        let counting = CountingValidator()
        let verification = SNPVerification(cache: AMDVerificationCache(), chainValidator: counting)
        let bytes = try CorpusFile.bytes("evidence/snp/oak_genoa_oc_report_v5.bin")
        for _ in 0..<3 {
            #expect(try verification.verify(bytes, kind: .snpReport, options: Self.options()).passed)
        }
        #expect(counting.calls == 1)
        // A time outside the cached window validates again (and fails: the VCEK is not yet valid).
        let early = try verification.verify(
            bytes, kind: .snpReport, options: Self.options(at: Self.time("2025-01-01T00:00:00Z")))
        #expect(early.firstFailure?.error?.code == .expired)
        #expect(counting.calls == 2)
    }
}
