import Crypto
import Evidence
import Synchronization

/// A thread-safe cache for SEV-SNP verification, keyed by content digest (SHA-256), so that
/// verifying many reports against the same bundle pays for certificate parsing, extension
/// decoding and chain validation once — the warm path is one P-384 signature check per report.
///
/// What is cached:
/// - certificates decoded from evidence (certificate tables), by the digest of their bytes;
/// - what each certificate is (VCEK/VLEK with its decoded extensions and P-384 key, CA, root),
///   by the digest of its DER;
/// - validated chains, by the digest of everything the validation depended on (leaf,
///   intermediates, anchors, CRLs), together with the time window in which the result holds:
///   from the latest `notBefore` (and CRL `thisUpdate`) to the earliest `notAfter` (and CRL
///   `nextUpdate`). A result is reused only for an evaluation time inside that window. Failures
///   are not cached.
///
/// Bounded: when an area holds more than ``capacity`` entries it is emptied.
public final class AMDVerificationCache: Sendable {
    /// The cache `policyc` and ``EvidenceVerifier``-style callers share.
    public static let shared = AMDVerificationCache()

    /// Entries per area before the area is emptied.
    public let capacity: Int

    /// What a certificate is, for SEV-SNP verification.
    public enum Role: Sendable {
        case keyCertificate(AMDKeyCertificate)
        /// Self-signed: a candidate root, never trusted because it is in a bundle.
        case root
        /// Anything else: a possible intermediate (ASK, ASVK), passed to the path builder.
        case intermediate
    }

    /// A chain validation result, the window in which it holds, and the path as text.
    public struct CachedChain: Sendable {
        public let chain: ValidatedChain
        public let validFrom: Timestamp
        public let validUntil: Timestamp
        /// `leaf → … → anchor` by common name, for step details.
        public let path: String
    }

    /// A certificate object seen before: held strongly, so its identity cannot be reused by
    /// another object while the entry exists.
    struct Known {
        let certificate: X509Certificate
        let digest: [UInt8]
        let role: Role
    }

    struct State {
        var parsed: [[UInt8]: X509Certificate] = [:]
        var roles: [[UInt8]: Role] = [:]
        var known: [ObjectIdentifier: Known] = [:]
        var chains: [[UInt8]: CachedChain] = [:]
    }

    let state = Mutex(State())

    public init(capacity: Int = 4096) { self.capacity = capacity }

    /// SHA-256 of `bytes`.
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        if let done = bytes.withContiguousStorageIfAvailable({
            hasher.update(bufferPointer: UnsafeRawBufferPointer($0))
        }) {
            _ = done
        } else {
            hasher.update(data: Array(bytes))
        }
        return Array(hasher.finalize())
    }

    /// The certificate encoded by `bytes` (DER or PEM, as a certificate table carries it; zero
    /// padding after a DER certificate is allowed), decoded once per content.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput`.
    public func certificate(_ bytes: ArraySlice<UInt8>) throws(EndorsementError) -> X509Certificate {
        let key = Self.digest(bytes)
        if let cached = state.withLock({ $0.parsed[key] }) { return cached }
        let certificate = try Self.decodeCarried(bytes)
        state.withLock { state in
            if state.parsed.count >= capacity { state.parsed.removeAll() }
            state.parsed[key] = certificate
        }
        return certificate
    }

    /// What `certificate` is (decoded once per DER).
    ///
    /// - Throws: ``EndorsementError`` from decoding a VCEK/VLEK's extensions or key.
    public func role(of certificate: X509Certificate) throws(EndorsementError) -> Role {
        try digestAndRole(of: certificate).role
    }

    /// The SHA-256 of `certificate`'s DER and what the certificate is (decoded once per DER).
    ///
    /// - Throws: ``EndorsementError`` from decoding a VCEK/VLEK's extensions or key.
    public func digestAndRole(of certificate: X509Certificate) throws(EndorsementError) -> (
        digest: [UInt8], role: Role
    ) {
        // The same object again (a collateral store reused across reports): no hashing at all.
        let identity = ObjectIdentifier(certificate)
        if let known = state.withLock({ $0.known[identity] }), known.certificate === certificate {
            return (known.digest, known.role)
        }
        let key = Self.digest(certificate.der)
        if let cached = state.withLock({ $0.roles[key] }) {
            remember(certificate, digest: key, role: cached)
            return (key, cached)
        }
        let role: Role
        if let keyCertificate = try AMDKeyCertificate(certificate: certificate, digest: key) {
            role = .keyCertificate(keyCertificate)
        } else if certificate.isSelfSigned {
            role = .root
        } else {
            role = .intermediate
        }
        state.withLock { state in
            if state.roles.count >= capacity { state.roles.removeAll() }
            state.roles[key] = role
        }
        remember(certificate, digest: key, role: role)
        return (key, role)
    }

    private func remember(_ certificate: X509Certificate, digest: [UInt8], role: Role) {
        state.withLock { state in
            if state.known.count >= capacity { state.known.removeAll() }
            state.known[ObjectIdentifier(certificate)] = Known(certificate: certificate, digest: digest, role: role)
        }
    }

    /// The cached chain for `key` if it holds at `time`.
    public func chain(_ key: [UInt8], at time: Timestamp) -> CachedChain? {
        guard let cached = state.withLock({ $0.chains[key] }), cached.validFrom <= time, time <= cached.validUntil
        else {
            return nil
        }
        return cached
    }

    /// Remembers a validated chain under `key`; `crls` are the CRLs it was checked against.
    @discardableResult
    public func store(_ chain: ValidatedChain, crls: [CertificateRevocationList], under key: [UInt8]) -> CachedChain {
        let validFrom = (chain.certificates.map(\.notBefore) + crls.map(\.thisUpdate)).max() ?? chain.earliestExpiry
        let path = chain.certificates.map { $0.commonName ?? $0.subject }.joined(separator: " → ")
        let entry = CachedChain(chain: chain, validFrom: validFrom, validUntil: chain.earliestExpiry, path: path)
        state.withLock { state in
            if state.chains.count >= capacity { state.chains.removeAll() }
            state.chains[key] = entry
        }
        return entry
    }

    /// Empties every area.
    public func removeAll() {
        state.withLock { $0 = State() }
    }

    /// Decodes a certificate carried in evidence: PEM, or DER possibly followed by zero padding.
    static func decodeCarried(_ bytes: ArraySlice<UInt8>) throws(EndorsementError) -> X509Certificate {
        let array = Array(bytes)
        if PEMBlocks.containsPEM(array) {
            let all = try X509Certificate.certificates(pem: array)
            guard all.count == 1, let only = all.first else {
                throw EndorsementError(
                    .malformedInput, step: "certificate table",
                    detail: "an entry holds \(all.count) PEM certificates, not one")
            }
            return only
        }
        var reader = ByteReader(array, structure: "certificate table entry")
        guard let length = try? DERLength.totalLength(of: &reader) else {
            throw EndorsementError(
                .malformedInput, step: "certificate table", detail: "an entry is not a DER certificate")
        }
        guard array[length...].allSatisfy({ $0 == 0 }) else {
            throw EndorsementError(
                .malformedInput, step: "certificate table", detail: "non-zero bytes after the DER certificate")
        }
        return try X509Certificate(der: Array(array[..<length]))
    }
}
