import Claims
import Endorsement
import Evidence

/// Verification of event logs and TPM2 quotes (issue #6).
///
/// A log alone has no signature: verifying it means checking that it is self-consistent —
/// every bank replays (each extended entry carries the bank's digest) and no entry whose
/// digest the spec defines as H(data) contradicts its data. With `--quote` and `--ak` the
/// replayed PCRs are bound to a TPM: the quote's signature must verify with the attestation
/// key and its PCR digest must equal the hash of the replayed selected PCRs
/// (`tpm.replay_matches_quote`). A quote without a key fails closed.
enum EventLogVerification {
    static func verify(_ bytes: [UInt8], kind: EvidenceKind, options: VerificationOptions) throws(AppraisalError)
        -> VerificationReport
    {
        do {
            switch kind {
            case .tcgEventLog:
                return try verifyTPMLog(bytes, options: options)
            case .ccelLog:
                return try verifyCCEL(bytes, options: options)
            case .tpmQuote:
                return try verifyStandaloneQuote(bytes, options: options)
            case .ccelACPITable, .celTLV:
                var claims = try EventLogDecoding.claims(bytes, kind: kind)
                let steps: [VerificationStep] = [
                    .passed("parse"),
                    .skipped(
                        "integrity",
                        kind == .celTLV
                            ? "a CEL log is checked by replaying it into the register it extends (RTMR3 / a PCR) of a quote"
                            : "an ACPI table carries no measurement"),
                ]
                for index in claims.indices { try claims[index].add(verificationSteps: steps) }
                return VerificationReport(kind: kind, steps: steps, claims: claims)
            case .tdxQuote, .sgxQuote, .snpReport, .snpExtendedReport, .configFSTSMReport, .azureHCLReport,
                .snpTrusteeEvidence, .azureTDXHCLReport, .azureTDXEvidence:
                throw AppraisalError.unsupported("not an event log")
            }
        } catch let error as AppraisalError {
            throw error
        } catch let error as EvidenceError {
            throw .parse(error)
        } catch let error as ClaimError {
            throw .claims(error)
        } catch {
            throw .unrecognized("\(error)")
        }
    }

    /// The replay and digest-consistency steps shared by TPM logs and CCELs.
    static func consistencySteps(_ analysis: EventLogAnalysis, replay: RegisterReplay) -> [VerificationStep] {
        var steps: [VerificationStep] = [.passed("parse", "\(analysis.log.events.count) entries")]
        let complete = replay.banks.filter(\.complete).map(\.algorithm.name)
        let incomplete = replay.banks.filter { !$0.complete }.map(\.algorithm.name)
        if complete.isEmpty {
            steps.append(
                .failed(
                    "replay",
                    EndorsementError(
                        .collateralMismatch, step: "replay",
                        detail: "no bank can be replayed (incomplete: \(incomplete))")))
        } else {
            let extra = incomplete.isEmpty ? "" : "; not replayable: \(incomplete.joined(separator: ", "))"
            steps.append(.passed("replay", "banks \(complete.joined(separator: ", "))\(extra)"))
        }
        let mismatched = analysis.events.filter { $0.check == .mismatch }
        if mismatched.isEmpty {
            let untrusted = analysis.events.filter {
                !$0.check.trusted && $0.check != .notExtended && $0.check != .notCovered
            }
            steps.append(
                .passed(
                    "event data digests",
                    untrusted.isEmpty
                        ? "every entry whose digest is defined over its data matches"
                        : "\(untrusted.count) entr\(untrusted.count == 1 ? "y uses" : "ies use") a firmware-specific digest form: \(untrusted.map { "\($0.event.number) (\($0.check.rawValue))" }.joined(separator: ", "))"
                ))
        } else {
            let list = mismatched.prefix(8).map { "\($0.event.number) \(TCGEventTypeNames.name($0.event.eventType))" }
            steps.append(
                .failed(
                    "event data digests",
                    EndorsementError(
                        .collateralMismatch, step: "event data digests",
                        detail:
                            "\(mismatched.count) entr\(mismatched.count == 1 ? "y's" : "ies'") data do not match the digest: \(list.joined(separator: ", "))"
                    )))
        }
        return steps
    }

    static func verifyTPMLog(_ bytes: [UInt8], options: VerificationOptions) throws -> VerificationReport {
        let log = try TCGEventLog(parsing: bytes, registerKind: .pcr)
        let analysis = EventLogAnalysis(log)
        var claims = ClaimSet(schema: .tpm)
        let replay = try claims.add(tpmEventLog: analysis)
        var steps = consistencySteps(analysis, replay: replay)
        if let quoteBytes = options.tpmQuote {
            let quote = try TPMQuote(parsing: quoteBytes)
            try claims.add(tpmQuote: quote)
            let signature = signatureStep(quote, options: options)
            steps.append(signature)
            try claims.set("tpm.quote.verified", .bool(signature.status == .passed))
            let check = TPMQuoteVerifier.checkPCRDigest(quote) { bank, index in
                guard let replayed = replay.bank(bank), replayed.complete, replayed.values.indices.contains(index)
                else {
                    return nil
                }
                return replayed.values[index]
            }
            try claims.set("tpm.replay_matches_quote", .bool(check.matches))
            if check.matches {
                steps.append(.passed("quote PCR digest", "the replayed PCRs hash to the quote's pcrDigest"))
            } else {
                let why =
                    check.missing.isEmpty
                    ? "the replayed PCRs hash to \(Hex.encode(check.computed ?? [])), the quote says \(Hex.encode(quote.attest.pcrDigest))"
                    : "the log cannot replay the quoted PCRs \(check.missing.joined(separator: ", "))"
                steps.append(
                    .failed(
                        "quote PCR digest", EndorsementError(.collateralMismatch, step: "quote PCR digest", detail: why)
                    ))
            }
        } else {
            steps.append(.skipped("TPM quote", "no --quote: nothing binds these PCRs to a TPM"))
        }
        try claims.add(verificationSteps: steps)
        return VerificationReport(kind: .tcgEventLog, steps: steps, claims: [claims])
    }

    static func signatureStep(_ quote: TPMQuote, options: VerificationOptions) -> VerificationStep {
        let step = "TPM quote signature"
        guard let keyBytes = options.attestationKey else {
            return .failed(
                step,
                EndorsementError(
                    .collateralMissing, step: step, detail: "no attestation key (--ak) to verify the quote"))
        }
        do {
            let key = try AttestationKey(bytes: keyBytes)
            try TPMQuoteVerifier.verifySignature(quote, key: key)
            return .passed(
                step, "\(quote.signature.signatureAlgorithm)-\(quote.signature.hash) by a \(key.key.algorithmName) key")
        } catch {
            return .failed(step, error)
        }
    }

    static func verifyStandaloneQuote(_ bytes: [UInt8], options: VerificationOptions) throws -> VerificationReport {
        let quote = try TPMQuote(parsing: bytes)
        var claims = ClaimSet(schema: .tpm)
        try claims.add(tpmQuote: quote)
        let signature = signatureStep(quote, options: options)
        try claims.set("tpm.quote.verified", .bool(signature.status == .passed))
        let steps: [VerificationStep] = [
            .passed("parse"), signature,
            .skipped("quote PCR digest", "no event log: give the log as the evidence and this quote as --quote"),
        ]
        try claims.add(verificationSteps: steps)
        return VerificationReport(kind: .tpmQuote, steps: steps, claims: [claims])
    }

    static func verifyCCEL(_ bytes: [UInt8], options: VerificationOptions) throws -> VerificationReport {
        let log = try TCGEventLog(parsing: bytes, registerKind: .ccMeasurementRegister)
        let analysis = EventLogAnalysis(log)
        var claims = ClaimSet(schema: .ccel)
        let replay = try claims.add(ccelLog: analysis)
        var steps = consistencySteps(analysis, replay: replay)
        if let quoteBytes = options.tpmQuote, EvidenceKind.detect(quoteBytes) == .tdxQuote,
            let quote = try? DCAPQuote(parsing: quoteBytes), let rtmrs = CCELBinding.rtmrs(of: quote)
        {
            steps.append(CCELBinding.compare(log: log, rtmrs: rtmrs).0)  // the log parsed above
        } else {
            steps.append(
                .skipped(
                    "RTMR comparison",
                    "no TDX quote given (--quote QUOTE): nothing binds this log to a TD; `policyc verify QUOTE --event-log LOG` verifies both"
                ))
        }
        try claims.add(verificationSteps: steps)
        return VerificationReport(kind: .ccelLog, steps: steps, claims: [claims])
    }
}
