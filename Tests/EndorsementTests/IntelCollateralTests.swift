import Foundation
import TestSupport
import Testing

@testable import Endorsement
@testable import Evidence

@Suite("Intel collateral: exact signed bytes, TCB info, QE identity")
struct IntelCollateralTests {
    static func store(_ directory: String) throws -> CollateralStore {
        try CollateralStore(directory: CorpusFile.url("collateral/intel/\(directory)").path)
    }

    @Test func theSignedBytesAreTheTcbInfoValueAsServed() throws {
        let file = try CorpusFile.bytes(
            "collateral/intel/go-tdx-guest-2023/go-tdx-guest_tdx_tcbinfo_fmspc50806f000000.json")
        let text = String(decoding: file, as: UTF8.self)
        // The PCS response is {"tcbInfo":{…},"signature":"…"}: the value is between the two keys.
        let start = try #require(text.range(of: "{\"tcbInfo\":")).upperBound
        let end = try #require(text.range(of: ",\"signature\":")).lowerBound
        let expected = Array(text[start..<end].utf8)
        let collateral = IntelCollateral(store: try Self.store("go-tdx-guest-2023"))
        let document = try #require(collateral.tcbInfos.first).document
        #expect(document.body == expected)
        // …and Intel's signature verifies over exactly those bytes with the TCB Signing key.
        let signing = try X509Certificate.certificates(
            pem: CorpusFile.bytes("collateral/intel/go-tdx-guest-2023/go-tdx-guest_tcb_signing_chain.pem"))[0]
        let verifier = SignatureVerifier()
        #expect(
            verifier.isValid(
                .rawRS(document.signature), over: document.body, key: try signing.verificationKey(),
                scheme: .ecdsa(.sha256)))
        // Re-serializing the same JSON breaks the signature: why the raw bytes are kept.
        let object = try JSONSerialization.jsonObject(with: Data(document.body))
        let reserialized = Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        #expect(reserialized != document.body)
        #expect(
            !verifier.isValid(
                .rawRS(document.signature), over: reserialized, key: try signing.verificationKey(),
                scheme: .ecdsa(.sha256)))
    }

    @Test func rawMemberScannerHandlesEscapesNestingAndGarbage() {
        let json = Array(#"{"a":"x\"}y","tcbInfo":{"k":[1,{"n":"}"}],"s":"\\"} , "signature":"ab"}"#.utf8)
        #expect(
            RawJSONMember.value(of: "tcbInfo", in: json[...]).map { String(decoding: $0, as: UTF8.self) }
                == #"{"k":[1,{"n":"}"}],"s":"\\"}"#)
        #expect(
            RawJSONMember.value(of: "signature", in: json[...]).map { String(decoding: $0, as: UTF8.self) } == #""ab""#)
        #expect(RawJSONMember.value(of: "missing", in: json[...]) == nil)
        // Every prefix of a real document: a value or nil, never a trap.
        let file =
            (try? CorpusFile.bytes("collateral/intel/go-tdx-guest_tdx_tcbinfo_fmspc90c06f000000_tdx15.json")) ?? []
        #expect(!file.isEmpty)
        for length in stride(from: 0, to: file.count, by: 7) {
            #expect(RawJSONMember.value(of: "tcbInfo", in: file.prefix(length)) == nil)
        }
        var deep = Array(repeating: UInt8(ascii: "["), count: 100)
        deep = Array(#"{"tcbInfo":"#.utf8) + deep
        #expect(RawJSONMember.value(of: "tcbInfo", in: deep[...]) == nil)
    }

    @Test func quoteCollateralV3ProvidesDocumentsChainsAndCRLs() throws {
        let collateral = IntelCollateral(store: try Self.store("dcap-qvl-tdx"))
        #expect(collateral.tcbInfos.count == 1 && collateral.qeIdentities.count == 1)
        let tcbInfo = try #require(collateral.tcbInfos.first).tcbInfo
        #expect(tcbInfo.id == "TDX" && tcbInfo.version == 3)
        #expect(Hex.encode(tcbInfo.fmspc) == "b0c06f000000")  // MANIFEST.md: dcap-qvl tdx_quote FMSPC
        #expect(tcbInfo.issueDate == Timestamp(rfc3339: "2025-06-19T10:16:03Z"))
        #expect(try #require(collateral.qeIdentities.first).identity.id == "TD_QE")
        #expect(collateral.crls.count == 2)
        #expect(collateral.certificates.contains { $0.commonName == "Intel SGX TCB Signing" })
        #expect(collateral.certificates.contains { $0.commonName == "Intel SGX PCK Platform CA" })
    }

    @Test func tdx15TcbInfoCarriesModuleIdentitiesAndCanonicalLevels() throws {
        let collateral = IntelCollateral(store: try Self.store("."))
        let tcbInfo = try #require(collateral.tcbInfos.first { $0.tcbInfo.tcbEvaluationDataNumber == 18 }).tcbInfo
        #expect(tcbInfo.tdxModuleIdentities.map(\.id) == ["TDX_03", "TDX_01"])
        let module01 = tcbInfo.tdxModuleIdentities[1]
        #expect(module01.tcbLevels.map(\.isvSVN) == [6, 4, 2])
        #expect(module01.tcbLevels[1].status == .outOfDate)
        #expect(module01.tcbLevels[1].advisoryIDs == ["INTEL-SA-01036", "INTEL-SA-01099"])
        // Levels in canonical order: SGX components descending, then PCESVN.
        #expect(tcbInfo.tcbLevels.map(\.status) == [.upToDate, .outOfDate, .outOfDate])
        #expect(tcbInfo.tcbLevels.map(\.pceSVN) == [13, 13, 5])
    }

    @Test func unknownStatusesAndBadFieldsAreMalformed() {
        let base =
            #"{"id":"TDX","version":3,"issueDate":"2026-02-01T14:49:26Z","nextUpdate":"2026-03-03T14:49:26Z","fmspc":"90c06f000000","pceId":"0000","tcbType":0,"tcbEvaluationDataNumber":18,"tcbLevels":[{"tcb":{"sgxtcbcomponents":[{"svn":3},{"svn":3},{"svn":2},{"svn":2},{"svn":4},{"svn":1},{"svn":0},{"svn":5},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0}],"pcesvn":13},"tcbDate":"2024-11-13T00:00:00Z","tcbStatus":"STATUS"}]}"#
        #expect((try? TCBInfo(json: Array(base.replacingOccurrences(of: "STATUS", with: "UpToDate").utf8)[...])) != nil)
        #expect(throws: EndorsementError(.malformedInput, step: "TCB info")) {
            try TCBInfo(json: Array(base.replacingOccurrences(of: "STATUS", with: "TDRelaunchAdvised").utf8)[...])
        }
        #expect(throws: EndorsementError(.malformedInput, step: "TCB info")) {
            try TCBInfo(
                json: Array(
                    base.replacingOccurrences(of: "STATUS", with: "UpToDate").replacingOccurrences(
                        of: "90c06f000000", with: "90c06f"
                    ).utf8)[...])
        }
        #expect(throws: EndorsementError(.malformedInput, step: "TCB info")) {
            try TCBInfo(json: Array("[]".utf8)[...])
        }
    }
}
