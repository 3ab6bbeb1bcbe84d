import Benchmark
import Evidence

/// Reads the 40 fields of an SEV-SNP ATTESTATION_REPORT-shaped 1184-byte buffer
/// (SEV-SNP ABI spec #56860, Table 23 layout: 22 integers and 18 byte ranges) with the
/// checked ByteReader. Issue #2 asks that this cost well under 100 ns.
@inline(never)
func readFortyFields(_ bytes: [UInt8]) throws(EvidenceError) -> UInt64 {
    var r = ByteReader(bytes, structure: "attestation report")
    var sum: UInt64 = 0
    sum &+= UInt64(try r.readUInt32LE("version"))
    sum &+= UInt64(try r.readUInt32LE("guest_svn"))
    sum &+= try r.readUInt64LE("policy")
    sum &+= UInt64(try r.readBytes(16, "family_id").count)
    sum &+= UInt64(try r.readBytes(16, "image_id").count)
    sum &+= UInt64(try r.readUInt32LE("vmpl"))
    sum &+= UInt64(try r.readUInt32LE("signature_algo"))
    sum &+= try r.readUInt64LE("current_tcb")
    sum &+= try r.readUInt64LE("platform_info")
    sum &+= UInt64(try r.readUInt32LE("signer_info"))
    sum &+= UInt64(try r.readUInt32LE("reserved0"))
    sum &+= UInt64(try r.readBytes(64, "report_data").count)
    sum &+= UInt64(try r.readBytes(48, "measurement").count)
    sum &+= UInt64(try r.readBytes(32, "host_data").count)
    sum &+= UInt64(try r.readBytes(48, "id_key_digest").count)
    sum &+= UInt64(try r.readBytes(48, "author_key_digest").count)
    sum &+= UInt64(try r.readBytes(32, "report_id").count)
    sum &+= UInt64(try r.readBytes(32, "report_id_ma").count)
    sum &+= try r.readUInt64LE("reported_tcb")
    sum &+= UInt64(try r.readUInt8("cpuid_fam_id"))
    sum &+= UInt64(try r.readUInt8("cpuid_mod_id"))
    sum &+= UInt64(try r.readUInt8("cpuid_step"))
    sum &+= UInt64(try r.readBytes(21, "reserved1").count)
    sum &+= UInt64(try r.readBytes(64, "chip_id").count)
    sum &+= try r.readUInt64LE("committed_tcb")
    sum &+= UInt64(try r.readUInt8("current_build"))
    sum &+= UInt64(try r.readUInt8("current_minor"))
    sum &+= UInt64(try r.readUInt8("current_major"))
    sum &+= UInt64(try r.readUInt8("reserved2"))
    sum &+= UInt64(try r.readUInt8("committed_build"))
    sum &+= UInt64(try r.readUInt8("committed_minor"))
    sum &+= UInt64(try r.readUInt8("committed_major"))
    sum &+= UInt64(try r.readUInt8("reserved3"))
    sum &+= try r.readUInt64LE("launch_tcb")
    sum &+= UInt64(try r.readBytes(8, "launch_mit_vector").count)
    sum &+= UInt64(try r.readBytes(8, "current_mit_vector").count)
    sum &+= UInt64(try r.readBytes(152, "reserved4").count)
    sum &+= UInt64(try r.readBytes(72, "signature_r").count)
    sum &+= UInt64(try r.readBytes(72, "signature_s").count)
    sum &+= UInt64(try r.readBytes(368, "signature_reserved").count)
    return sum
}

let benchmarks: @Sendable () -> Void = {
    var generator = SystemRandomNumberGenerator()
    let report = (0..<1184).map { _ in UInt8.random(in: 0...255, using: &generator) }

    Benchmark(
        "ByteReader.forty-fields (1184-byte report)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
            scalingFactor: .kilo,
            maxDuration: .seconds(3))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try readFortyFields(report))
        }
    }
}
