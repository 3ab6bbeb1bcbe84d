import Appraisal
import ArgumentParser
import Claims
import Endorsement
import Evidence

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify evidence offline against a collateral bundle and print each step.",
        discussion: """
            Checks signatures, certificate chains up to the pinned vendor roots, revocation \
            against the CRLs in the bundle, and the collateral (Intel TCB info and QE identity; \
            AMD VCEK/VLEK), at an explicit time. Nothing is fetched from the network: every \
            certificate, CRL and JSON document in --collateral is recognized by its content, \
            whatever the file is called.

            Every step is printed with its outcome; the exit code names the class of the first \
            failure: 4 parse, 5 signature, 6 chain or revocation, 7 collateral missing, expired \
            or mismatched, 8 TCB level not acceptable.

            Intel TDX/SGX quotes (and Azure TDX evidence) run these steps, each also a claim \
            tdx.verification.<step> (sgx.… for SGX): quote_signature, qe_report_signature, \
            attestation_key_binding, pck_chain, pck_revocation (PCK CRL and Root CA CRL), tcb_info \
            and qe_identity (Intel's signatures over the exact bytes served), collateral_validity, \
            tcb_level (fails only when no level matches or the TCB is Revoked), and for Azure \
            runtime_data_binding. tdx.verified is true exactly when every cryptographic step \
            passed; tdx.tcb.status (UpToDate, SWHardeningNeeded, ConfigurationNeeded, \
            ConfigurationAndSWHardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded, Revoked) \
            is left for the policy to judge.

            AMD SEV-SNP: reports, extended reports (with their certificate table), configfs-tsm \
            JSON, Azure HCL reports and Trustee's JSON are recognized. The VCEK or VLEK comes \
            from the evidence's certificate table or from --collateral (DER or PEM, any names, \
            also AMD's KDS layout vcek/v1/<product>/…; the right VCEK is chosen by its hwID and \
            TCB); the ASK/ASVK are built in; the chain ends at the pinned ARK of the CPU \
            generation unless --trust-anchor replaces it. A CRL in the bundle is enforced. \
            Version 2 reports do not name their CPU: the VCEK's product name decides, or --product.

            Event logs: a TPM event log alone is checked for self-consistency (every bank \
            replays; entries whose digest is defined over their data match it — a mismatch exits \
            7). With --quote (a TPM2 quote: TPMS_ATTEST followed by TPMT_SIGNATURE, as \
            `cat quote.msg quote.sig` of tpm2_quote) and --ak (the attestation key: PEM, DER \
            SubjectPublicKeyInfo, TPM2B_PUBLIC or TPMT_PUBLIC), the quote's signature must verify \
            (else exit 5) and its PCR digest must equal the hash of the replayed PCRs it selects \
            (else exit 7; claim tpm.replay_matches_quote). A quote without --ak fails (exit 7).

            A TDX quote with --event-log CCEL also runs rtmr_replay: the CCEL's SHA-384 replay \
            must equal the quote's RTMR0–2 (RTMR3 may carry runtime extensions, reported, not \
            failed; exit 7 on a mismatch). Only then do its entries become tdx.events, so a \
            policy never sees the log of another TD. A CCEL with --quote TDXQUOTE runs the same \
            comparison from the log's side.

            Examples:
              policyc verify quote.bin --collateral bundle/ --at 2025-07-19T10:00:34Z
              policyc verify Corpus/evidence/tdx/dcap-qvl_tdx_quote.bin \\
                  --collateral Corpus/collateral/intel/dcap-qvl-tdx --at 2025-07-19T10:00:34Z
              policyc verify --format json report.bin --collateral bundle/
              policyc verify Corpus/evidence/snp/oak_turin_oc_report_v5.bin \\
                  --collateral Corpus/collateral/amd --at 2025-09-12T00:00:00Z
              policyc verify binary_bios_measurements --quote quote.bin --ak ak.pem
              policyc verify td-quote.bin --event-log ccel.bin --collateral bundle/
            """)

    @Argument(help: "Evidence files; `-` reads standard input.")
    var files: [String]

    @Option(
        help:
            "Directory of collateral, read recursively and recognized by content: certificates, CRLs, Intel TCB info / QE identity JSON, AMD VCEK/VLEK and chains."
    )
    var collateral: String?

    @Option(help: "Evaluation time for validity windows, RFC 3339 (default: now).")
    var at: String?

    @Option(
        name: .customLong("trust-anchor"),
        help: "PEM file of trust anchors replacing the pinned vendor roots (for test PKIs).")
    var trustAnchor: String?

    @OptionGroup var hints: EvidenceHints

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(
        help:
            "The quote to check an event log against: a TPM2 quote (TPMS_ATTEST followed by TPMT_SIGNATURE) for a TPM log, or a TDX quote for a CCEL (its RTMRs)."
    )
    var quote: String?

    @Option(
        name: .customLong("event-log"),
        help:
            "A CC event log (CCEL) to replay against a TDX quote's RTMR0–2; its entries become tdx.events only when the replay matches."
    )
    var eventLog: String?

    @Option(
        help: "The TPM attestation key that signed --quote: PEM, DER SubjectPublicKeyInfo, TPM2B_PUBLIC or TPMT_PUBLIC."
    )
    var ak: String?

    func run() throws {
        if format == .yaml {
            throw ValidationError("--format yaml is an event-log layout: use `policyc claims --format yaml LOG`")
        }
        let options = try makeOptions()
        var failure: Int32?
        for path in files {
            let bytes: [UInt8]
            do {
                bytes = try FileOutput.read(path)
            } catch {
                printError("policyc: cannot read \(path): \(error.localizedDescription)")
                failure = failure ?? ExitStatus.unreadable
                continue
            }
            do {
                let report = try EvidenceVerifier.verify(bytes, options: options)
                print(render(report, path: path))
                if let error = report.firstFailure?.error { failure = failure ?? ExitStatus.code(for: error) }
            } catch {
                printError("policyc: \(path): \(error)")
                failure = failure ?? ExitStatus.code(for: error)
            }
        }
        if let failure { throw ExitCode(failure) }
    }

    func makeOptions() throws -> VerificationOptions {
        var time = CurrentTime.now
        if let at {
            guard let parsed = Timestamp(rfc3339: at) else {
                throw ValidationError("--at must be an RFC 3339 time such as 2025-07-19T10:00:34Z, not \(at)")
            }
            time = parsed
        }
        var options = VerificationOptions(time: time, product: hints.product)
        options.kindHint = try evidenceKind(hints.kind)
        for (path, assign) in [
            (quote, { (o: inout VerificationOptions, b: [UInt8]) in o.tpmQuote = b }),
            (ak, { (o: inout VerificationOptions, b: [UInt8]) in o.attestationKey = b }),
            (eventLog, { (o: inout VerificationOptions, b: [UInt8]) in o.eventLog = b }),
        ] {
            guard let path else { continue }
            do {
                assign(&options, try FileOutput.read(path))
            } catch {
                printError("policyc: cannot read \(path): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.unreadable)
            }
        }
        do {
            if let collateral { options.collateral = try CollateralStore(directory: collateral) }
            if let trustAnchor {
                options.trustAnchors = try X509Certificate.certificates(pemOrDER: FileOutput.read(trustAnchor))
            }
        } catch let error as EndorsementError {
            printError("policyc: \(error)")
            throw ExitCode(ExitStatus.code(for: error))
        } catch {
            printError("policyc: cannot read \(trustAnchor ?? ""): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.unreadable)
        }
        return options
    }

    func render(_ report: VerificationReport, path: String) -> String {
        switch format {
        case .json, .yaml:
            return ClaimOutput.json(report.claims)
        case .text:
            var lines = ["== \(path): \(report.kind.displayName)"]
            for step in report.steps {
                let mark =
                    switch step.status {
                    case .passed: "ok  "
                    case .failed: "FAIL"
                    case .skipped: "skip"
                    }
                lines.append("  \(mark) \(step.name)\(step.detail.isEmpty ? "" : ": \(step.detail)")")
            }
            lines.append(report.passed ? "verified" : "NOT verified")
            lines.append(ClaimOutput.text(report.claims))
            return lines.joined(separator: "\n")
        }
    }
}
