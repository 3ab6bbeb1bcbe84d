// swift-tools-version:6.1
//
// Benchmarks for Appraise, kept in their own package so the main build and CI never compile
// the benchmark harness. Run from this folder:
//
//     swift package --allow-writing-to-package-directory benchmark
//     swift package benchmark --target ByteReaderBenchmarks
//
// Results are measured, never asserted: the machine is shared and noisy, so report ratios
// against a peer measured in the same run (see README.md).
import PackageDescription

let package = Package(
    name: "AppraiseBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Appraise", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.0.0"..<"5.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "ByteReaderBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Evidence", package: "Appraise"),
            ],
            path: "Benchmarks/ByteReader",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PolicyCompilerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Claims", package: "Appraise"),
                .product(name: "PolicyCompiler", package: "Appraise"),
            ],
            path: "Benchmarks/PolicyCompiler",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SNPBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Appraisal", package: "Appraise"),
                .product(name: "Evidence", package: "Appraise"),
                .product(name: "Endorsement", package: "Appraise"),
                .product(name: "Claims", package: "Appraise"),
            ],
            path: "Benchmarks/SNP",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TDXBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Appraisal", package: "Appraise"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/TDX",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EventLogBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Evidence", package: "Appraise"),
                .product(name: "Endorsement", package: "Appraise"),
                .product(name: "Claims", package: "Appraise"),
            ],
            path: "Benchmarks/EventLog",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The contract example's policy and claims, shared by the benchmark and the profiling loop.
        .target(
            name: "PolicyRuntimeWorkload",
            dependencies: [
                .product(name: "Appraisal", package: "Appraise"),
                .product(name: "Claims", package: "Appraise"),
                .product(name: "Evidence", package: "Appraise"),
                .product(name: "PolicyCompiler", package: "Appraise"),
                .product(name: "PolicyRuntime", package: "Appraise"),
            ],
            path: "Benchmarks/PolicyRuntimeWorkload"
        ),
        .executableTarget(
            name: "PolicyRuntimeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PolicyRuntime", package: "Appraise"),
                "PolicyRuntimeWorkload",
            ],
            path: "Benchmarks/PolicyRuntime",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a benchmark: the same evaluations in a plain loop, for `perf record`.
        .executableTarget(
            name: "PolicyRuntimeProfile",
            dependencies: [.product(name: "PolicyRuntime", package: "Appraise"), "PolicyRuntimeWorkload"],
            path: "Benchmarks/PolicyRuntimeProfile"
        ),
    ]
)
