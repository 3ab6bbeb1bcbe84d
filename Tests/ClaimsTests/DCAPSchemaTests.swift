import Claims
import Endorsement
import Testing

/// The `tdx` and `sgx` claim vocabularies: the names and types issue #3 and the lead's decisions
/// fix, and Trustee's names as aliases.
@Suite("TDX and SGX claim schemas")
struct DCAPSchemaTests {
    static let tdxTypes: [(String, ClaimType)] = [
        ("tdx.mrtd", .bytes(length: 48)), ("tdx.rtmr", .array(.bytes(length: 48))),
        ("tdx.mrseam", .bytes(length: 48)), ("tdx.mrsignerseam", .bytes(length: 48)),
        ("tdx.mrconfigid", .bytes(length: 48)), ("tdx.mrowner", .bytes(length: 48)),
        ("tdx.mrownerconfig", .bytes(length: 48)), ("tdx.mrservicetd", .bytes(length: 48)),
        ("tdx.tee_tcb_svn", .svn(count: 16)), ("tdx.tee_tcb_svn2", .svn(count: 16)),
        ("tdx.attributes.debug", .bool), ("tdx.attributes.sept_ve_disable", .bool), ("tdx.attributes.pks", .bool),
        ("tdx.attributes.kl", .bool), ("tdx.attributes.perfmon", .bool), ("tdx.td_attributes", .bytes(length: 8)),
        ("tdx.xfam", .bytes(length: 8)), ("tdx.report_data", .bytes(length: 64)), ("tdx.quote.version", .int),
        ("tdx.body_type", .int), ("tdx.tcb.status", .enumeration(.tcbStatus)), ("tdx.tcb.date", .time),
        ("tdx.tcb.advisories", .array(.string)), ("tdx.collateral.next_update", .time),
        ("tdx.collateral.earliest_expiry", .time), ("tdx.verified", .bool),
        ("tdx.verification.quote_signature", .bool), ("tdx.verification.qe_report_signature", .bool),
        ("tdx.verification.attestation_key_binding", .bool), ("tdx.verification.pck_chain", .bool),
        ("tdx.verification.pck_revocation", .bool), ("tdx.verification.tcb_info", .bool),
        ("tdx.verification.qe_identity", .bool), ("tdx.verification.collateral_validity", .bool),
        ("tdx.qe.isvsvn", .int), ("tdx.pck.fmspc", .bytes(length: 6)), ("tdx.pck.sgx_type", .enumeration(.sgxType)),
    ]

    @Test func tdxClaimsHaveTheDecidedNamesAndTypes() throws {
        for (path, type) in Self.tdxTypes {
            let claim = try #require(ClaimSchema.tdx.resolve(path), "\(path)")
            #expect(claim.path == path && claim.type == type, "\(path)")
            #expect(!claim.summary.isEmpty)
        }
        #expect(ClaimSchema.tdx.resolve("tdx.verification.steps") != nil)
    }

    @Test func theFoundationsHeaderClaimsKeepTheirSlots() throws {
        for (slot, path) in [
            "tdx.quote.version", "tdx.quote.att_key_type", "tdx.quote.tee_type", "tdx.quote.qe_vendor_id",
            "tdx.quote.user_data",
        ].enumerated() {
            #expect(ClaimSchema.tdx.resolve(path)?.slot == ClaimSlot(UInt16(slot)))
        }
    }

    @Test func tcbStatusCasesAreExactlyIntelsSeven() {
        #expect(
            ClaimEnum.tcbStatus.cases == [
                "UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded",
                "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked",
            ])
        // The verifier's status type spells and orders them the same way.
        #expect(TCBStatus.allCases.map(\.rawValue) == ClaimEnum.tcbStatus.cases)
    }

    @Test(arguments: [
        ("tdx.quote.body.mr_td", "tdx.mrtd"), ("tdx.quote.body.tcb_svn", "tdx.tee_tcb_svn"),
        ("tdx.quote.body.report_data", "tdx.report_data"), ("tdx.quote.body.mr_seam", "tdx.mrseam"),
        ("tdx.quote.body.mrsigner_seam", "tdx.mrsignerseam"), ("tdx.quote.body.mr_config_id", "tdx.mrconfigid"),
        ("tdx.quote.body.mr_servicetd", "tdx.mrservicetd"), ("tdx.quote.body.tee_tcb_svn2", "tdx.tee_tcb_svn2"),
        ("tdx.td_attributes.debug", "tdx.attributes.debug"),
        ("tdx.td_attributes.septve_disable", "tdx.attributes.sept_ve_disable"),
        ("tdx.init_data", "tdx.mrconfigid"), ("tdx.platform_instance_id", "tdx.pck.platform_instance_id"),
        ("sgx.body.mr_enclave", "sgx.mrenclave"), ("sgx.body.isv_svn", "sgx.isvsvn"),
        ("sgx.header.qe_svn", "sgx.quote.qe_svn"),
    ])
    func trusteesNamesAreAliases(alias: String, canonical: String) throws {
        let schema = try #require(ClaimSchema.named(String(alias.prefix { $0 != "." })))
        #expect(schema.resolve(alias)?.path == canonical)
    }

    @Test func sgxIsARegisteredSchemaWithTheSameQuoteClaims() throws {
        let sgx = try #require(ClaimSchema.named("sgx"))
        for path in [
            "sgx.mrenclave", "sgx.mrsigner", "sgx.isvprodid", "sgx.isvsvn", "sgx.attributes", "sgx.report_data",
        ] {
            #expect(sgx.resolve(path) != nil, "\(path)")
        }
        for suffix in ["qe.isvsvn", "pck.fmspc", "tcb.status", "tcb.advisories", "collateral.next_update", "verified"] {
            #expect(sgx.resolve("sgx.\(suffix)")?.type == ClaimSchema.tdx.resolve("tdx.\(suffix)")?.type, "\(suffix)")
        }
    }
}
