import Endorsement
import Evidence

/// The boot state a TPM event log describes: Secure Boot configuration, what was booted and
/// with which command line, and the integrity flags. Only data bound to its digest
/// (``EventDigestCheck/Result/trusted``) makes a scalar claim; otherwise the claim is left
/// missing and listed in `tpm.untrusted_claims`.
struct BootState {
    let analysis: EventLogAnalysis
    var untrusted: [String] = []
    var notes: [String] = []

    init(_ analysis: EventLogAnalysis) { self.analysis = analysis }

    var events: [AnalyzedEvent] { analysis.events }

    /// Index of the first EV_SEPARATOR in PCR7 (authorities after it are the OS loader's).
    var pcr7Separator: Int? {
        events.first { $0.event.registerIndex == 7 && $0.event.eventType == .separator }?.event.number
    }

    mutating func addClaims(to claims: inout ClaimSet) throws(ClaimError) {
        try addPlatform(&claims)
        try addSecureBoot(&claims)
        try addBoot(&claims)
        try addKernelAndGrub(&claims)
        try addFlags(&claims)
        try claims.set("tpm.untrusted_claims", .array(untrusted.map { .string($0) }))
        claims.notes.append(contentsOf: notes)
    }

    /// Sets a scalar claim drawn from `entry`, or records it as untrusted.
    mutating func setScalar(_ path: String, _ value: ClaimValue, from entry: AnalyzedEvent, _ claims: inout ClaimSet)
        throws(ClaimError)
    {
        if entry.check.trusted {
            try claims.set(path, value)
        } else if !untrusted.contains(path) {
            untrusted.append(path)
            notes.append(
                "\(path) not set: entry \(entry.event.number)'s data is not bound to its digest (\(entry.check.rawValue))"
            )
        }
    }

    func measurement(_ entry: AnalyzedEvent, text: String) -> ClaimRecord {
        ClaimRecord(
            fields: [.int(Int64(entry.event.registerIndex))] + analysis.bankDigests(entry.event) + [
                .string(text), .int(Int64(entry.event.number)),
            ])
    }

    // MARK: Platform

    mutating func addPlatform(_ claims: inout ClaimSet) throws(ClaimError) {
        if let version = events.first(where: { $0.event.eventType == .sCRTMVersion }) {
            let text: String?
            switch version.data {
            case .text(let s): text = s
            case .guid(let g): text = g.description
            default: text = nil
            }
            if let text { try setScalar("tpm.platform.scrtm_version", .string(text), from: version, &claims) }
        }
        var blobs: [ClaimRecord] = []
        for entry in events
        where entry.event.eventType == .efiPlatformFirmwareBlob || entry.event.eventType == .efiPlatformFirmwareBlob2 {
            guard case .firmwareBlob(let blob) = entry.data else { continue }
            let range = "base 0x\(String(blob.blobBase, radix: 16)) length 0x\(String(blob.blobLength, radix: 16))"
            blobs.append(measurement(entry, text: blob.blobDescription.map { "\($0) \(range)" } ?? range))
        }
        try claims.set("tpm.platform.firmware_blobs", .list(blobs))
    }

    // MARK: Secure Boot

    static let databases: [(String, String, EFIGUID?)] = [
        ("PK", "tpm.secureboot.pk", .globalVariable), ("KEK", "tpm.secureboot.kek", .globalVariable),
        ("db", "tpm.secureboot.db", .imageSecurityDatabase), ("dbx", "tpm.secureboot.dbx", .imageSecurityDatabase),
    ]

    mutating func addSecureBoot(_ claims: inout ClaimSet) throws(ClaimError) {
        var sawSecureBoot = false
        for entry in events where entry.event.eventType == .efiVariableDriverConfig {
            guard case .variable(let variable) = entry.data else { continue }
            if variable.unicodeName == "SecureBoot" && variable.variableName == .globalVariable && !sawSecureBoot {
                sawSecureBoot = true
                if variable.variableData.isEmpty {
                    notes.append("the SecureBoot variable (entry \(entry.event.number)) has no data: Secure Boot off")
                }
                let enabled = variable.variableData.count == 1 && variable.variableData.first == 1
                try setScalar("tpm.secureboot.enabled", .bool(enabled), from: entry, &claims)
            }
            for (name, path, guid) in Self.databases where variable.unicodeName == name && variable.variableName == guid
            {
                var reader = ByteReader.over(analysis.log.bytes, variable.variableData, structure: "EFI_SIGNATURE_LIST")
                do {
                    let signatures = try EFISignatureDatabase.parse(&reader)
                    try claims.set(path, .list(signatures.map { signatureRecord($0, trusted: entry.check.trusted) }))
                } catch {
                    notes.append("\(name) (entry \(entry.event.number)) is not a signature list: \(error)")
                }
            }
        }

        let separator = pcr7Separator ?? Int.max
        var authorities: [ClaimRecord] = []
        for entry in events where entry.event.eventType == .efiVariableAuthority {
            guard case .variable(let variable) = entry.data else { continue }
            let after = entry.event.number > separator
            var owner: ClaimValue?
            var fingerprint: ClaimValue?
            var subject: ClaimValue?
            if variable.unicodeName == "SbatLevel" {
                try setScalar(
                    "tpm.secureboot.sbat", .string(ASCIIText.decode(variable.variableData)), from: entry, &claims)
            } else if let certificate = Self.authorityCertificate(variable.variableData) {
                owner = certificate.owner.map { .string($0.description) }
                fingerprint = .bytes(ClaimBytes(HashAlgorithm.sha256.hash(Array(certificate.der))))
                subject = (try? X509Certificate(der: Array(certificate.der))).map { .string($0.subject) }
            }
            authorities.append(
                ClaimRecord(fields: [
                    .int(Int64(entry.event.registerIndex)), .string(variable.unicodeName), owner, fingerprint, subject,
                    .bool(after), .bool(entry.check.trusted),
                ]))
        }
        try claims.set("tpm.secureboot.authorities", .list(authorities))

        var moks: [ClaimRecord] = []
        for entry in events where entry.event.eventType == .ipl {
            if case .ipl(.shimVariable(let name)) = entry.data { moks.append(measurement(entry, text: name)) }
        }
        try claims.set("tpm.secureboot.mok", .list(moks))
    }

    func signatureRecord(_ signature: EFISignature, trusted: Bool) -> ClaimRecord {
        let kind: String
        var fingerprint: ClaimValue?
        var subject: ClaimValue?
        if signature.signatureType == .certX509 {
            kind = "x509"
            fingerprint = .bytes(ClaimBytes(HashAlgorithm.sha256.hash(Array(signature.data))))
            subject = (try? X509Certificate(der: Array(signature.data))).map { .string($0.subject) }
        } else if signature.signatureType == .certSHA256 {
            kind = "sha256"
            fingerprint = signature.data.count == 32 ? .bytes(ClaimBytes(signature.data)) : nil
        } else {
            kind = signature.signatureType.knownName?.lowercased() ?? signature.signatureType.description
        }
        return ClaimRecord(fields: [
            .string(kind), signature.owner.map { .string($0.description) }, fingerprint, subject, .bool(trusted),
        ])
    }

    /// The certificate in an EV_EFI_VARIABLE_AUTHORITY's VariableData: an EFI_SIGNATURE_DATA
    /// (owner GUID + DER) or, from some shim versions, a bare DER certificate (go-attestation
    /// #157); a trailing extra byte is ignored. `nil` for SbatLevel, MokListTrusted and the like.
    static func authorityCertificate(_ data: ArraySlice<UInt8>) -> (owner: EFIGUID?, der: ArraySlice<UInt8>)? {
        if data.first == 0x30, let length = derElementLength(data), length >= data.count - 1 {
            return (nil, data.prefix(length))
        }
        guard data.count > 16 else { return nil }
        let body = data.dropFirst(16)
        guard body.first == 0x30, let length = derElementLength(body), length >= body.count - 1 else { return nil }
        return (EFIGUID(storageBytes: data.prefix(16)), body.prefix(length))
    }

    // MARK: Boot

    mutating func addBoot(_ claims: inout ClaimSet) throws(ClaimError) {
        var apps: [ClaimRecord] = []
        for entry in events where entry.event.eventType == .efiBootServicesApplication {
            var path = ""
            if case .imageLoad(_, let text) = entry.data { path = text ?? "" }
            apps.append(measurement(entry, text: path))
        }
        try claims.set("tpm.boot.efi_apps", .list(apps))

        for entry in events
        where entry.event.eventType == .efiVariableBoot || entry.event.eventType == .efiVariableBoot2 {
            guard case .variable(let variable) = entry.data, variable.unicodeName == "BootOrder" else { continue }
            let data = variable.variableData
            var order: [ClaimValue] = []
            var index = data.startIndex
            while index + 1 < data.endIndex {
                order.append(.int(Int64(UInt16(data[index]) | UInt16(data[index + 1]) << 8)))
                index += 2
            }
            try setScalar("tpm.boot.boot_order", .array(order), from: entry, &claims)
            break
        }
    }

    // MARK: Kernel and GRUB

    mutating func addKernelAndGrub(_ claims: inout ClaimSet) throws(ClaimError) {
        var commands: [String] = []
        var commandsTrusted = true
        var commandLine: AnalyzedEvent?
        var commandLineText: String?
        var kernelPath: String?
        var initrdPath: String?
        var files: [(AnalyzedEvent, String)] = []
        var utf16CommandLine: (AnalyzedEvent, String)?
        var stubInitrd: AnalyzedEvent?
        for entry in events {
            switch (entry.event.eventType, entry.data) {
            case (.ipl, .ipl(.grubCommand(let command, _))):
                commands.append(command)
                commandsTrusted = commandsTrusted && entry.check.trusted
                let words = command.split(separator: " ", omittingEmptySubsequences: true)
                if let verb = words.first, words.count >= 2 {
                    if verb == "linux" || verb == "linuxefi" || verb == "linux16" { kernelPath = String(words[1]) }
                    if verb == "initrd" || verb == "initrdefi" || verb == "initrd16" { initrdPath = String(words[1]) }
                }
            case (.ipl, .ipl(.kernelCommandLine(let text, _))):
                commandLine = entry
                commandLineText = text
            case (.ipl, .ipl(.utf16(let text))) where [8, 12].contains(entry.event.registerIndex):
                utf16CommandLine = (entry, text)
            case (.ipl, .ipl(.ascii(let path))) where entry.event.registerIndex == 9:
                files.append((entry, path))
            case (.eventTag, .tagged(let tag)) where tag.taggedEventID == TaggedEvent.linuxInitrd:
                stubInitrd = entry
            default:
                break
            }
        }
        if !commands.isEmpty {
            if commandsTrusted {
                try claims.set("tpm.grub.commands", .array(commands.map { .string($0) }))
            } else {
                untrusted.append("tpm.grub.commands")
                notes.append("tpm.grub.commands not set: a grub_cmd entry's data is not bound to its digest")
            }
        }
        if let commandLine, let commandLineText {
            try setScalar("tpm.kernel.cmdline", .string(commandLineText), from: commandLine, &claims)
        } else if let (entry, text) = utf16CommandLine {
            try setScalar("tpm.kernel.cmdline", .string(text), from: entry, &claims)
        }
        try claims.set(
            "tpm.grub.files", .list(files.map { measurement($0.0, text: $0.1) }))
        // Red Hat's GRUB (linuxefi module) names the files "grub_linuxefi Kernel" / "… Initrd".
        let kernelFile =
            files.last { path in kernelPath.map { Self.samePath(path.1, $0) } ?? false }
            ?? files.last { $0.1.hasPrefix("grub_linux") && $0.1.hasSuffix(" Kernel") }
        let initrdFile =
            files.last { path in initrdPath.map { Self.samePath(path.1, $0) } ?? false }
            ?? files.last { $0.1.hasPrefix("grub_linux") && $0.1.hasSuffix(" Initrd") }
        if let file = kernelFile, let digest = analysis.preferredDigest(file.0.event) {
            try claims.set("tpm.kernel.digest", .bytes(ClaimBytes(digest)))
        }
        if let file = initrdFile, let digest = analysis.preferredDigest(file.0.event) {
            try claims.set("tpm.kernel.initrd_digest", .bytes(ClaimBytes(digest)))
        } else if let stubInitrd, let digest = analysis.preferredDigest(stubInitrd.event) {
            try claims.set("tpm.kernel.initrd_digest", .bytes(ClaimBytes(digest)))
        }
    }

    /// Whether a GRUB file entry's path names the same file as a command's argument, ignoring
    /// a `(hd0,gpt2)` device prefix on either.
    static func samePath(_ a: String, _ b: String) -> Bool {
        func strip(_ s: String) -> Substring {
            if s.hasPrefix("("), let close = s.firstIndex(of: ")") { return s[s.index(after: close)...] }
            return s[...]
        }
        return strip(a) == strip(b)
    }

    // MARK: Flags

    mutating func addFlags(_ claims: inout ClaimSet) throws(ClaimError) {
        func action(_ text: String, register: UInt32? = nil) -> Bool {
            events.contains { entry in
                guard entry.event.eventType == .efiAction, entry.check.trusted,
                    register == nil || entry.event.registerIndex == register, case .text(let s) = entry.data
                else { return false }
                return s == text
            }
        }
        try claims.set("tpm.flags.ebs_seen", .bool(action("Exit Boot Services Invocation")))
        try claims.set("tpm.flags.uefi_debug_mode", .bool(action("UEFI Debug Mode", register: 7)))
        try claims.set("tpm.flags.dma_protection_disabled", .bool(action("DMA Protection Disabled", register: 7)))

        let log = analysis.log
        var valid = true
        var counts = [Int](repeating: 0, count: 8)
        for entry in events where entry.event.eventType == .separator {
            let register = entry.event.registerIndex
            if register < 8 { counts[Int(register)] += 1 }
            guard case .separator(let value) = entry.data, entry.check == .data else {
                valid = false
                continue
            }
            if !(value == 0 || (value == 0x4C43_4257 && (12...14).contains(register))) { valid = false }
        }
        let touched = (0..<8).filter { register in
            events.contains { $0.event.registerIndex == UInt32(register) && $0.event.eventType != .noAction }
        }
        if touched.contains(where: { counts[$0] != 1 }) { valid = false }
        // An entry of another type carrying a separator digest in PCR4 or PCR7, where the separator
        // splits firmware from OS-loader measurements: a relabelled separator (go-attestation's
        // event-log disclosure, tpm2-tools #2247). Not checked in PCR0: Intel Boot Guard logs an
        // EV_S_CRTM_CONTENTS whose digest is H(00000000) there (goeventlog__glinux-alex, entry 4).
        let separatorDigests = Set(log.algorithms.compactMap { MeasurementHash.hash($0, [0, 0, 0, 0]) })
        for entry in events
        where entry.event.eventType != .separator && entry.event.eventType != .noAction
            && (entry.event.registerIndex == 4 || entry.event.registerIndex == 7)
        {
            if log.digests(of: entry.event).contains(where: { separatorDigests.contains(Array($0.bytes)) }) {
                valid = false
            }
        }
        try claims.set("tpm.flags.separators_valid", .bool(valid))
    }
}
