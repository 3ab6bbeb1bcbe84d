import Appraisal
import ArgumentParser
import Endorsement
import Evidence
import PolicyBytecode
import PolicyRuntime

/// The options `eval`, `explain` and `batch` share: the compiled policy and its parameters, the
/// evaluation time, and what verification needs (collateral, trust anchors, product).
struct AppraisalArguments: ParsableArguments {
    @Option(help: ArgumentHelp("The compiled policy (.apb) from `policyc compile`.", valueName: "file"))
    var policy: String

    @Option(
        help: ArgumentHelp(
            "Reference values for the policy's `param`s: one JSON object, bytes as hex, sets as arrays, svn as arrays of integers, times as RFC 3339.",
            valueName: "file"))
    var params: String?

    @Option(help: "The evaluation time (the policy's `now`, and validity windows), RFC 3339 (default: now).")
    var at: String?

    @Option(
        help: ArgumentHelp(
            "Directory of collateral, read recursively and recognized by content (as for `policyc verify`).",
            valueName: "dir"))
    var collateral: String?

    @Option(
        name: .customLong("trust-anchor"),
        help: ArgumentHelp(
            "PEM file of trust anchors replacing the pinned vendor roots (test PKIs).", valueName: "file"))
    var trustAnchor: String?

    @Option(help: "CPU product when the evidence cannot say it (SEV-SNP v2 reports): Milan, Genoa or Turin.")
    var product: String?

    @Option(
        help: ArgumentHelp(
            "The TPM attestation key (PEM, DER SubjectPublicKeyInfo or TPM2B_PUBLIC) that signed a TPM2 quote given with its event log.",
            valueName: "file"))
    var ak: String?

    func validate() throws {
        try validateProduct(product)
        if let at, Timestamp(rfc3339: at) == nil {
            throw ValidationError("--at must be an RFC 3339 time such as 2025-07-19T10:00:34Z, not \(at)")
        }
    }

    /// The loaded policy, or a failure message (the caller exits 2: an evaluation error).
    func appraiser() -> Result<Appraiser, AppraisalFailure> {
        let bytecode: [UInt8]
        do {
            bytecode = try FileOutput.read(policy)
        } catch {
            return .failure(AppraisalFailure("cannot read \(policy): \(error.localizedDescription)"))
        }
        var parameters = PolicyParameters.none
        if let params {
            do {
                parameters = try PolicyParameters(json: try FileOutput.read(params))
            } catch let error as PolicyLoadError {
                return .failure(AppraisalFailure("\(params): \(error)"))
            } catch {
                return .failure(AppraisalFailure("cannot read \(params): \(error.localizedDescription)"))
            }
        }
        do {
            return .success(try Appraiser(bytecode: bytecode, parameters: parameters))
        } catch {
            return .failure(AppraisalFailure("\(policy): \(error)"))
        }
    }

    /// The loaded policy and the verification options, or (after printing why) an exit with 2.
    func prepared() throws -> (Appraiser, VerificationOptions) {
        switch (appraiser(), verificationOptions()) {
        case (.success(let appraiser), .success(let options)):
            return (appraiser, options)
        case (.failure(let failure), _), (_, .failure(let failure)):
            printError("policyc: \(failure)")
            throw ExitCode(Decision.error.exitCode)
        }
    }

    /// Verification options, or a failure message.
    func verificationOptions() -> Result<VerificationOptions, AppraisalFailure> {
        var options = VerificationOptions(
            time: at.flatMap { Timestamp(rfc3339: $0) } ?? CurrentTime.now, product: product)
        var reading = ""
        do {
            if let collateral { options.collateral = try CollateralStore(directory: collateral) }
            if let ak {
                reading = ak
                options.attestationKey = try FileOutput.read(ak)
            }
            if let trustAnchor {
                reading = trustAnchor
                options.trustAnchors = try X509Certificate.certificates(pemOrDER: FileOutput.read(trustAnchor))
            }
        } catch let error as EndorsementError {
            return .failure(AppraisalFailure("\(error)"))
        } catch {
            return .failure(AppraisalFailure("cannot read \(reading): \(error.localizedDescription)"))
        }
        return .success(options)
    }
}

/// Why an appraisal could not even start (policy, parameters or collateral unusable).
struct AppraisalFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// How `explain` and `batch` print verdicts: for people or as JSON.
enum VerdictListFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// How `eval` and `explain` print a verdict.
enum VerdictFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    /// An EAR (EAT Attestation Result) as a JWT signed with `--key` (ES256 or ES384).
    case earJWT = "ear-jwt"
    /// The EAR claims-set as CBOR (unsigned).
    case earCBOR = "ear-cbor"
    /// The EAR as a COSE_Sign1 CWT signed with `--key`.
    case earCWT = "ear-cwt"

    var needsKey: Bool { self == .earJWT || self == .earCWT }
}

/// Writes `verdict` in `format` (`--key` signs EARs) to `output` (`-`: standard output).
func emit(_ verdict: Verdict, format: VerdictFormat, key: EARSigningKey?, explanation: Bool, to output: String = "-")
    throws
{
    var bytes: [UInt8]
    switch format {
    case .text:
        bytes = Array((explanation ? verdict.explanationText() : summaryText(verdict)).utf8)
    case .json:
        bytes = Array((verdict.explained().json() + "\n").utf8)
    case .earJWT, .earCBOR, .earCWT:
        let claims = EARClaims(verdict: verdict.explained(), build: "policyc \(Policyc.version)")
        do {
            switch format {
            case .earJWT:
                guard let key else { throw ValidationError("--format ear-jwt needs --key") }
                bytes = Array((try EAREncoder.jwt(claims, key: key) + "\n").utf8)
            case .earCWT:
                guard let key else { throw ValidationError("--format ear-cwt needs --key") }
                bytes = try EAREncoder.cwt(claims, key: key)
            default:
                bytes = try EAREncoder.cbor(claims)
            }
        } catch let error as EARError {
            printError("policyc: \(error)")
            throw ExitCode(Decision.error.exitCode)
        }
    }
    do {
        try FileOutput.write(bytes, to: output)
    } catch {
        printError("policyc: cannot write \(output): \(error.localizedDescription)")
        throw ExitCode(Decision.error.exitCode)
    }
}

/// The short text of a verdict (`policyc eval`): decision, status, trust, failed checks.
func summaryText(_ verdict: Verdict) -> String {
    var lines: [String] = []
    let policy = verdict.policy
    lines.append("\(verdict.decision.rawValue): policy \"\(policy.name)\" version \(policy.version)")
    if let error = verdict.errorMessage { lines.append("error: \(error)") }
    var status = "status \(verdict.status)"
    let vector = TrustClaim.allCases.compactMap { claim in verdict.trust[claim].map { "\(claim) \($0)" } }
    if !vector.isEmpty { status += "; trust: " + vector.joined(separator: ", ") }
    lines.append(status)
    if !verdict.failedChecks.isEmpty {
        lines.append("failed checks:")
        for check in verdict.failedChecks {
            lines.append("  \(check.name) (line \(check.line)): \(check.message)")
        }
        lines.append("(`policyc explain` with the same arguments shows the actual and expected values)")
    }
    return lines.joined(separator: "\n") + "\n"
}

/// The signing key of `--key`, read when an EAR format asks for one.
func signingKey(_ path: String?, format: VerdictFormat) throws -> EARSigningKey? {
    guard let path else {
        if format.needsKey {
            throw ValidationError("--format \(format.rawValue) needs --key FILE (a P-256 or P-384 private key, PEM)")
        }
        return nil
    }
    guard let text = FileOutput.readText(path) else { throw ExitCode(Decision.error.exitCode) }
    do {
        return try EARSigningKey(pem: text)
    } catch {
        printError("policyc: \(path): \(error)")
        throw ExitCode(Decision.error.exitCode)
    }
}
