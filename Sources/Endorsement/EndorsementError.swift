/// The one error type of the `Endorsement` layer: a verification step that could not be
/// carried out or did not pass, with the step and the object it concerns.
public struct EndorsementError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// A key, certificate, CRL or document could not be decoded.
        case malformedInput
        /// A signature did not verify.
        case signatureInvalid
        /// A certificate chain could not be built or validated.
        case chainInvalid
        /// A certificate is revoked by a CRL in the collateral.
        case revoked
        /// A certificate, CRL or collateral document is outside its validity window.
        case expired
        /// Required collateral is missing from the bundle.
        case collateralMissing
        /// Collateral does not match the evidence (FMSPC, product, …).
        case collateralMismatch
        /// The platform's TCB level is not acceptable or cannot be matched.
        case tcbMismatch
        /// An algorithm or parameter set this build does not support.
        case unsupportedAlgorithm
        /// A call into a C library failed unexpectedly.
        case libraryFailure
    }

    public let code: Code
    /// The verification step, e.g. `"quote signature"`, `"PCK chain"`.
    public let step: String
    /// A sentence for people.
    public let detail: String

    public init(_ code: Code, step: String, detail: String = "") {
        self.code = code
        self.step = step
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "\(code.rawValue) in \(step)" : "\(code.rawValue) in \(step): \(detail)"
    }

    public static func == (lhs: EndorsementError, rhs: EndorsementError) -> Bool {
        lhs.code == rhs.code && lhs.step == rhs.step
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(step)
    }
}
