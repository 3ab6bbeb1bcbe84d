extension ClaimSchema {
    /// Claims of an AMD SEV-SNP attestation report and its verification, under `snp.`.
    ///
    /// Naming: lowercase snake_case after the spec's field names (SEV-SNP ABI spec #56860 rev
    /// 1.58, Table 23: `measurement`, `host_data`, `report_id_ma`); POLICY and PLATFORM_INFO bits
    /// under `snp.policy.` and `snp.platform.`; the four TCB values under `snp.tcb.<which>.`.
    /// Trustee's flat names (`snp.reported_tcb_snp`, `snp.policy_debug_allowed`, `snp.init_data`,
    /// …) are aliases so policies written for Trustee keep their words.
    ///
    /// TCB vectors (`snp.tcb.<which>.svn`) order their components
    /// `[bootloader, tee, snp, microcode, fmc]` so that `>=` compares component-wise; FMC exists
    /// only on Turin and is 0 elsewhere. The named parts are ints; `fmc` is missing on Milan and
    /// Genoa. A version 2 report parsed without `--product` has no generation, so its TCB parts
    /// and CHIP_ID are missing (never guessed); verification fills them from the VCEK.
    ///
    /// Append new entries at the end: slot numbers are positions in this list.
    public static let snp = ClaimSchema(
        kind: "snp", version: 1,
        entries: ClaimSchema.Entry.verificationEntries(kind: "snp") + snpReportEntries + snpTCBEntries
            + snpVerificationEntries)

    static let snpGeneration = ClaimEnum(name: "SNPGeneration", cases: ["Milan", "Genoa", "Turin"])
    static let snpSigningKey = ClaimEnum(name: "SNPSigningKey", cases: ["vcek", "vlek", "none"])
    static let snpContainer = ClaimEnum(
        name: "SNPContainer", cases: ["report", "extended_report", "configfs_tsm", "azure_hcl", "trustee_evidence"])

    private static let snpReportEntries: [Entry] = [
        Entry("snp.version", .int, "VERSION (0x000): report format version, 2, 3, 4 or 5"),
        Entry(
            "snp.generation", .enumeration(snpGeneration),
            "CPU generation: from CPUID_FAM_ID/CPUID_MOD_ID (v3+), else --product or the VCEK product name"),
        Entry("snp.guest_svn", .int, "GUEST_SVN (0x004): the guest's security version number"),
        Entry("snp.policy", .int, "POLICY (0x008): the guest policy as an integer (bits 63:26 are zero)"),
        Entry(
            "snp.policy.abi_minor", .int, "POLICY bits 7:0, ABI_MINOR: minimum firmware ABI minor version",
            aliases: ["snp.policy_abi_minor"]),
        Entry(
            "snp.policy.abi_major", .int, "POLICY bits 15:8, ABI_MAJOR: minimum firmware ABI major version",
            aliases: ["snp.policy_abi_major"]),
        Entry("snp.policy.smt", .bool, "POLICY bit 16, SMT: SMT is allowed", aliases: ["snp.policy_smt_allowed"]),
        Entry(
            "snp.policy.migrate_ma", .bool, "POLICY bit 18, MIGRATE_MA: association with a migration agent is allowed",
            aliases: ["snp.policy_migrate_ma"]),
        Entry(
            "snp.policy.debug", .bool, "POLICY bit 19, DEBUG: debugging the guest is allowed",
            aliases: ["snp.policy_debug_allowed"]),
        Entry(
            "snp.policy.single_socket", .bool, "POLICY bit 20, SINGLE_SOCKET: the guest may run on one socket only",
            aliases: ["snp.policy_single_socket"]),
        Entry("snp.policy.cxl_allow", .bool, "POLICY bit 21, CXL_ALLOW: CXL memory may back guest memory"),
        Entry(
            "snp.policy.mem_aes_256_xts", .bool,
            "POLICY bit 22, MEM_AES_256_XTS: AES-256-XTS memory encryption required"),
        Entry("snp.policy.rapl_dis", .bool, "POLICY bit 23, RAPL_DIS: RAPL must be disabled"),
        Entry(
            "snp.policy.ciphertext_hiding", .bool,
            "POLICY bit 24, CIPHERTEXT_HIDING: ciphertext hiding for DRAM required"),
        Entry("snp.policy.page_swap_disable", .bool, "POLICY bit 25, PAGE_SWAP_DISABLE: guest page swapping disabled"),
        Entry("snp.family_id", .bytes(length: 16), "FAMILY_ID (0x010): family id from the ID block"),
        Entry("snp.image_id", .bytes(length: 16), "IMAGE_ID (0x020): image id from the ID block"),
        Entry("snp.vmpl", .int, "VMPL (0x030): the VM privilege level that requested the report"),
        Entry("snp.signature_algo", .int, "SIGNATURE_ALGO (0x034): 1 = ECDSA P-384 with SHA-384"),
        Entry(
            "snp.platform_info", .int,
            "PLATFORM_INFO (0x040) as an integer, including bits without a name (missing if bit 63 is set)"),
        Entry(
            "snp.platform.smt_enabled", .bool, "PLATFORM_INFO bit 0, SMT_EN: SMT is enabled on the platform",
            aliases: ["snp.platform_smt_enabled"]),
        Entry(
            "snp.platform.tsme_enabled", .bool, "PLATFORM_INFO bit 1, TSME_EN: transparent SME is enabled",
            aliases: ["snp.platform_tsme_enabled"]),
        Entry("snp.platform.ecc_enabled", .bool, "PLATFORM_INFO bit 2, ECC_EN: the platform uses ECC memory"),
        Entry("snp.platform.rapl_disabled", .bool, "PLATFORM_INFO bit 3, RAPL_DIS: RAPL is disabled"),
        Entry(
            "snp.platform.ciphertext_hiding_enabled", .bool,
            "PLATFORM_INFO bit 4, CIPHERTEXT_HIDING_DRAM_EN: ciphertext hiding is enabled for DRAM"),
        Entry(
            "snp.platform.alias_check_complete", .bool,
            "PLATFORM_INFO bit 5, ALIAS_CHECK_COMPLETE: the memory alias check (BadRAM) completed"),
        Entry("snp.platform.tio_enabled", .bool, "PLATFORM_INFO bit 7, TIO_EN: SEV-TIO is enabled (ABI 1.58)"),
        Entry("snp.author_key_en", .bool, "0x048 bit 0, AUTHOR_KEY_EN: AUTHOR_KEY_DIGEST is present"),
        Entry(
            "snp.mask_chip_key", .bool, "0x048 bit 1, MASK_CHIP_KEY: the chip key is masked (the VCEK does not sign)"),
        Entry(
            "snp.signing_key", .enumeration(snpSigningKey), "0x048 bits 4:2, SIGNING_KEY: vcek, vlek or none"),
        Entry("snp.report_data", .bytes(length: 64), "REPORT_DATA (0x050): the 64 bytes the guest supplied"),
        Entry("snp.measurement", .bytes(length: 48), "MEASUREMENT (0x090): launch digest of the guest (SHA-384)"),
        Entry(
            "snp.host_data", .bytes(length: 32), "HOST_DATA (0x0C0): data the host supplied at launch",
            aliases: ["snp.init_data"]),
        Entry("snp.id_key_digest", .bytes(length: 48), "ID_KEY_DIGEST (0x0E0): SHA-384 of the ID block's public key"),
        Entry(
            "snp.author_key_digest", .bytes(length: 48), "AUTHOR_KEY_DIGEST (0x110): SHA-384 of the author key"),
        Entry("snp.report_id", .bytes(length: 32), "REPORT_ID (0x140): the guest's report id"),
        Entry(
            "snp.report_id_ma", .bytes(length: 32),
            "REPORT_ID_MA (0x160): report id of the migration agent (ff…ff when none)"),
        Entry("snp.cpuid.family", .int, "CPUID_FAM_ID (0x188, v3+): combined CPU family"),
        Entry("snp.cpuid.model", .int, "CPUID_MOD_ID (0x189, v3+): combined CPU model"),
        Entry("snp.cpuid.stepping", .int, "CPUID_STEP (0x18A, v3+): CPU stepping"),
        Entry(
            "snp.chip_id", .bytes(length: nil),
            "CHIP_ID (0x1A0): 64 bytes, 8 on Turin; zero when MASK_CHIP_ID is set; missing when the generation is unknown"
        ),
        Entry(
            "snp.chip_id_masked", .bool,
            "CHIP_ID is all zero (MASK_CHIP_ID set by the host): the VCEK hwID check is skipped"),
        Entry("snp.firmware.current.build", .int, "CURRENT_BUILD (0x1E8): build of the running firmware"),
        Entry("snp.firmware.current.minor", .int, "CURRENT_MINOR (0x1E9): minor version of the running firmware"),
        Entry("snp.firmware.current.major", .int, "CURRENT_MAJOR (0x1EA): major version of the running firmware"),
        Entry("snp.firmware.committed.build", .int, "COMMITTED_BUILD (0x1EC): build of the committed firmware"),
        Entry("snp.firmware.committed.minor", .int, "COMMITTED_MINOR (0x1ED): minor version of the committed firmware"),
        Entry("snp.firmware.committed.major", .int, "COMMITTED_MAJOR (0x1EE): major version of the committed firmware"),
        Entry(
            "snp.mit_vector.launch", .int,
            "LAUNCH_MIT_VECTOR (0x1F8, v5+): mitigations in effect at launch (missing if bit 63 is set)"),
        Entry(
            "snp.mit_vector.current", .int,
            "CURRENT_MIT_VECTOR (0x200, v5+): mitigations in effect now (missing if bit 63 is set)"),
        Entry(
            "snp.container", .enumeration(snpContainer),
            "how the report arrived: report, extended_report, configfs_tsm, azure_hcl or trustee_evidence"),
        Entry(
            "snp.hcl.runtime_data", .string,
            "Azure HCL only: the paravisor's runtime data (JSON text) whose hash is bound into REPORT_DATA"),
    ]

    private static let snpTCBEntries: [Entry] = {
        let sources: [(String, String, String)] = [
            ("current", "CURRENT_TCB (0x038)", ""),
            ("committed", "COMMITTED_TCB (0x1E0)", ""),
            ("launch", "LAUNCH_TCB (0x1F0)", ""),
            ("reported", "REPORTED_TCB (0x180), the TCB the VCEK is derived for", "snp.reported_tcb_"),
        ]
        var entries: [Entry] = []
        for (which, field, trusteePrefix) in sources {
            let parts: [(String, String)] = [
                ("fmc", "FMC SPL (Turin only)"), ("bootloader", "BOOT_LOADER SPL"), ("tee", "TEE SPL"),
                ("snp", "SNP firmware SPL"), ("microcode", "MICROCODE SPL"),
            ]
            for (part, meaning) in parts {
                entries.append(
                    Entry(
                        "snp.tcb.\(which).\(part)", .int, "\(field): \(meaning)",
                        aliases: trusteePrefix.isEmpty ? [] : [trusteePrefix + part]))
            }
            entries.append(
                Entry(
                    "snp.tcb.\(which).svn", .svn(count: 5),
                    "\(field) as [bootloader, tee, snp, microcode, fmc] for component-wise comparison (fmc 0 before Turin)"
                ))
        }
        return entries
    }()

    private static let snpVerificationEntries: [Entry] = [
        Entry(
            "snp.product_name", .string, "productName extension of the VCEK/VLEK (e.g. Milan-B0); set by verification"),
        Entry("snp.csp_id", .string, "cspID extension of the VLEK: the cloud provider that loaded it (VLEK only)"),
        Entry(
            "snp.verification.report_signature", .bool,
            "the ECDSA P-384/SHA-384 signature over 0x000–0x29F verifies with the VCEK or VLEK"),
        Entry(
            "snp.verification.vcek_chain", .bool,
            "the VCEK (or VLEK) chains to the pinned ARK of its generation through the ASK (or ASVK)"),
        Entry(
            "snp.verification.revocation", .bool,
            "every certificate below the ARK was checked against a CRL from its issuer (false when no CRL was given)"),
        Entry(
            "snp.verification.tcb_extensions", .bool,
            "the certificate's bl/tee/snp/ucode (and fmc on Turin) SPLs equal REPORTED_TCB"),
        Entry("snp.verification.chip_id", .bool, "the VCEK's hwID equals CHIP_ID"),
        Entry(
            "snp.verification.chip_id_skipped", .bool,
            "the hwID check did not run: CHIP_ID is masked (MASK_CHIP_ID) or the key is a VLEK, which has no hwID"),
        Entry(
            "snp.verification.product", .bool,
            "the certificate's product name, the ARK and the CPU generation (CPUID or --product) agree"),
        Entry(
            "snp.verification.hcl_runtime_data", .bool,
            "Azure HCL only: REPORT_DATA starts with the hash of the HCL runtime data"),
        Entry(
            "snp.verification.valid_until", .time,
            "earliest notAfter of the certificates (and nextUpdate of the CRLs) used: re-verify before then"),
    ]
}
