import Evidence

/// A CC event log's replay compared with the RTMRs a TDX quote reports (RTMR0–3 at TD quote
/// body offset 328, 4 × 48 bytes; Intel TDX DCAP Quoting Library API, Table A.3.2).
///
/// RTMR0–2 are extended only by firmware and boot loader, each extension logged: a mismatch
/// means the log is not the log of this TD. RTMR3 is guest-extendable at run time without any
/// CCEL entry (Linux `tdx_guest` RTMR extend, CoCo AAEL, Confidential Space CEL), so a
/// difference there is reported as ``Outcome/runtimeExtension`` and does not fail the
/// comparison (confidential-dot-ai/attestation-rs #65, kettle #56 made the same choice).
public struct RTMRComparison: Hashable, Sendable {
    public enum Outcome: String, Hashable, Sendable {
        case match
        case mismatch
        /// RTMR3 differs from the log's replay: runtime extensions the CCEL does not record.
        case runtimeExtension = "runtime_extension"
    }

    public struct Register: Hashable, Sendable {
        /// RTMR number, 0–3.
        public let index: Int
        public let replayed: [UInt8]
        public let quoted: [UInt8]
        /// Log entries that extend this register.
        public let eventCount: Int
        public let outcome: Outcome
    }

    public let registers: [Register]

    /// Whether RTMR0–2 all match (RTMR3 never fails the comparison).
    public var passed: Bool { registers.allSatisfy { $0.outcome != .mismatch } }

    /// Compares the SHA-384 replay of `log` (a CCEL) with `rtmrs`, the quote's RTMR0–3.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` unless there are four 48-byte RTMRs;
    ///   `.collateralMismatch` if the log has no complete SHA-384 bank to replay.
    public init(log: TCGEventLog, rtmrs: [[UInt8]]) throws(EndorsementError) {
        guard rtmrs.count == 4, rtmrs.allSatisfy({ $0.count == 48 }) else {
            throw EndorsementError(.malformedInput, step: "RTMR replay", detail: "needs RTMR0–3, 48 bytes each")
        }
        var ccLog = log
        if log.registerKind != .ccMeasurementRegister {
            ccLog = (try? TCGEventLog(parsing: log.bytes, registerKind: .ccMeasurementRegister)) ?? log
        }
        let replay = RegisterReplay(log: ccLog)
        guard let bank = replay.bank(.sha384), bank.complete, bank.values.count == 4 else {
            throw EndorsementError(
                .collateralMismatch, step: "RTMR replay", detail: "the event log has no complete SHA-384 bank")
        }
        registers = (0..<4).map { index in
            let count = ccLog.events.filter { $0.eventType != .noAction && $0.registerIndex == UInt32(index + 1) }.count
            let same = bank.values[index] == rtmrs[index]
            let outcome: Outcome = same ? .match : index == 3 ? .runtimeExtension : .mismatch
            return Register(
                index: index, replayed: bank.values[index], quoted: rtmrs[index], eventCount: count, outcome: outcome)
        }
    }
}
