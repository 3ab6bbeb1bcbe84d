import Crypto
import Evidence

/// Replays an event log: recomputes every measurement register from the log's digests,
/// `new = H(old ‖ digest)` per bank, as the TPM (or the TDX module) did while the platform booted.
///
/// TPM logs (TCG PC Client PFP 1.05 §3.3.4, TPM 2.0 Library Part 1 §17 and §34.3):
/// - 24 PCRs per bank; PCRs 17–22 (DRTM) reset to all ones, the others to zero;
/// - `EV_NO_ACTION` entries are never extended;
/// - a `StartupLocality` EV_NO_ACTION in PCR0 sets PCR0's reset value to `00…0L`;
/// - an `EV_EFI_HCRTM_EVENT` in PCR0 sets PCR0's reset value to `00…04` (H-CRTM), then its
///   digest is extended as usual;
/// - entries with index 0xFFFFFFFF (Windows trust points) are never extended.
///
/// CC logs (CCEL; UEFI 2.10 §38.4.1): MR index n ≥ 1 extends RTMR[n−1] (4 registers, reset
/// to zero); MR index 0 is MRTD, which the TDX module builds and no log can replay.
///
/// A bank is *complete* only if every extended entry carries a digest for it: a bank some
/// entry skips cannot be replayed and is reported, not guessed.
public struct RegisterReplay: Sendable {
    /// One replayed bank.
    public struct Bank: Hashable, Sendable {
        public let algorithm: TPMAlgorithmID
        /// The register values, index = PCR number (TPM) or RTMR number (CCEL).
        public let values: [[UInt8]]
        /// Whether each register was extended by at least one entry.
        public let extended: [Bool]
        /// Whether every extended entry carried this bank's digest.
        public let complete: Bool
    }

    public let registerKind: TCGEventLog.RegisterKind
    public let banks: [Bank]
    /// The locality from a StartupLocality event, if any.
    public let startupLocality: UInt8?
    /// Whether an EV_EFI_HCRTM_EVENT set PCR0's reset value to 4.
    public let hcrtm: Bool
    public let notes: [String]

    /// The bank for `algorithm`, if the log carries it.
    public func bank(_ algorithm: TPMAlgorithmID) -> Bank? { banks.first { $0.algorithm == algorithm } }

    /// The reset value of TPM PCR `index` in a bank of `size`-byte digests.
    public static func pcrResetValue(_ index: Int, size: Int, locality: UInt8 = 0) -> [UInt8] {
        if (17...22).contains(index) { return [UInt8](repeating: 0xFF, count: size) }
        var value = [UInt8](repeating: 0, count: size)
        if index == 0 { value[size - 1] = locality }
        return value
    }

    /// Replays every bank of `log` this build can hash.
    public init(log: TCGEventLog) {
        registerKind = log.registerKind
        var notes: [String] = []
        let isCC = log.registerKind == .ccMeasurementRegister
        let registerCount = isCC ? 4 : TCGEventLog.registerCount

        var locality: UInt8?
        var hcrtm = false
        if !isCC {
            for event in log.events where event.registerIndex == 0 {
                if event.eventType == .noAction, event.data.count == 17,
                    event.data.prefix(16).elementsEqual(Array("StartupLocality".utf8) + [0])
                {
                    locality = event.data[event.data.startIndex + 16]
                } else if event.eventType == .efiHCRTMEvent {
                    hcrtm = true
                }
            }
        }
        startupLocality = locality
        self.hcrtm = hcrtm
        let pcr0Start: UInt8 = hcrtm ? 4 : locality ?? 0
        if hcrtm, let locality, locality != 4 {
            notes.append("StartupLocality \(locality) and an H-CRTM event both present: PCR0 starts at 4 (H-CRTM)")
        }

        var banks: [Bank] = []
        for algorithm in log.algorithms {
            guard let size = algorithm.digestSize else {
                notes.append("bank \(algorithm) is not replayed: this build cannot compute it")
                continue
            }
            var values = (0..<registerCount).map { index in
                isCC ? [UInt8](repeating: 0, count: size) : Self.pcrResetValue(index, size: size, locality: pcr0Start)
            }
            var extended = [Bool](repeating: false, count: registerCount)
            var missing = 0
            for event in log.events {
                guard let register = Self.register(of: event, isCC: isCC) else { continue }
                guard let digest = log.digest(of: event, algorithm) else {
                    missing += 1
                    continue
                }
                Self.extend(algorithm, &values[register], digest)
                extended[register] = true
            }
            if missing > 0 {
                notes.append(
                    "bank \(algorithm) is incomplete: \(missing) extended entr\(missing == 1 ? "y lacks" : "ies lack") its digest"
                )
            }
            banks.append(Bank(algorithm: algorithm, values: values, extended: extended, complete: missing == 0))
        }
        if isCC, log.events.contains(where: { $0.registerIndex == 0 && $0.eventType != .noAction }) {
            notes.append("entries with MR index 0 (MRTD) are not replayable from the log and were skipped")
        }
        if isCC, log.events.contains(where: { $0.registerIndex > 4 && $0.registerIndex != UInt32.max }) {
            notes.append("entries with an MR index above 4 name no RTMR and were skipped")
        }
        self.banks = banks
        self.notes = notes
    }

    /// The register `event` extends, or `nil` if it is never extended.
    @inlinable
    static func register(of event: TCGEvent, isCC: Bool) -> Int? {
        guard event.eventType != .noAction, event.registerIndex != UInt32.max else { return nil }
        if isCC {
            guard (1...4).contains(event.registerIndex) else { return nil }
            return Int(event.registerIndex) - 1
        }
        return Int(event.registerIndex)
    }

    /// `H(old ‖ digest)`.
    public static func extend(_ algorithm: TPMAlgorithmID, _ old: [UInt8], _ digest: ArraySlice<UInt8>) -> [UInt8] {
        var value = old
        extend(algorithm, &value, digest)
        return value
    }

    /// `value = H(value ‖ digest)`, in place (no allocation for SHA-1/SHA-2: the replay of a
    /// 24,000-entry log extends 48,000 times).
    public static func extend(_ algorithm: TPMAlgorithmID, _ value: inout [UInt8], _ digest: ArraySlice<UInt8>) {
        func store<D: Digest>(_ result: D) {
            result.withUnsafeBytes { source in
                value.withUnsafeMutableBytes { target in
                    if target.count == source.count { target.copyMemory(from: source) }
                }
            }
        }
        func extend<H: HashFunction>(with _: H.Type) {
            var hasher = H()
            hasher.update(data: value)
            hasher.update(data: digest)
            store(hasher.finalize())
        }
        switch algorithm {
        case .sha1: extend(with: Insecure.SHA1.self)
        case .sha256: extend(with: SHA256.self)
        case .sha384: extend(with: SHA384.self)
        case .sha512: extend(with: SHA512.self)
        default:
            var hasher = SM3()
            hasher.update(value)
            hasher.update(digest)
            value = hasher.finalize()
        }
    }
}
