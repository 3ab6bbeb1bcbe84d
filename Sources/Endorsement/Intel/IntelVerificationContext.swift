import Crypto
import Evidence
import Synchronization

/// Everything about one collateral bundle and one set of trust anchors that does not depend on
/// the quote — decoded documents, selected CRLs, and the results of the cold-path checks
/// (X.509 path validation, CRLs, collateral signatures) — prepared once and shared by every
/// quote verified with that bundle.
///
/// Cached results carry the time window in which they hold (the latest `notBefore` /
/// `thisUpdate` and the earliest `notAfter` / `nextUpdate` involved), so a cached "valid" is
/// never reused at a time it would not hold; failures are never cached.
public final class IntelVerificationContext: Sendable {
    public let collateral: IntelCollateral
    /// The pinned Intel SGX Root CA, or the `--trust-anchor` replacement.
    public let anchors: [X509Certificate]
    let validator: any CertificateChainValidating
    let verifier: any SignatureVerifying

    /// The CRLs of the collateral with their issuer and window, read once.
    let crlInfo: [(crl: CertificateRevocationList, issuer: String, thisUpdate: Timestamp)]

    private let pckChecks = Mutex<[ContentKey: TimedChain]>([:])
    private let revocationChecks = Mutex<[ContentKey: TimedChain]>([:])
    private let documentChecks = Mutex<[Int: TimedChain]>([:])
    private let certificateKeys = Mutex<[ContentKey: VerificationKey]>([:])

    /// A validated chain, the window in which that result holds, and the CRLs it was checked
    /// against (a different selection at another time means checking again).
    struct TimedChain: Sendable {
        let chain: ValidatedChain
        let validFrom: Timestamp
        let validUntil: Timestamp
        let crls: [Int]
        /// `nextUpdate` of the CRLs whose issuers are on the path (read once: OpenSSL name and
        /// time conversions cost microseconds).
        let crlNextUpdates: [Timestamp]

        func holds(at time: Timestamp, crls current: [Int]) -> Bool {
            validFrom <= time && time <= validUntil && crls == current
        }
    }

    /// - Parameters:
    ///   - collateral: the Intel collateral of the bundle.
    ///   - anchors: trust anchors; `nil` pins the Intel SGX Root CA (``IntelSGXRootCA``).
    public init(
        collateral: IntelCollateral, anchors: [X509Certificate]? = nil,
        validator: any CertificateChainValidating = CertificateChainValidator(),
        verifier: any SignatureVerifying = SignatureVerifier()
    ) {
        self.collateral = collateral
        self.crlInfo = collateral.crls.map { ($0, $0.issuer, $0.thisUpdate) }
        self.anchors = anchors ?? (IntelSGXRootCA.certificate.map { [$0] } ?? [])
        self.validator = validator
        self.verifier = verifier
    }

    /// The context for `store` and `anchors`, built once per distinct bundle (by the SHA-256 of
    /// every collateral file and the anchors' DER) and then reused.
    public static func shared(store: CollateralStore, anchors: [X509Certificate]?) -> IntelVerificationContext {
        var key: [UInt8] = []
        for digest in store.digests { key += digest.sha256 }
        key.append(0xFF)
        for anchor in anchors ?? [] { key += Array(SHA256.hash(data: anchor.der)) }
        return contexts.value(for: key[...]) {
            IntelVerificationContext(collateral: IntelCollateral(store: store), anchors: anchors)
        }
    }

    static let contexts = ContentCache<IntelVerificationContext>(capacity: 64)

    /// Signature checks and keys of attestation keys seen so far (by the 64-byte key).
    static let attestationKeys = ContentCache<VerificationKey>(capacity: 4096)

    // MARK: PCK chain

    /// Validates the quote's PCK chain to the anchors at `time`, without revocation, and checks
    /// that every certificate the quote carries is on the validated path (a corrupted copy of the
    /// root in the quote is an error even though the pinned root validates the rest).
    ///
    /// - Throws: ``EndorsementError`` `.chainInvalid` / `.expired` (step `"PCK chain"`).
    public func validatePCKChain(_ chain: PCKCertificateChain, payload: ArraySlice<UInt8>, at time: Timestamp)
        throws(EndorsementError) -> ValidatedChain
    {
        let key = ContentKey(payload)
        if let hit = pckChecks.withLock({ $0[key] }), hit.holds(at: time, crls: []) { return hit.chain }
        let step = "PCK chain"
        let validated = try validator.validate(
            leaf: chain.leaf, intermediates: Array(chain.certificates.dropFirst()), anchors: anchors, crls: [],
            at: time, step: step)
        for certificate in chain.certificates where !validated.certificates.contains(certificate) {
            throw EndorsementError(
                .chainInvalid, step: step,
                detail:
                    "\(certificate.commonName ?? certificate.subject) in the quote is not on the validated path (it is not the trusted root or does not verify)"
            )
        }
        let timed = timedChain(validated, crls: [])
        pckChecks.withLock { $0[ContentKey(ArraySlice(Array(payload)))] = timed }
        return validated
    }

    /// Checks the PCK leaf against the PCK CRL and its CA against the Root CA CRL at `time`.
    ///
    /// - Throws: ``EndorsementError`` `.revoked`, `.expired` (a stale CRL), `.collateralMissing`
    ///   (no CRL from an issuer on the path) — step `"PCK revocation"`.
    public func checkPCKRevocation(_ chain: PCKCertificateChain, payload: ArraySlice<UInt8>, at time: Timestamp)
        throws(EndorsementError) -> (chain: ValidatedChain, crlNextUpdates: [Timestamp])
    {
        let key = ContentKey(payload)
        let crls = currentCRLs(at: time)
        if let hit = revocationChecks.withLock({ $0[key] }), hit.holds(at: time, crls: crls) {
            return (hit.chain, hit.crlNextUpdates)
        }
        let step = "PCK revocation"
        let validated = try validator.validate(
            leaf: chain.leaf, intermediates: Array(chain.certificates.dropFirst()), anchors: anchors,
            crls: crls.map { crlInfo[$0].crl }, at: time, step: step)
        for (certificate, status) in zip(validated.certificates, validated.revocation) where status == .noCRL {
            throw EndorsementError(
                .collateralMissing, step: step,
                detail:
                    "no CRL from the issuer of \(certificate.commonName ?? certificate.subject) in the collateral (\(certificate.issuer))"
            )
        }
        let timed = timedChain(validated, crls: crls)
        revocationChecks.withLock { $0[ContentKey(ArraySlice(Array(payload)))] = timed }
        return (validated, timed.crlNextUpdates)
    }

    /// Per issuer, the index of the CRL with the latest `thisUpdate` not after `time` (or the
    /// oldest, when all are from the future, so the validator reports it), in index order.
    func currentCRLs(at time: Timestamp) -> [Int] {
        var byIssuer: [String: Int] = [:]
        for (index, info) in crlInfo.enumerated() {
            guard let heldIndex = byIssuer[info.issuer] else {
                byIssuer[info.issuer] = index
                continue
            }
            let held = crlInfo[heldIndex].thisUpdate
            let heldCurrent = held <= time
            let current = info.thisUpdate <= time
            if current && (!heldCurrent || info.thisUpdate > held) || !current && !heldCurrent && info.thisUpdate < held
            {
                byIssuer[info.issuer] = index
            }
        }
        return byIssuer.values.sorted()
    }

    func timedChain(_ chain: ValidatedChain, crls: [Int]) -> TimedChain {
        let subjects = Set(chain.certificates.map(\.subject))
        let used = crls.filter { subjects.contains(crlInfo[$0].issuer) }
        let from = (chain.certificates.map(\.notBefore) + used.map { crlInfo[$0].thisUpdate }).max()
        return TimedChain(
            chain: chain, validFrom: from ?? Timestamp(secondsSinceEpoch: .min), validUntil: chain.earliestExpiry,
            crls: crls, crlNextUpdates: used.compactMap { crlInfo[$0].crl.nextUpdate })
    }

    // MARK: Collateral documents

    /// The TCB info for a platform: the document with `id` (`"TDX"`/`"SGX"`) and `fmspc` issued
    /// most recently (not after `time`).
    ///
    /// - Throws: ``EndorsementError`` `.collateralMissing` (no TCB info of that kind),
    ///   `.collateralMismatch` (none for this FMSPC) — step `"TCB info"`.
    public func tcbInfo(id: String, fmspc: [UInt8], at time: Timestamp) throws(EndorsementError) -> (
        index: Int, document: SignedIntelDocument, tcbInfo: TCBInfo
    ) {
        let ofKind = collateral.tcbInfos.indices.filter { collateral.tcbInfos[$0].tcbInfo.id == id }
        guard !ofKind.isEmpty else {
            throw EndorsementError(.collateralMissing, step: "TCB info", detail: "no \(id) TCB info in the collateral")
        }
        let matching = ofKind.filter { collateral.tcbInfos[$0].tcbInfo.fmspc == fmspc }
        guard let chosen = Self.mostRecent(matching, issue: { collateral.tcbInfos[$0].tcbInfo.issueDate }, at: time)
        else {
            let have = Set(ofKind.map { Hex.encode(collateral.tcbInfos[$0].tcbInfo.fmspc) }).sorted()
            throw EndorsementError(
                .collateralMismatch, step: "TCB info",
                detail:
                    "no \(id) TCB info for FMSPC \(Hex.encode(fmspc)) (the collateral has \(have.joined(separator: ", ")))"
            )
        }
        return (chosen, collateral.tcbInfos[chosen].document, collateral.tcbInfos[chosen].tcbInfo)
    }

    /// The QE identity with `id` (`"TD_QE"` / `"QE"`) issued most recently (not after `time`).
    ///
    /// - Throws: ``EndorsementError`` `.collateralMissing` — step `"QE identity"`.
    public func qeIdentity(id: String, at time: Timestamp) throws(EndorsementError) -> (
        index: Int, document: SignedIntelDocument, identity: EnclaveIdentity
    ) {
        let matching = collateral.qeIdentities.indices.filter { collateral.qeIdentities[$0].identity.id == id }
        guard
            let chosen = Self.mostRecent(matching, issue: { collateral.qeIdentities[$0].identity.issueDate }, at: time)
        else {
            throw EndorsementError(
                .collateralMissing, step: "QE identity", detail: "no \(id) QE identity in the collateral")
        }
        return (chosen, collateral.qeIdentities[chosen].document, collateral.qeIdentities[chosen].identity)
    }

    static func mostRecent(_ candidates: [Int], issue: (Int) -> Timestamp, at time: Timestamp) -> Int? {
        let issued = candidates.filter { issue($0) <= time }
        if let latest = issued.max(by: { issue($0) < issue($1) }) { return latest }
        return candidates.min(by: { issue($0) < issue($1) })
    }

    /// Checks a collateral document's signature over its exact bytes and validates the signing
    /// certificate ("Intel SGX TCB Signing") to the anchors at `time`, with the Root CA CRL when
    /// the collateral has one.
    ///
    /// - Parameter slot: a stable number for the document (its kind and index), for the cache.
    /// - Throws: ``EndorsementError`` named after the document's kind: `.collateralMissing` (no
    ///   signing certificate), `.signatureInvalid`, `.chainInvalid`, `.expired`, `.revoked`.
    public func checkSignature(of document: SignedIntelDocument, slot: Int, at time: Timestamp)
        throws(EndorsementError) -> ValidatedChain
    {
        let crls = currentCRLs(at: time)
        if let hit = documentChecks.withLock({ $0[slot] }), hit.holds(at: time, crls: crls) { return hit.chain }
        let step = document.kind.rawValue
        let candidates = collateral.certificates.filter { !$0.isSelfSigned }
        // Every certificate whose key verifies the signature may sign: Intel reissues "Intel SGX
        // TCB Signing" with the same key and serial (2018–2025, 2025–2032), so a bundle can hold
        // an expired and a current one. The first whose chain validates wins.
        let signers = candidates.filter { certificate in
            guard let key = try? key(of: certificate) else { return false }
            return verifier.isValid(.rawRS(document.signature), over: document.body, key: key, scheme: .ecdsa(.sha256))
        }
        guard !signers.isEmpty else {
            let signing = candidates.contains { ($0.commonName ?? "").contains("TCB Signing") }
            throw EndorsementError(
                signing ? .signatureInvalid : .collateralMissing, step: step,
                detail: signing
                    ? "the signature of \(document.source) does not verify with any TCB signing certificate in the collateral"
                    : "no Intel SGX TCB Signing certificate in the collateral to check \(document.source)")
        }
        var firstError: EndorsementError?
        var validatedChain: ValidatedChain?
        for signer in signers {
            do {
                validatedChain = try validator.validate(
                    leaf: signer, intermediates: collateral.certificates.filter { $0 != signer }, anchors: anchors,
                    crls: crls.map { crlInfo[$0].crl }, at: time, step: step)
                break
            } catch {
                firstError = firstError ?? error
            }
        }
        guard let validated = validatedChain else {
            throw firstError ?? EndorsementError(.chainInvalid, step: step, detail: "no signing chain validates")
        }
        documentChecks.withLock { $0[slot] = timedChain(validated, crls: crls) }
        return validated
    }

    func key(of certificate: X509Certificate) throws(EndorsementError) -> VerificationKey {
        let id = ContentKey(certificate.der[...])
        if let key = certificateKeys.withLock({ $0[id] }) { return key }
        let key = try certificate.verificationKey()
        certificateKeys.withLock { $0[id] = key }
        return key
    }
}
