import Benchmark
import Claims
import Endorsement
import Evidence
import Foundation

/// Event-log throughput in process (issue #6: over 2 million events per second parsed), on the
/// largest real logs of the corpus and on a 24,001-entry synthetic log made of the keylime
/// ThinkPad log's Spec ID header followed by its body repeated 200 times (the same synthetic
/// log `eventlog-vs-tpm2.sh` hands to tpm2_eventlog). Throughput is reported per entry: the
/// benchmark's scaled iterations count entries, so `throughput` reads as entries per second.
let corpus = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Corpus")

func corpusBytes(_ path: String) -> [UInt8] {
    (try? Data(contentsOf: corpus.appendingPathComponent(path))).map { Array($0) } ?? []
}

/// Spec ID entry + (log body × copies).
func synthetic(_ bytes: [UInt8], copies: Int) -> [UInt8] {
    guard let log = try? TCGEventLog(parsing: bytes), log.events.count > 1 else { return bytes }
    let bodyStart = log.events[1].offset
    var out = Array(bytes[..<bodyStart])
    let body = bytes[bodyStart..<log.endOffset]
    out.reserveCapacity(out.count + body.count * copies)
    for _ in 0..<copies { out += body }
    return out
}

let benchmarks: @Sendable () -> Void = {
    let inputs: [(String, [UInt8], TCGEventLog.RegisterKind)] = [
        ("hcrtm 53 KB, 204 entries", corpusBytes("evidence/tpm/tpm2tss__binary_measurements_hcrtm.bin"), .pcr),
        ("option-rom 73 KB, 61 entries", corpusBytes("evidence/tpm/goattest__option_rom_eventlog.bin"), .pcr),
        ("keylime 49 KB, 121 entries", corpusBytes("evidence/tpm/keylime__binary_bios_measurements.bin"), .pcr),
        ("CCEL cos-113 256 KB padded, 44 entries", corpusBytes("evidence/ccel/goeventlog__cos-113-intel-tdx.bin"), .ccMeasurementRegister),
        ("synthetic 24,001 entries (keylime ×200)", synthetic(corpusBytes("evidence/tpm/keylime__binary_bios_measurements.bin"), copies: 200), .pcr),
    ]
    for (name, bytes, kind) in inputs {
        let entries = (try? TCGEventLog(parsing: bytes, registerKind: kind))?.events.count ?? 1
        Benchmark(
            "parse \(name)",
            configuration: .init(
                metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
                maxDuration: .seconds(2), maxIterations: 100_000)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try TCGEventLog(parsing: bytes, registerKind: kind).events.count)
            }
        }
        Benchmark(
            "parse+replay \(name)",
            configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .one, maxDuration: .seconds(2))
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                let log = try TCGEventLog(parsing: bytes, registerKind: kind)
                blackHole(RegisterReplay(log: log).banks.count)
            }
        }
        _ = entries
    }
    let largest = synthetic(corpusBytes("evidence/tpm/keylime__binary_bios_measurements.bin"), copies: 200)
    Benchmark(
        "claims synthetic 24,001 entries (parse, decode, digest checks, replay, boot state)",
        configuration: .init(metrics: [.wallClock], scalingFactor: .one, maxDuration: .seconds(3), maxIterations: 20)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var claims = ClaimSet(schema: .tpm)
            try claims.add(tpmEventLog: EventLogAnalysis(TCGEventLog(parsing: largest)))
            blackHole(claims.present.count)
        }
    }
}
