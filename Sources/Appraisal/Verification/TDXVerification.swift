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

    /// Verifies `quote`, then what is bound to it: the CC event log of `options.eventLog`
    /// (step `rtmr_replay`, TDX only) and, for Azure evidence, the HCL report's runtime data
    /// (step `runtime_data_binding`). `<kind>.verified` is decided here and only here: every
    /// cryptographic step of the quote (``DCAPQuoteVerification/verified``) and every binding
    /// passed.
    static func verify(_ quote: DCAPQuote, runtimeData hclReport: HCLReport? = nil, options: VerificationOptions)
        throws(AppraisalError) -> ([VerificationStep], ClaimSet)
    {
        let context = IntelVerificationContext.shared(store: options.collateral, anchors: options.trustAnchors)
        let verification = DCAPQuoteVerification(quote: quote, context: context, at: options.time)
        var claims = ClaimSet(schema: quote.isTDX ? .tdx : .sgx)
        var bindings: [VerificationStep] = []
        let steps: [VerificationStep]
        do {
            try claims.add(dcapQuote: quote)
            try claims.add(dcapVerification: verification)
            if let eventLog = options.eventLog, let rtmrs = CCELBinding.rtmrs(of: quote) {
                bindings.append(try CCELBinding.bind(eventLog: eventLog, rtmrs: rtmrs, claims: &claims))
            }
            if let hclReport, let body = quote.tdBody {
                bindings.append(try bindRuntimeData(hclReport, quoteReportData: body.reportData, claims: &claims))
            }
            steps =
                verification.steps.map { step in
                    switch step.outcome {
                    case .passed(let detail): return VerificationStep.passed(step.name, detail)
                    case .failed(let error): return VerificationStep.failed(step.name, error)
                    case .skipped(let reason): return VerificationStep.skipped(step.name, reason)
                    }
                } + bindings
            let verified = verification.verified && bindings.allSatisfy { $0.status == .passed }
            try claims.add(verificationSteps: steps, verified: verified)
        } catch {
            throw .claims(error)
        }
        return (steps, claims)
    }

    /// Verifies Azure TDX evidence: the TD quote as above, with the binding of the HCL runtime
    /// data into the verified quote's REPORTDATA (step `runtime_data_binding`). The vTPM quote is
    /// not verified here (TPM quotes belong to the TPM verifier).
    static func verifyAzure(_ bytes: [UInt8], options: VerificationOptions) throws(AppraisalError)
        -> VerificationReport
    {
        let quote: DCAPQuote
        let report: HCLReport
        do {
            let evidence = try AzureTDXEvidence(json: bytes)
            quote = try DCAPQuote(parsing: evidence.tdQuote)
            report = try HCLReport(evidence.hclReport)
        } catch {
            throw .parse(error)
        }
        guard quote.isTDX else {
            throw .parse(
                EvidenceError(
                    .invalidValue, structure: AzureTDXEvidence.structure, field: "td_quote", offset: 0,
                    detail: "the quote is not a TDX quote"))
        }
        let (steps, claims) = try verify(quote, runtimeData: report, options: options)
        return VerificationReport(kind: .azureTDXEvidence, steps: steps, claims: [claims])
    }

    /// Adds the HCL report's runtime-data claims (`tdx.azure.*`,
    /// `tdx.verification.runtime_data_binding`) and returns the step `runtime_data_binding`:
    /// SHA-256 of the runtime data is REPORTDATA[0:32] of the TD report and of the quote.
    static func bindRuntimeData(_ report: HCLReport, quoteReportData: ArraySlice<UInt8>, claims: inout ClaimSet)
        throws(ClaimError) -> VerificationStep
    {
        let bound = try claims.add(hclReport: report, quoteReportData: quoteReportData)
        try claims.set("tdx.verification.runtime_data_binding", .bool(bound))
        guard bound else {
            return .failed(
                "runtime_data_binding",
                EndorsementError(
                    .signatureInvalid, step: "runtime data binding",
                    detail: "the HCL runtime data's hash is not the quote's REPORTDATA (TDX Quote report data mismatch)"
                ))
        }
        return .passed(
            "runtime_data_binding",
            "SHA-256 of the HCL runtime data is REPORTDATA[0:32] of the TD report and the quote")
    }
}
