import Evidence
import Foundation

/// A signed Intel collateral document: TCB info or QE identity, with the exact bytes the
/// signature covers.
public struct SignedIntelDocument: Sendable {
    public enum Kind: String, Sendable, Hashable {
        case tcbInfo = "TCB info"
        case qeIdentity = "QE identity"
    }

    public let kind: Kind
    /// The exact bytes of the `tcbInfo` / `enclaveIdentity` value as served.
    public let body: [UInt8]
    /// ECDSA P-256 signature, r ‖ s (64 bytes, from the document's hex).
    public let signature: [UInt8]
    /// Where the document came from (file name, and the member for QuoteCollateralV3), for messages.
    public let source: String
}

/// The Intel collateral found in a ``CollateralStore``, recognized by content:
///
/// - Intel PCS API v4 response bodies: `{"tcbInfo": {…}, "signature": "hex"}` and
///   `{"enclaveIdentity": {…}, "signature": "hex"}` — the signature is checked over the raw bytes
///   of the inner object (``RawJSONMember``);
/// - the QuoteCollateralV3 JSON shape of dcap-qvl and the corpus samples: `tcb_info` /
///   `qe_identity` (the signed JSON text as a string), `tcb_info_signature` /
///   `qe_identity_signature` (hex), `tcb_info_issuer_chain` / `qe_identity_issuer_chain` /
///   `pck_crl_issuer_chain` (PEM), `root_ca_crl` / `pck_crl` (hex DER);
/// - PEM/DER certificates (TCB signing and PCK CA chains) and CRLs (PCK CRL, Root CA CRL), as
///   the store already decoded them.
///
/// Documents are decoded and their shape checked here; their signatures are checked by
/// ``IntelVerificationContext`` when a quote needs them.
public struct IntelCollateral: Sendable {
    public private(set) var tcbInfos: [(document: SignedIntelDocument, tcbInfo: TCBInfo)] = []
    public private(set) var qeIdentities: [(document: SignedIntelDocument, identity: EnclaveIdentity)] = []
    public private(set) var certificates: [X509Certificate]
    public private(set) var crls: [CertificateRevocationList]
    /// What was skipped and why (one line per document), for `policyc verify` output.
    public private(set) var notes: [String] = []

    /// Reads the Intel collateral of `store`.
    public init(store: CollateralStore) {
        certificates = store.certificates
        crls = store.crls
        notes = store.notes
        for document in store.jsonDocuments {
            read(document.bytes, source: document.source)
        }
    }

    mutating func read(_ bytes: [UInt8], source: String) {
        let json = bytes[...]
        if let body = RawJSONMember.value(of: "tcbInfo", in: json) {
            addSigned(.tcbInfo, body: body, signatureHex: Self.signatureHex(in: json), source: source)
            return
        }
        if let body = RawJSONMember.value(of: "enclaveIdentity", in: json) {
            addSigned(.qeIdentity, body: body, signatureHex: Self.signatureHex(in: json), source: source)
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            notes.append("\(source): JSON, but not an Intel collateral document; ignored")
            return
        }
        guard object["tcb_info"] is String || object["qe_identity"] is String else {
            notes.append("\(source): JSON, but not an Intel collateral document; ignored")
            return
        }
        readQuoteCollateralV3(object, source: source)
    }

    static func signatureHex(in json: ArraySlice<UInt8>) -> String? {
        guard let raw = RawJSONMember.value(of: "signature", in: json), raw.count >= 2,
            raw.first == UInt8(ascii: "\""), raw.last == UInt8(ascii: "\"")
        else { return nil }
        return String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
    }

    mutating func addSigned(
        _ kind: SignedIntelDocument.Kind, body: ArraySlice<UInt8>, signatureHex: String?, source: String
    ) {
        guard let signatureHex, let signature = Hex.decode(signatureHex), signature.count == 64 else {
            notes.append("\(source): \(kind.rawValue) without a 64-byte hex signature; ignored")
            return
        }
        let document = SignedIntelDocument(kind: kind, body: Array(body), signature: signature, source: source)
        do {
            switch kind {
            case .tcbInfo: tcbInfos.append((document, try TCBInfo(json: body)))
            case .qeIdentity: qeIdentities.append((document, try EnclaveIdentity(json: body)))
            }
        } catch {
            notes.append("\(source): \(error)")
        }
    }

    mutating func readQuoteCollateralV3(_ object: [String: Any], source: String) {
        if let text = object["tcb_info"] as? String {
            addSigned(
                .tcbInfo, body: Array(text.utf8)[...], signatureHex: object["tcb_info_signature"] as? String,
                source: "\(source) (tcb_info)")
        }
        if let text = object["qe_identity"] as? String {
            addSigned(
                .qeIdentity, body: Array(text.utf8)[...], signatureHex: object["qe_identity_signature"] as? String,
                source: "\(source) (qe_identity)")
        }
        for key in [
            "tcb_info_issuer_chain", "qe_identity_issuer_chain", "pck_crl_issuer_chain", "pck_certificate_chain",
        ] {
            guard let pem = object[key] as? String else { continue }
            do {
                for certificate in try X509Certificate.certificates(pem: Array(pem.utf8))
                where !certificates.contains(certificate) {
                    certificates.append(certificate)
                }
            } catch {
                notes.append("\(source) (\(key)): \(error)")
            }
        }
        for key in ["root_ca_crl", "pck_crl"] {
            guard let text = object[key] as? String else { continue }
            guard let bytes = Hex.decode(text) ?? (text.contains("-----BEGIN") ? Array(text.utf8) : nil) else {
                notes.append("\(source) (\(key)): neither hex DER nor PEM; ignored")
                continue
            }
            do {
                let crl = try CertificateRevocationList(derOrPEM: bytes)
                if !crls.contains(crl) { crls.append(crl) }
            } catch {
                notes.append("\(source) (\(key)): \(error)")
            }
        }
    }
}
