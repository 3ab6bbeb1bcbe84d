import Evidence

extension ClaimSet {
    /// Adds the claims of SEV-SNP evidence: the report's fields (`snp.*`), the container, and
    /// the HCL runtime data when the report came wrapped by Azure's paravisor.
    ///
    /// Parse-only: verification claims (`snp.verified`, `snp.verification.*`) are added by the
    /// verifier. Values that a 64-bit signed integer cannot hold (PLATFORM_INFO or a mitigation
    /// vector with bit 63 set) are left missing and explained in ``notes``.
    ///
    /// Values are stored by slot without per-value type checks (this is the hot path); tests
    /// check every extracted value against its declared type.
    ///
    /// - Throws: ``ClaimError`` only if the schema and this extractor disagree (a bug caught by tests).
    public mutating func add(snpEvidence evidence: SNPEvidence) throws(ClaimError) {
        let slots = SNPClaimSlots.shared
        try add(snpReport: evidence.report)  // makes the values unique
        storeUnique(slots.container, .enumeration(SNPClaimSlots.containerIndex(evidence.container)))
        if let hcl = evidence.hcl {
            if let text = String(validating: hcl.runtimeData, as: UTF8.self) {
                storeUnique(slots.hclRuntimeData, .string(text))
            } else {
                notes.append("the HCL runtime data is not UTF-8 text; snp.hcl.runtime_data is missing")
            }
        }
    }

    /// Adds the claims of one SEV-SNP report (see ``add(snpEvidence:)``).
    ///
    /// - Throws: ``ClaimError`` when the set's schema is not the built-in `snp` schema, whose
    ///   slots the values are stored at.
    public mutating func add(snpReport report: SNPReport) throws(ClaimError) {
        let slots = SNPClaimSlots.shared
        guard slots.layout.matches(schema) else {
            throw ClaimError(
                .unknownClaim, path: "snp",
                detail: "SEV-SNP claims go into a set of the built-in snp schema, not \(schema.kind) v\(schema.version)"
            )
        }
        ensureUniqueValues()
        storeUnique(slots.version, .int(Int64(report.version)))
        if let generation = report.generation {
            storeUnique(slots.generation, .enumeration(SNPClaimSlots.generationIndex(generation)))
        } else {
            notes.append(
                "version 2 report without a CPU generation: TCB parts and CHIP_ID are not decoded "
                    + "(give --product Milan|Genoa|Turin, or verify with the VCEK)")
        }
        storeUnique(slots.guestSVN, .int(Int64(report.guestSVN)))
        let policy = report.policy
        storeUnique(slots.policy, .int(Int64(policy.raw)))  // bits 63:26 are zero: fits
        storeUnique(slots.abiMinor, .int(Int64(policy.abiMinor)))
        storeUnique(slots.abiMajor, .int(Int64(policy.abiMajor)))
        storeUnique(slots.policySMT, .bool(policy.smt))
        storeUnique(slots.policyMigrateMA, .bool(policy.migrateMA))
        storeUnique(slots.policyDebug, .bool(policy.debug))
        storeUnique(slots.policySingleSocket, .bool(policy.singleSocket))
        storeUnique(slots.policyCXLAllow, .bool(policy.cxlAllow))
        storeUnique(slots.policyMemAES256XTS, .bool(policy.memAES256XTS))
        storeUnique(slots.policyRAPLDis, .bool(policy.raplDis))
        storeUnique(slots.policyCiphertextHiding, .bool(policy.ciphertextHiding))
        storeUnique(slots.policyPageSwapDisable, .bool(policy.pageSwapDisable))
        storeUnique(slots.familyID, .bytes(ClaimBytes(report.familyID)))
        storeUnique(slots.imageID, .bytes(ClaimBytes(report.imageID)))
        storeUnique(slots.vmpl, .int(Int64(report.vmpl)))
        storeUnique(slots.signatureAlgorithm, .int(Int64(report.signatureAlgorithm)))
        let platform = report.platformInfo
        if let raw = Int64(exactly: platform.raw) {
            storeUnique(slots.platformInfo, .int(raw))
        } else {
            notes.append(
                "PLATFORM_INFO 0x\(String(platform.raw, radix: 16)) does not fit an int; snp.platform_info is missing")
        }
        // Set on every Turin report: rendered only when read (building the text was two of its three
        // allocations, SNPBenchmarks).
        if platform.unnamedBits != 0 { addDeferredNote(.platformInfoUnnamedBits(platform.unnamedBits)) }
        storeUnique(slots.platformSMT, .bool(platform.smtEnabled))
        storeUnique(slots.platformTSME, .bool(platform.tsmeEnabled))
        storeUnique(slots.platformECC, .bool(platform.eccEnabled))
        storeUnique(slots.platformRAPL, .bool(platform.raplDisabled))
        storeUnique(slots.platformCiphertextHiding, .bool(platform.ciphertextHidingEnabled))
        storeUnique(slots.platformAliasCheck, .bool(platform.aliasCheckComplete))
        storeUnique(slots.platformTIO, .bool(platform.tioEnabled))
        storeUnique(slots.authorKeyEn, .bool(report.signerInfo.authorKeyEnabled))
        storeUnique(slots.maskChipKey, .bool(report.signerInfo.maskChipKey))
        storeUnique(slots.signingKey, .enumeration(SNPClaimSlots.signingKeyIndex(report.signerInfo.signingKey)))
        storeUnique(slots.reportData, .bytes(ClaimBytes(report.reportData)))
        storeUnique(slots.measurement, .bytes(ClaimBytes(report.measurement)))
        storeUnique(slots.hostData, .bytes(ClaimBytes(report.hostData)))
        storeUnique(slots.idKeyDigest, .bytes(ClaimBytes(report.idKeyDigest)))
        storeUnique(slots.authorKeyDigest, .bytes(ClaimBytes(report.authorKeyDigest)))
        storeUnique(slots.reportID, .bytes(ClaimBytes(report.reportID)))
        storeUnique(slots.reportIDMA, .bytes(ClaimBytes(report.reportIDMA)))
        if let cpuid = report.cpuid {
            storeUnique(slots.cpuidFamily, .int(Int64(cpuid.family)))
            storeUnique(slots.cpuidModel, .int(Int64(cpuid.model)))
            storeUnique(slots.cpuidStepping, .int(Int64(cpuid.stepping)))
        }
        if let chipID = report.chipID { storeUnique(slots.chipID, .bytes(ClaimBytes(chipID))) }
        storeUnique(slots.chipIDMasked, .bool(report.isChipIDMasked))
        storeUnique(slots.currentBuild, .int(Int64(report.currentVersion.build)))
        storeUnique(slots.currentMinor, .int(Int64(report.currentVersion.minor)))
        storeUnique(slots.currentMajor, .int(Int64(report.currentVersion.major)))
        storeUnique(slots.committedBuild, .int(Int64(report.committedVersion.build)))
        storeUnique(slots.committedMinor, .int(Int64(report.committedVersion.minor)))
        storeUnique(slots.committedMajor, .int(Int64(report.committedVersion.major)))
        // One call per vector and per TCB rather than a loop over array literals, which the
        // optimizer does not always keep off the heap.
        add(mitigationVector: report.launchMitVector, slot: slots.launchMitVector, name: "LAUNCH_MIT_VECTOR")
        add(mitigationVector: report.currentMitVector, slot: slots.currentMitVector, name: "CURRENT_MIT_VECTOR")
        add(tcb: report.currentTCB, slots: slots.tcb[0])
        add(tcb: report.committedTCB, slots: slots.tcb[1])
        add(tcb: report.launchTCB, slots: slots.tcb[2])
        add(tcb: report.reportedTCB, slots: slots.tcb[3])
    }

    /// LAUNCH_MIT_VECTOR or CURRENT_MIT_VECTOR (version 5+), or a note when it does not fit an int.
    /// Called after ``ensureUniqueValues()``.
    mutating func add(mitigationVector vector: UInt64?, slot: ClaimSlot, name: String) {
        guard let vector else { return }
        if let value = Int64(exactly: vector) {
            storeUnique(slot, .int(value))
        } else {
            notes.append("\(name) 0x\(String(vector, radix: 16)) does not fit an int; its claim is missing")
        }
    }

    /// The parts and the svn vector of one TCB_VERSION, when the generation is known. Called after
    /// ``ensureUniqueValues()``.
    mutating func add(tcb: TCBVersion?, slots parts: SNPClaimSlots.TCB) {
        guard let tcb else { return }
        if let fmc = tcb.fmc { storeUnique(parts.fmc, .int(Int64(fmc))) }
        storeUnique(parts.bootLoader, .int(Int64(tcb.bootLoader)))
        storeUnique(parts.tee, .int(Int64(tcb.tee)))
        storeUnique(parts.snp, .int(Int64(tcb.snp)))
        storeUnique(parts.microcode, .int(Int64(tcb.microcode)))
        storeUnique(parts.svn, .svn(ClaimSVN(tcb)))
    }
}

extension ClaimSVN {
    /// The components of `tcb` in ``TCBVersion/svn``'s order — boot loader, TEE, SNP,
    /// microcode, FMC (0 where the generation has none) — packed inline without building the
    /// array (SEV-SNP ABI spec #56860 rev 1.57, Table 3: every part is one byte).
    init(_ tcb: TCBVersion) {
        let low =
            UInt64(tcb.bootLoader) | UInt64(tcb.tee) << 8 | UInt64(tcb.snp) << 16 | UInt64(tcb.microcode) << 24
            | UInt64(tcb.fmc ?? 0) << 32
        self.init(storage: .packed(low: low, high: 0, count: 5))
    }
}

/// The slots of the `snp` claims, resolved once from ``ClaimSchema/snp`` so that extraction
/// never looks a path up by string.
struct SNPClaimSlots: Sendable {
    struct TCB: Sendable {
        let fmc, bootLoader, tee, snp, microcode, svn: ClaimSlot
    }

    static let shared = SNPClaimSlots(schema: .snp)

    /// The schema the slots were resolved from.
    let layout: SchemaLayout

    let version, generation, guestSVN, policy, abiMinor, abiMajor: ClaimSlot
    let policySMT, policyMigrateMA, policyDebug, policySingleSocket, policyCXLAllow: ClaimSlot
    let policyMemAES256XTS, policyRAPLDis, policyCiphertextHiding, policyPageSwapDisable: ClaimSlot
    let familyID, imageID, vmpl, signatureAlgorithm, platformInfo: ClaimSlot
    let platformSMT, platformTSME, platformECC, platformRAPL, platformCiphertextHiding: ClaimSlot
    let platformAliasCheck, platformTIO, authorKeyEn, maskChipKey, signingKey: ClaimSlot
    let reportData, measurement, hostData, idKeyDigest, authorKeyDigest, reportID, reportIDMA: ClaimSlot
    let cpuidFamily, cpuidModel, cpuidStepping, chipID, chipIDMasked: ClaimSlot
    let currentBuild, currentMinor, currentMajor, committedBuild, committedMinor, committedMajor: ClaimSlot
    let launchMitVector, currentMitVector, container, hclRuntimeData: ClaimSlot
    /// current, committed, launch, reported.
    let tcb: [TCB]

    init(schema: ClaimSchema) {
        layout = SchemaLayout(schema)
        // A path the schema lacks is a bug: setting its claim throws, and the claim tests catch it.
        func slot(_ path: String) -> ClaimSlot { schema.resolve(path)?.slot ?? .unresolved }
        version = slot("snp.version")
        generation = slot("snp.generation")
        guestSVN = slot("snp.guest_svn")
        policy = slot("snp.policy")
        abiMinor = slot("snp.policy.abi_minor")
        abiMajor = slot("snp.policy.abi_major")
        policySMT = slot("snp.policy.smt")
        policyMigrateMA = slot("snp.policy.migrate_ma")
        policyDebug = slot("snp.policy.debug")
        policySingleSocket = slot("snp.policy.single_socket")
        policyCXLAllow = slot("snp.policy.cxl_allow")
        policyMemAES256XTS = slot("snp.policy.mem_aes_256_xts")
        policyRAPLDis = slot("snp.policy.rapl_dis")
        policyCiphertextHiding = slot("snp.policy.ciphertext_hiding")
        policyPageSwapDisable = slot("snp.policy.page_swap_disable")
        familyID = slot("snp.family_id")
        imageID = slot("snp.image_id")
        vmpl = slot("snp.vmpl")
        signatureAlgorithm = slot("snp.signature_algo")
        platformInfo = slot("snp.platform_info")
        platformSMT = slot("snp.platform.smt_enabled")
        platformTSME = slot("snp.platform.tsme_enabled")
        platformECC = slot("snp.platform.ecc_enabled")
        platformRAPL = slot("snp.platform.rapl_disabled")
        platformCiphertextHiding = slot("snp.platform.ciphertext_hiding_enabled")
        platformAliasCheck = slot("snp.platform.alias_check_complete")
        platformTIO = slot("snp.platform.tio_enabled")
        authorKeyEn = slot("snp.author_key_en")
        maskChipKey = slot("snp.mask_chip_key")
        signingKey = slot("snp.signing_key")
        reportData = slot("snp.report_data")
        measurement = slot("snp.measurement")
        hostData = slot("snp.host_data")
        idKeyDigest = slot("snp.id_key_digest")
        authorKeyDigest = slot("snp.author_key_digest")
        reportID = slot("snp.report_id")
        reportIDMA = slot("snp.report_id_ma")
        cpuidFamily = slot("snp.cpuid.family")
        cpuidModel = slot("snp.cpuid.model")
        cpuidStepping = slot("snp.cpuid.stepping")
        chipID = slot("snp.chip_id")
        chipIDMasked = slot("snp.chip_id_masked")
        currentBuild = slot("snp.firmware.current.build")
        currentMinor = slot("snp.firmware.current.minor")
        currentMajor = slot("snp.firmware.current.major")
        committedBuild = slot("snp.firmware.committed.build")
        committedMinor = slot("snp.firmware.committed.minor")
        committedMajor = slot("snp.firmware.committed.major")
        launchMitVector = slot("snp.mit_vector.launch")
        currentMitVector = slot("snp.mit_vector.current")
        container = slot("snp.container")
        hclRuntimeData = slot("snp.hcl.runtime_data")
        tcb = ["current", "committed", "launch", "reported"].map { which in
            TCB(
                fmc: slot("snp.tcb.\(which).fmc"), bootLoader: slot("snp.tcb.\(which).bootloader"),
                tee: slot("snp.tcb.\(which).tee"), snp: slot("snp.tcb.\(which).snp"),
                microcode: slot("snp.tcb.\(which).microcode"), svn: slot("snp.tcb.\(which).svn"))
        }
    }

    static func generationIndex(_ generation: SNPGeneration) -> Int {
        ClaimSchema.snpGeneration.index(of: generation.rawValue) ?? 0
    }

    static func signingKeyIndex(_ key: SignerInfo.SigningKey) -> Int {
        ClaimSchema.snpSigningKey.index(of: key.rawValue) ?? 0
    }

    static func containerIndex(_ container: SNPEvidence.Container) -> Int {
        ClaimSchema.snpContainer.index(of: container.rawValue) ?? 0
    }
}
