import Crypto
import Evidence

/// The offline verification of an Intel DCAP quote (TDX v4/v5, SGX v3) against Intel
/// collateral, step by step, so that a verdict can say exactly which step failed.
///
/// Steps, in order (names are the `<kind>.verification.<step>` claim names):
///
/// | step | checks | failure class |
/// |---|---|---|
/// | `quote_signature` | ECDSA P-256 by the attestation key over header (+ v5 descriptor) + body | signature |
/// | `qe_report_signature` | ECDSA P-256 by the PCK leaf key over the 384-byte QE report | signature |
/// | `attestation_key_binding` | QE REPORTDATA = SHA-256(attestation key ‖ QE auth data) ‖ 0³² | signature |
/// | `pck_chain` | PCK leaf → PCK CA → pinned Intel SGX Root CA, validity at the time | chain |
/// | `pck_revocation` | PCK CRL (leaf) and Root CA CRL (CA), both current | chain / collateral |
/// | `tcb_info` | signature over the exact bytes by TCB Signing → root; id, version, FMSPC, PCEID | signature / chain / collateral |
/// | `qe_identity` | signature likewise; id, version; QE vendor id, MRSIGNER, ISVPRODID, masked MISCSELECT and ATTRIBUTES | signature / chain / collateral |
/// | `collateral_validity` | TCB info and QE identity: issueDate ≤ time ≤ nextUpdate | collateral |
/// | `tcb_level` | ``TCBEvaluation``; fails on no match or Revoked | TCB |
///
/// The first eight are cryptographic: ``verified`` is true exactly when all eight passed. The
/// TCB status is reported for the policy to judge; only "no level matches" and Revoked fail
/// `tcb_level`. A step whose input is missing because an earlier step failed is skipped.
public struct DCAPQuoteVerification: Sendable {
    /// One step's outcome.
    public enum Outcome: Sendable, Hashable {
        case passed(String)
        case failed(EndorsementError)
        case skipped(String)

        public var passed: Bool {
            if case .passed = self { return true }
            return false
        }
    }

    /// The step names, in order; the first eight are cryptographic.
    public static let stepNames = [
        "quote_signature", "qe_report_signature", "attestation_key_binding", "pck_chain", "pck_revocation",
        "tcb_info", "qe_identity", "collateral_validity", "tcb_level",
    ]
    static let cryptographicSteps = Set(stepNames.dropLast())

    /// Each step's outcome, in ``stepNames`` order.
    public private(set) var steps: [(name: String, outcome: Outcome)] = []
    /// The decoded PCK chain, when the quote carries one that decodes.
    public private(set) var pckChain: PCKCertificateChain?
    /// The TCB evaluation, when `tcb_level` could run (also when it failed on Revoked).
    public private(set) var tcbEvaluation: TCBEvaluation?
    /// Earliest nextUpdate of the TCB info, QE identity and CRLs used.
    public private(set) var nextUpdate: Timestamp?
    /// Earliest end of validity of everything used: nextUpdate and every certificate's notAfter.
    public private(set) var earliestExpiry: Timestamp?

    /// Whether every cryptographic step passed.
    public var verified: Bool {
        steps.filter { Self.cryptographicSteps.contains($0.name) }.count == Self.cryptographicSteps.count
            && steps.allSatisfy { !Self.cryptographicSteps.contains($0.name) || $0.outcome.passed }
    }

    /// Runs every step.
    ///
    /// - Parameters:
    ///   - quote: the parsed quote.
    ///   - context: the collateral and trust anchors, with their caches.
    ///   - time: the evaluation time for every validity window.
    public init(quote: DCAPQuote, context: IntelVerificationContext, at time: Timestamp) {
        let verifier = context.verifier
        let signatureData = quote.signatureData
        let qe = signatureData.qeReportCertificationData
        let isTDX = quote.isTDX

        // 1. Quote signature.
        steps.append(("quote_signature", Self.quoteSignature(quote, verifier: verifier)))

        // PCK chain from the certification data (type 5), decoded once per distinct payload.
        var chainError: EndorsementError?
        if qe.certificationData.type == .pckCertChain {
            do {
                pckChain = try PCKCertificateChain.cached(encoded: qe.certificationData.data)
            } catch {
                // A chain the quote carries but that does not decode is an invalid chain (exit
                // class "chain"), not missing collateral.
                chainError = EndorsementError(.chainInvalid, step: error.step, detail: error.detail)
            }
        } else {
            chainError = EndorsementError(
                .collateralMissing, step: "PCK chain",
                detail:
                    "the quote carries certification data \(qe.certificationData.type), not the PCK certificate chain; this verifier does not fetch PCK certificates"
            )
        }

        // 2. QE report signature by the PCK leaf.
        if let pckChain {
            let outcome: Outcome
            if verifier.isValid(
                .rawRS(Array(qe.qeReportSignature)), over: qe.qeReport.bytes, key: pckChain.leafKey,
                scheme: .ecdsa(.sha256))
            {
                outcome = .passed("signed by the PCK leaf certificate")
            } else {
                outcome = .failed(
                    EndorsementError(
                        .signatureInvalid, step: "QE report signature",
                        detail: "the QE report signature does not verify with the PCK leaf certificate's key"))
            }
            steps.append(("qe_report_signature", outcome))
        } else {
            steps.append(("qe_report_signature", .skipped("no PCK certificate: \(chainError?.description ?? "")")))
        }

        // 3. Attestation key binding.
        steps.append(("attestation_key_binding", Self.binding(signatureData)))

        // 4–5. PCK chain and revocation.
        var expiries: [Timestamp] = []
        var updates: [Timestamp] = []
        if let pckChain {
            do {
                let validated = try context.validatePCKChain(
                    pckChain, payload: qe.certificationData.data, at: time)
                expiries.append(validated.earliestExpiry)
                steps.append(("pck_chain", .passed(pckChain.pathDescription)))
                do {
                    let checked = try context.checkPCKRevocation(pckChain, payload: qe.certificationData.data, at: time)
                    expiries.append(checked.chain.earliestExpiry)
                    updates.append(contentsOf: checked.crlNextUpdates)
                    steps.append(("pck_revocation", .passed("PCK CRL and Root CA CRL do not list the chain")))
                } catch {
                    steps.append(("pck_revocation", .failed(error)))
                }
            } catch {
                steps.append(("pck_chain", .failed(error)))
                steps.append(("pck_revocation", .skipped("the PCK chain did not validate")))
            }
        } else {
            steps.append(("pck_chain", .failed(chainError ?? Self.noChain)))
            steps.append(("pck_revocation", .skipped("no PCK chain")))
        }

        // 6. TCB info.
        var tcbInfo: TCBInfo?
        if let pckChain {
            let id = isTDX ? "TDX" : "SGX"
            do throws(EndorsementError) {
                let chosen = try context.tcbInfo(id: id, fmspc: pckChain.extensions.fmspc, at: time)
                let signing = try context.checkSignature(of: chosen.document, slot: chosen.index * 2, at: time)
                expiries.append(signing.earliestExpiry)
                let info = chosen.tcbInfo
                let versions = isTDX ? [3] : [2, 3]
                guard versions.contains(info.version) else {
                    throw EndorsementError(
                        .collateralMismatch, step: "TCB info",
                        detail: "\(id) TCB info version \(info.version) (supported: \(versions))")
                }
                guard info.pceID == pckChain.extensions.pceID else {
                    throw EndorsementError(
                        .collateralMismatch, step: "TCB info",
                        detail:
                            "PCEID \(Hex.encode(pckChain.extensions.pceID)) of the PCK is not the TCB info's \(Hex.encode(info.pceID))"
                    )
                }
                tcbInfo = info
                steps.append(
                    (
                        "tcb_info",
                        .passed(
                            "\(id) TCB info for FMSPC \(Hex.encode(info.fmspc)) from \(chosen.document.source), evaluation data number \(info.tcbEvaluationDataNumber)"
                        )
                    ))
            } catch {
                steps.append(("tcb_info", .failed(error)))
            }
        } else {
            steps.append(("tcb_info", .skipped("no PCK certificate to take the FMSPC from")))
        }

        // 7. QE identity.
        var identity: EnclaveIdentity?
        do throws(EndorsementError) {
            guard quote.header.qeVendorID.elementsEqual(QuoteHeader.intelQEVendorID) else {
                throw EndorsementError(
                    .collateralMismatch, step: "QE identity",
                    detail: "QE vendor id \(Hex.encode(quote.header.qeVendorID)) is not Intel's")
            }
            let id = isTDX ? "TD_QE" : "QE"
            let chosen = try context.qeIdentity(id: id, at: time)
            let signing = try context.checkSignature(of: chosen.document, slot: chosen.index * 2 + 1, at: time)
            expiries.append(signing.earliestExpiry)
            try Self.match(qe.qeReport, chosen.identity)
            identity = chosen.identity
            steps.append(("qe_identity", .passed("\(id) identity from \(chosen.document.source)")))
        } catch {
            steps.append(("qe_identity", .failed(error)))
        }

        // 8. Collateral validity windows (of the documents that verified; a missing or
        // unverified one is its own step's failure, not repeated here).
        var problems: [String] = []
        var checked: [String] = []
        var unverified: [String] = []
        for (name, window) in [
            ("TCB info", tcbInfo.map { ($0.issueDate, $0.nextUpdate) }),
            ("QE identity", identity.map { ($0.issueDate, $0.nextUpdate) }),
        ] {
            guard let (issued, next) = window else {
                unverified.append(name)
                continue
            }
            checked.append(name)
            updates.append(next)
            if time < issued { problems.append("\(name) is issued \(issued), after \(time)") }
            if time > next { problems.append("\(name) expired at \(next) (nextUpdate)") }
        }
        if !problems.isEmpty {
            steps.append(
                (
                    "collateral_validity",
                    .failed(
                        EndorsementError(
                            .expired, step: "collateral validity", detail: problems.joined(separator: "; ")))
                ))
        } else if !unverified.isEmpty {
            let current = checked.isEmpty ? "" : "\(checked.joined(separator: " and ")) current; "
            steps.append(
                ("collateral_validity", .skipped("\(current)no verified \(unverified.joined(separator: " or "))")))
        } else {
            steps.append(("collateral_validity", .passed("TCB info and QE identity are inside their windows")))
        }

        // 9. TCB level.
        if let tcbInfo, let identity, let pckChain {
            do {
                let body = quote.tdBody
                let evaluation = try TCBEvaluation.evaluate(
                    tcbInfo: tcbInfo, pck: pckChain.extensions, teeTCBSVN: body?.teeTCBSVN,
                    teeTCBSVN2: body?.teeTCBSVN2, mrSignerSeam: body?.mrSignerSeam,
                    seamAttributes: body?.seamAttributes, qeIdentity: identity,
                    qeISVSVN: qe.qeReport.isvSVN)
                tcbEvaluation = evaluation
                let detail =
                    "\(evaluation.status.rawValue), TCB date \(evaluation.tcbDate)"
                    + (evaluation.advisoryIDs.isEmpty
                        ? "" : ", advisories \(evaluation.advisoryIDs.joined(separator: ", "))")
                if evaluation.status == .revoked {
                    steps.append(
                        ("tcb_level", .failed(EndorsementError(.tcbMismatch, step: "TCB level", detail: detail))))
                } else {
                    steps.append(("tcb_level", .passed(detail)))
                }
            } catch {
                steps.append(("tcb_level", .failed(error)))
            }
        } else {
            steps.append(("tcb_level", .skipped("needs a verified TCB info, QE identity and PCK certificate")))
        }

        nextUpdate = updates.min()
        earliestExpiry = (expiries + updates).min()
    }

    static let noChain = EndorsementError(.collateralMissing, step: "PCK chain", detail: "no PCK certificate chain")

    static func quoteSignature(_ quote: DCAPQuote, verifier: any SignatureVerifying) -> Outcome {
        let step = "quote signature"
        guard quote.header.attestationKeyType == 2 else {
            return .failed(
                EndorsementError(
                    .unsupportedAlgorithm, step: step,
                    detail:
                        "attestation key type \(quote.header.attestationKeyType) (only 2, ECDSA P-256, is supported)"))
        }
        let keyBytes = quote.signatureData.attestationKey
        let key: VerificationKey
        do {
            key = try IntelVerificationContext.attestationKeys.value(for: keyBytes) { () throws(EndorsementError) in
                try VerificationKey(ecPointXY: Array(keyBytes))
            }
        } catch {
            return .failed(EndorsementError(.signatureInvalid, step: step, detail: "attestation key: \(error.detail)"))
        }
        guard
            verifier.isValid(
                .rawRS(Array(quote.signatureData.quoteSignature)), over: quote.signedBytes, key: key,
                scheme: .ecdsa(.sha256))
        else {
            return .failed(
                EndorsementError(
                    .signatureInvalid, step: step,
                    detail:
                        "the quote signature does not verify with the attestation key over \(quote.signedBytes.count) bytes"
                ))
        }
        return .passed("ECDSA P-256 over \(quote.signedBytes.count) bytes")
    }

    static func binding(_ signatureData: QuoteSignatureData) -> Outcome {
        let qe = signatureData.qeReportCertificationData
        var hasher = SHA256()
        hasher.update(data: Array(signatureData.attestationKey))
        hasher.update(data: Array(qe.qeAuthenticationData))
        let digest = Array(hasher.finalize())
        let reportData = qe.qeReport.reportData
        guard reportData.prefix(32).elementsEqual(digest), reportData.dropFirst(32).allSatisfy({ $0 == 0 }) else {
            return .failed(
                EndorsementError(
                    .signatureInvalid, step: "attestation key binding",
                    detail:
                        "QE REPORTDATA is not SHA-256(attestation key ‖ QE auth data) ‖ zeros: the attestation key is not the one the QE certified"
                ))
        }
        return .passed(
            "QE REPORTDATA binds the attestation key and \(qe.qeAuthenticationData.count) bytes of auth data")
    }

    static func match(_ report: SGXReportBody, _ identity: EnclaveIdentity) throws(EndorsementError) {
        let step = "QE identity"
        guard [2].contains(identity.version) else {
            throw EndorsementError(
                .collateralMismatch, step: step, detail: "QE identity version \(identity.version) (supported: 2)")
        }
        guard report.mrSigner.elementsEqual(identity.mrSigner) else {
            throw EndorsementError(
                .collateralMismatch, step: step,
                detail: "QE MRSIGNER \(Hex.encode(report.mrSigner)) is not \(Hex.encode(identity.mrSigner))")
        }
        guard Int(report.isvProdID) == identity.isvProdID else {
            throw EndorsementError(
                .collateralMismatch, step: step, detail: "QE ISVPRODID \(report.isvProdID) is not \(identity.isvProdID)"
            )
        }
        let misc: [UInt8] = withUnsafeBytes(of: report.miscSelect.littleEndian) { Array($0) }
        guard EnclaveIdentity.masked(misc, equal: identity.miscSelect, mask: identity.miscSelectMask) else {
            throw EndorsementError(
                .collateralMismatch, step: step,
                detail:
                    "QE MISCSELECT \(Hex.encode(misc)) under mask \(Hex.encode(identity.miscSelectMask)) is not \(Hex.encode(identity.miscSelect))"
            )
        }
        guard EnclaveIdentity.masked(report.attributes, equal: identity.attributes, mask: identity.attributesMask)
        else {
            throw EndorsementError(
                .collateralMismatch, step: step,
                detail:
                    "QE ATTRIBUTES \(Hex.encode(report.attributes)) under mask \(Hex.encode(identity.attributesMask)) are not \(Hex.encode(identity.attributes))"
            )
        }
    }
}
