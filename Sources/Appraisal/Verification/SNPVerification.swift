import Claims
import Endorsement
import Evidence

/// Offline verification of AMD SEV-SNP evidence (issue #7), step by step:
///
/// 1. **VCEK chain** (or **VLEK chain**): the VCEK or VLEK named by SIGNING_KEY — from the
///    evidence's certificate table or the collateral, chosen by hwID and TCB when there are
///    several — chains through the ASK (ASVK) to the pinned ARK of the CPU generation (or to
///    `--trust-anchor`), each certificate valid at the evaluation time.
/// 2. **revocation**: the chain against every CRL in the bundle or the evidence that its issuers
///    signed; skipped when none applies (peers skip this step entirely).
/// 3. **TCB extensions**: the certificate's blSPL/teeSPL/snpSPL/ucodeSPL (and fmcSPL on Turin)
///    equal REPORTED_TCB.
/// 4. **chip id**: the VCEK's hwID equals CHIP_ID (64 bytes, 8 on Turin); skipped only when
///    CHIP_ID is masked (MASK_CHIP_ID) or the key is a VLEK, which has no hwID.
/// 5. **product**: the certificate's product name, the ARK it chains to and the CPU generation
///    (CPUID for version 3+, `--product` for version 2) agree.
/// 6. **report signature**: ECDSA P-384 with SHA-384 over bytes 0x000–0x29F (R and S little-
///    endian), with the shared ``SignatureVerifier``.
/// 7. **HCL runtime data** (Azure only): REPORT_DATA starts with the hash of the runtime data.
///
/// Every step runs and yields its own result; `snp.verified` is true exactly when none failed
/// (revocation and chip id may be skipped for the reasons above). The exit code of `policyc
/// verify` follows the first failure in this order, so a changed REPORTED_TCB is a TCB failure
/// (as trustee asserts) and a changed MEASUREMENT a signature failure.
public struct SNPVerification: Sendable {
    /// SHA-256 of the pinned ARKs' DER, to tell them from other self-signed certificates.
    static let pinnedARKDigests: Set<[UInt8]> = Set(
        ((try? AMDRootKeys.allARKs()) ?? []).map { AMDVerificationCache.digest($0.der) })

    public let cache: AMDVerificationCache
    public let signatureVerifier: any SignatureVerifying
    public let chainValidator: any CertificateChainValidating

    /// Step names, as they appear in reports and errors.
    public enum Step {
        public static let vcekChain = "VCEK chain"
        public static let vlekChain = "VLEK chain"
        public static let revocation = "revocation"
        public static let tcbExtensions = "TCB extensions"
        public static let chipID = "chip id"
        public static let product = "product"
        public static let reportSignature = "report signature"
        public static let hclRuntimeData = "HCL runtime data"
    }

    public init(
        cache: AMDVerificationCache = .shared, signatureVerifier: any SignatureVerifying = SignatureVerifier(),
        chainValidator: any CertificateChainValidating = CertificateChainValidator()
    ) {
        self.cache = cache
        self.signatureVerifier = signatureVerifier
        self.chainValidator = chainValidator
    }

    /// Parses and verifies SEV-SNP evidence of `kind`.
    ///
    /// - Throws: ``AppraisalError`` `.parse` for evidence that does not parse (or a bad
    ///   `--product`); `.claims` only on a schema defect. Verification failures are steps.
    public func verify(_ bytes: [UInt8], kind: EvidenceKind, options: VerificationOptions) throws(AppraisalError)
        -> VerificationReport
    {
        let evidence: SNPEvidence
        do {
            evidence = try SNPEvidence(bytes, kind: kind, generation: try SNPGeneration.named(option: options.product))
        } catch {
            throw .parse(error)
        }
        do {
            return try verify(evidence, kind: kind, options: options)
        } catch {
            throw .claims(error)
        }
    }

    /// Verifies parsed evidence.
    ///
    /// - Throws: ``ClaimError`` only if the schema and this verifier disagree (a bug).
    public func verify(_ parsed: SNPEvidence, kind: EvidenceKind, options: VerificationOptions) throws(ClaimError)
        -> VerificationReport
    {
        var run = Run(evidence: parsed, options: options, verification: self)
        run.perform()
        var claims = ClaimSet(schema: .snp)
        try claims.add(snpEvidence: run.evidence)
        claims.notes.append(contentsOf: run.notes)
        if let key = run.key {
            if let name = key.extensions.productName { try claims.set("snp.product_name", .string(name)) }
            if let csp = key.extensions.cspID { try claims.set("snp.csp_id", .string(csp)) }
        }
        for (path, step) in run.flags {
            try claims.set(path, .bool(step?.status == .passed))
        }
        try claims.set("snp.verification.chip_id_skipped", .bool(run.chipIDSkipped))
        if let chain = run.chain { try claims.set("snp.verification.valid_until", .time(chain.earliestExpiry)) }
        try claims.add(verificationSteps: run.steps)
        return VerificationReport(kind: kind, steps: run.steps, claims: [claims])
    }
}

extension SNPVerification {
    /// One verification, step by step.
    struct Run {
        var evidence: SNPEvidence
        let options: VerificationOptions
        let verification: SNPVerification
        var steps: [VerificationStep] = []
        var flags: [(String, VerificationStep?)] = []
        var notes: [String] = []
        var key: AMDKeyCertificate?
        var chain: ValidatedChain?
        var chipIDSkipped = false

        init(evidence: SNPEvidence, options: VerificationOptions, verification: SNPVerification) {
            self.evidence = evidence
            self.options = options
            self.verification = verification
        }

        var report: SNPReport { evidence.report }

        mutating func record(_ flag: String, _ step: VerificationStep) {
            steps.append(step)
            flags.append(("snp.verification.\(flag)", step))
        }

        mutating func perform() {
            let signingKey = report.signerInfo.signingKey
            let chainStep = signingKey == .vlek ? Step.vlekChain : Step.vcekChain
            guard signingKey != .none else {
                for (flag, name) in [
                    ("vcek_chain", chainStep), ("revocation", Step.revocation), ("tcb_extensions", Step.tcbExtensions),
                    ("chip_id", Step.chipID), ("product", Step.product),
                ] {
                    record(flag, .skipped(name, "SIGNING_KEY is none: no key to check"))
                }
                signatureFailed("SIGNING_KEY is none: the report is not signed")
                hclStep()
                return
            }
            let collateral: AMDCollateral
            let builtIns: [X509Certificate]
            do {
                builtIns = try AMDRootKeys.intermediates()
                collateral = try AMDCollateral(
                    store: options.collateral, carried: evidence.certificates, builtInIntermediates: builtIns,
                    cache: verification.cache)
            } catch {
                fail(everyStepWith: error, chainStep: chainStep)
                return
            }
            guard let key = selectKey(collateral, kind: signingKey == .vlek ? .vlek : .vcek) else {
                let name = signingKey == .vlek ? "VLEK" : "VCEK"
                let chip =
                    report.isChipIDMasked ? "masked CHIP_ID" : "CHIP_ID \(Hex.encode(report.chipIDField.prefix(8)))…"
                fail(
                    everyStepWith: EndorsementError(
                        .collateralMissing, step: chainStep,
                        detail:
                            "no \(name) for this report (\(chip), REPORTED_TCB 0x\(String(report.rawReportedTCB, radix: 16))) in the collateral or the evidence; \(collateral.keyCertificates.count) VCEK/VLEK certificates were found"
                    ), chainStep: chainStep)
                return
            }
            self.key = key
            let decodeFailure = resolveGeneration(from: key)
            chainAndRevocation(key, collateral, chainStep: chainStep)
            tcbStep(key, decodeFailure: decodeFailure)
            chipIDStep(key)
            productStep(key, decodeFailure: decodeFailure)
            signatureStep(key.key)
            hclStep()
        }

        /// Records every step as failed (or skipped) because endorsement could not even start.
        mutating func fail(everyStepWith error: EndorsementError, chainStep: String) {
            record("vcek_chain", .failed(chainStep, error))
            for (flag, name) in [
                ("revocation", Step.revocation), ("tcb_extensions", Step.tcbExtensions), ("chip_id", Step.chipID),
                ("product", Step.product), ("report_signature", Step.reportSignature),
            ] {
                record(flag, .skipped(name, "no \(chainStep.prefix(4)) to check against"))
            }
            hclStep()
        }

        /// The VCEK or VLEK: the best-scoring candidate; among equals, the one whose key verifies
        /// the report's signature. `nil` when there is none, or several equally unrelated ones.
        func selectKey(_ collateral: AMDCollateral, kind: AMDKeyCertificate.Kind) -> AMDKeyCertificate? {
            let ranked = collateral.candidates(for: report, kind: kind)
            guard let best = ranked.first?.1 else { return nil }
            let top = ranked.prefix { $0.1 == best }.map(\.0)
            if top.count == 1 { return top[0] }
            if let verifying = top.first(where: { signatureVerifies($0.key) }) { return verifying }
            return best > 0 ? top[0] : nil
        }

        /// For a version 2 report parsed without a generation: the VCEK's product name decides.
        /// Returns the decoding failure, if the report's TCB values do not fit that layout.
        mutating func resolveGeneration(from key: AMDKeyCertificate) -> EvidenceError? {
            guard report.generation == nil, let generation = key.extensions.generation else { return nil }
            do {
                evidence = try evidence.with(generation: generation)
                notes.append(
                    "CPU generation \(generation.rawValue) taken from the \(key.kind.rawValue.uppercased()) product name \(key.extensions.productName ?? "")"
                )
                return nil
            } catch {
                return error
            }
        }

        mutating func chainAndRevocation(_ key: AMDKeyCertificate, _ collateral: AMDCollateral, chainStep: String) {
            let generation = report.generation ?? key.extensions.generation
            let anchors: [X509Certificate]
            do {
                if let override = options.trustAnchors {
                    anchors = override
                } else if let generation {
                    anchors = [try AMDRootKeys.ark(generation)]
                } else {
                    anchors = try AMDRootKeys.allARKs()
                }
            } catch {
                record("vcek_chain", .failed(chainStep, error))
                record("revocation", .skipped(Step.revocation, "no chain"))
                return
            }
            let anchorDigests = anchors.map { AMDVerificationCache.digest($0.der) }
            for (root, digest) in collateral.suppliedRoots
            where !SNPVerification.pinnedARKDigests.contains(digest) && !anchorDigests.contains(digest) {
                notes.append(
                    "a self-signed certificate (\(root.commonName ?? root.subject)) came with the collateral or the evidence; it is not a trust anchor and was ignored"
                )
            }
            let chainKey = AMDVerificationCache.digest(
                (key.digest + collateral.intermediateDigests.joined() + anchorDigests.joined()))
            do {
                let validated: AMDVerificationCache.CachedChain
                if let cached = verification.cache.chain(chainKey, at: options.time) {
                    validated = cached
                } else {
                    let fresh = try verification.chainValidator.validate(
                        leaf: key.certificate, intermediates: collateral.intermediates, anchors: anchors, crls: [],
                        at: options.time, step: chainStep)
                    validated = verification.cache.store(fresh, crls: [], under: chainKey)
                }
                chain = validated.chain
                record("vcek_chain", .passed(chainStep, validated.path))
            } catch {
                record("vcek_chain", .failed(chainStep, error))
                record("revocation", .skipped(Step.revocation, "the chain did not validate"))
                return
            }
            guard !collateral.crls.isEmpty else {
                record("revocation", .skipped(Step.revocation, "no CRL in the collateral or the evidence"))
                return
            }
            let crlKey = AMDVerificationCache.digest(
                chainKey
                    + collateral.crls.map { AMDVerificationCache.digest($0.der) }.sorted {
                        $0.lexicographicallyPrecedes($1)
                    }.joined())
            do {
                let checked: ValidatedChain
                if let cached = verification.cache.chain(crlKey, at: options.time) {
                    checked = cached.chain
                } else {
                    checked = try verification.chainValidator.validate(
                        leaf: key.certificate, intermediates: collateral.intermediates, anchors: anchors,
                        crls: collateral.crls, at: options.time, step: Step.revocation)
                    verification.cache.store(checked, crls: collateral.crls, under: crlKey)
                }
                chain = checked
                var covered: [String] = []
                for (certificate, status) in zip(checked.certificates, checked.revocation) {
                    if case .notRevoked = status { covered.append(certificate.commonName ?? certificate.subject) }
                }
                if covered.isEmpty {
                    record(
                        "revocation", .skipped(Step.revocation, "no CRL in the bundle was issued by a CA on the path"))
                } else {
                    record("revocation", .passed(Step.revocation, "not revoked: \(covered.joined(separator: ", "))"))
                }
            } catch {
                record("revocation", .failed(Step.revocation, error))
            }
        }

        mutating func tcbStep(_ key: AMDKeyCertificate, decodeFailure: EvidenceError?) {
            guard let reported = report.reportedTCB else {
                let reason =
                    decodeFailure.map { "REPORTED_TCB does not fit the generation's layout: \($0)" }
                    ?? "the CPU generation is unknown (the certificate names no known product)"
                record(
                    "tcb_extensions",
                    .failed(
                        Step.tcbExtensions, EndorsementError(.tcbMismatch, step: Step.tcbExtensions, detail: reason)))
                return
            }
            let differences = key.extensions.tcbDifferences(from: reported)
            let parts =
                "bl \(reported.bootLoader) tee \(reported.tee) snp \(reported.snp) ucode \(reported.microcode)"
                + (reported.fmc.map { " fmc \($0)" } ?? "")
            if differences.isEmpty {
                record("tcb_extensions", .passed(Step.tcbExtensions, parts))
            } else {
                record(
                    "tcb_extensions",
                    .failed(
                        Step.tcbExtensions,
                        EndorsementError(
                            .tcbMismatch, step: Step.tcbExtensions,
                            detail:
                                "the \(key.kind.rawValue.uppercased()) was issued for another TCB (certificate≠report): \(differences.joined(separator: ", "))"
                        )))
            }
        }

        mutating func chipIDStep(_ key: AMDKeyCertificate) {
            if key.kind == .vlek {
                chipIDSkipped = true
                record("chip_id", .skipped(Step.chipID, "a VLEK carries no hwID"))
                return
            }
            if report.isChipIDMasked {
                chipIDSkipped = true
                record(
                    "chip_id", .skipped(Step.chipID, "CHIP_ID is all zero (MASK_CHIP_ID): the hwID cannot be compared"))
                return
            }
            let failure: String?
            if let hardwareID = key.extensions.hardwareID, let chipID = report.chipID {
                failure =
                    hardwareID.elementsEqual(chipID)
                    ? nil
                    : "the VCEK's hwID \(Hex.encode(hardwareID.prefix(8)))… (\(hardwareID.count) bytes) is not CHIP_ID \(Hex.encode(chipID.prefix(8)))… (\(chipID.count) bytes)"
            } else if key.extensions.hardwareID == nil {
                failure = "the VCEK has no hwID extension"
            } else {
                failure = "the CPU generation, and so the width of CHIP_ID, is unknown"
            }
            if let failure {
                record(
                    "chip_id",
                    .failed(Step.chipID, EndorsementError(.collateralMismatch, step: Step.chipID, detail: failure)))
            } else {
                let encoding = key.extensions.hardwareIDIsOctetString ? "OCTET STRING" : "raw"
                record("chip_id", .passed(Step.chipID, "hwID (\(encoding)) equals CHIP_ID"))
            }
        }

        mutating func productStep(_ key: AMDKeyCertificate, decodeFailure: EvidenceError?) {
            var problems: [String] = []
            let productName = key.extensions.productName ?? "(none)"
            let certificateGeneration = key.extensions.generation
            if certificateGeneration == nil {
                problems.append("the certificate's productName \(productName) is not Milan, Genoa or Turin")
            }
            let requested = try? SNPGeneration.named(option: options.product)
            if let cpuid = report.cpuid {
                let cpuidGeneration = SNPGeneration(cpuidFamily: cpuid.family, model: cpuid.model)
                if let certificateGeneration, cpuidGeneration != certificateGeneration {
                    problems.append(
                        "the certificate is for \(certificateGeneration.rawValue) but CPUID says \(cpuidGeneration?.rawValue ?? "unknown")"
                    )
                }
                if let requested, requested != cpuidGeneration {
                    problems.append(
                        "--product \(requested.rawValue) contradicts CPUID (\(cpuidGeneration?.rawValue ?? "unknown"))")
                }
            } else if let requested, let certificateGeneration, requested != certificateGeneration {
                problems.append(
                    "--product \(requested.rawValue) contradicts the certificate's product \(certificateGeneration.rawValue)"
                )
            }
            if let decodeFailure { problems.append("the report does not fit that generation: \(decodeFailure)") }
            if let certificateGeneration, let version = key.extensions.structVersion,
                version != (certificateGeneration == .turin ? 1 : 0)
            {
                problems.append("structVersion \(version) does not belong to \(certificateGeneration.rawValue)")
            }
            if options.trustAnchors == nil, let chain, let anchor = chain.certificates.last, let certificateGeneration,
                let expected = try? AMDRootKeys.ark(certificateGeneration), anchor != expected
            {
                problems.append(
                    "the chain ends at \(anchor.commonName ?? anchor.subject), not ARK-\(certificateGeneration.rawValue)"
                )
            }
            // AMD's profile, which is why its quirks (serial 0, RSASSA-PSS with explicit
            // parameters, no key identifiers) are acceptable here: exactly VCEK → ASK → ARK or
            // VLEK → ASVK → ARK of one generation (KDS spec #57230 §2).
            if let chain, let certificateGeneration {
                let name = certificateGeneration.rawValue
                let expected =
                    key.kind == .vlek
                    ? ["SEV-VLEK", "SEV-VLEK-\(name)", "ARK-\(name)"] : ["SEV-VCEK", "SEV-\(name)", "ARK-\(name)"]
                let actual = chain.certificates.map { $0.commonName ?? "" }
                if actual != expected {
                    problems.append(
                        "the path is \(actual.joined(separator: " → ")), not AMD's \(expected.joined(separator: " → "))"
                    )
                }
            }
            if problems.isEmpty {
                let generation = report.generation?.rawValue ?? "?"
                record("product", .passed(Step.product, "\(productName) on \(generation)"))
            } else {
                record(
                    "product",
                    .failed(
                        Step.product,
                        EndorsementError(
                            .collateralMismatch, step: Step.product, detail: problems.joined(separator: "; "))))
            }
        }

        func signatureVerifies(_ key: VerificationKey) -> Bool {
            verification.signatureVerifier.isValid(
                .littleEndianRS(r: Array(report.signature.r), s: Array(report.signature.s)),
                over: report.signedBytes, key: key, scheme: .ecdsa(.sha384))
        }

        mutating func signatureStep(_ key: VerificationKey) {
            if signatureVerifies(key) {
                record("report_signature", .passed(Step.reportSignature, "ECDSA P-384/SHA-384 over 0x000–0x29F"))
            } else {
                signatureFailed(
                    "the signature over bytes 0x000–0x29F does not verify with the \(self.key?.kind.rawValue.uppercased() ?? "key")"
                )
            }
        }

        /// Records the report signature step as failed, for `detail`.
        mutating func signatureFailed(_ detail: String) {
            record(
                "report_signature",
                .failed(
                    Step.reportSignature,
                    EndorsementError(.signatureInvalid, step: Step.reportSignature, detail: detail)))
        }

        mutating func hclStep() {
            guard let hcl = evidence.hcl else { return }
            let binding = HCLRuntimeDataBinding(hcl)
            let (algorithm, digest) = (binding.algorithm, binding.digest)
            if binding.binds(report.reportData, rest: .unchecked) {
                record(
                    "hcl_runtime_data",
                    .passed(Step.hclRuntimeData, "REPORT_DATA[0:\(digest.count)] = \(algorithm.rawValue)(runtime data)")
                )
            } else {
                record(
                    "hcl_runtime_data",
                    .failed(
                        Step.hclRuntimeData,
                        EndorsementError(
                            .signatureInvalid, step: Step.hclRuntimeData,
                            detail: "REPORT_DATA does not start with the \(algorithm.rawValue) of the HCL runtime data")
                    ))
            }
        }
    }
}
