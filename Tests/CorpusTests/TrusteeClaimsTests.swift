import Appraisal
import Claims
import Evidence
import Foundation
import TestSupport
import Testing

/// Trustee's own expected claims for its `tdx_quote_4.dat` (deps/verifier/test_data/
/// parse_tdx_claims_expected.json), looked up through Trustee's names — our aliases.
@Suite("Trustee's expected TDX claims")
struct TrusteeClaimsTests {
    static func trustee() throws -> [String: Any] {
        let data = try Data(contentsOf: CorpusFile.url("expected/trustee_parse_tdx_claims_expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func ours() throws -> ClaimSet {
        let decoded = try EvidenceDecoder.decode(CorpusFile.bytes("evidence/tdx/trustee_tdx_quote_4.bin"))
        return try #require(decoded.claims.first)
    }

    static func hex(_ value: ClaimValue?) -> String? {
        switch value {
        case .bytes(let bytes): return Hex.encode(bytes)
        case .svn(let components): return Hex.encode(components.map { UInt8(truncatingIfNeeded: $0) })
        default: return nil
        }
    }

    @Test func everyBodyFieldEqualsTrusteesUnderTrusteesName() throws {
        let body = try #require((try Self.trustee()["quote"] as? [String: Any])?["body"] as? [String: String])
        let claims = try Self.ours()
        var compared = 0
        for (name, expected) in body {
            if name.hasPrefix("rtmr_"), let index = Int(name.dropFirst(5)) {
                // RTMRs are the elements of tdx.rtmr (an alias cannot name an array element).
                guard case .array(let rtmrs)? = claims.value("tdx.rtmr") else {
                    Issue.record("no tdx.rtmr")
                    continue
                }
                #expect(Self.hex(rtmrs[index]) == expected, "\(name)")
            } else {
                #expect(Self.hex(claims.value("tdx.quote.body.\(name)")) == expected, "tdx.quote.body.\(name)")
            }
            compared += 1
        }
        #expect(compared == 15)  // tcb_svn, 3 SEAM fields, td_attributes, xfam, 4 MRs, 4 RTMRs, report_data
    }

    @Test func headerAttributesAndReportDataMatchToo() throws {
        let trustee = try Self.trustee()
        let header = try #require((trustee["quote"] as? [String: Any])?["header"] as? [String: String])
        let claims = try Self.ours()
        // Trustee prints header integers as their little-endian bytes.
        func le(_ path: String, _ width: Int) -> String? {
            guard case .int(let value)? = claims.value(path) else { return nil }
            return Hex.encode((0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
        }
        #expect(le("tdx.quote.header.version", 2) == header["version"])
        #expect(le("tdx.quote.header.att_key_type", 2) == header["att_key_type"])
        #expect(le("tdx.quote.header.tee_type", 4) == header["tee_type"])
        #expect(Self.hex(claims.value("tdx.quote.header.vendor_id")) == header["vendor_id"])
        #expect(Self.hex(claims.value("tdx.quote.header.user_data")) == header["user_data"])
        let attributes = try #require(trustee["td_attributes"] as? [String: Bool])
        for (name, expected) in attributes {
            #expect(claims.value("tdx.td_attributes.\(name)") == .bool(expected), "\(name)")
        }
        #expect(Self.hex(claims.value("tdx.report_data")) == trustee["report_data"] as? String)
        #expect(Self.hex(claims.value("tdx.init_data")) == trustee["init_data"] as? String)
    }

    @Test func trusteesPlatformInstanceIDIsTheCertificatesValueReversed() throws {
        // MANIFEST.md: trustee's value does not match the PCK leaf extension …13.1.6
        // (021ac64d…, confirmed with openssl asn1parse). It is that value byte-reversed.
        let theirs = try #require(try Self.trustee()["platform_instance_id"] as? String)
        let ours = try #require(Self.hex(try Self.ours().value("tdx.platform_instance_id")))
        #expect(ours == "021ac64d355ba904e2d5948d228d5482")
        #expect(theirs != ours)
        #expect(Hex.encode(Array(CorpusFile.hex(ours).reversed())) == theirs)
    }
}
