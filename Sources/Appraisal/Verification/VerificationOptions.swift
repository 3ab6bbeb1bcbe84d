import Endorsement
import Evidence

/// What verification needs besides the evidence: collateral, the evaluation time, and
/// optional overrides for tests and private PKIs.
public struct VerificationOptions: Sendable {
    /// Offline collateral (certificates, CRLs, Intel JSON).
    public var collateral: CollateralStore
    /// The time at which validity windows are checked (`--at`; default now).
    public var time: Timestamp
    /// Trust anchors replacing the pinned vendor roots (`--trust-anchor`); `nil` uses the pinned roots.
    public var trustAnchors: [X509Certificate]?
    /// The CPU product when the evidence cannot say (SNP v2: `--product Milan|Genoa|Turin`).
    public var product: String?
    /// A TPM2 quote to check an event log against (`--quote`): `TPMS_ATTEST ‖ TPMT_SIGNATURE`.
    public var tpmQuote: [UInt8]?
    /// The TPM attestation key that signed ``tpmQuote`` (`--ak`): PEM, DER SPKI or TPM2B_PUBLIC.
    public var attestationKey: [UInt8]?
    /// A CC event log (CCEL) to replay against a TDX quote's RTMRs (`--event-log`); its entries
    /// become `tdx.events` only when the replay matches.
    public var eventLog: [UInt8]?
    /// The evidence kind when content detection cannot tell (`--kind`), e.g. a CCEL whose
    /// Spec ID sits at index 0.
    public var kindHint: EvidenceKind?

    public init(
        collateral: CollateralStore = CollateralStore(), time: Timestamp, trustAnchors: [X509Certificate]? = nil,
        product: String? = nil
    ) {
        self.collateral = collateral
        self.time = time
        self.trustAnchors = trustAnchors
        self.product = product
    }
}
