// swift-tools-version:6.1
//
// Appraise: parse confidential-computing evidence, verify it offline, and appraise the
// claims with a compiled policy. The module graph follows ARCHITECTURE.md: data flows
// Evidence → Endorsement → Claims → PolicyCompiler / PolicyRuntime → Appraisal → policyc;
// PolicyBytecode (the .apb format) sits below both PolicyCompiler and PolicyRuntime.
// Benchmarks/ and Fuzz/ are separate packages that depend on this one, so the main build
// and CI never compile the benchmark harness or the fuzzer entry points.
import PackageDescription

let package = Package(
    name: "Appraise",
    products: [
        .library(name: "Appraisal", targets: ["Appraisal"]),
        .library(name: "Evidence", targets: ["Evidence"]),
        .library(name: "Endorsement", targets: ["Endorsement"]),
        .library(name: "Claims", targets: ["Claims"]),
        .library(name: "PolicyBytecode", targets: ["PolicyBytecode"]),
        .library(name: "PolicyCompiler", targets: ["PolicyCompiler"]),
        .library(name: "PolicyRuntime", targets: ["PolicyRuntime"]),
        // For Fuzz/ (the fuzzers replay what the tests replay); not an API.
        .library(name: "AppraiseTestSupport", targets: ["TestSupport"]),
        .executable(name: "policyc", targets: ["policyc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "4.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // C libraries from Debian, behind module maps (see Sources/C*/shim.h).
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibCBOR", pkgConfig: "libcbor", providers: [.apt(["libcbor-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        .target(name: "Evidence"),
        .target(
            name: "Endorsement",
            dependencies: [
                "Evidence", "COpenSSL", "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]),
        .target(
            name: "Claims",
            dependencies: [
                "Evidence", "Endorsement",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The .apb bytecode format: one opcode definition, the container model, a deterministic
        // writer, a bounds-checked reader and the disassembler, shared by compiler and runtime.
        // Depends on Evidence only for `Timestamp` (one RFC 3339 formatter in the project).
        .target(name: "PolicyBytecode", dependencies: ["Evidence"]),
        .target(
            name: "PolicyCompiler",
            dependencies: [
                "Claims", "Evidence", "PolicyBytecode",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "PolicyRuntime",
            dependencies: [
                "Claims", "PolicyBytecode", "CLibCBOR",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "Appraisal",
            dependencies: ["Evidence", "Endorsement", "Claims", "PolicyBytecode", "PolicyCompiler", "PolicyRuntime"]),
        .executableTarget(
            name: "policyc",
            dependencies: [
                "Appraisal", "PolicyBytecode", "PolicyCompiler", "PolicyRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Shared by the test targets and the fuzz targets (Fuzz/): finds Corpus/, makes
        // deterministic random input, and the inputs the fuzzers feed a loaded policy.
        .target(name: "TestSupport", dependencies: ["Claims", "Evidence", "PolicyBytecode"], path: "Tests/TestSupport"),
        .testTarget(name: "EvidenceTests", dependencies: ["Evidence", "TestSupport"]),
        .testTarget(name: "EndorsementTests", dependencies: ["Endorsement", "Evidence", "TestSupport"]),
        .testTarget(name: "ClaimsTests", dependencies: ["Claims", "Evidence", "Endorsement", "TestSupport"]),
        .testTarget(name: "PolicyBytecodeTests", dependencies: ["PolicyBytecode", "TestSupport"]),
        .testTarget(
            name: "PolicyCompilerTests",
            dependencies: ["PolicyCompiler", "PolicyBytecode", "PolicyRuntime", "Claims", "Evidence", "TestSupport"]),
        .testTarget(
            name: "PolicyRuntimeTests",
            dependencies: ["PolicyRuntime", "PolicyBytecode", "PolicyCompiler", "Claims", "Evidence", "TestSupport"]),
        .testTarget(
            name: "AppraisalTests",
            dependencies: [
                "Appraisal", "policyc", "TestSupport", "Evidence", "Endorsement", "Claims", "PolicyCompiler",
                "PolicyRuntime",
            ]),
        .testTarget(name: "CorpusTests", dependencies: ["Appraisal", "Evidence", "Claims", "TestSupport"]),
    ]
)
