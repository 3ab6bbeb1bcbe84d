import Evidence

/// Everything that can endorse an SEV-SNP report, gathered from the collateral store, the
/// certificates carried with the report and the built-in AMD intermediates, and sorted by
/// role: VCEK/VLEK candidates, intermediates (ASK, ASVK), roots seen (never trusted by being
/// here) and CRLs.
///
/// Certificates are recognized by content, whatever their file names: a KDS download directory
/// (`vcek/v1/Milan/cert_chain`, `vcek/v1/Milan/<hwid>`, `vcek/v1/Milan/crl`) works as well as a
/// flat folder of `.pem` and `.der` files.
public struct AMDCollateral: Sendable {
    /// Every VCEK and VLEK found.
    public let keyCertificates: [AMDKeyCertificate]
    /// Non-self-signed certificates that may complete a path (ASK, ASVK, and whatever else the
    /// bundle holds: the path builder uses only what chains).
    public let intermediates: [X509Certificate]
    /// Self-signed certificates found in the bundle or the evidence, with the SHA-256 of their
    /// DER (for messages: the anchors are the pinned ARKs or `--trust-anchor`).
    public let suppliedRoots: [(certificate: X509Certificate, digest: [UInt8])]
    /// CRLs from the bundle and the evidence.
    public let crls: [CertificateRevocationList]
    /// SHA-256 of each intermediate's DER, sorted: with the leaf's and the anchors' digests, the
    /// key under which a chain validation is cached.
    public let intermediateDigests: [[UInt8]]

    /// Gathers and classifies the endorsements available for a report.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` when a certificate carried in the
    ///   evidence or a VCEK/VLEK in the bundle does not decode.
    public init(
        store: CollateralStore, carried: SNPCertificateTable, builtInIntermediates: [X509Certificate],
        cache: AMDVerificationCache
    ) throws(EndorsementError) {
        var keyCertificates: [AMDKeyCertificate] = []
        var intermediates: [X509Certificate] = []
        var roots: [(certificate: X509Certificate, digest: [UInt8])] = []
        var crls = store.crls
        var certificates = store.certificates
        for entry in carried.entries {
            switch entry.role {
            case .crl:
                crls.append(try CertificateRevocationList(derOrPEM: Array(entry.data)))
            case .ark, .ask, .vcek, .vlek:
                certificates.append(try cache.certificate(entry.data))
            case .other:
                continue
            }
        }
        var seen: Set<[UInt8]> = []
        var intermediateDigests: [[UInt8]] = []
        for certificate in certificates + builtInIntermediates {
            let (digest, role) = try cache.digestAndRole(of: certificate)
            guard seen.insert(digest).inserted else { continue }
            switch role {
            case .keyCertificate(let keyCertificate): keyCertificates.append(keyCertificate)
            case .root: roots.append((certificate, digest))
            case .intermediate:
                intermediates.append(certificate)
                intermediateDigests.append(digest)
            }
        }
        self.intermediateDigests = intermediateDigests.sorted { $0.lexicographicallyPrecedes($1) }
        self.keyCertificates = keyCertificates
        self.intermediates = intermediates
        self.suppliedRoots = roots
        self.crls = crls
    }

    /// The VCEK or VLEK candidates for `report`, best first: by ``AMDKeyCertificate/score(for:)``
    /// (hwID match, then TCB match). Certificates of the other kind are never candidates.
    public func candidates(for report: SNPReport, kind: AMDKeyCertificate.Kind) -> [(AMDKeyCertificate, Int)] {
        keyCertificates.filter { $0.kind == kind }
            .map { ($0, $0.score(for: report)) }
            .sorted { $0.1 > $1.1 }
    }
}
