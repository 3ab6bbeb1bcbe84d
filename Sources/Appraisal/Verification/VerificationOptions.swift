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
