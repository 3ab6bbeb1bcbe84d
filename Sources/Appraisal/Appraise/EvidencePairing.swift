import Evidence

/// Groups the files of one submission into verification units: a piece of evidence and the
/// companions that verify it, the way `policyc verify` takes them as options.
///
/// - A TDX quote and a CC event log (CCEL): the log is the quote's `--event-log`; its RTMR
///   replay binds `tdx.events` to the quote (TDX Guest-Hypervisor Communication Interface
///   §4.3.2: RTMR[i] is the running SHA-384 extend of the log's entries for MR index i + 1).
/// - A TCG event log and a TPM2 quote: the quote is the log's `--quote`; its signature (with
///   the attestation key of ``VerificationOptions/attestationKey``) and its PCR digest bind the
///   replayed PCRs to a TPM (TPM 2.0 Part 3 §18.4, TPM2_Quote).
///
/// Companions pair with the evidence in the order given (the first CCEL with the first TDX
/// quote, …). A companion with nothing to pair with, or one whose option the caller already
/// set, is verified on its own, as before.
struct EvidencePairing {
    /// One piece of evidence and the files that travel with it as options.
    struct Unit: Equatable {
        /// Index of the evidence in the submission.
        var primary: Int
        /// Index of the CCEL verified with a TDX quote.
        var eventLog: Int?
        /// Index of the TPM2 quote verified with a TCG event log.
        var tpmQuote: Int?

        /// Every file of the unit, the evidence first.
        var members: [Int] { [primary] + [eventLog, tpmQuote].compactMap { $0 } }

        /// `options` with the companions' bytes set.
        func options(_ options: VerificationOptions, evidence: [[UInt8]]) -> VerificationOptions {
            var copy = options
            if let eventLog { copy.eventLog = evidence[eventLog] }
            if let tpmQuote { copy.tpmQuote = evidence[tpmQuote] }
            return copy
        }
    }

    /// The units of `kinds` (the detected kind of each file, `nil` when unrecognized), in the
    /// order of their evidence.
    static func units(kinds: [EvidenceKind?], options: VerificationOptions) -> [Unit] {
        var units = kinds.indices.map { Unit(primary: $0) }
        var absorbed = Set<Int>()
        if options.eventLog == nil {
            pair(&units, &absorbed, kinds, evidence: .tdxQuote, companion: .ccelLog) { $0.eventLog = $1 }
        }
        if options.tpmQuote == nil {
            pair(&units, &absorbed, kinds, evidence: .tcgEventLog, companion: .tpmQuote) { $0.tpmQuote = $1 }
        }
        return units.filter { !absorbed.contains($0.primary) }
    }

    private static func pair(
        _ units: inout [Unit], _ absorbed: inout Set<Int>, _ kinds: [EvidenceKind?], evidence: EvidenceKind,
        companion: EvidenceKind, attach: (inout Unit, Int) -> Void
    ) {
        let hosts = kinds.indices.filter { kinds[$0] == evidence }
        let guests = kinds.indices.filter { kinds[$0] == companion }
        for (host, guest) in zip(hosts, guests) {
            attach(&units[host], guest)
            absorbed.insert(guest)
        }
    }
}
