import Endorsement
import Evidence
import Foundation
import TestSupport
import Testing

@Suite("TPM2 quotes")
struct TPMQuoteVerifierTests {
    static func quote(_ name: String) throws -> TPMQuote {
        try TPMQuote(parsing: CorpusFile.bytes("evidence/tpm-quote/\(name)"))
    }

    @Test func windowsQuoteVerifiesWithItsTPM2BPublicAKAndTheReplayedLog() throws {
        // go-attestation TestEventLog: ak.Verify(quote, PCRs) and EventLog.Verify(PCRs) succeed.
        let quote = try Self.quote("goattest__windows_gcp_quote.bin")
        let key = try AttestationKey(
            bytes: CorpusFile.bytes("collateral/tpm/goattest__windows_gcp_ak.tpm2b_public.bin"))
        #expect(key.tpmPublic != nil)
        try TPMQuoteVerifier.verifySignature(quote, key: key)
        let log = try TCGEventLog(parsing: CorpusFile.bytes("evidence/tpm/goattest__windows_gcp_shielded_vm.bin"))
        let replay = RegisterReplay(log: log)
        let check = TPMQuoteVerifier.checkPCRDigest(quote) { bank, index in replay.bank(bank)?.values[index] }
        #expect(check.matches)
        #expect(check.missing.isEmpty)
    }

    @Test func aTamperedQuoteOrAnotherKeyFails() throws {
        var bytes = try CorpusFile.bytes("evidence/tpm-quote/goattest__windows_gcp_quote.bin")
        bytes[40] ^= 0x01  // inside the clock info: signed, not structural
        let tampered = try TPMQuote(parsing: bytes)
        let key = try AttestationKey(
            bytes: CorpusFile.bytes("collateral/tpm/goattest__windows_gcp_ak.tpm2b_public.bin"))
        #expect(throws: EndorsementError(.signatureInvalid, step: "TPM quote signature")) {
            try TPMQuoteVerifier.verifySignature(tampered, key: key)
        }
        let azureKey = try AttestationKey(bytes: CorpusFile.bytes("collateral/tpm/trustee__az-snp-vtpm_ak.pem"))
        #expect(throws: EndorsementError(.signatureInvalid, step: "TPM quote signature")) {
            try TPMQuoteVerifier.verifySignature(try Self.quote("goattest__windows_gcp_quote.bin"), key: azureKey)
        }
    }

    @Test func anotherLogDoesNotMatchTheQuote() throws {
        let quote = try Self.quote("goattest__windows_gcp_quote.bin")
        let log = try TCGEventLog(parsing: CorpusFile.bytes("evidence/tpm/goeventlog__debian-10.bin"))
        let replay = RegisterReplay(log: log)
        let check = TPMQuoteVerifier.checkPCRDigest(quote) { bank, index in replay.bank(bank)?.values[index] }
        #expect(!check.matches)
    }

    @Test(arguments: ["az-snp-vtpm", "az-tdx-vtpm"])
    func azureVTPMQuotesVerifyWithTheHCLAttestationKey(tag: String) throws {
        // trustee az-*-vtpm evidence: the quote, its 24 SHA-256 PCRs and the HCL report's HCLAkPub.
        let quote = try Self.quote("trustee__\(tag)_quote.bin")
        #expect(quote.attest.extraData.elementsEqual(Array("challenge".utf8)))  // MANIFEST: nonce "challenge"
        let key = try AttestationKey(bytes: CorpusFile.bytes("collateral/tpm/trustee__\(tag)_ak.pem"))
        #expect(key.key.algorithmName == "RSA-2048")
        try TPMQuoteVerifier.verifySignature(quote, key: key)

        let data = try Data(contentsOf: CorpusFile.url("expected/eventlog-replay.json"))
        let table = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entry = try #require((table["quotes"] as? [String: Any])?["trustee__\(tag)_quote.bin"] as? [String: Any])
        let pcrs = try #require((entry["pcrs"] as? [String: [String]])?["sha256"]).map(CorpusFile.hex)
        let check = TPMQuoteVerifier.checkPCRDigest(quote) { bank, index in bank == .sha256 ? pcrs[index] : nil }
        #expect(check.matches)
        var other = pcrs
        other[0][0] ^= 1
        let tampered = TPMQuoteVerifier.checkPCRDigest(quote) { bank, index in bank == .sha256 ? other[index] : nil }
        #expect(!tampered.matches)
    }
}

@Suite("CCEL replay against TDX quotes")
struct RTMRComparisonTests {
    /// RTMR0–3 of a v4 TDX quote: quote offset 48 + 328 = 376, 48 bytes each
    /// (formats-tdx-snp.md §1.2), read directly here rather than through a quote parser.
    static func rtmrs(_ quote: [UInt8]) -> [[UInt8]] {
        (0..<4).map { Array(quote[(376 + 48 * $0)..<(376 + 48 * ($0 + 1))]) }
    }

    @Test func cos113CCELReplaysToItsQuotesRTMRs() throws {
        // go-tdx-guest ParseCcelWithTdQuote(ccel_data, table, quote) succeeds for this pair.
        let quote = try CorpusFile.bytes("expected/tdx-rtmr/go-tdx-guest_ccel_cos-113_quote_v4.bin")
        let log = try TCGEventLog(
            parsing: CorpusFile.bytes("expected/tdx-rtmr/go-tdx-guest_ccel_cos-113_eventlog_data.bin"),
            registerKind: .ccMeasurementRegister)
        let comparison = try RTMRComparison(log: log, rtmrs: Self.rtmrs(quote))
        #expect(comparison.passed)
        #expect(comparison.registers[0...2].allSatisfy { $0.outcome == .match })
        #expect(comparison.registers[0].eventCount > 0)
    }

    @Test func trusteeQuote4IsNotTheTDOfCCELData() throws {
        // The brief pairs trustee's tdx_quote_4 with CCEL_data, but trustee's test only parses both
        // (parse_tdx_claims); it never replays. The independent replay (Corpus/tools/tcglog.py) agrees
        // with ours: RTMR0 replays to 2dc71230…, the quote says e940da7c…; RTMR1 0fa3be56… vs 559cfcf4….
        // So the pair is reported as a mismatch — the correct answer for a log of another TD.
        let quote = try CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin")
        let log = try TCGEventLog(
            parsing: CorpusFile.bytes("evidence/ccel/trustee__CCEL_data.bin"), registerKind: .ccMeasurementRegister)
        let comparison = try RTMRComparison(log: log, rtmrs: Self.rtmrs(quote))
        #expect(comparison.registers.map(\.outcome) == [.mismatch, .mismatch, .match, .match])
        #expect(Hex.encode(comparison.registers[0].replayed).hasPrefix("2dc712306a963eadb894ad47"))
        #expect(Hex.encode(comparison.registers[0].quoted).hasPrefix("e940da7c2712d2790e2961e0"))
        #expect(!comparison.passed)
    }

    @Test func rtmr3DifferenceIsARuntimeExtensionAndOthersFail() throws {
        let quote = try CorpusFile.bytes("expected/tdx-rtmr/go-tdx-guest_ccel_cos-113_quote_v4.bin")
        let log = try TCGEventLog(
            parsing: CorpusFile.bytes("expected/tdx-rtmr/go-tdx-guest_ccel_cos-113_eventlog_data.bin"),
            registerKind: .ccMeasurementRegister)
        var rtmrs = Self.rtmrs(quote)
        rtmrs[3][0] ^= 0xFF
        let runtime = try RTMRComparison(log: log, rtmrs: rtmrs)
        #expect(runtime.registers[3].outcome == .runtimeExtension)
        #expect(runtime.passed)
        rtmrs[1][0] ^= 0xFF
        let mismatch = try RTMRComparison(log: log, rtmrs: rtmrs)
        #expect(mismatch.registers[1].outcome == .mismatch)
        #expect(!mismatch.passed)
        // A CCEL from another TD does not match.
        let other = try TCGEventLog(
            parsing: CorpusFile.bytes("evidence/ccel/trustee__CCEL_data_grub.bin"), registerKind: .ccMeasurementRegister
        )
        let foreign = try RTMRComparison(log: other, rtmrs: Self.rtmrs(quote))
        #expect(!foreign.passed)
    }
}

/// ECDSA (P-256, P-384) and RSASSA-PSS quote signatures: no real quote in the corpus uses them, so
/// Corpus/tools/make_tpm_quote_vectors.py re-signs the real Windows GCE TPMS_ATTEST with
/// pyca/cryptography keys (r and s with leading zeros dropped, as TPMs emit them).
@Suite("TPM2 quote signature schemes")
struct TPMQuoteSchemeTests {
    @Test(arguments: ["ecdsa-p256-sha256", "ecdsa-p384-sha384", "rsapss-sha256"])
    func quoteVerifiesWithItsKeyInEveryForm(name: String) throws {
        let quote = try TPMQuote(parsing: CorpusFile.bytes("expected/tpm-quote-vectors/\(name).quote.bin"))
        var keys = [try AttestationKey(bytes: CorpusFile.bytes("expected/tpm-quote-vectors/\(name).ak.pem"))]
        if name.hasPrefix("ecdsa") {
            let tpm = try AttestationKey(
                bytes: CorpusFile.bytes("expected/tpm-quote-vectors/\(name).ak.tpm2b_public.bin"))
            #expect(tpm.tpmPublic?.type == .ecc)
            keys.append(tpm)
        }
        for key in keys {
            try TPMQuoteVerifier.verifySignature(quote, key: key)
        }
        var tampered = try CorpusFile.bytes("expected/tpm-quote-vectors/\(name).quote.bin")
        tampered[20] ^= 0x40
        let bad = try TPMQuote(parsing: tampered)
        #expect(throws: EndorsementError(.signatureInvalid, step: "TPM quote signature")) {
            try TPMQuoteVerifier.verifySignature(bad, key: keys[0])
        }
    }
}
