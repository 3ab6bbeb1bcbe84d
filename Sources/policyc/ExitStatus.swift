import Appraisal
import ArgumentParser
import Endorsement
import Evidence

/// The exit codes of `policyc`, one per failure class, as documented in `policyc --help`.
/// (eval, explain and batch exit with their verdict's ``Decision/exitCode``: 0, 1 or 2.)
enum ExitStatus {
    /// compile / check: the policy has errors; fmt --check: not formatted.
    static let policyErrors: Int32 = 1
    static let unreadable: Int32 = 3
    static let parse: Int32 = 4
    static let signature: Int32 = 5
    static let chain: Int32 = 6
    static let collateral: Int32 = 7
    static let tcb: Int32 = 8
    /// EX_UNAVAILABLE: evidence recognized, but this build has no appraisal for it.
    static let unsupported: Int32 = 69

    /// The exit code for a failed verification step.
    static func code(for error: EndorsementError) -> Int32 { code(for: AppraisalError.endorsement(error)) }

    /// The exit code for an appraisal failure.
    static func code(for error: AppraisalError) -> Int32 {
        switch error {
        case .unrecognized, .parse, .claims: return parse
        case .unsupported: return unsupported
        case .endorsement(let e):
            switch e.code {
            case .signatureInvalid: return signature
            case .chainInvalid, .revoked: return chain
            case .expired, .collateralMissing, .collateralMismatch: return collateral
            case .tcbMismatch: return tcb
            case .malformedInput, .unsupportedAlgorithm, .libraryFailure: return collateral
            }
        }
    }
}

/// Output formats shared by the subcommands that print claims or verdicts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    /// tpm2_eventlog's YAML layout; only TCG event logs and CCELs have one.
    case yaml
}

/// Parses a `--kind` value.
func evidenceKind(_ name: String?) throws -> EvidenceKind? {
    guard let name else { return nil }
    guard let kind = EvidenceKind(rawValue: name) else {
        throw ValidationError(
            "--kind must be one of \(EvidenceKind.allCases.map(\.rawValue).joined(separator: ", ")), not \(name)")
    }
    return kind
}

/// Exit code for a usage error (EX_USAGE).
let usageExitCode: Int32 = 64

/// Writes `message` to standard error.
func printError(_ message: String) {
    var stderr = StandardError()
    print(message, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileOutput.writeStandardError(string)
    }
}
