import Evidence

/// Checks a TPM2 quote: its signature by the attestation key, and its PCR digest against the
/// PCR values a replayed event log (or another source) gives.
///
/// TPM 2.0 Library Part 3 §18.4 (`TPM2_Quote`): the TPM signs the marshalled `TPMS_ATTEST`
/// with the key's scheme; `pcrDigest` is the hash, with the signing scheme's hash algorithm,
/// of the selected PCR values concatenated in selection order (banks as listed, PCRs ascending).
public enum TPMQuoteVerifier {
    /// Verifies the quote's signature with `key` through the shared ``SignatureVerifying``.
    ///
    /// RSASSA → RSASSA-PKCS1-v1_5, RSAPSS → RSASSA-PSS (salt = digest length), ECDSA → ECDSA
    /// with `r ‖ s` each left-padded to the curve size.
    ///
    /// - Throws: ``EndorsementError`` `.signatureInvalid` (step "TPM quote signature"),
    ///   `.unsupportedAlgorithm` for a hash this build cannot use in signatures.
    public static func verifySignature(
        _ quote: TPMQuote, key: AttestationKey, verifier: some SignatureVerifying = SignatureVerifier()
    ) throws(EndorsementError) {
        let step = "TPM quote signature"
        guard let hash = MeasurementHash.signatureHash(quote.signature.hash) else {
            throw EndorsementError(.unsupportedAlgorithm, step: step, detail: "signature hash \(quote.signature.hash)")
        }
        let scheme: SignatureScheme
        let signature: SignatureBytes
        switch quote.signature.signatureAlgorithm {
        case .rsassa:
            scheme = .rsaPKCS1v15(hash)
            signature = .rsa(Array(quote.signature.signature))
        case .rsapss:
            scheme = .rsaPSS(hash)
            signature = .rsa(Array(quote.signature.signature))
        default:
            scheme = .ecdsa(hash)
            let width: Int
            switch key.key.algorithmName {
            case "P-384": width = 48
            case "P-521": width = 66
            default: width = 32
            }
            let r = quote.signature.signature.drop { $0 == 0 }
            let s = quote.signature.signatureS.drop { $0 == 0 }
            guard r.count <= width, s.count <= width else {
                throw EndorsementError(.signatureInvalid, step: step, detail: "ECDSA r or s longer than the curve")
            }
            signature = .rawRS(AttestationKey.pad(r, width) + AttestationKey.pad(s, width))
        }
        try verifier.verify(signature, over: quote.attest.signedBytes, key: key.key, scheme: scheme, step: step)
    }

    /// The outcome of comparing the quote's PCR digest with PCR values.
    public struct PCRDigestCheck: Hashable, Sendable {
        /// Whether H(selected PCRs) equals the quote's `pcrDigest`.
        public let matches: Bool
        /// The digest computed from the values (`nil` when a selected PCR had no value).
        public let computed: [UInt8]?
        /// Selected (bank, PCR) pairs that had no value.
        public let missing: [String]
    }

    /// Compares the quote's `pcrDigest` with the hash of `value(bank, index)` for every
    /// selected PCR, hashed with the quote signature's hash algorithm.
    public static func checkPCRDigest(
        _ quote: TPMQuote, values: (TPMAlgorithmID, Int) -> [UInt8]?
    ) -> PCRDigestCheck {
        var concatenated: [UInt8] = []
        var missing: [String] = []
        for selection in quote.attest.pcrSelection {
            for pcr in selection.pcrs {
                if let value = values(selection.hash, pcr) {
                    concatenated += value
                } else {
                    missing.append("\(selection.hash):\(pcr)")
                }
            }
        }
        guard missing.isEmpty, let computed = MeasurementHash.hash(quote.signature.hash, concatenated) else {
            return PCRDigestCheck(matches: false, computed: nil, missing: missing)
        }
        return PCRDigestCheck(matches: computed.elementsEqual(quote.attest.pcrDigest), computed: computed, missing: [])
    }
}
