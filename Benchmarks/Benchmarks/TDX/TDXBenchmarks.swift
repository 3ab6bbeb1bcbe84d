import Appraisal
import Benchmark
import Claims
import Crypto
import Endorsement
import Evidence
import Foundation

/// Intel TDX quotes (issue #3): parse + claims per quote, full offline verification with a warm
/// chain/collateral cache, and — in the same run — the raw cost of one P-256 verification, the
/// floor of a verification that must check two signatures (quote, QE report). Issue #3 asks that
/// verification cost no more than 1.3 × two P-256 verifications.
///
/// Input: dcap-qvl's sample TDX v4 quote and its collateral, at the time dcap-qvl's tests use.
let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus")

func corpusBytes(_ path: String) -> [UInt8] {
    (try? Array(Data(contentsOf: corpus.appendingPathComponent(path)))) ?? []
}

let benchmarks: @Sendable () -> Void = {
    let quoteBytes = corpusBytes("evidence/tdx/dcap-qvl_tdx_quote.bin")
    let v5Bytes = corpusBytes("evidence/tdx/go-tdx-guest_quote_v5_sample.bin")
    guard let quote = try? DCAPQuote(parsing: quoteBytes),
        let collateral = try? CollateralStore(
            directory: corpus.appendingPathComponent("collateral/intel/dcap-qvl-tdx").path),
        let time = Timestamp(rfc3339: "2025-07-19T10:00:34Z")
    else { return }
    let options = VerificationOptions(collateral: collateral, time: time)
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .throughput]
    let fast = Benchmark.Configuration(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(3))
    let slow = Benchmark.Configuration(metrics: metrics, scalingFactor: .one, maxDuration: .seconds(5))

    Benchmark("TDX.parse (DCAPQuote, v4)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try DCAPQuote(parsing: quoteBytes))
        }
    }

    Benchmark("TDX.parse+claims (EvidenceDecoder.decode, v4)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try EvidenceDecoder.decode(quoteBytes))
        }
    }

    Benchmark("TDX.parse+claims (EvidenceDecoder.decode, v5)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try EvidenceDecoder.decode(v5Bytes))
        }
    }

    Benchmark("TDX.claims only (ClaimSet.add(dcapQuote:), v4)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            var claims = ClaimSet(schema: .tdx)
            try claims.add(dcapQuote: quote)
            blackHole(claims)
        }
    }

    Benchmark("TDX.verify (EvidenceVerifier.verify, warm cache)", configuration: slow) { benchmark in
        // Warm: the first call decodes the chain and collateral and validates them once.
        blackHole(try EvidenceVerifier.verify(quoteBytes, options: options))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try EvidenceVerifier.verify(quoteBytes, options: options))
        }
    }

    let context = IntelVerificationContext.shared(store: collateral, anchors: nil)
    Benchmark("TDX.verification steps only (DCAPQuoteVerification, warm)", configuration: slow) { benchmark in
        blackHole(DCAPQuoteVerification(quote: quote, context: context, at: time))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(DCAPQuoteVerification(quote: quote, context: context, at: time))
        }
    }

    // The peer: one ECDSA P-256 verification of the same quote's signature with swift-crypto, key
    // and signature already decoded, over the same 632 bytes.
    guard let key = try? P256.Signing.PublicKey(rawRepresentation: Array(quote.signatureData.attestationKey)),
        let signature = try? P256.Signing.ECDSASignature(
            rawRepresentation: Array(quote.signatureData.quoteSignature))
    else { return }
    let message = Array(quote.signedBytes)
    Benchmark("P-256.verify (swift-crypto, 632-byte message)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(key.isValidSignature(signature, for: message))
        }
    }
}
