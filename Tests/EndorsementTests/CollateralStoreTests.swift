import Endorsement
import Foundation
import TestSupport
import Testing

@Suite("CollateralStore")
struct CollateralStoreTests {
    @Test func recognizesFilesByContentWhateverTheirNames() throws {
        var store = CollateralStore()
        try store.add(CorpusFile.bytes("collateral/go-tdx-guest_tcb_signing_chain.pem"), source: "a.bin")
        try store.add(CorpusFile.bytes("collateral/go-tdx-guest_intel_sgx_rootca_crl.der"), source: "b.txt")
        try store.add(CorpusFile.bytes("collateral/go-sev-guest_vcek_milan.der"), source: "c")
        try store.add(Array("  {\"tcbInfo\": {}}".utf8), source: "d.pem")
        try store.add(Array("hello".utf8), source: "e.json")
        #expect(store.certificates.count == 3)
        #expect(store.crls.count == 1)
        #expect(store.jsonDocuments.map(\.source) == ["d.pem"])
        #expect(store.notes.count == 1)
        #expect(store.digests.count == 5)
        #expect(store.selfSignedCertificates.map(\.commonName) == ["Intel SGX Root CA"])
    }

    @Test func loadsADirectoryInNameOrder() throws {
        let store = try CollateralStore(directory: CorpusFile.url("collateral/test-pki").path)
        #expect(store.certificates.count == 4)
        #expect(store.crls.count == 1)
        #expect(store.digests.map(\.source) == store.digests.map(\.source).sorted())
    }

    @Test func aMissingDirectoryOrUndecodableDERIsATypedError() {
        #expect(throws: EndorsementError(.collateralMissing, step: "collateral")) {
            try CollateralStore(directory: "/nonexistent/collateral")
        }
        var store = CollateralStore()
        #expect(throws: EndorsementError(.malformedInput, step: "collateral")) {
            try store.add([0x30, 0x03, 0x02, 0x01, 0x05], source: "junk.der")
        }
    }
}
