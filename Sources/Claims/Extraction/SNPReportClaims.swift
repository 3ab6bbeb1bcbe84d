import Evidence

extension ClaimSet {
    /// Adds the claims of SEV-SNP evidence: the report's fields (`snp.*`), the container, and
    /// the HCL runtime data when the report came wrapped by Azure's paravisor.
    ///
    /// Parse-only: verification claims (`snp.verified`, `snp.verification.*`) are added by the
    /// verifier. Values that a 64-bit signed integer cannot hold (PLATFORM_INFO or a mitigation
    /// vector with bit 63 set) are left missing and explained in ``notes``.
    ///
    /// - Throws: ``ClaimError`` only if the schema and this extractor disagree (a bug caught by tests).
    public mutating func add(snpEvidence evidence: SNPEvidence) throws(ClaimError) {
        let slots = SNPClaimSlots.shared
        try add(snpReport: evidence.report)
        try set(slots.container, .enumeration(SNPClaimSlots.containerIndex(evidence.container)))
        if let hcl = evidence.hcl {
            if let text = String(validating: hcl.runtimeData, as: UTF8.self) {
                try set(slots.hclRuntimeData, .string(text))
            } else {
                notes.append("the HCL runtime data is not UTF-8 text; snp.hcl.runtime_data is missing")
            }
        }
    }

    /// Adds the claims of one SEV-SNP report (see ``add(snpEvidence:)``).
    public mutating func add(snpReport report: SNPReport) throws(ClaimError) {
        let slots = SNPClaimSlots.shared
        try set(slots.version, .int(Int64(report.version)))
        if let generation = report.generation {
            try set(slots.generation, .enumeration(SNPClaimSlots.generationIndex(generation)))
        } else {
            notes.append(
                "version 2 report without a CPU generation: TCB parts and CHIP_ID are not decoded "
                    + "(give --product Milan|Genoa|Turin, or verify with the VCEK)")
        }
        try set(slots.guestSVN, .int(Int64(report.guestSVN)))
        let policy = report.policy
        try set(slots.policy, .int(Int64(policy.raw)))  // bits 63:26 are zero: fits
        try set(slots.abiMinor, .int(Int64(policy.abiMinor)))
        try set(slots.abiMajor, .int(Int64(policy.abiMajor)))
        try set(slots.policySMT, .bool(policy.smt))
        try set(slots.policyMigrateMA, .bool(policy.migrateMA))
        try set(slots.policyDebug, .bool(policy.debug))
        try set(slots.policySingleSocket, .bool(policy.singleSocket))
        try set(slots.policyCXLAllow, .bool(policy.cxlAllow))
        try set(slots.policyMemAES256XTS, .bool(policy.memAES256XTS))
        try set(slots.policyRAPLDis, .bool(policy.raplDis))
        try set(slots.policyCiphertextHiding, .bool(policy.ciphertextHiding))
        try set(slots.policyPageSwapDisable, .bool(policy.pageSwapDisable))
        try set(slots.familyID, .bytes(Array(report.familyID)))
        try set(slots.imageID, .bytes(Array(report.imageID)))
        try set(slots.vmpl, .int(Int64(report.vmpl)))
        try set(slots.signatureAlgorithm, .int(Int64(report.signatureAlgorithm)))
        let platform = report.platformInfo
        if let raw = Int64(exactly: platform.raw) {
            try set(slots.platformInfo, .int(raw))
        } else {
            notes.append(
                "PLATFORM_INFO 0x\(String(platform.raw, radix: 16)) does not fit an int; snp.platform_info is missing")
        }
        if platform.unnamedBits != 0 {
            notes.append(
                "PLATFORM_INFO has bits without a name in this build: 0x\(String(platform.unnamedBits, radix: 16))")
        }
        try set(slots.platformSMT, .bool(platform.smtEnabled))
        try set(slots.platformTSME, .bool(platform.tsmeEnabled))
        try set(slots.platformECC, .bool(platform.eccEnabled))
        try set(slots.platformRAPL, .bool(platform.raplDisabled))
        try set(slots.platformCiphertextHiding, .bool(platform.ciphertextHidingEnabled))
        try set(slots.platformAliasCheck, .bool(platform.aliasCheckComplete))
        try set(slots.platformTIO, .bool(platform.tioEnabled))
        try set(slots.authorKeyEn, .bool(report.signerInfo.authorKeyEnabled))
        try set(slots.maskChipKey, .bool(report.signerInfo.maskChipKey))
        try set(slots.signingKey, .enumeration(SNPClaimSlots.signingKeyIndex(report.signerInfo.signingKey)))
        try set(slots.reportData, .bytes(Array(report.reportData)))
        try set(slots.measurement, .bytes(Array(report.measurement)))
        try set(slots.hostData, .bytes(Array(report.hostData)))
        try set(slots.idKeyDigest, .bytes(Array(report.idKeyDigest)))
        try set(slots.authorKeyDigest, .bytes(Array(report.authorKeyDigest)))
        try set(slots.reportID, .bytes(Array(report.reportID)))
        try set(slots.reportIDMA, .bytes(Array(report.reportIDMA)))
        if let cpuid = report.cpuid {
            try set(slots.cpuidFamily, .int(Int64(cpuid.family)))
            try set(slots.cpuidModel, .int(Int64(cpuid.model)))
            try set(slots.cpuidStepping, .int(Int64(cpuid.stepping)))
        }
        if let chipID = report.chipID { try set(slots.chipID, .bytes(Array(chipID))) }
        try set(slots.chipIDMasked, .bool(report.isChipIDMasked))
        try set(slots.currentBuild, .int(Int64(report.currentVersion.build)))
        try set(slots.currentMinor, .int(Int64(report.currentVersion.minor)))
        try set(slots.currentMajor, .int(Int64(report.currentVersion.major)))
        try set(slots.committedBuild, .int(Int64(report.committedVersion.build)))
        try set(slots.committedMinor, .int(Int64(report.committedVersion.minor)))
        try set(slots.committedMajor, .int(Int64(report.committedVersion.major)))
        for (slot, vector, name) in [
            (slots.launchMitVector, report.launchMitVector, "LAUNCH_MIT_VECTOR"),
            (slots.currentMitVector, report.currentMitVector, "CURRENT_MIT_VECTOR"),
        ] {
            guard let vector else { continue }
            if let value = Int64(exactly: vector) {
                try set(slot, .int(value))
            } else {
                notes.append("\(name) 0x\(String(vector, radix: 16)) does not fit an int; its claim is missing")
            }
        }
        for (index, tcb) in [report.currentTCB, report.committedTCB, report.launchTCB, report.reportedTCB].enumerated()
        {
            guard let tcb else { continue }
            let parts = slots.tcb[index]
            if let fmc = tcb.fmc { try set(parts.fmc, .int(Int64(fmc))) }
            try set(parts.bootLoader, .int(Int64(tcb.bootLoader)))
            try set(parts.tee, .int(Int64(tcb.tee)))
            try set(parts.snp, .int(Int64(tcb.snp)))
            try set(parts.microcode, .int(Int64(tcb.microcode)))
            try set(parts.svn, .svn(tcb.svn))
        }
    }
}

/// The slots of the `snp` claims, resolved once from ``ClaimSchema/snp`` so that extraction
/// never looks a path up by string.
struct SNPClaimSlots: Sendable {
    struct TCB: Sendable {
        let fmc, bootLoader, tee, snp, microcode, svn: ClaimSlot
    }

    static let shared = SNPClaimSlots(schema: .snp)

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
        func slot(_ path: String) -> ClaimSlot {
            guard let descriptor = schema.resolve(path) else {
                // The schema is code, not input: ClaimSchemaTests and SNP claim tests cover this.
                preconditionFailure("the snp schema has no claim \(path)")
            }
            return descriptor.slot
        }
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
