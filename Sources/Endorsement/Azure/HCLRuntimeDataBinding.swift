import Evidence

/// The binding of an Azure HCL report's runtime data (the paravisor's JSON with the vTPM keys)
/// into a hardware report: REPORT_DATA (TDX: REPORTDATA) starts with the hash, by the report's
/// stated hash type, of the runtime data (`HCLReport`, "Binding"; Microsoft az-cvm-vtpm
/// `hcl/mod.rs`).
///
/// The runtime data is hashed once, here; the TDX and SEV-SNP verifiers then ask ``binds(_:rest:)``
/// with the rule for the bytes after the digest that each applies.
public struct HCLRuntimeDataBinding: Sendable {
    /// What the bytes of REPORT_DATA after the digest must hold.
    public enum Rest: Sendable {
        /// Zero, in a 64-byte REPORT_DATA (the TDX rule: the TD report and the TD quote).
        case zero
        /// Anything (the SEV-SNP rule: only the digest is compared).
        case unchecked
    }

    /// The hash the report states for its runtime data.
    public let algorithm: HashAlgorithm
    /// The hash of the runtime data.
    public let digest: [UInt8]

    /// Hashes `report`'s runtime data with its stated hash type.
    public init(_ report: HCLReport) {
        algorithm =
            switch report.hashType {
            case .sha256: .sha256
            case .sha384: .sha384
            case .sha512: .sha512
            }
        digest = algorithm.hash(report.runtimeData)
    }

    /// Whether `reportData` starts with ``digest`` and its remaining bytes follow `rest`.
    public func binds(_ reportData: ArraySlice<UInt8>, rest: Rest) -> Bool {
        guard reportData.starts(with: digest) else { return false }
        switch rest {
        case .zero: return reportData.count == 64 && reportData.dropFirst(digest.count).allSatisfy { $0 == 0 }
        case .unchecked: return true
        }
    }
}
