import Appraisal
import Claims
import Evidence
import TestSupport
import Testing

/// A CC event log given with a TDX quote (`policyc verify QUOTE --event-log CCEL`): its replay
/// must equal the quote's RTMR0–2 before its entries become `tdx.events`.
@Suite("CCEL bound to a TDX quote")
struct CCELBindingTests {
    static func options(eventLog: String?) throws -> VerificationOptions {
        var options = VerificationOptions(time: try #require(Timestamp(rfc3339: "2024-08-01T00:00:00Z")))
        if let eventLog { options.eventLog = try CorpusFile.bytes(eventLog) }
        return options
    }

    static func step(_ report: VerificationReport, _ name: String) -> VerificationStep? {
        report.steps.first { $0.name == name }
    }

    @Test func theCOS113LogReplaysToItsQuote() throws {
        // go-tdx-guest: ParseCcelWithTdQuote(ccel_data, …, cos-113 quote) succeeds; go-eventlog
        // asserts RTMR0–2 of this log (Corpus/expected/goeventlog__ccel_expected_rtmrs.json).
        let report = try EvidenceVerifier.verify(
            CorpusFile.bytes("evidence/tdx/go-tdx-guest_ccel_cos-113_quote_v4.bin"),
            options: Self.options(eventLog: "evidence/ccel/goeventlog__cos-113-intel-tdx.bin"))
        #expect(Self.step(report, "rtmr_replay")?.status == .passed)
        let claims = try #require(report.claims.first)
        #expect(claims.value("tdx.rtmr_replay_matches") == .bool(true))
        #expect(claims.value("tdx.verification.rtmr_replay") == .bool(true))
        guard case .list(let events)? = claims.value("tdx.events") else {
            Issue.record("tdx.events is missing")
            return
        }
        // MANIFEST.md: 44 entries including the Spec ID header.
        #expect(events.count == 44)
        guard case .list(let registers)? = claims.value("tdx.rtmr_replay") else {
            Issue.record("tdx.rtmr_replay is missing")
            return
        }
        #expect(registers.count == 4)
    }

    @Test func aLogFromAnotherTDIsRejectedAndItsEventsStayHidden() throws {
        // trustee's tdx_quote_4 and CCEL_data come from different TDs: an independent replay
        // (Corpus/tools/tcglog.py) gives RTMR0 2dc71230… where the quote says e940da7c….
        let report = try EvidenceVerifier.verify(
            CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin"),
            options: Self.options(eventLog: "evidence/ccel/trustee__CCEL_data.bin"))
        let step = try #require(Self.step(report, "rtmr_replay"))
        #expect(step.status == .failed)
        #expect(step.error?.code == .collateralMismatch)
        let claims = try #require(report.claims.first)
        #expect(claims.value("tdx.events") == nil)
        #expect(claims.value("tdx.rtmr_replay_matches") == .bool(false))
        #expect(claims.value("tdx.verified") == .bool(false))
    }

    @Test func withoutALogNothingIsClaimed() throws {
        let report = try EvidenceVerifier.verify(
            CorpusFile.bytes("evidence/tdx/go-tdx-guest_ccel_cos-113_quote_v4.bin"),
            options: Self.options(eventLog: nil))
        #expect(Self.step(report, "rtmr_replay") == nil)
        #expect(report.claims.first?.value("tdx.events") == nil)
    }

    @Test func garbageInPlaceOfALogFailsTheStepNotTheQuote() throws {
        var options = try Self.options(eventLog: nil)
        options.eventLog = Array("not an event log".utf8)
        let report = try EvidenceVerifier.verify(
            CorpusFile.bytes("evidence/tdx/go-tdx-guest_ccel_cos-113_quote_v4.bin"), options: options)
        #expect(Self.step(report, "rtmr_replay")?.status == .failed)
        #expect(Self.step(report, "quote_signature")?.status == .passed)
    }

    @Test func theCLIChecksFromEitherSide() throws {
        let fromQuote = try PolicycProcess.run([
            "verify", "Corpus/evidence/tdx/trustee_tdx_quote_4.bin", "--event-log",
            "Corpus/evidence/ccel/trustee__CCEL_data.bin", "--collateral", "Corpus/collateral/intel/trustee-2025-11",
            "--at", "2025-11-01T00:00:00Z",
        ])
        #expect(fromQuote.standardOutput.contains("FAIL rtmr_replay"))
        #expect(fromQuote.status != 0)
        let fromLog = try PolicycProcess.run([
            "verify", "Corpus/evidence/ccel/goeventlog__cos-113-intel-tdx.bin", "--quote",
            "Corpus/evidence/tdx/go-tdx-guest_ccel_cos-113_quote_v4.bin",
        ])
        #expect(fromLog.status == 0)
        #expect(fromLog.standardOutput.contains("ok   rtmr_replay"))
    }
}
