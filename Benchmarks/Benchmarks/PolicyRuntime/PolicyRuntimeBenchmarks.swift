import Benchmark
import PolicyRuntime
import PolicyRuntimeWorkload

let benchmarks: @Sendable () -> Void = {
    let policy = Workload.policy
    // Captured constants: a cross-module `static let` is read through its lazy accessor on
    // every use, which the loops below would time.
    let now = Workload.now
    let nowSeconds = now.secondsSinceEpoch
    let pass = Workload.claims("contract-claims-pass.json")
    let fail = Workload.claims("contract-claims-fail.json")
    guard policy.evaluate(claims: pass, at: now).decision == .allow,
        policy.evaluate(claims: fail, at: now).decision == .deny,
        policy.decide(claims: pass, at: now) == .allow, policy.decide(claims: fail, at: now) == .deny
    else { fatalError("the workload must allow the pass claims and deny the fail claims") }
    // 1000 rows stay below the parallel threshold, so the batch runs on one core.
    let rows = (0..<1000).map { [$0 % 2 == 0 ? pass : fail] }
    let batch = policy.prepare(rows)

    let single = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], scalingFactor: .kilo, maxDuration: .seconds(5)
    )
    Benchmark("contract example: evaluate(claims:) → Verdict, allowed", configuration: single) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(policy.evaluate(claims: pass, at: now)) }
    }
    Benchmark("contract example: evaluate(claims:) → Verdict, denied", configuration: single) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(policy.evaluate(claims: fail, at: now)) }
    }
    // The decision alone, what a Rego query for `allow` computes (decide: the checks no rule
    // reads are skipped, a decisive check that fails stops the evaluation).
    Benchmark("contract example: decide(claims:) → Decision, allowed", configuration: single) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(policy.decide(claims: pass, at: now)) }
    }
    Benchmark("contract example: decide(claims:) → Decision, denied", configuration: single) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(policy.decide(claims: fail, at: now)) }
    }
    // One iteration = a batch of 1000 evaluations; the kilo scaling reports per evaluation.
    let perEvaluation = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], scalingFactor: .kilo, maxDuration: .seconds(5)
    )
    Benchmark("contract example: evaluate(batch:) of 1000 prepared rows, per evaluation", configuration: perEvaluation)
    {
        benchmark in
        for _ in 0..<(benchmark.scaledIterations.count / 1000) {
            blackHole(policy.evaluate(batch: batch, at: now))
        }
    }
    Benchmark("contract example: decide(batch:) of 1000 prepared rows, per evaluation", configuration: perEvaluation) {
        benchmark in
        for _ in 0..<(benchmark.scaledIterations.count / 1000) {
            blackHole(policy.decide(batch: batch, at: now))
        }
    }
    Benchmark("contract example: prepare + evaluate 1000 rows, per evaluation", configuration: perEvaluation) {
        benchmark in
        for _ in 0..<(benchmark.scaledIterations.count / 1000) {
            blackHole(policy.evaluate(batch: policy.prepare(rows), at: now))
        }
    }
    // The same policy written by hand in Swift on claims decoded once into a struct: the
    // native floor (NativeContract). It must agree with the VM, check by check.
    let disagreements = Workload.nativeDisagreements()
    guard disagreements.isEmpty else {
        fatalError("the hand-written contract example disagrees with the VM on \(disagreements)")
    }
    let native = Workload.native
    let (nativePass, nativeFail) = (
        Workload.nativeClaims("contract-claims-pass.json"), Workload.nativeClaims("contract-claims-fail.json")
    )
    Benchmark("contract example by hand in Swift (pre-decoded struct), allowed", configuration: single) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(native.evaluate(nativePass, now: nowSeconds))
        }
    }
    Benchmark("contract example by hand in Swift (pre-decoded struct), denied", configuration: single) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(native.evaluate(nativeFail, now: nowSeconds))
        }
    }
    if let (logPolicy, log) = Workload.eventLog {
        guard logPolicy.evaluate(claims: log, at: now).decision == .deny else {
            fatalError("no allowed kernel is in the event log")
        }
        Benchmark("kernel check on a real CC event log (44 entries): evaluate(claims:)", configuration: single) {
            benchmark in
            for _ in benchmark.scaledIterations { blackHole(logPolicy.evaluate(claims: log, at: now)) }
        }
    }
    Benchmark(
        "contract example: explain a denial",
        configuration: .init(metrics: [.wallClock, .cpuTotal], maxDuration: .seconds(3))
    ) {
        benchmark in
        let verdict = policy.evaluate(claims: fail, at: now)
        for _ in benchmark.scaledIterations { blackHole(verdict.explain()) }
    }
}
