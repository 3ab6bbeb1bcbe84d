import Benchmark
import Claims
import Foundation
import PolicyCompiler

/// Compile time (source text → `.apb` bytes: parse, resolve, type-check, lower, optimize,
/// generate, encode) of the language contract's example and of a generated 500-check policy
/// (issue #4, "Benchmarks").
///
/// The contract's claims are not all in the real `tdx` schema yet, so this file declares the same
/// schema the compiler tests use for them.
enum ContractSchema {
    static let tcbStatus = ClaimEnum(
        name: "TcbStatus",
        cases: [
            "UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded", "OutOfDate",
            "OutOfDateConfigurationNeeded", "Revoked",
        ])
    static let eventType = ClaimEnum(
        name: "TcgEventType", cases: ["EV_NO_ACTION", "EV_SEPARATOR", "EV_EFI_BOOT_SERVICES_APPLICATION", "EV_IPL"])
    static let event = ClaimRecordType(
        name: "tdx.event",
        fields: [.init("mr", .int), .init("type", .enumeration(eventType)), .init("digest", .bytes(length: 48))])
    static let tdx = ClaimSchema(
        kind: "tdx", version: 1,
        entries: [
            .init("tdx.verified", .bool, ""), .init("tdx.attributes.debug", .bool, ""),
            .init("tdx.tcb.status", .enumeration(tcbStatus), ""), .init("tdx.tee_tcb_svn", .svn(count: 16), ""),
            .init("tdx.mrtd", .bytes(length: 48), ""), .init("tdx.collateral.next_update", .time, ""),
            .init("tdx.events", .list(event), ""), .init("tdx.qe_svn", .int, ""),
        ])
    static let all = ["tdx": tdx]
}

/// A policy with `count` checks of every kind the language has, a let, trust entries and rules.
func generatedPolicy(checks count: Int) -> String {
    var lines = [
        "policy \"generated\" version 1", "input tdx: tdx", "param allowed: set<bytes48>", "param floor: svn[16]",
        "const big = {" + (0..<12).map { String($0 * 3) }.joined(separator: ", ") + "}",
    ]
    for i in 0..<count {
        let body: String
        switch i % 8 {
        case 0: body = "tdx.verified and not tdx.attributes.debug"
        case 1: body = "tdx.tcb.status in {UpToDate, SWHardeningNeeded}"
        case 2: body = "tdx.tee_tcb_svn >= floor and tdx.tee_tcb_svn[\(i % 16)] >= \(i % 5)"
        case 3: body = "tdx.mrtd in allowed"
        case 4: body = "now <= tdx.collateral.next_update + \(i % 30 + 1)d"
        case 5: body = "any e in tdx.events: e.mr == \(i % 4) and e.digest in allowed"
        case 6: body = "tdx.qe_svn in big or tdx.qe_svn > \(i)"
        default: body = "c\(i - 1) and (count e in tdx.events: e.type == EV_SEPARATOR) >= \(i % 3)"
        }
        lines.append("check c\(i) \"generated check \(i)\": \(body)")
    }
    lines.append("trust hardware = affirming if c1 and c2 else warning if c2 else contraindicated")
    lines.append("trust executables = affirming if c3 and c5 else contraindicated")
    lines.append("allow if " + (0..<count).filter { $0 % 8 != 7 }.map { "c\($0)" }.joined(separator: " and "))
    lines.append("deny \"debug\" if tdx.attributes.debug")
    return lines.joined(separator: "\n") + "\n"
}

let benchmarks: @Sendable () -> Void = {
    let contractURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../Corpus/policies/contract-example.policy")
    let contract = (try? String(contentsOf: contractURL, encoding: .utf8)) ?? ""
    let large = generatedPolicy(checks: 500)
    precondition(
        PolicyCompiler.compile(source: contract, file: "contract.policy", schemas: ContractSchema.all).bytecode != nil,
        "the contract example must compile")
    precondition(
        PolicyCompiler.compile(source: large, file: "generated.policy", schemas: ContractSchema.all).bytecode != nil,
        "the generated policy must compile")

    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], maxDuration: .seconds(5))
    Benchmark("PolicyCompiler.compile (contract example, 7 checks)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                PolicyCompiler.compile(source: contract, file: "contract.policy", schemas: ContractSchema.all).bytecode)
        }
    }
    Benchmark("PolicyCompiler.compile (generated, 500 checks)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                PolicyCompiler.compile(source: large, file: "generated.policy", schemas: ContractSchema.all).bytecode)
        }
    }
    Benchmark("PolicyCompiler.check (generated, 500 checks)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PolicyCompiler.check(source: large, file: "generated.policy", schemas: ContractSchema.all))
        }
    }
}
