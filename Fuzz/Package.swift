// swift-tools-version:6.1
//
// libFuzzer entry points for Appraise, one executable per entry point, in their own package
// so the main build never links them (they have no `main`; libFuzzer provides it).
// Build and run one (see README.md):
//
//     swift build -c release --product FuzzEvidence --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address
//     SWIFT_BACKTRACE=enable=off .build/release/FuzzEvidence -max_len=70000 ../Corpus/fuzz/evidence
import PackageDescription

let package = Package(
    name: "AppraiseFuzz",
    dependencies: [
        .package(name: "Appraise", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "FuzzEvidence",
            dependencies: [
                .product(name: "Appraisal", package: "Appraise"), .product(name: "Evidence", package: "Appraise"),
            ],
            path: "Sources/FuzzEvidence"),
        // The policy loader and VM: bytecode in, a typed load error or an evaluation out.
        .executableTarget(
            name: "FuzzBytecode",
            dependencies: [
                .product(name: "PolicyRuntime", package: "Appraise"),
                .product(name: "PolicyCompiler", package: "Appraise"),
                .product(name: "PolicyBytecode", package: "Appraise"),
                .product(name: "Claims", package: "Appraise"),
                .product(name: "Evidence", package: "Appraise"),
                .product(name: "AppraiseTestSupport", package: "Appraise"),
            ],
            path: "Sources/FuzzBytecode"),
    ]
)
