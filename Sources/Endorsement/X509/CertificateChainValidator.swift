internal import COpenSSL
import Evidence

/// A certificate chain that validated: leaf first, trust anchor last, with the revocation
/// status of each certificate and the earliest expiry on the path.
public struct ValidatedChain: Sendable {
    /// Leaf → … → trust anchor.
    public let certificates: [X509Certificate]
    /// For each certificate below the anchor (same order as ``certificates``): how revocation
    /// was checked.
    public let revocation: [RevocationStatus]
    /// The earliest `notAfter` of the certificates and the `nextUpdate` of the CRLs used.
    public let earliestExpiry: Timestamp

    /// Whether every certificate below the anchor was checked against a CRL.
    public var everyCertificateCheckedForRevocation: Bool {
        revocation.allSatisfy { if case .notRevoked = $0 { return true } else { return false } }
    }
}

/// How one certificate's revocation status was established.
public enum RevocationStatus: Hashable, Sendable {
    /// A CRL from the certificate's issuer, valid at the evaluation time, does not list it.
    case notRevoked(crlIssuer: String)
    /// The collateral holds no CRL from this certificate's issuer: not checked.
    case noCRL
}

/// Validates X.509 certificate paths. The one chain validator of Appraise (ARCHITECTURE
/// principle 9): Intel PCK and TCB-signing chains, AMD ARK → ASK/ASVK → VCEK/VLEK chains.
public protocol CertificateChainValidating: Sendable {
    /// Builds and validates a path from `leaf` through `intermediates` to one of `anchors` at
    /// time `at`, then checks each certificate against the CRLs its issuer signed.
    ///
    /// - Throws: ``EndorsementError`` naming `step`: `.chainInvalid` (no path, bad signature,
    ///   not a CA, …), `.expired` (a certificate or CRL outside its window at `at`), `.revoked`.
    func validate(
        leaf: X509Certificate, intermediates: [X509Certificate], anchors: [X509Certificate],
        crls: [CertificateRevocationList], at time: Timestamp, step: String
    ) throws(EndorsementError) -> ValidatedChain
}

/// The production validator: OpenSSL 3 builds the path and checks signatures (RSA-PKCS#1,
/// RSASSA-PSS with explicit parameters, ECDSA), validity windows at an explicit time, and CA
/// constraints (RFC 5280 §6.1); CRLs are then checked here so that a missing CRL is reported
/// as "not checked" instead of failing, and a present one is always enforced.
///
/// AMD's quirks need no special casing with OpenSSL: serial number 0 and RSASSA-PSS with
/// explicit parameters are accepted by its default (non-strict) profile, and AMD certificates
/// carry no key identifiers, which OpenSSL does not require for path building.
public struct CertificateChainValidator: CertificateChainValidating {
    public init() {}

    public func validate(
        leaf: X509Certificate, intermediates: [X509Certificate], anchors: [X509Certificate],
        crls: [CertificateRevocationList], at time: Timestamp, step: String
    ) throws(EndorsementError) -> ValidatedChain {
        guard !anchors.isEmpty else {
            throw EndorsementError(.chainInvalid, step: step, detail: "no trust anchor configured")
        }
        let path = try buildPath(leaf: leaf, intermediates: intermediates, anchors: anchors, at: time, step: step)
        var revocation: [RevocationStatus] = []
        var earliest = path.map(\.notAfter).min() ?? time
        for (index, certificate) in path.dropLast().enumerated() {
            let issuer = path[index + 1]
            let candidates = crls.filter { $0.issuer == issuer.subject && $0.isSigned(by: issuer) }
            guard !candidates.isEmpty else {
                revocation.append(.noCRL)
                continue
            }
            for crl in candidates {
                guard crl.thisUpdate <= time else {
                    throw EndorsementError(
                        .expired, step: step,
                        detail:
                            "the CRL from \(issuer.commonName ?? issuer.subject) is not valid until \(crl.thisUpdate)")
                }
                if let next = crl.nextUpdate {
                    guard time <= next else {
                        throw EndorsementError(
                            .expired, step: step,
                            detail: "the CRL from \(issuer.commonName ?? issuer.subject) expired at \(next)")
                    }
                    earliest = min(earliest, next)
                }
                if crl.lists(certificate) {
                    throw EndorsementError(
                        .revoked, step: step,
                        detail:
                            "\(certificate.commonName ?? certificate.subject) (serial \(Hex.encode(certificate.serialNumber))) is revoked by its issuer's CRL"
                    )
                }
            }
            revocation.append(.notRevoked(crlIssuer: issuer.subject))
        }
        return ValidatedChain(certificates: path, revocation: revocation, earliestExpiry: earliest)
    }

    /// The path OpenSSL builds, leaf first.
    private func buildPath(
        leaf: X509Certificate, intermediates: [X509Certificate], anchors: [X509Certificate], at time: Timestamp,
        step: String
    ) throws(EndorsementError) -> [X509Certificate] {
        guard let store = X509_STORE_new() else {
            throw EndorsementError(.libraryFailure, step: step, detail: "X509_STORE_new failed")
        }
        defer { X509_STORE_free(store) }
        for anchor in anchors { X509_STORE_add_cert(store, anchor.certificate) }
        guard let untrusted = OPENSSL_sk_new_null() else {
            throw EndorsementError(.libraryFailure, step: step, detail: "sk_new failed")
        }
        defer { OPENSSL_sk_free(untrusted) }
        for certificate in intermediates { OPENSSL_sk_push(untrusted, UnsafeRawPointer(certificate.certificate)) }
        guard let context = X509_STORE_CTX_new() else {
            throw EndorsementError(.libraryFailure, step: step, detail: "X509_STORE_CTX_new failed")
        }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, store, leaf.certificate, untrusted) == 1 else {
            throw EndorsementError(.libraryFailure, step: step, detail: "X509_STORE_CTX_init failed")
        }
        X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(context), time_t(time.secondsSinceEpoch))
        let ok = X509_verify_cert(context) == 1
        defer { ERR_clear_error() }
        guard ok else {
            let code = X509_STORE_CTX_get_error(context)
            let depth = X509_STORE_CTX_get_error_depth(context)
            let reason = String(cString: X509_verify_cert_error_string(Int(code)))
            let subject = X509_STORE_CTX_get_current_cert(context).map {
                X509Certificate.name(X509_get_subject_name($0))
            }
            let detail = "\(reason) (depth \(depth)\(subject.map { ", \($0)" } ?? ""))"
            switch code {
            case X509_V_ERR_CERT_HAS_EXPIRED, X509_V_ERR_CERT_NOT_YET_VALID:
                throw EndorsementError(.expired, step: step, detail: detail + " at \(time)")
            default:
                throw EndorsementError(.chainInvalid, step: step, detail: detail)
            }
        }
        guard let chain = X509_STORE_CTX_get0_chain(context) else {
            throw EndorsementError(.libraryFailure, step: step, detail: "no chain after verification")
        }
        let everything = [leaf] + intermediates + anchors
        var path: [X509Certificate] = []
        for index in 0..<OPENSSL_sk_num(chain) {
            guard let raw = OPENSSL_sk_value(chain, index) else { continue }
            let pointer = OpaquePointer(raw)
            // Map OpenSSL's certificate back to ours by identity, then by content.
            if let known = everything.first(where: { $0.certificate == pointer })
                ?? everything.first(where: { X509_cmp($0.certificate, pointer) == 0 })
            {
                path.append(known)
            }
        }
        return path
    }
}
