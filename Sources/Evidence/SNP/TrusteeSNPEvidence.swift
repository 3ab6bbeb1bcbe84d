/// Trustee's SEV-SNP evidence: the JSON its attester sends (confidential-containers/trustee
/// `deps/verifier/src/snp/mod.rs` `SnpEvidence`), the report serialized field by field by the
/// virtee/sev crate's serde derive, and the certificate chain next to it:
///
/// ```json
/// {"attestation_report": {"version": 3, "guest_svn": 0, "policy": 196608, "family_id": [0, …], …,
///   "current_tcb": {"fmc": null, "bootloader": 10, "tee": 0, "snp": 23, "microcode": 25}, …,
///   "signature": {"r": [72 bytes], "s": [72 bytes]}},
///  "cert_chain": [{"cert_type": "VCEK", "data": [DER bytes]}]}
/// ```
///
/// The report's signature covers its binary form, so the 1184 bytes are rebuilt exactly as the
/// ABI lays them out (reserved bytes zero; TCB values in the layout of the CPU generation) and
/// then parsed by ``SNPReport`` like any other report — the rebuilt bytes are what is verified.
/// Every member is required (the CPUID members only from version 3, the mitigation vectors only
/// from version 5) and no other member is accepted, so nothing in the JSON is silently dropped.
public struct TrusteeSNPEvidence: Sendable {
    public static let structure = "Trustee SNP evidence JSON"

    /// The report rebuilt in its binary form.
    public let reportBytes: [UInt8]
    /// `cert_chain` as a certificate table (empty when the member is `null` or `[]`).
    public let certificates: SNPCertificateTable

    /// Whether `json` looks like Trustee SNP evidence (content detection).
    public static func matches(_ json: JSONValue) -> Bool { json["attestation_report"] != nil }

    static let reportMembers: [String] = [
        "version", "guest_svn", "policy", "family_id", "image_id", "vmpl", "sig_algo", "current_tcb", "plat_info",
        "key_info", "report_data", "measurement", "host_data", "id_key_digest", "author_key_digest", "report_id",
        "report_id_ma", "reported_tcb", "cpuid_fam_id", "cpuid_mod_id", "cpuid_step", "chip_id", "committed_tcb",
        "current", "committed", "launch_tcb", "launch_mit_vector", "current_mit_vector", "signature",
    ]

    /// Rebuilds the report and collects the certificate chain.
    ///
    /// - Throws: `EvidenceError` `.invalidValue` naming the member that is missing, unknown,
    ///   out of range or of the wrong shape; `.unsupportedFeature` for a CPUID this build does
    ///   not know (the TCB layout would be unknown).
    public init(json: JSONValue) throws(EvidenceError) {
        guard case .object(let top) = json else { throw Self.fail("JSON", "the evidence is a JSON object") }
        for (name, _) in top where name != "attestation_report" && name != "cert_chain" {
            throw Self.fail(name, "unknown member \"\(name)\"")
        }
        guard let report = json["attestation_report"], case .object(let members) = report else {
            throw Self.fail("attestation_report", "\"attestation_report\" must be an object")
        }
        for (name, _) in members where !Self.reportMembers.contains(name) {
            throw Self.fail(name, "unknown report member \"\(name)\"")
        }
        var writer = ReportWriter(json: report)
        let version = try writer.u32("version", at: 0x000)
        try writer.u32("guest_svn", at: 0x004)
        try writer.u64("policy", at: 0x008)
        try writer.bytes("family_id", at: 0x010, count: 16)
        try writer.bytes("image_id", at: 0x020, count: 16)
        try writer.u32("vmpl", at: 0x030)
        try writer.u32("sig_algo", at: 0x034)
        try writer.u64("plat_info", at: 0x040)
        try writer.u32("key_info", at: 0x048)
        try writer.bytes("report_data", at: 0x050, count: 64)
        try writer.bytes("measurement", at: 0x090, count: 48)
        try writer.bytes("host_data", at: 0x0C0, count: 32)
        try writer.bytes("id_key_digest", at: 0x0E0, count: 48)
        try writer.bytes("author_key_digest", at: 0x110, count: 48)
        try writer.bytes("report_id", at: 0x140, count: 32)
        try writer.bytes("report_id_ma", at: 0x160, count: 32)
        var turinLayout = false
        if version >= 3 {
            let family = try writer.u8("cpuid_fam_id", at: 0x188)
            let model = try writer.u8("cpuid_mod_id", at: 0x189)
            try writer.u8("cpuid_step", at: 0x18A)
            guard let generation = SNPGeneration(cpuidFamily: family, model: model) else {
                throw EvidenceError(
                    .unsupportedFeature, structure: Self.structure, field: "cpuid_fam_id", offset: 0,
                    detail:
                        "CPU family 0x\(String(family, radix: 16)) model 0x\(String(model, radix: 16)) is not a known SEV-SNP generation"
                )
            }
            turinLayout = generation.usesTurinTCBLayout
        } else {
            for name in ["cpuid_fam_id", "cpuid_mod_id", "cpuid_step"]
            where writer.json[name] != nil && writer.json[name] != .null {
                throw Self.fail(name, "a version \(version) report has no \(name)")
            }
            // Version 2 carries no CPUID: an FMC value means the Turin layout.
            turinLayout = writer.json["reported_tcb"]?["fmc"].map { $0 != .null } ?? false
        }
        try writer.tcb("current_tcb", at: 0x038, turin: turinLayout)
        try writer.tcb("reported_tcb", at: 0x180, turin: turinLayout)
        try writer.bytes("chip_id", at: 0x1A0, count: 64)
        try writer.tcb("committed_tcb", at: 0x1E0, turin: turinLayout)
        try writer.firmware("current", at: 0x1E8)
        try writer.firmware("committed", at: 0x1EC)
        try writer.tcb("launch_tcb", at: 0x1F0, turin: turinLayout)
        if version >= 5 {
            try writer.u64("launch_mit_vector", at: 0x1F8)
            try writer.u64("current_mit_vector", at: 0x200)
        } else {
            for name in ["launch_mit_vector", "current_mit_vector"]
            where writer.json[name] != nil && writer.json[name] != .null {
                throw Self.fail(name, "a version \(version) report has no \(name)")
            }
        }
        guard let signature = writer.json["signature"], case .object = signature else {
            throw Self.fail("signature", "\"signature\" must be an object {r, s}")
        }
        try ReportWriter.only(["r", "s"], in: signature, "signature")
        var signatureWriter = ReportWriter(json: signature)
        signatureWriter.output = writer.output
        try signatureWriter.bytes("r", at: 0x2A0, count: 72)
        try signatureWriter.bytes("s", at: 0x2E8, count: 72)
        reportBytes = signatureWriter.output

        var entries: [SNPCertificateTable.Entry] = []
        switch json["cert_chain"] {
        case nil, .null?: break
        case .array(let chain)?:
            for (index, element) in chain.enumerated() {
                guard let data = element["data"]?.byteArray else {
                    throw Self.fail("cert_chain[\(index)].data", "must be an array of bytes")
                }
                let role: SNPCertificateTable.Role
                switch element["cert_type"] {
                case .string("ARK")?: role = .ark
                case .string("ASK")?: role = .ask
                case .string("VCEK")?: role = .vcek
                case .string("VLEK")?: role = .vlek
                case .string("CRL")?: role = .crl
                case .object?: role = .other
                default: throw Self.fail("cert_chain[\(index)].cert_type", "unknown certificate type")
                }
                entries.append(SNPCertificateTable.Entry(guid: [], role: role, data: ArraySlice(data)))
            }
        default:
            throw Self.fail("cert_chain", "\"cert_chain\" must be an array or null")
        }
        certificates = SNPCertificateTable(entries: entries)
    }

    static func fail(_ field: String, _ detail: String) -> EvidenceError {
        EvidenceError(.invalidValue, structure: structure, field: field, offset: 0, detail: detail)
    }
}

/// Writes JSON members into the binary report layout, checking each value's range.
private struct ReportWriter {
    let json: JSONValue
    var output = [UInt8](repeating: 0, count: SNPReport.size)

    init(json: JSONValue) { self.json = json }

    func integer(_ name: String, max: UInt64) throws(EvidenceError) -> UInt64 {
        guard let value = json[name] else { throw TrusteeSNPEvidence.fail(name, "member \"\(name)\" is missing") }
        guard case .number(let text) = value, let number = UInt64(text), number <= max else {
            throw TrusteeSNPEvidence.fail(name, "\"\(name)\" must be an integer 0…\(max)")
        }
        return number
    }

    mutating func put(_ value: UInt64, at offset: Int, width: Int) {
        for index in 0..<width { output[offset + index] = UInt8(truncatingIfNeeded: value >> UInt64(8 * index)) }
    }

    @discardableResult
    mutating func u8(_ name: String, at offset: Int) throws(EvidenceError) -> UInt8 {
        let value = try integer(name, max: UInt64(UInt8.max))
        put(value, at: offset, width: 1)
        return UInt8(value)
    }

    @discardableResult
    mutating func u32(_ name: String, at offset: Int) throws(EvidenceError) -> UInt32 {
        let value = try integer(name, max: UInt64(UInt32.max))
        put(value, at: offset, width: 4)
        return UInt32(value)
    }

    mutating func u64(_ name: String, at offset: Int) throws(EvidenceError) {
        put(try integer(name, max: UInt64.max), at: offset, width: 8)
    }

    mutating func bytes(_ name: String, at offset: Int, count: Int) throws(EvidenceError) {
        guard let bytes = json[name]?.byteArray, bytes.count == count else {
            throw TrusteeSNPEvidence.fail(name, "\"\(name)\" must be an array of \(count) bytes")
        }
        output.replaceSubrange(offset..<(offset + count), with: bytes)
    }

    /// Rejects members of `object` outside `allowed`.
    static func only(_ allowed: Set<String>, in object: JSONValue, _ name: String) throws(EvidenceError) {
        guard case .object(let members) = object else { return }
        for (member, _) in members where !allowed.contains(member) {
            throw TrusteeSNPEvidence.fail("\(name).\(member)", "unknown member \"\(member)\"")
        }
    }

    /// A TCB object `{fmc, bootloader, tee, snp, microcode}` in the generation's byte layout.
    mutating func tcb(_ name: String, at offset: Int, turin: Bool) throws(EvidenceError) {
        guard let object = json[name], case .object = object else {
            throw TrusteeSNPEvidence.fail(name, "\"\(name)\" must be a TCB object")
        }
        try Self.only(["fmc", "bootloader", "tee", "snp", "microcode"], in: object, name)
        let parts = ReportWriter(json: object)
        let bootLoader = try parts.integer("bootloader", max: 255)
        let tee = try parts.integer("tee", max: 255)
        let snp = try parts.integer("snp", max: 255)
        let microcode = try parts.integer("microcode", max: 255)
        if turin {
            put(try parts.integer("fmc", max: 255), at: offset, width: 1)
            put(bootLoader, at: offset + 1, width: 1)
            put(tee, at: offset + 2, width: 1)
            put(snp, at: offset + 3, width: 1)
        } else {
            guard object["fmc"] == nil || object["fmc"] == .null else {
                throw TrusteeSNPEvidence.fail("\(name).fmc", "an FMC value in a TCB without the Turin layout")
            }
            put(bootLoader, at: offset, width: 1)
            put(tee, at: offset + 1, width: 1)
            put(snp, at: offset + 6, width: 1)
        }
        put(microcode, at: offset + 7, width: 1)
    }

    /// A firmware version object `{major, minor, build}` as BUILD, MINOR, MAJOR.
    mutating func firmware(_ name: String, at offset: Int) throws(EvidenceError) {
        guard let object = json[name], case .object = object else {
            throw TrusteeSNPEvidence.fail(name, "\"\(name)\" must be a version object")
        }
        try Self.only(["major", "minor", "build"], in: object, name)
        let parts = ReportWriter(json: object)
        put(try parts.integer("build", max: 255), at: offset, width: 1)
        put(try parts.integer("minor", max: 255), at: offset + 1, width: 1)
        put(try parts.integer("major", max: 255), at: offset + 2, width: 1)
    }
}
