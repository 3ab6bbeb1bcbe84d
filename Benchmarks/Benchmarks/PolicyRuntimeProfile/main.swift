import Foundation
import PolicyRuntime
import PolicyRuntimeWorkload

// A loop for `perf record` (the benchmark harness runs its own process and threads, which mix
// into a profile): `PolicyRuntimeProfile single|denied|outcome|outcome-denied|decide|decide-denied|batch|decide-batch|
// prepare|verdicts|eventlog|
// native|native-denied [seconds] [rows] [policy]`
// evaluates the contract example as PolicyRuntimeBenchmarks does (`single` on the claims it
// allows, `denied` on those it denies, `outcome…` the same without building a verdict, `decide…`
// the decision alone, batches
// of `rows`, 1000 by default, prepared once or for each batch, `verdicts`: evaluate(batch:) of
// claim-set rows to verdicts; `eventlog`: the kernel
// check on a real CC event log; `native`, `native-denied`: the contract example written by hand
// in Swift, NativeContract), for the given time, and prints the time per evaluation. With a policy file (one of
// `peers/variants/`), that policy is evaluated on the same claims instead: what a part of
// the contract example costs.
let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "single"
let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 3 : 3
let rows = arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000
var policy: LoadedPolicy
if arguments.count > 3 {
    guard let data = FileManager.default.contents(atPath: arguments[3]),
        let loaded = Workload.load(data, file: arguments[3])
    else {
        FileHandle.standardError.write(Data("\(arguments[3]): cannot read, compile or load it\n".utf8))
        exit(2)
    }
    policy = loaded
} else {
    policy = Workload.policy
}
let pass = Workload.claims("contract-claims-pass.json")
let fail = Workload.claims("contract-claims-fail.json")
var claims = mode.hasSuffix("denied") ? fail : pass
if mode == "eventlog" {
    guard let (logPolicy, log) = Workload.eventLog else {
        FileHandle.standardError.write(Data("the event-log workload does not load\n".utf8))
        exit(2)
    }
    policy = logPolicy
    claims = log
}
if mode.hasPrefix("native"), case let disagreements = Workload.nativeDisagreements(), !disagreements.isEmpty {
    FileHandle.standardError.write(Data("the hand-written code disagrees with the VM on \(disagreements)\n".utf8))
    exit(2)
}
// Only the batch modes prepare rows (`prepare`: for every batch, as evaluate(batch: [[ClaimSet]]) does).
let claimRows =
    ["batch", "prepare", "verdicts", "decide-batch"].contains(mode)
    ? (0..<rows).map { [$0 % 2 == 0 ? pass : fail] } : []
let batch = policy.prepare(mode == "batch" || mode == "decide-batch" ? claimRows : [])
let native = Workload.native
let nativeClaims = Workload.nativeClaims(
    mode == "native-denied" ? "contract-claims-fail.json" : "contract-claims-pass.json")
// A constant, as the benchmark's captured claims are: passing the global `claims` copied the set
// (a retain of each of its schema's tables) on every call.
let evaluated = claims
// `now` once, for the same reason: a cross-module `static let` goes through its lazy accessor.
let now = Workload.now
let nowSeconds = now.secondsSinceEpoch
let deadline = Date().addingTimeInterval(seconds)
let start = Date()
var evaluations = 0
var allowed = 0
/// One step of the loop: evaluations run and how many allowed. A single evaluation runs 1000
/// times per step (one call of the step's closure per 1000 evaluations; `thousand` is inlined
/// into it, with the evaluation).
typealias Step = () -> (evaluations: Int, allowed: Int)
@inline(__always)
func thousand(_ allows: () -> Bool) -> (evaluations: Int, allowed: Int) {
    var count = 0
    for _ in 0..<1000 where allows() { count &+= 1 }
    return (1000, count)
}
let step: Step =
    switch mode {
    case "native", "native-denied":
        { thousand { native.evaluate(nativeClaims, now: nowSeconds).allow } }
    case "batch": { (rows, policy.evaluate(batch: batch, at: now).count) }
    case "decide-batch": { (rows, policy.decide(batch: batch, at: now).count) }
    case "decide", "decide-denied": { thousand { policy.decide(claims: evaluated, at: now) == .allow } }
    case "verdicts": { (rows, policy.evaluate(batch: claimRows, at: now).count) }
    case "prepare": { (rows, policy.evaluate(batch: policy.prepare(claimRows), at: now).count) }
    case "outcome", "outcome-denied":
        { thousand { policy.outcome(claims: evaluated, at: now).decision == .allow } }
    default: { thousand { policy.evaluate(claims: evaluated, at: now).decision == .allow } }
    }
while Date() < deadline {
    let (count, allows) = step()
    evaluations += count
    allowed &+= allows
}
let elapsed = Date().timeIntervalSince(start)
print(
    "\(mode): \(evaluations) evaluations, \(String(format: "%.1f", elapsed * 1e9 / Double(evaluations))) ns each (\(allowed))"
)
