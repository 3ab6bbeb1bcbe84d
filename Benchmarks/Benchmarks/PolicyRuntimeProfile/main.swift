import Foundation
import PolicyRuntime
import PolicyRuntimeWorkload

// A loop for `perf record` (the benchmark harness runs its own process and threads, which mix
// into a profile): `PolicyRuntimeProfile single|batch [seconds]` evaluates the contract example
// as PolicyRuntimeBenchmarks does, for the given time, and prints the time per evaluation.
let mode = CommandLine.arguments.dropFirst().first ?? "single"
let seconds = Double(CommandLine.arguments.dropFirst(2).first ?? "") ?? 3
let policy = Workload.policy
let pass = Workload.claims("contract-claims-pass.json")
let fail = Workload.claims("contract-claims-fail.json")
let rows = Int(CommandLine.arguments.dropFirst(3).first ?? "") ?? 1000
let batch = policy.prepare((0..<rows).map { [$0 % 2 == 0 ? pass : fail] })
let arguments = [pass]
let deadline = Date().addingTimeInterval(seconds)
let start = Date()
var evaluations = 0
var allowed = 0
while Date() < deadline {
    if mode == "batch" {
        allowed &+= policy.evaluate(batch: batch, at: Workload.now).count
        evaluations += rows
    } else {
        for _ in 0..<1000 where policy.evaluate(claims: arguments, at: Workload.now).decision == .allow {
            allowed &+= 1
        }
        evaluations += 1000
    }
}
let elapsed = Date().timeIntervalSince(start)
print(
    "\(mode): \(evaluations) evaluations, \(String(format: "%.1f", elapsed * 1e9 / Double(evaluations))) ns each (\(allowed))"
)
