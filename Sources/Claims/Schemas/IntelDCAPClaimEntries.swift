extension ClaimEnum {
    /// Intel's TCB status of a matched TCB level (Intel PCS API v4, TCB Info `tcbStatus`;
    /// go-tdx-guest `pcs.go`), in the order of increasing concern. Policies compare it by name:
    /// `tdx.tcb.status in {UpToDate, SWHardeningNeeded}`.
    public static let tcbStatus = ClaimEnum(
        name: "TCBStatus",
        cases: [
            "UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded",
            "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked",
        ])

    /// The SGX type of a PCK certificate (SGX PCK Certificate and CRL Profile, OID
    /// 1.2.840.113741.1.13.1.5, ENUMERATED 0/1/2).
    public static let sgxType = ClaimEnum(name: "SGXType", cases: ["Standard", "Scalable", "ScalableWithIntegrity"])

    /// Which Intel CA issued a PCK certificate: "Intel SGX PCK Platform CA" or "… Processor CA".
    public static let pckCA = ClaimEnum(name: "PCKCA", cases: ["Platform", "Processor"])
}

extension ClaimSchema.Entry {
    /// The verification steps of an Intel DCAP quote, in the order they run; each becomes a
    /// `<kind>.verification.<step>` flag.
    public static let dcapVerificationSteps: [(name: String, summary: String)] = [
        ("quote_signature", "the quote's ECDSA P-256 signature over header and body verifies with the attestation key"),
        ("qe_report_signature", "the QE report's ECDSA P-256 signature verifies with the PCK leaf certificate's key"),
        (
            "attestation_key_binding",
            "QE REPORTDATA = SHA-256(attestation key ‖ QE authentication data) ‖ 32 zero bytes"
        ),
        ("pck_chain", "the PCK chain in the quote validates to the pinned Intel SGX Root CA at the evaluation time"),
        ("pck_revocation", "neither the PCK leaf (PCK CRL) nor its CA (Root CA CRL) is revoked; both CRLs current"),
        (
            "tcb_info",
            "the TCB info is signed by Intel SGX TCB Signing (chain to the root) over its exact bytes and matches the PCK's FMSPC and PCEID"
        ),
        (
            "qe_identity",
            "the QE identity is signed by Intel SGX TCB Signing and the QE report matches its MRSIGNER, ISVPRODID and masked MISCSELECT/ATTRIBUTES"
        ),
        ("collateral_validity", "the TCB info and QE identity are inside their issueDate…nextUpdate windows"),
        ("tcb_level", "a TCB level matches the platform, TDX module and QE, and none is Revoked (not cryptographic)"),
    ]

    /// The claims an Intel DCAP quote shares between `tdx` and `sgx`: the QE report, the PCK
    /// certificate's SGX extensions, the TCB evaluation, the collateral windows and the
    /// verification flags. `kind` is `tdx` or `sgx`.
    static func dcapQuoteEntries(kind k: String) -> [ClaimSchema.Entry] {
        [
            // QE report (SGX report body of the Quoting Enclave), signature data of the quote.
            .init("\(k).qe.cpusvn", .bytes(length: 16), "QE report CPUSVN (SGX report body offset 0)"),
            .init("\(k).qe.miscselect", .int, "QE report MISCSELECT (offset 16, u32)"),
            .init("\(k).qe.attributes", .bytes(length: 16), "QE report ATTRIBUTES, flags ‖ XFRM (offset 48)"),
            .init("\(k).qe.mrenclave", .bytes(length: 32), "QE report MRENCLAVE (offset 64)"),
            .init(
                "\(k).qe.mrsigner", .bytes(length: 32),
                "QE report MRSIGNER (offset 128); Intel's TD QE: dc9e2a7c…, SGX QE3: 8c4f5775…"),
            .init("\(k).qe.isvprodid", .int, "QE report ISVPRODID (offset 256): 2 for the TD QE, 1 for the SGX QE"),
            .init("\(k).qe.isvsvn", .int, "QE report ISVSVN (offset 258), matched against the QE identity TCB levels"),
            .init(
                "\(k).qe.report_data", .bytes(length: 64),
                "QE report REPORTDATA (offset 320): SHA-256(attestation key ‖ QE auth data) ‖ zeros"),
            .init("\(k).qe.auth_data", .bytes(length: nil), "QE authentication data (QE report certification data)"),
            // PCK certificate (certification data type 5) and its SGX extensions.
            .init(
                "\(k).pck.certification_data_type", .int,
                "type of the certification data that certifies the QE (5 = PCK certificate chain)"),
            .init(
                "\(k).pck.ppid", .bytes(length: 16), "PCK certificate SGX extension PPID (OID 1.2.840.113741.1.13.1.1)"),
            .init("\(k).pck.fmspc", .bytes(length: 6), "PCK certificate FMSPC (…13.1.4): selects the TCB info"),
            .init("\(k).pck.pceid", .bytes(length: 2), "PCK certificate PCE-ID (…13.1.3)"),
            .init("\(k).pck.pcesvn", .int, "PCK certificate PCESVN (…13.1.2.17), matched against TCB levels"),
            .init("\(k).pck.cpusvn", .bytes(length: 16), "PCK certificate CPUSVN (…13.1.2.18)"),
            .init(
                "\(k).pck.sgx_tcb_components", .svn(count: 16),
                "PCK certificate SGX TCB component SVNs (…13.1.2.1–16), matched against sgxtcbcomponents"),
            .init("\(k).pck.sgx_type", .enumeration(.sgxType), "PCK certificate SGX type (…13.1.5)"),
            .init("\(k).pck.ca", .enumeration(.pckCA), "the Intel CA that issued the PCK certificate (issuer CN)"),
            .init(
                "\(k).pck.platform_instance_id", .bytes(length: 16),
                "PCK certificate platform instance id (…13.1.6; Platform-CA certificates only)",
                aliases: ["\(k).platform_instance_id"]),
            .init("\(k).pck.dynamic_platform", .bool, "PCK configuration: dynamic platform (…13.1.7.1)"),
            .init("\(k).pck.cached_keys", .bool, "PCK configuration: cached keys (…13.1.7.2)"),
            .init("\(k).pck.smt_enabled", .bool, "PCK configuration: SMT enabled (…13.1.7.3)"),
            // TCB evaluation against Intel collateral (policyc verify only).
            .init(
                "\(k).tcb.status", .enumeration(.tcbStatus),
                "the TCB status of the platform, TDX module and QE merged (worst wins; OutOfDate absorbs SWHardeningNeeded); judge it in policy"
            ),
            .init(
                "\(k).tcb.date", .time,
                "the earliest tcbDate of the matched TCB levels (platform, TDX module, QE)"),
            .init(
                "\(k).tcb.advisories", .array(.string),
                "Intel security advisory ids of the matched TCB levels, deduplicated in order"),
            .init("\(k).tcb.platform_status", .enumeration(.tcbStatus), "status of the matched TCB info level"),
            .init(
                "\(k).tcb.module_status", .enumeration(.tcbStatus),
                "status of the matched TDX module identity level (TDX 1.5 modules, TEE_TCB_SVN[1] > 0)"),
            .init("\(k).tcb.qe_status", .enumeration(.tcbStatus), "status of the matched QE identity level"),
            .init("\(k).tcb.evaluation_data_number", .int, "tcbEvaluationDataNumber of the TCB info used"),
            .init(
                "\(k).collateral.next_update", .time,
                "earliest nextUpdate of the TCB info, QE identity and CRLs: when fresh collateral is due"),
            .init(
                "\(k).collateral.earliest_expiry", .time,
                "earliest end of validity of all collateral and certificates used (nextUpdate, notAfter)"),
        ] + ClaimSchema.Entry.verificationEntries(kind: k)
            + dcapVerificationSteps.map { step in
                .init("\(k).verification.\(step.name)", .bool, "verification step passed: \(step.summary)")
            }
    }
}
