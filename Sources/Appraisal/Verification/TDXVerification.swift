import Claims
import Endorsement
import Evidence

/// Verification of Intel DCAP quotes (TDX v4/v5, SGX v3) and of Azure TDX evidence, plugged into
/// ``EvidenceVerifier``: the steps of ``DCAPQuoteVerification`` become ``VerificationStep``s and
/// claims (`tdx.*` or `sgx.*`).
enum TDXVerification {
    /// Verifies a quote against `options`' collateral at `options.time`.
    ///
    /// - Throws: ``AppraisalError/parse(_:)`` when the quote does not parse; verification failures
    ///   are failed steps in the report.
    static func verify(_ bytes: [UInt8], options: VerificationOptions) throws(AppraisalError) -> VerificationReport {
        let quote: DCAPQuote
        do {
            quote = try DCAPQuote(parsing: bytes)
        } catch {
            throw .parse(error)
        }
        let (steps, claims) = try verify(quote, options: options)
        return VerificationReport(kind: quote.isTDX ? .tdxQuote : .sgxQuote, steps: steps, claims: [claims])
    }

    static func verify(_ quote: DCAPQuote, options: VerificationOptions) throws(AppraisalError) -> (
        [VerificationStep], ClaimSet
    ) {
        let context = IntelVerificationContext.shared(store: options.collateral, anchors: options.trustAnchors)
        let verification = DCAPQuoteVerification(quote: quote, context: context, at: options.time)
        let steps = verification.steps.map { step in
            switch step.outcome {
            case .passed(let detail): return VerificationStep.passed(step.name, detail)
            case .failed(let error): return VerificationStep.failed(step.name, error)
            case .skipped(let reason): return VerificationStep.skipped(step.name, reason)
            }
        }
        var claims = ClaimSet(schema: quote.isTDX ? .tdx : .sgx)
        var allSteps = steps
        do {
            try claims.add(dcapQuote: quote)
            try claims.add(verificationSteps: steps)
            try claims.add(dcapVerification: verification)
            if let eventLog = options.eventLog, quote.isTDX {
                try CCELBinding.bind(eventLog: eventLog, to: quote, steps: &allSteps, claims: &claims)
            }
        } catch {
            throw .claims(error)
        }
        return (allSteps, claims)
    }

    /// Verifies Azure TDX evidence: the TD quote as above, then the binding of the HCL runtime
    /// data into the verified quote's REPORTDATA (step `runtime_data_binding`). The vTPM quote is
    /// not verified here (TPM quotes belong to the TPM verifier).
    static func verifyAzure(_ bytes: [UInt8], options: VerificationOptions) throws(AppraisalError)
        -> VerificationReport
    {
        let evidence: AzureTDXEvidence
        let quote: DCAPQuote
        let report: HCLReport
        do {
            evidence = try AzureTDXEvidence(json: bytes)
            quote = try DCAPQuote(parsing: evidence.tdQuote)
            report = try HCLReport(evidence.hclReport)
        } catch {
            throw .parse(error)
        }
        guard let body = quote.tdBody else {
            throw .parse(
                EvidenceError(
                    .invalidValue, structure: AzureTDXEvidence.structure, field: "td_quote", offset: 0,
                    detail: "the quote is not a TDX quote"))
        }
        var (steps, claims) = try verify(quote, options: options)
        let bound = ClaimSet.runtimeDataIsBound(report, quoteReportData: body.reportData)
        let binding =
            bound
            ? VerificationStep.passed(
                "runtime_data_binding",
                "SHA-256 of the HCL runtime data is REPORTDATA[0:32] of the TD report and the quote")
            : VerificationStep.failed(
                "runtime_data_binding",
                EndorsementError(
                    .signatureInvalid, step: "runtime data binding",
                    detail: "the HCL runtime data's hash is not the quote's REPORTDATA (TDX Quote report data mismatch)"
                ))
        steps.append(binding)
        do {
            try claims.add(hclReport: report, quoteReportData: body.reportData)
            try claims.set("tdx.verification.runtime_data_binding", .bool(bound))
            try claims.set(
                "tdx.verification.steps",
                .list(steps.map(\.claimRecord)))
            if !bound { try claims.set("tdx.verified", .bool(false)) }
        } catch {
            throw .claims(error)
        }
        return VerificationReport(kind: .azureTDXEvidence, steps: steps, claims: [claims])
    }
}
