import Endorsement
import Evidence
import Foundation
import TestSupport
import Testing

/// TCB level matching: real quotes and Intel collateral → the statuses the sources assert, or the
/// independent evaluator `Corpus/tools/intel_tcb.py` computes where no source asserts one.
@Suite("TCB level matching")
struct TCBEvaluationTests {
    struct Input {
        let quote: DCAPQuote
        let pck: PCKCertificateExtensions
        let tcbInfo: TCBInfo
        let identity: EnclaveIdentity
    }

    static func input(quote name: String, tcbInfo: String, qeIdentity: String, id: String = "TDX") throws -> Input {
        let quote = try DCAPQuote(parsing: CorpusFile.bytes("evidence/tdx/\(name)"))
        let pck = try PCKCertificateChain(encoded: quote.signatureData.qeReportCertificationData.certificationData.data)
            .extensions
        var store = CollateralStore()
        try store.add(CorpusFile.bytes("collateral/intel/\(tcbInfo)"), source: tcbInfo)
        try store.add(CorpusFile.bytes("collateral/intel/\(qeIdentity)"), source: qeIdentity)
        let collateral = IntelCollateral(store: store)
        let info = try #require(collateral.tcbInfos.first { $0.tcbInfo.fmspc == pck.fmspc && $0.tcbInfo.id == id })
        let identity = try #require(collateral.qeIdentities.first)
        return Input(quote: quote, pck: pck, tcbInfo: info.tcbInfo, identity: identity.identity)
    }

    static func evaluate(_ input: Input, tcbInfo: TCBInfo? = nil) throws(EndorsementError) -> TCBEvaluation {
        let body = input.quote.tdBody
        return try TCBEvaluation.evaluate(
            tcbInfo: tcbInfo ?? input.tcbInfo, pck: input.pck, teeTCBSVN: body?.teeTCBSVN,
            teeTCBSVN2: body?.teeTCBSVN2, mrSignerSeam: body?.mrSignerSeam, seamAttributes: body?.seamAttributes,
            qeIdentity: input.identity, qeISVSVN: input.quote.signatureData.qeReportCertificationData.qeReport.isvSVN)
    }

    @Test func statusesMergeAsIntelsQVLConvergesThem() {
        // Intel QVL TcbLevelCheck.cpp convergeTcbStatusWithQeTcbStatus / TdxModuleCheck.cpp
        // convergeTcbStatusWithTdxModuleStatus: an OutOfDate part makes UpToDate/SWHardeningNeeded
        // OutOfDate and the Configuration* statuses OutOfDateConfigurationNeeded; Revoked wins.
        let all = TCBStatus.allCases
        for status in all {
            #expect(status.merged(with: .upToDate) == status)
            #expect(status.merged(with: .revoked) == .revoked)
        }
        #expect(TCBStatus.upToDate.merged(with: .outOfDate) == .outOfDate)
        #expect(TCBStatus.swHardeningNeeded.merged(with: .outOfDate) == .outOfDate)
        #expect(TCBStatus.configurationNeeded.merged(with: .outOfDate) == .outOfDateConfigurationNeeded)
        #expect(TCBStatus.configurationAndSWHardeningNeeded.merged(with: .outOfDate) == .outOfDateConfigurationNeeded)
        #expect(TCBStatus.outOfDateConfigurationNeeded.merged(with: .outOfDate) == .outOfDateConfigurationNeeded)
        #expect(TCBStatus.configurationNeeded.merged(with: .swHardeningNeeded) == .configurationAndSWHardeningNeeded)
        for a in all { for b in all { #expect(a.merged(with: b) == b.merged(with: a)) } }
    }

    @Test func dcapQVLTDXSampleIsUpToDate() throws {
        // dcap-qvl tests/verify_quote.rs: "UpToDate", no advisories.
        let result = try Self.evaluate(
            Self.input(
                quote: "dcap-qvl_tdx_quote.bin", tcbInfo: "dcap-qvl-tdx/dcap-qvl_tdx_quote_collateral.json",
                qeIdentity: "dcap-qvl-tdx/dcap-qvl_tdx_quote_collateral.json"))
        #expect(result.status == .upToDate)
        #expect(result.advisoryIDs.isEmpty)
        #expect(result.relaunchAdvised == false)
    }

    @Test func dcapQVLSGXSampleNeedsConfigurationAndSWHardening() throws {
        // dcap-qvl tests/verify_quote.rs: "ConfigurationAndSWHardeningNeeded",
        // ["INTEL-SA-00289", "INTEL-SA-00615"].
        let result = try Self.evaluate(
            Self.input(
                quote: "dcap-qvl_sgx_quote_v3.bin", tcbInfo: "dcap-qvl-sgx/dcap-qvl_sgx_quote_collateral.json",
                qeIdentity: "dcap-qvl-sgx/dcap-qvl_sgx_quote_collateral.json", id: "SGX"))
        #expect(result.status == .configurationAndSWHardeningNeeded)
        #expect(result.advisoryIDs == ["INTEL-SA-00289", "INTEL-SA-00615"])
        #expect(result.moduleStatus == nil)
    }

    @Test func goTDXGuestV4MatchesNoLevelOfItsSampleTcbInfo() throws {
        // go-tdx-guest verify_test.go: "TDX TCB info reported by Intel PCS failed TCB status check:
        // no matching TCB level found".
        let input = try Self.input(
            quote: "go-tdx-guest_quote_v4_SPR_E4.bin",
            tcbInfo: "go-tdx-guest-2023/go-tdx-guest_tdx_tcbinfo_fmspc50806f000000.json",
            qeIdentity: "go-tdx-guest-2023/go-tdx-guest_tdx_qe_identity_v4.json")
        let error = try #require(throws: EndorsementError.self) { try Self.evaluate(input) }
        #expect(error.code == .tcbMismatch)
        #expect(error.detail.hasPrefix("no matching TCB level found"))
    }

    @Test func goTDXGuestV5IsUpToDateWithItsTDX15TcbInfo() throws {
        // Corpus/tools/intel_tcb.py: UpToDate (platform, module TDX_01 and QE), TCB date 2024-11-13.
        let result = try Self.evaluate(
            Self.input(
                quote: "go-tdx-guest_quote_v5_sample.bin",
                tcbInfo: "go-tdx-guest_tdx_tcbinfo_fmspc90c06f000000_tdx15.json",
                qeIdentity: "dcap-qvl-tdx-outdated/dcap-qvl_tdx_quote_outdated_collateral.json"))
        #expect(result.status == .upToDate && result.moduleStatus == .upToDate && result.qeStatus == .upToDate)
        #expect(result.tcbDate == Timestamp(rfc3339: "2024-11-13T00:00:00Z"))
        #expect(result.evaluationDataNumber == 18)
        #expect(result.relaunchAdvised == false)
    }

    @Test func azureTDQuoteIsOutOfDateThroughItsModuleWhereDcapQVLFindsNoLevel() throws {
        // Corpus/tools/intel_tcb.py: OutOfDate (platform and module TDX_01), 2023-08-09, advisories
        // INTEL-SA-00960/00982/00986. TEE_TCB_SVN = 02 01 06: Intel's QVL (isTdxTcbHigherOrEqual)
        // skips bytes 0–1 when byte 1 > 0; dcap-qvl compares all 16 and would find no level here.
        let result = try Self.evaluate(
            Self.input(
                quote: "trustee_az-tdx-vtpm_td_quote.bin",
                tcbInfo: "automata-2025-07/automata_solana_tcb_info_v3_with_tdx_module.json",
                qeIdentity: "automata-2025-07/automata_solana_qe_identity.json"))
        #expect(result.status == .outOfDate)
        #expect(
            result.platformStatus == .outOfDate && result.moduleStatus == .outOfDate && result.qeStatus == .upToDate)
        #expect(result.tcbDate == Timestamp(rfc3339: "2023-08-09T00:00:00Z"))
        #expect(result.advisoryIDs == ["INTEL-SA-00960", "INTEL-SA-00982", "INTEL-SA-00986"])
    }

    @Test func trusteeQuote6IsOutOfDate() throws {
        // Corpus/tools/intel_tcb.py: OutOfDate (platform; module TDX_03 UpToDate), 2018-01-04. Intel's
        // QVL converges the module status into the platform's (OutOfDate stays); go-tdx-guest
        // (verify.go readTcbInfoTcbStatus) returns the module level alone when TEE_TCB_SVN[1] > 0
        // and would call this platform UpToDate.
        let result = try Self.evaluate(
            Self.input(
                quote: "trustee_tdx_quote_6.bin", tcbInfo: "trustee-2025-11/trustee_tdx_tcbinfo_fmspc00A06D080000.json",
                qeIdentity: "trustee-2025-11/trustee_tdx_qe_identity.json"))
        #expect(result.status == .outOfDate && result.platformStatus == .outOfDate && result.moduleStatus == .upToDate)
        #expect(result.tcbDate == Timestamp(rfc3339: "2018-01-04T00:00:00Z"))
    }

    @Test func aTDRunningOnAnUpdatedModuleIsAdvisedToRelaunch() throws {
        // The gtg v5 quote (TEE_TCB_SVN 0b 01 04, TEE_TCB_SVN2 0d 01 04) against its TDX 1.5 TCB info
        // in which module TDX_01 ISVSVN 11 is OutOfDate and 13 is the latest: the TD launched on an
        // outdated module but runs on the latest → OutOfDate with relaunch advised
        // (Corpus/tools/intel_tcb.py on the same edit agrees).
        let input = try Self.input(
            quote: "go-tdx-guest_quote_v5_sample.bin", tcbInfo: "go-tdx-guest_tdx_tcbinfo_fmspc90c06f000000_tdx15.json",
            qeIdentity: "dcap-qvl-tdx-outdated/dcap-qvl_tdx_quote_outdated_collateral.json")
        let text = String(
            decoding: try CorpusFile.bytes("collateral/intel/go-tdx-guest_tdx_tcbinfo_fmspc90c06f000000_tdx15.json"),
            as: UTF8.self)
        let old = #"{"tcb":{"isvsvn":6},"tcbDate":"2024-11-13T00:00:00Z","tcbStatus":"UpToDate"}"#
        let new =
            #"{"tcb":{"isvsvn":13},"tcbDate":"2025-01-01T00:00:00Z","tcbStatus":"UpToDate"},{"tcb":{"isvsvn":6},"tcbDate":"2024-11-13T00:00:00Z","tcbStatus":"OutOfDate","advisoryIDs":["INTEL-SA-TEST"]}"#
        #expect(text.contains(old))
        let edited = text.replacingOccurrences(of: old, with: new)
        let start = try #require(edited.range(of: "{\"tcbInfo\":")).upperBound
        let end = try #require(edited.range(of: ",\"signature\":")).lowerBound
        let tcbInfo = try TCBInfo(json: Array(edited[start..<end].utf8)[...])
        let result = try Self.evaluate(input, tcbInfo: tcbInfo)
        #expect(result.status == .outOfDate && result.moduleStatus == .outOfDate)
        #expect(result.advisoryIDs == ["INTEL-SA-TEST"])
        #expect(result.relaunchAdvised)
    }

    @Test func aModuleVersionWithoutIdentityOrAForeignModuleSignerIsAMismatch() throws {
        let input = try Self.input(
            quote: "go-tdx-guest_quote_v5_sample.bin", tcbInfo: "go-tdx-guest_tdx_tcbinfo_fmspc90c06f000000_tdx15.json",
            qeIdentity: "dcap-qvl-tdx-outdated/dcap-qvl_tdx_quote_outdated_collateral.json")
        var bytes = input.quote.bytes
        bytes[54 + 1] = 9  // TEE_TCB_SVN[1]: module version 9 has no identity TDX_09
        let version9 = Input(
            quote: try DCAPQuote(parsing: bytes), pck: input.pck, tcbInfo: input.tcbInfo, identity: input.identity)
        let missing = try #require(throws: EndorsementError.self) { try Self.evaluate(version9) }
        #expect(missing.code == .tcbMismatch && missing.detail.contains("TDX_09"))
        bytes = input.quote.bytes
        bytes[54 + 64] = 1  // MRSIGNERSEAM no longer Intel's (zero)
        let foreign = Input(
            quote: try DCAPQuote(parsing: bytes), pck: input.pck, tcbInfo: input.tcbInfo, identity: input.identity)
        let signer = try #require(throws: EndorsementError.self) { try Self.evaluate(foreign) }
        #expect(signer.code == .tcbMismatch && signer.detail.hasPrefix("MRSIGNERSEAM"))
    }
}
