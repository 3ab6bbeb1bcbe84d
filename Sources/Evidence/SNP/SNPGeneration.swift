/// The AMD EPYC generation that produced an SEV-SNP report. It decides the byte layout of
/// every TCB_VERSION in the report, the width of CHIP_ID, and which AMD root (ARK) endorses
/// the report's VCEK or VLEK.
///
/// Report versions 3 and later carry the CPU's family and model (CPUID_FAM_ID, CPUID_MOD_ID,
/// SEV-SNP ABI spec #56860 rev 1.57+, Table 23); version 2 does not, so its generation comes from
/// the VCEK's product name or from the caller (`--product`) — never from a guess.
public enum SNPGeneration: String, Hashable, Sendable, CaseIterable {
    /// 3rd generation EPYC (Zen 3), family 19h models 00h–0Fh.
    case milan = "Milan"
    /// 4th generation EPYC (Zen 4), family 19h models 10h–1Fh and A0h–AFh (Genoa, Bergamo, Siena).
    case genoa = "Genoa"
    /// 5th generation EPYC (Zen 5), family 1Ah models 00h–11h.
    case turin = "Turin"

    /// The generation of a combined CPUID family and model, or `nil` for any CPU this build
    /// does not know (a later generation may move TCB fields again, so it is never assumed).
    ///
    /// Ranges: AMD processor programming references, as used by virtee/sev `identify_cpu` and
    /// trustee; go-sev-guest knows only the exact models 01h (Milan), 11h (Genoa), 02h (Turin).
    public init?(cpuidFamily family: UInt8, model: UInt8) {
        switch (family, model) {
        case (0x19, 0x00...0x0F): self = .milan
        case (0x19, 0x10...0x1F), (0x19, 0xA0...0xAF): self = .genoa
        case (0x1A, 0x00...0x11): self = .turin
        default: return nil
        }
    }

    /// The generation named by a product string: `Milan`, `Genoa`, `Turin` in any case, or a
    /// VCEK product name with a stepping suffix (`Milan-B0`, VCEK/KDS spec #57230 §3.1).
    public init?(productName: String) {
        let base = productName.prefix { $0 != "-" }.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == base }) else {
            return nil
        }
        self = match
    }

    /// The generation a `--product` option names, `nil` when the option is absent.
    ///
    /// - Throws: `EvidenceError` `.invalidValue` (structure "options", field "product") for a
    ///   product that is not Milan, Genoa or Turin.
    public static func named(option product: String?) throws(EvidenceError) -> SNPGeneration? {
        guard let product else { return nil }
        guard let generation = SNPGeneration(productName: product) else {
            throw EvidenceError(
                .invalidValue, structure: "options", field: "product", offset: 0,
                detail: "unknown product \"\(product)\" (Milan, Genoa or Turin)")
        }
        return generation
    }

    /// Whether TCB_VERSION uses the Turin layout (FMC first, SNP moved to byte 3).
    public var usesTurinTCBLayout: Bool { self == .turin }

    /// The number of meaningful CHIP_ID bytes: 64, or 8 on Turin (KDS spec: Turin hwID is
    /// `CHIP_ID[0:8]`).
    public var chipIDLength: Int { self == .turin ? 8 : 64 }
}

/// The processor signature a version 3+ report carries at 0x188–0x18A.
public struct CPUID: Hashable, Sendable {
    /// CPUID_FAM_ID: combined extended family and family (19h Zen 3/4, 1Ah Zen 5).
    public let family: UInt8
    /// CPUID_MOD_ID: combined extended model and model.
    public let model: UInt8
    /// CPUID_STEP: stepping.
    public let stepping: UInt8

    public init(family: UInt8, model: UInt8, stepping: UInt8) {
        self.family = family
        self.model = model
        self.stepping = stepping
    }
}
