import Crypto
import Evidence

/// A VCEK or VLEK certificate, decoded once: its AMD extensions and its P-384 public key, ready
/// to check report signatures. Built by ``AMDVerificationCache`` and shared between reports.
public struct AMDKeyCertificate: Sendable {
    /// Which endorsement key the certificate holds.
    public enum Kind: String, Hashable, Sendable {
        /// Versioned Chip Endorsement Key: subject `CN=SEV-VCEK`, carries hwID.
        case vcek
        /// Versioned Loaded Endorsement Key: subject `CN=SEV-VLEK`, carries cspID.
        case vlek
    }

    public let certificate: X509Certificate
    public let kind: Kind
    public let extensions: VCEKExtensions
    /// The certificate's public key (ECDSA P-384).
    public let key: VerificationKey
    /// SHA-256 of the certificate's DER encoding.
    public let digest: [UInt8]

    /// Decodes `certificate` if it is a VCEK or VLEK, or returns `nil` when it carries no AMD
    /// key extensions (a CA certificate, or anything else in a bundle).
    ///
    /// A certificate is a VLEK when its common name is `SEV-VLEK` or it has a cspID, a VCEK when
    /// its common name is `SEV-VCEK` or it has a hwID (VCEK/KDS spec #57230 §2.3 and §3.3).
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` for malformed AMD extensions,
    ///   `.unsupportedAlgorithm` when the key is not P-384.
    public init?(certificate: X509Certificate, digest: [UInt8]) throws(EndorsementError) {
        let extensions = try VCEKExtensions(certificate: certificate)
        guard extensions.isAMDKeyCertificate else { return nil }
        let name = certificate.commonName
        if name == "SEV-VLEK" || extensions.cspID != nil {
            kind = .vlek
        } else if name == "SEV-VCEK" || extensions.hardwareID != nil {
            kind = .vcek
        } else {
            return nil
        }
        let key = try certificate.verificationKey()
        guard key.algorithmName == "P-384" else {
            throw EndorsementError(
                .unsupportedAlgorithm, step: "\(kind.rawValue.uppercased()) key",
                detail: "a \(kind.rawValue.uppercased()) holds a P-384 key, this one is \(key.algorithmName)")
        }
        self.certificate = certificate
        self.extensions = extensions
        self.key = key
        self.digest = digest
    }

    /// How well this certificate fits `report`: 2 points when its hwID equals the report's
    /// CHIP_ID, 1 when its SPLs equal REPORTED_TCB. Used to pick the right VCEK from a bundle
    /// holding several; the verification steps then check each property on its own.
    public func score(for report: SNPReport) -> Int {
        var score = 0
        if let hardwareID = extensions.hardwareID, !report.isChipIDMasked,
            hardwareID.elementsEqual(report.chipIDField.prefix(hardwareID.count))
        {
            score += 2
        }
        if let generation = report.generation ?? extensions.generation,
            let reported = try? TCBVersion(
                raw: report.rawReportedTCB, generation: generation, structure: "", field: "", offset: 0),
            extensions.tcbDifferences(from: reported).isEmpty
        {
            score += 1
        }
        return score
    }
}
