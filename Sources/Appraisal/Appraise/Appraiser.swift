import Claims
import Crypto
import Dispatch
import Endorsement
import Evidence
import Foundation
import PolicyRuntime

/// The embeddable appraisal pipeline: evidence bytes in, an explainable verdict out.
///
/// Load a policy once, then appraise as much evidence as you like, from any number of threads:
///
/// ```swift
/// let appraiser = try Appraiser(
///     bytecode: Array(try Data(contentsOf: URL(fileURLWithPath: "prod.apb"))),
///     parameters: try PolicyParameters(json: Array(try Data(contentsOf: URL(fileURLWithPath: "refs.json")))))
/// let options = VerificationOptions(
///     collateral: try CollateralStore(directory: "collateral/"), time: Timestamp(secondsSinceEpoch: 1_767_225_600))
/// let verdict = appraiser.appraise(evidence: [quote], options: options)
/// switch verdict.decision {
/// case .allow: admit()
/// case .deny, .error: reject(verdict.explained().json())
/// }
/// ```
///
/// Each evidence file is verified by ``EvidenceVerifier`` (its steps and claims, including
/// `<kind>.verified`, go into the verdict), its claim sets are bound to the policy's inputs by
/// kind (`input snp: snp` takes the first `snp` claim set, a second `input … : snp` the second),
/// and the policy is evaluated at the verification time. Unusable evidence, or evidence that
/// does not supply every input, is an `error` verdict saying why — never an allow.
public final class Appraiser: Sendable {
    public let policy: LoadedPolicy

    public init(policy: LoadedPolicy) {
        self.policy = policy
    }

    /// Loads `bytecode` with `parameters` (see ``LoadedPolicy/init(bytecode:parameters:schemas:loopBudget:)``).
    public convenience init(
        bytecode: [UInt8], parameters: PolicyParameters = .none, schemas: SchemaCatalog = .builtIn
    ) throws(PolicyLoadError) {
        self.init(policy: try LoadedPolicy(bytecode: bytecode, parameters: parameters, schemas: schemas))
    }

    /// Verifies `evidence` (one file per element: a quote, a report, an event log …), binds
    /// the claims to the policy's inputs and evaluates the policy at `options.time`.
    ///
    /// Files that verify another travel with it (``EvidencePairing``): a CC event log given
    /// with a TDX quote is replayed against the quote's RTMRs (and becomes `tdx.events`), a
    /// TPM2 quote given with a TCG event log is checked against the replayed PCRs.
    public func appraise(evidence: [[UInt8]], options: VerificationOptions) -> Verdict {
        let (units, kinds) = Self.units(of: evidence, options: options)
        let reports = units.map { unit in
            Result { () throws(AppraisalError) in
                try EvidenceVerifier.verify(evidence[unit.primary], options: unit.options(options, evidence: evidence))
            }
        }
        let binding = bind(zip(units, reports).map { (files(of: $0, in: evidence, kinds: kinds), $1) })
        guard let claims = binding.claims else {
            return finish(binding.errorVerdict(policy, options), binding, options)
        }
        return finish(policy.evaluate(claims: claims, at: options.time), binding, options)
    }

    /// Appraises many independent submissions (each a list of evidence files) in parallel over
    /// the available cores. Identical evidence is verified once (by the SHA-256 of its files),
    /// verification caches collateral across submissions, and the evaluation runs as one batch.
    public func appraise(batch submissions: [[[UInt8]]], options: VerificationOptions) -> [Verdict] {
        // Verify each distinct unit (evidence with its companions) once.
        var unique: [[[UInt8]]: Int] = [:]
        var distinct: [(evidence: [[UInt8]], unit: EvidencePairing.Unit)] = []
        var plans: [[(files: [UnitFile], report: Int)]] = []
        for submission in submissions {
            var plan: [(files: [UnitFile], report: Int)] = []
            let (units, kinds) = Self.units(of: submission, options: options)
            for unit in units {
                let files = files(of: unit, in: submission, kinds: kinds)
                let key = files.map(\.sha256)
                let index = unique[key] ?? distinct.count
                if index == distinct.count {
                    unique[key] = index
                    distinct.append((submission, unit))
                }
                plan.append((files, index))
            }
            plans.append(plan)
        }
        var reports = [Result<VerificationReport, AppraisalError>](
            repeating: .failure(.unsupported("not verified")), count: distinct.count)
        let work = distinct
        reports.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let results = buffer
            DispatchQueue.concurrentPerform(iterations: work.count) { index in
                let (evidence, unit) = work[index]
                results[index] = Result { () throws(AppraisalError) in
                    try EvidenceVerifier.verify(
                        evidence[unit.primary], options: unit.options(options, evidence: evidence))
                }
            }
        }
        // Bind, then evaluate every bindable submission in one batch.
        let bound = plans.map { plan in bind(plan.map { ($0.files, reports[$0.report]) }) }
        let rows = bound.compactMap(\.claims)
        let batch = policy.prepare(rows)
        let outcomes = policy.evaluate(batch: batch, at: options.time)
        var row = 0
        return bound.map { binding in
            guard binding.claims != nil else { return finish(binding.errorVerdict(policy, options), binding, options) }
            defer { row += 1 }
            return finish(
                policy.verdict(for: outcomes[row], at: options.time, batch: batch, row: row), binding, options)
        }
    }

    // MARK: Binding evidence to inputs

    /// One file of a verification unit: its place in the submission, kind and digest.
    struct UnitFile {
        var position: Int
        var kind: EvidenceKind?
        var sha256: [UInt8]
    }

    /// The verification units of `evidence`, and the kind of each file (detected once).
    static func units(of evidence: [[UInt8]], options: VerificationOptions) -> (
        [EvidencePairing.Unit], [EvidenceKind?]
    ) {
        let kinds = evidence.map { options.kindHint ?? EvidenceKind.detect($0) }
        return (EvidencePairing.units(kinds: kinds, options: options), kinds)
    }

    private func files(of unit: EvidencePairing.Unit, in evidence: [[UInt8]], kinds: [EvidenceKind?]) -> [UnitFile] {
        unit.members.map { position in
            UnitFile(
                position: position, kind: kinds[position],
                sha256: Array(SHA256.hash(data: evidence[position])))
        }
    }

    /// What verification made of one submission.
    struct Binding {
        var evidence: [Verdict.Digest] = []
        var steps: [Verdict.Step] = []
        /// One claim set per policy input, or `nil` when the submission cannot be evaluated.
        var claims: [ClaimSet]?
        var error: String?

        func errorVerdict(_ policy: LoadedPolicy, _ options: VerificationOptions) -> Verdict {
            Verdict(
                decision: .error, trust: [:], failedChecks: [], policy: policy.identity,
                parametersDigest: policy.parametersDigest, evaluationTime: options.time,
                errorMessage: error ?? "the evidence could not be appraised")
        }
    }

    /// Binds the claims of each verified unit to the policy's inputs. The evidence digests keep
    /// the submission's order; a companion is labelled with the evidence it verified.
    func bind(_ units: [([UnitFile], Result<VerificationReport, AppraisalError>)]) -> Binding {
        var binding = Binding()
        var available: [ClaimSet] = []
        var digests: [(Int, Verdict.Digest)] = []
        for (files, result) in units {
            guard let first = files.first else { continue }
            switch result {
            case .success(let report):
                digests.append((first.position, .init(label: report.kind.rawValue, sha256: first.sha256)))
                for file in files.dropFirst() {
                    let label = "\(file.kind?.rawValue ?? "evidence") (with the \(report.kind.rawValue))"
                    digests.append((file.position, .init(label: label, sha256: file.sha256)))
                }
                binding.steps += report.steps.map {
                    Verdict.Step(
                        name: "\(report.kind.rawValue): \($0.name)", status: $0.status.rawValue, detail: $0.detail)
                }
                available += report.claims
            case .failure(let error):
                for file in files {
                    digests.append((file.position, .init(label: "evidence \(file.position + 1)", sha256: file.sha256)))
                }
                binding.error = binding.error ?? "evidence \(first.position + 1): \(error)"
            }
        }
        binding.evidence = digests.sorted { $0.0 < $1.0 }.map(\.1)
        if binding.error != nil { return binding }
        var claims: [ClaimSet] = []
        let given = Set(available.map(\.schema.kind)).sorted()
        for input in policy.inputs {
            guard let position = available.firstIndex(where: { $0.schema.kind == input.kind }) else {
                let kinds = given
                binding.error =
                    "input `\(input.name)` needs \(input.kind) evidence; the evidence given provides "
                    + (kinds.isEmpty ? "no claims" : kinds.joined(separator: ", "))
                return binding
            }
            claims.append(available.remove(at: position))
        }
        binding.claims = claims
        return binding
    }

    private func finish(_ verdict: Verdict, _ binding: Binding, _ options: VerificationOptions) -> Verdict {
        var copy = verdict
        copy.setProvenance(
            evidence: binding.evidence,
            collateral: options.collateral.digests.map { .init(label: $0.source, sha256: $0.sha256) },
            verification: binding.steps)
        return copy
    }
}
