import Endorsement
import Evidence
import TestSupport
import Testing

/// Offline verification of real quotes with real Intel collateral at the times their sources
/// use → the outcomes the sources assert, step by step.
@Suite("DCAP quote verification")
struct DCAPQuoteVerificationTests {
    static func verify(
        _ quote: [UInt8], collateral directory: String?, at time: String, anchors: [X509Certificate]? = nil
    ) throws -> DCAPQuoteVerification {
        let store = try directory.map { try CollateralStore(directory: CorpusFile.url("collateral/intel/\($0)").path) }
        let context = IntelVerificationContext(
            collateral: IntelCollateral(store: store ?? CollateralStore()), anchors: anchors)
        return DCAPQuoteVerification(
            quote: try DCAPQuote(parsing: quote), context: context, at: try #require(Timestamp(rfc3339: time)))
    }

    static func quote(_ name: String) throws -> [UInt8] { try CorpusFile.bytes("evidence/tdx/\(name)") }

    static func outcomes(_ v: DCAPQuoteVerification) -> [String: String] {
        var out: [String: String] = [:]
        for step in v.steps {
            switch step.outcome {
            case .passed: out[step.name] = "passed"
            case .failed(let error): out[step.name] = error.code.rawValue
            case .skipped: out[step.name] = "skipped"
            }
        }
        return out
    }

    static let cryptographic = [
        "quote_signature", "qe_report_signature", "attestation_key_binding", "pck_chain", "pck_revocation",
        "tcb_info", "qe_identity", "collateral_validity",
    ]

    @Test func dcapQVLTDXQuoteVerifiesUpToDateAtItsTestTime() throws {
        // dcap-qvl tests/verify_quote.rs: tdx_quote + collateral @ 1752919234 → "UpToDate", no advisories.
        let v = try Self.verify(
            Self.quote("dcap-qvl_tdx_quote.bin"), collateral: "dcap-qvl-tdx", at: "2025-07-19T10:00:34Z")
        #expect(v.steps.map(\.name) == DCAPQuoteVerification.stepNames)
        #expect(v.steps.allSatisfy { $0.outcome.passed }, "\(Self.outcomes(v))")
        #expect(v.verified)
        #expect(v.tcbEvaluation?.status == .upToDate)
        #expect(v.tcbEvaluation?.advisoryIDs == [])
        // dcap-qvl picks its test time as min(nextUpdate of tcbInfo, qeIdentity, CRLs) − 1 s.
        #expect(v.nextUpdate == Timestamp(rfc3339: "2025-07-19T10:00:35Z"))
        #expect(v.earliestExpiry == v.nextUpdate)
    }

    @Test func dcapQVLSGXQuoteNeedsConfigurationAndSWHardening() throws {
        // dcap-qvl tests/verify_quote.rs: sgx_quote @ 1752919277 → "ConfigurationAndSWHardeningNeeded",
        // ["INTEL-SA-00289", "INTEL-SA-00615"].
        let v = try Self.verify(
            Self.quote("dcap-qvl_sgx_quote_v3.bin"), collateral: "dcap-qvl-sgx", at: "2025-07-19T10:01:17Z")
        #expect(v.verified, "\(Self.outcomes(v))")
        #expect(v.tcbEvaluation?.status == .configurationAndSWHardeningNeeded)
        #expect(v.tcbEvaluation?.advisoryIDs == ["INTEL-SA-00289", "INTEL-SA-00615"])
        #expect(Self.outcomes(v)["tcb_level"] == "passed")
    }

    @Test func goTDXGuestV4PassesEveryCryptographicStepButMatchesNoTCBLevel() throws {
        // go-tdx-guest verify_test.go, with its collateral and CheckRevocations at 2023-07-01:
        // "…failed TCB status check: no matching TCB level found"; the QE identity check passes.
        let v = try Self.verify(
            Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin"), collateral: "go-tdx-guest-2023", at: "2023-07-01T01:00:00Z")
        let outcomes = Self.outcomes(v)
        for step in Self.cryptographic { #expect(outcomes[step] == "passed", "\(step): \(outcomes)") }
        #expect(outcomes["tcb_level"] == "tcbMismatch")
        #expect(v.verified)
        #expect(v.tcbEvaluation == nil)
        guard case .failed(let error) = v.steps.last?.outcome else {
            Issue.record("tcb_level did not fail")
            return
        }
        #expect(error.detail.hasPrefix("no matching TCB level found"))
    }

    @Test(arguments: [
        // go-tdx-guest verify_test.go RawTdxQuote byte flips (value 0x32) and the step that fails.
        (0x1E, "quote_signature", "signatureInvalid"),  // header
        (0x3C, "quote_signature", "signatureInvalid"),  // body
        (0xB77, "pck_chain", "chainInvalid"),  // PCK leaf signature
        (0xF5F, "pck_chain", "chainInvalid"),  // intermediate CA signature
        (0x1329, "pck_chain", "chainInvalid"),  // the quote's copy of the root
        (0x1343, "pck_chain", "chainInvalid"),  // PEM END line: the chain does not decode
    ])
    func goTDXGuestByteFlipsFailInTheStepTheyAttack(offset: Int, step: String, code: String) throws {
        var bytes = try Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin")
        bytes[offset] = 0x32
        let v = try Self.verify(bytes, collateral: "go-tdx-guest-2023", at: "2023-07-01T01:00:00Z")
        let outcomes = Self.outcomes(v)
        #expect(outcomes[step] == code, "\(outcomes)")
        #expect(!v.verified)
        // Every other step before it passed: the verdict names the one broken link.
        let failed = Self.cryptographic.filter { outcomes[$0] != "passed" && outcomes[$0] != "skipped" }
        #expect(failed == [step], "\(outcomes)")
    }

    @Test func goTDXGuestV4ChainHasExpiredIn2053() throws {
        // go-tdx-guest: at 2053-07-01 "x509: certificate has expired … after 2029-09-20T13:20:31Z".
        let v = try Self.verify(
            Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin"), collateral: nil, at: "2053-07-01T01:00:00Z")
        #expect(Self.outcomes(v)["pck_chain"] == "expired")
        #expect(Self.outcomes(v)["quote_signature"] == "passed")
    }

    @Test(arguments: [
        ("go-tdx-guest_quote_v4_SPR_E4.bin", "2023-07-01T01:00:00Z"),
        ("go-tdx-guest_quote_v5_sample.bin", "2026-02-03T01:00:00Z"),
    ])
    func withoutCollateralTheEvidenceChecksPassAndTheCollateralIsMissing(name: String, time: String) throws {
        // go-tdx-guest: "Verify w/o collateral OK" at these times — its signature and chain checks.
        let v = try Self.verify(Self.quote(name), collateral: nil, at: time)
        let outcomes = Self.outcomes(v)
        for step in ["quote_signature", "qe_report_signature", "attestation_key_binding", "pck_chain"] {
            #expect(outcomes[step] == "passed", "\(step): \(outcomes)")
        }
        #expect(outcomes["pck_revocation"] == "collateralMissing")
        #expect(outcomes["tcb_info"] == "collateralMissing" && outcomes["qe_identity"] == "collateralMissing")
        #expect(outcomes["tcb_level"] == "skipped")
        #expect(!v.verified)
    }

    @Test func theOutdatedDcapQVLQuoteMatchesNoLevelOfItsCollateral() throws {
        // dcap-qvl asserts only a forced-override result for this pair; Corpus/tools/intel_tcb.py
        // finds no matching TCB level (the sample's name says OutOfDate).
        let v = try Self.verify(
            Self.quote("dcap-qvl_tdx_quote_outdated.bin"), collateral: "dcap-qvl-tdx-outdated",
            at: "2026-03-20T10:41:14Z")
        #expect(v.verified, "\(Self.outcomes(v))")
        #expect(Self.outcomes(v)["tcb_level"] == "tcbMismatch")
    }

    @Test func collateralOutsideItsWindowFailsValidityAndStaleCRLsFailRevocation() throws {
        let quote = try Self.quote("dcap-qvl_tdx_quote.bin")
        // One second after the TCB info's nextUpdate (2025-07-19T10:16:03Z): the PCK CRL is stale
        // (nextUpdate 10:00:35) and so are the TCB info and QE identity.
        let late = try Self.verify(quote, collateral: "dcap-qvl-tdx", at: "2025-07-19T10:16:04Z")
        #expect(Self.outcomes(late)["collateral_validity"] == "expired")
        #expect(Self.outcomes(late)["pck_revocation"] == "expired")
        #expect(!late.verified)
        #expect(late.tcbEvaluation?.status == .upToDate)  // still reported, for the policy to see
        // Before the TCB info was issued (2025-06-19T10:16:03Z).
        let early = try Self.verify(quote, collateral: "dcap-qvl-tdx", at: "2025-06-19T10:16:02Z")
        #expect(Self.outcomes(early)["collateral_validity"] == "expired")
    }

    @Test func collateralForAnotherPlatformIsAMismatch() throws {
        let v = try Self.verify(
            Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin"), collateral: "dcap-qvl-tdx", at: "2025-07-19T10:00:34Z")
        #expect(Self.outcomes(v)["tcb_info"] == "collateralMismatch")
        #expect(Self.outcomes(v)["tcb_level"] == "skipped")
    }

    @Test func aTamperedTcbInfoOrSignatureDoesNotVerify() throws {
        let file = try CorpusFile.bytes(
            "collateral/intel/go-tdx-guest-2023/go-tdx-guest_tdx_tcbinfo_fmspc50806f000000.json")
        let text = String(decoding: file, as: UTF8.self)
        for edited in [
            text.replacingOccurrences(of: "\"tcbEvaluationDataNumber\":15", with: "\"tcbEvaluationDataNumber\":16"),
            text.replacingOccurrences(of: "\"signature\":\"", with: "\"signature\":\"00"),
        ] {
            #expect(edited != text)
            var store = try CollateralStore(directory: CorpusFile.url("collateral/intel/go-tdx-guest-2023").path)
            var replaced = CollateralStore()
            for document in store.jsonDocuments where !document.source.contains("tcbinfo") {
                try replaced.add(document.bytes, source: document.source)
            }
            try replaced.add(Array(edited.utf8), source: "edited.json")
            for certificate in store.certificates { try replaced.add(Array(certificate.der), source: "cert") }
            for crl in store.crls { try replaced.add(crl.der, source: "crl") }
            store = replaced
            let context = IntelVerificationContext(collateral: IntelCollateral(store: store))
            let v = DCAPQuoteVerification(
                quote: try DCAPQuote(parsing: Self.quote("go-tdx-guest_quote_v4_SPR_E4.bin")), context: context,
                at: try #require(Timestamp(rfc3339: "2023-07-01T01:00:00Z")))
            let outcome = Self.outcomes(v)["tcb_info"]
            // A 66-byte signature is not a document this verifier accepts: the TCB info is missing.
            #expect(outcome == "signatureInvalid" || outcome == "collateralMissing", "\(Self.outcomes(v))")
            #expect(!v.verified)
        }
    }

    @Test func azureTDQuoteVerifiesWithAutomatasCollateral() throws {
        // Corpus/tools/intel_tcb.py: OutOfDate, advisories INTEL-SA-00960/00982/00986.
        let v = try Self.verify(
            Self.quote("trustee_az-tdx-vtpm_td_quote.bin"), collateral: "automata-2025-07", at: "2025-07-20T00:00:00Z")
        #expect(v.verified, "\(Self.outcomes(v))")
        #expect(v.tcbEvaluation?.status == .outOfDate)
        #expect(v.tcbEvaluation?.advisoryIDs == ["INTEL-SA-00960", "INTEL-SA-00982", "INTEL-SA-00986"])
    }

    @Test func withoutAPCKCRLRevocationIsNotChecked() throws {
        // trustee's TCB info and QE identity (2025-10-27…11-26), the reissued TCB signing chain and
        // the Root CA CRL, but no PCK CRL for that month.
        let v = try Self.verify(
            Self.quote("trustee_tdx_quote_6.bin"), collateral: "trustee-2025-11", at: "2025-11-01T00:00:00Z")
        let outcomes = Self.outcomes(v)
        #expect(outcomes["pck_revocation"] == "collateralMissing", "\(outcomes)")
        #expect(outcomes["tcb_info"] == "passed" && outcomes["qe_identity"] == "passed")
        #expect(!v.verified)
        #expect(v.tcbEvaluation?.status == .outOfDate)  // Corpus/tools/intel_tcb.py
    }

    @Test func anotherTrustAnchorRejectsIntelsChain() throws {
        let testRoot = try X509Certificate.certificates(pem: CorpusFile.bytes("collateral/test-pki/root.pem"))
        let v = try Self.verify(
            Self.quote("dcap-qvl_tdx_quote.bin"), collateral: "dcap-qvl-tdx", at: "2025-07-19T10:00:34Z",
            anchors: testRoot)
        #expect(Self.outcomes(v)["pck_chain"] == "chainInvalid")
        #expect(Self.outcomes(v)["tcb_info"] == "chainInvalid")
    }

    @Test func intelsSyntheticQuoteValidatesOnlyAgainstIntelsTestRoot() throws {
        // MANIFEST.md: synthetic quote, Intel test PKI (root ≠ the real Intel root). Its leaf (the last
        // DER certificate) does sign the QE report, contrary to MANIFEST.md, which took the first
        // (the root) for the leaf.
        let quote = try Self.quote("intel-qvl_sampleData_tdx_quote_v4_SYNTHETIC_derchain.bin")
        let real = try Self.verify(quote, collateral: nil, at: "2025-01-01T00:00:00Z")
        #expect(Self.outcomes(real)["qe_report_signature"] == "passed")
        #expect(Self.outcomes(real)["pck_chain"] == "chainInvalid")
        let testRoot = try X509Certificate.certificates(
            pem: CorpusFile.bytes("collateral/intel/intel-qvl-synthetic/intel-qvl_sampleData_tdx_TEST_rootca.pem"))
        let test = try Self.verify(quote, collateral: nil, at: "2025-01-01T00:00:00Z", anchors: testRoot)
        #expect(Self.outcomes(test)["pck_chain"] == "passed", "\(Self.outcomes(test))")
    }

    @Test func cachedResultsAreReusedOnlyInsideTheirWindow() throws {
        let store = try CollateralStore(directory: CorpusFile.url("collateral/intel/dcap-qvl-tdx").path)
        let context = IntelVerificationContext(collateral: IntelCollateral(store: store))
        let quote = try DCAPQuote(parsing: Self.quote("dcap-qvl_tdx_quote.bin"))
        let inside = try #require(Timestamp(rfc3339: "2025-07-19T10:00:34Z"))
        let first = DCAPQuoteVerification(quote: quote, context: context, at: inside)
        let second = DCAPQuoteVerification(quote: quote, context: context, at: inside)
        #expect(first.verified && second.verified)
        #expect(first.earliestExpiry == second.earliestExpiry)
        // The PCK leaf expires 2032-02-06 (MANIFEST.md): a cached "valid" must not survive it.
        let after = DCAPQuoteVerification(
            quote: quote, context: context, at: try #require(Timestamp(rfc3339: "2032-03-01T00:00:00Z")))
        #expect(Self.outcomes(after)["pck_chain"] == "expired")
    }
}
