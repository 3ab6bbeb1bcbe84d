import ArgumentParser
import Evidence

/// What `claims` and `verify` accept when the evidence cannot say it itself: the CPU product of
/// an SEV-SNP v2 report (SEV-SNP ABI §7.3: only v3+ reports carry CPUID family/model) and the
/// kind, when detection from the content is not wanted.
struct EvidenceHints: ParsableArguments {
    @Option(help: "CPU product when the evidence cannot say it (SEV-SNP v2 reports): Milan, Genoa or Turin.")
    var product: String?

    @Option(
        help: ArgumentHelp(
            "Evidence kind when detection from the content is not wanted: \(EvidenceKind.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "kind"))
    var kind: String?

    func validate() throws {
        try validateProduct(product)
    }
}

/// Rejects a `--product` that names no SEV-SNP generation.
func validateProduct(_ product: String?) throws {
    if let product, SNPGeneration(productName: product) == nil {
        throw ValidationError("--product must be Milan, Genoa or Turin, not \(product)")
    }
}
