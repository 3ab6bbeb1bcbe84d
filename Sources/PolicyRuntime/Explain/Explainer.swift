import Claims
import Evidence
import PolicyBytecode

/// What a verdict's explanation re-runs: the policy, the prepared claims (one row of a batch)
/// and the evaluation time. Kept by verdicts that have failed checks; ``Verdict/explain()`` uses
/// it only when asked, so evaluation itself never pays for explanations.
public final class ExplanationSource: Sendable {
    let policy: LoadedPolicy
    let batch: ClaimBatch?
    let claims: [ClaimSet]
    let row: Int
    let now: Timestamp

    /// Row `row` of a prepared batch.
    init(policy: LoadedPolicy, batch: ClaimBatch, row: Int, now: Timestamp) {
        self.policy = policy
        self.batch = batch
        self.claims = []
        self.row = row
        self.now = now
    }

    /// Claim sets evaluated one at a time: they are prepared again when explaining.
    init(policy: LoadedPolicy, claims: [ClaimSet], now: Timestamp) {
        self.policy = policy
        self.batch = nil
        self.claims = claims
        self.row = 0
        self.now = now
    }
}

extension Verdict {
    /// Each failed check explained: its name, message and source position with the actual and
    /// expected values of the comparison that decided it and a sentence for people —
    /// "`tdx.tee_tcb_svn` component 2 is 3; the policy requires ≥ 5",
    /// "`snp.measurement` 0x4f1c… is not among the 12 values of allowed_measurements",
    /// "claim `tdx.tcb.status` is missing".
    ///
    /// The evaluation recorded only which checks failed; this re-runs it once with tracing on
    /// (only now, only when asked) to find the values. A verdict without an explanation source
    /// (built by hand, or from an outcome alone) keeps its checks as they are.
    public func explain() -> [FailedCheck] {
        guard let source = explanationSource else { return failedChecks }
        return Explainer.explain(source, failed: failedChecks)
    }

    /// This verdict with ``failedChecks`` explained (for JSON and EAR output).
    public func explained() -> Verdict {
        var copy = self
        copy.failedChecks = explain()
        return copy
    }

    /// The verdict and its explanation as text for people (`policyc explain`).
    public func explanationText() -> String {
        var lines: [String] = []
        let hash = Hex.encode(Array(policy.hash.prefix(6)))
        lines.append("\(decision.rawValue): policy \"\(policy.name)\" version \(policy.version) (sha256 \(hash)…)")
        if let errorMessage { lines.append("error: \(errorMessage)") }
        var status = "status \(status)"
        let vector = TrustClaim.allCases.compactMap { claim in trustVector[claim].map { "\(claim) \($0)" } }
        if !vector.isEmpty { status += "; trust: " + vector.joined(separator: ", ") }
        lines.append(status)
        lines.append("evaluated at \(evaluationTime.rfc3339)")
        let steps = verification.filter { $0.status != "passed" }
        if !verification.isEmpty {
            let passed = verification.count - steps.count
            lines.append("verification: \(passed) of \(verification.count) steps passed")
            for step in steps {
                lines.append("  \(step.status) \(step.name)\(step.detail.isEmpty ? "" : ": \(step.detail)")")
            }
        }
        let checks = explain()
        if checks.isEmpty {
            lines.append(decision == .error ? "" : "every check passed")
        } else {
            lines.append("\(checks.count) failed check\(checks.count == 1 ? "" : "s"):")
            for check in checks {
                lines.append("  \(check.name) (line \(check.line), column \(check.column)): \(check.message)")
                if !check.explanation.isEmpty { lines.append("    \(check.explanation)") }
                if !check.actual.isEmpty { lines.append("    actual:   \(check.actual)") }
                if !check.expected.isEmpty { lines.append("    expected: \(check.expected)") }
            }
        }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    }
}

/// Rebuilds explanations by re-running a verdict's evaluation with a ``Tracer``.
enum Explainer {
    static func explain(_ source: ExplanationSource, failed: [Verdict.FailedCheck]) -> [Verdict.FailedCheck] {
        let policy = source.policy
        let module = policy.module
        var tracer = Tracer(policy: policy)
        let batch = source.batch ?? policy.prepare([source.claims])
        let wordCount = OutcomeBits.wordCount(checks: module.checks.count, rules: module.rules.count)
        policy.withMemory(batch) { memory, columns in
            withUnsafeTemporaryAllocation(of: VMValue.self, capacity: max(1, policy.registerCount)) { registers in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(1, wordCount)) { words in
                    let bits = OutcomeBits(words, checks: module.checks.count, rules: module.rules.count)
                    _ = Interpreter.run(
                        policy, memory: memory, columns: columns, row: source.row, rows: batch.count,
                        now: source.now.secondsSinceEpoch, registers: registers, outcomes: bits, observer: &tracer,
                        fused: false)
                }
            }
        }
        return failed.map { check in
            guard let index = module.checks.firstIndex(where: { $0.name == check.name }) else { return check }
            guard let recorded = tracer.checkFacts[index] else {
                return Verdict.FailedCheck(
                    name: check.name, message: check.message, line: check.line, column: check.column,
                    actual: "not evaluated", expected: "true",
                    explanation: "the policy's code never recorded this check, so it counts as not satisfied")
            }
            let truth = Truth(recorded.value)
            guard let factIndex = recorded.fact, factIndex < tracer.facts.count else {
                return Verdict.FailedCheck(
                    name: check.name, message: check.message, line: check.line, column: check.column,
                    actual: truth == .missing ? "missing" : "false", expected: "true",
                    explanation: truth == .missing ? "the check's value is missing" : "the check's condition is false")
            }
            let fact = tracer.facts[factIndex]
            let (actual, expected, sentence) = describe(fact)
            return Verdict.FailedCheck(
                name: check.name, message: check.message, line: check.line, column: check.column, actual: actual,
                expected: expected, explanation: sentence)
        }
    }

    /// The `actual`, `expected` and sentence of a fact, phrased by its own truth: a false
    /// comparison says what was required; a true one (under `not`) says what was forbidden.
    static func describe(_ fact: Fact) -> (String, String, String) {
        let subject = "`\(fact.subject)`"
        switch fact.shape {
        case .missing:
            let detail = fact.expected == "present" ? "" : " (\(fact.expected))"
            let what = fact.subject.contains("[") || fact.subject.contains("(") ? "" : "claim "
            return ("missing", "present", "\(what)\(subject) is missing\(detail)")
        case .boolean:
            let required = fact.result == .true ? "false" : "true"
            return (fact.actual, required, "\(subject) is \(fact.actual); the policy requires \(required)")
        case .noElement(let count, let quantifier):
            let body = Tracer.body(of: quantifier)
            let sentence =
                count == 0
                ? "\(subject) is empty; the policy requires an element where \(body)"
                : "no element of \(subject) (\(count)) satisfies \(body)"
            return (fact.actual, fact.expected, sentence)
        case .compare(let op, let svn):
            let symbol = Self.symbol(op)
            let ascii = Self.ascii(op)
            if fact.result == .false {
                if let (k, a, e) = fact.component, svn, op != .eq {
                    return (
                        fact.actual, "\(ascii) \(fact.expected)",
                        "\(subject) component \(k) is \(a); the policy requires \(symbol) \(e)"
                    )
                }
                if svn, op == .gt || op == .lt {
                    return (
                        fact.actual, "\(ascii) \(fact.expected)",
                        "\(subject) is \(fact.actualBrief); the policy requires \(symbol) \(fact.expectedBrief) (greater in some component)"
                    )
                }
                if op == .ne {
                    return (
                        fact.actual, "!= \(fact.expected)",
                        "\(subject) is \(fact.actualBrief), which the policy forbids"
                    )
                }
                // "requires 0xe718…" reads better than "requires = 0xe718…".
                let requirement = op == .eq ? fact.expectedBrief : "\(symbol) \(fact.expectedBrief)"
                return (
                    fact.actual, "\(ascii) \(fact.expected)",
                    "\(subject) is \(fact.actualBrief); the policy requires \(requirement)"
                )
            }
            // True where the policy needed false (`not (a == b)` and the like).
            let negated = Self.negation(op, svn: svn)
            return (
                fact.actual, "\(negated.ascii) \(fact.expected)",
                "\(subject) is \(fact.actualBrief); the policy requires \(negated.symbol) \(fact.expectedBrief)"
            )
        case .member(let count, let of, let listed):
            let among =
                listed.map { "one of \($0)" }
                ?? (count == 1
                    ? "the one value\(of.map { " of \($0)" } ?? " allowed")"
                    : "among the \(count) values\(of.map { " of \($0)" } ?? "")")
            if fact.result == .true {
                return (
                    fact.actual, "not " + fact.expected,
                    "\(subject) \(fact.actualBrief) is \(among), which the policy forbids"
                )
            }
            return (fact.actual, fact.expected, "\(subject) \(fact.actualBrief) is not \(among)")
        case .arrayMember(let arrayIsActual):
            if arrayIsActual {
                return fact.result == .true
                    ? (
                        fact.actual, "not containing \(fact.expected)",
                        "\(subject) contains \(fact.expectedBrief), which the policy forbids"
                    )
                    : (fact.actual, "containing \(fact.expected)", "\(subject) does not contain \(fact.expectedBrief)")
            }
            return fact.result == .true
                ? (
                    fact.actual, "not in \(fact.expected)",
                    "\(subject) \(fact.actualBrief) is in \(fact.expectedBrief), which the policy forbids"
                )
                : (fact.actual, "in \(fact.expected)", "\(subject) \(fact.actualBrief) is not in \(fact.expectedBrief)")
        case .startsWith:
            return fact.result == .true
                ? (
                    fact.actual, "not starting with \(fact.expected)",
                    "\(subject) starts with \(fact.expectedBrief), which the policy forbids"
                )
                : (
                    fact.actual, "starting with \(fact.expected)",
                    "\(subject) \(fact.actualBrief) does not start with \(fact.expectedBrief)"
                )
        case .matches(let pattern):
            return fact.result == .true
                ? (
                    fact.actual, "not " + fact.expected,
                    "\(subject) \(fact.actualBrief) matches \"\(pattern)\", which the policy forbids"
                )
                : (fact.actual, fact.expected, "\(subject) \(fact.actualBrief) does not match \"\(pattern)\"")
        }
    }

    static func symbol(_ op: Opcode) -> String {
        switch op {
        case .eq: return "="
        case .ne: return "≠"
        case .lt: return "<"
        case .le: return "≤"
        case .gt: return ">"
        default: return "≥"
        }
    }

    static func ascii(_ op: Opcode) -> String {
        switch op {
        case .eq: return "=="
        case .ne: return "!="
        case .lt: return "<"
        case .le: return "<="
        case .gt: return ">"
        default: return ">="
        }
    }

    /// What `not (a OP b)` requires: the complementary operator for totally ordered values,
    /// "not OP" for svn (a partial order).
    static func negation(_ op: Opcode, svn: Bool) -> (symbol: String, ascii: String) {
        if svn, op != .eq, op != .ne { return ("not " + symbol(op), "not " + ascii(op)) }
        switch op {
        case .eq: return ("≠", "!=")
        case .ne: return ("=", "==")
        case .lt: return ("≥", ">=")
        case .le: return (">", ">")
        case .gt: return ("≤", "<=")
        default: return ("<", "<")
        }
    }
}
