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
    public func appraise(evidence: [[UInt8]], options: VerificationOptions) -> Verdict {
        let digests = evidence.map { Array(SHA256.hash(data: $0)) }
        let reports = evidence.map { bytes in
            Result { () throws(AppraisalError) in try EvidenceVerifier.verify(bytes, options: options) }
        }
        return verdict(evidence: zip(digests, reports).map { ($0, $1) }, options: options)
    }

    /// Appraises many independent submissions (each a list of evidence files) in parallel over
    /// the available cores. Identical evidence is verified once (by SHA-256), verification
    /// caches collateral across submissions, and the evaluation runs as one batch.
    public func appraise(batch submissions: [[[UInt8]]], options: VerificationOptions) -> [Verdict] {
        // Verify each distinct piece of evidence once.
        var unique: [[UInt8]: Int] = [:]
        var distinct: [[UInt8]] = []
        var keys: [[[UInt8]]] = []
        for submission in submissions {
            var submissionKeys: [[UInt8]] = []
            for bytes in submission {
                let digest = Array(SHA256.hash(data: bytes))
                if unique[digest] == nil {
                    unique[digest] = distinct.count
                    distinct.append(bytes)
                }
                submissionKeys.append(digest)
            }
            keys.append(submissionKeys)
        }
        var reports = [Result<VerificationReport, AppraisalError>](
            repeating: .failure(.unsupported("not verified")), count: distinct.count)
        let inputs = distinct
        reports.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let results = buffer
            DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
                results[index] = Result { () throws(AppraisalError) in
                    try EvidenceVerifier.verify(inputs[index], options: options)
                }
            }
        }
        // Bind, then evaluate every bindable submission in one batch.
        var bound: [Binding] = []
        for submissionKeys in keys {
            bound.append(bind(submissionKeys.map { ($0, reports[unique[$0] ?? 0]) }))
        }
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

    private func verdict(
        evidence: [([UInt8], Result<VerificationReport, AppraisalError>)], options: VerificationOptions
    )
        -> Verdict
    {
        let binding = bind(evidence)
        guard let claims = binding.claims else {
            return finish(binding.errorVerdict(policy, options), binding, options)
        }
        return finish(policy.evaluate(claims: claims, at: options.time), binding, options)
    }

    func bind(_ evidence: [([UInt8], Result<VerificationReport, AppraisalError>)]) -> Binding {
        var binding = Binding()
        var available: [ClaimSet] = []
        for (index, (digest, result)) in evidence.enumerated() {
            switch result {
            case .success(let report):
                binding.evidence.append(.init(label: report.kind.rawValue, sha256: digest))
                binding.steps += report.steps.map {
                    Verdict.Step(
                        name: "\(report.kind.rawValue): \($0.name)", status: $0.status.rawValue, detail: $0.detail)
                }
                available += report.claims
            case .failure(let error):
                binding.evidence.append(.init(label: "evidence \(index + 1)", sha256: digest))
                binding.error = binding.error ?? "evidence \(index + 1): \(error)"
            }
        }
        if binding.error != nil { return binding }
        var claims: [ClaimSet] = []
        for input in policy.inputs {
            guard let position = available.firstIndex(where: { $0.schema.kind == input.kind }) else {
                let kinds = Set(available.map(\.schema.kind)).sorted()
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
        copy.evidence = binding.evidence
        copy.verification = binding.steps
        copy.collateral = options.collateral.digests.map { .init(label: $0.source, sha256: $0.sha256) }
        return copy
    }
}
