import Appraisal
import Benchmark
import Claims
import Endorsement
import Evidence
import Foundation

/// Issue #7 targets, measured on the real Oak Genoa v5 report and its VCEK (Corpus/):
/// - parse + claims per report: under 1 µs;
/// - verification per report with a warm chain cache: no more than 1.2× one P-384 signature
///   verification, which is measured in the same run (`P-384 verify` below) so the ratio holds
///   on a noisy machine.
let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus")

func bytes(_ path: String) -> [UInt8] {
    (try? Array(Data(contentsOf: corpus.appendingPathComponent(path)))) ?? []
}

@inline(never)
func parseAndClaim(_ report: [UInt8]) throws -> ClaimSet {
    let evidence = try SNPEvidence(report, kind: .snpReport)
    var claims = ClaimSet(schema: .snp)
    try claims.add(snpEvidence: evidence)
    return claims
}

let benchmarks: @Sendable () -> Void = {
    let genoa = bytes("evidence/snp/oak_genoa_oc_report_v5.bin")
    let turin = bytes("evidence/snp/oak_turin_oc_report_v5.bin")
    let vcekDER = bytes("collateral/amd/oak_genoa_oc_vcek.der")
    let at = Timestamp(rfc3339: "2025-09-12T00:00:00Z") ?? Timestamp(secondsSinceEpoch: 0)
    let store = (try? CollateralStore(directory: corpus.appendingPathComponent("collateral/amd").path)) ?? CollateralStore()
    let options = VerificationOptions(collateral: store, time: at)
    let verification = SNPVerification(cache: AMDVerificationCache())
    let key = try? X509Certificate(der: vcekDER).verificationKey()
    let signed = Array(genoa[0..<0x2A0])
    let r = Array(genoa[0x2A0..<0x2E8])
    let s = Array(genoa[0x2E8..<0x330])
    let verifier = SignatureVerifier()

    let fast = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], scalingFactor: .kilo,
        maxDuration: .seconds(3))
    let slow = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], maxDuration: .seconds(5))

    Benchmark("SNP.parse+claims (Genoa v5 report)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try parseAndClaim(genoa)) }
    }
    Benchmark("SNP.parse+claims (Turin v5 report)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try parseAndClaim(turin)) }
    }
    Benchmark("SNP.parse only (Genoa v5 report)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try SNPReport(genoa)) }
    }
    Benchmark("SNP.verify, warm chain cache (Genoa v5 report)", configuration: slow) { benchmark in
        _ = try verification.verify(genoa, kind: .snpReport, options: options)  // warm the cache
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try verification.verify(genoa, kind: .snpReport, options: options))
        }
    }
    Benchmark("P-384 verify (SignatureVerifier, same report and key)", configuration: slow) { benchmark in
        guard let key else { return }
        for _ in benchmark.scaledIterations {
            blackHole(verifier.isValid(.littleEndianRS(r: r, s: s), over: signed, key: key, scheme: .ecdsa(.sha384)))
        }
    }
}
