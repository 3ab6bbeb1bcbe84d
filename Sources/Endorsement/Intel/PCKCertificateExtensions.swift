import SwiftASN1

/// The Intel SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1), decoded with
/// swift-asn1 from the certificate's raw extension value.
///
/// Structure: Intel SGX PCK Certificate and CRL Profile Specification, §1.3.5 "Intel SGX
/// Extensions" (formats-tdx-snp.md §1.8 item 5):
///
/// ```
/// SGXExtensions ::= SEQUENCE OF SEQUENCE { extnID OBJECT IDENTIFIER, value ANY }
///   .1 PPID                OCTET STRING (16)
///   .2 TCB                 SEQUENCE OF SEQUENCE { OID .2.1 … .2.16 INTEGER (SGX TCB comp SVNs),
///                                                 .2.17 PCESVN INTEGER, .2.18 CPUSVN OCTET STRING (16) }
///   .3 PCE-ID              OCTET STRING (2)
///   .4 FMSPC               OCTET STRING (6)
///   .5 SGX Type            ENUMERATED (0 Standard, 1 Scalable, 2 Scalable with integrity)
///   .6 PlatformInstanceID  OCTET STRING (16)          -- Platform-CA-issued certificates only
///   .7 Configuration       SEQUENCE OF SEQUENCE { .7.1 dynamicPlatform, .7.2 cachedKeys,
///                                                 .7.3 SMTEnabled BOOLEAN }  -- ditto
/// ```
///
/// Entries with OIDs this build does not know are skipped (Intel adds them over time); a known
/// entry with the wrong type or size, a missing mandatory entry, or a duplicate is an error.
public struct PCKCertificateExtensions: Hashable, Sendable {
    /// The extension's OID.
    public static let oid = "1.2.840.113741.1.13.1"

    /// SGX type (.5).
    public enum SGXType: Int, Hashable, Sendable, CaseIterable {
        case standard = 0
        case scalable = 1
        case scalableWithIntegrity = 2

        /// The name used in claims (`SGXType` enum).
        public var name: String {
            switch self {
            case .standard: return "Standard"
            case .scalable: return "Scalable"
            case .scalableWithIntegrity: return "ScalableWithIntegrity"
            }
        }
    }

    /// Platform configuration (.7).
    public struct Configuration: Hashable, Sendable {
        public let dynamicPlatform: Bool?
        public let cachedKeys: Bool?
        public let smtEnabled: Bool?
    }

    public let ppid: [UInt8]
    /// The 16 SGX TCB component SVNs (.2.1 … .2.16), compared with a TCB level's
    /// `sgxtcbcomponents`.
    public let sgxTCBComponents: [UInt8]
    public let pceSVN: UInt16
    public let cpuSVN: [UInt8]
    public let pceID: [UInt8]
    public let fmspc: [UInt8]
    public let sgxType: SGXType
    public let platformInstanceID: [UInt8]?
    public let configuration: Configuration?

    /// Decodes the SGX extension of `certificate`.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` (step `"PCK certificate extensions"`)
    ///   when the extension is absent or does not follow the profile.
    public init(certificate: X509Certificate) throws(EndorsementError) {
        guard let value = certificate.extensionValue(oid: Self.oid) else {
            throw Self.malformed("the certificate has no Intel SGX extension (\(Self.oid))")
        }
        try self.init(extensionValue: value)
    }

    /// Decodes the DER `extnValue` of the SGX extension.
    public init(extensionValue der: [UInt8]) throws(EndorsementError) {
        var ppid: [UInt8]?
        var tcb: (components: [UInt8], pceSVN: UInt16, cpuSVN: [UInt8])?
        var pceID: [UInt8]?
        var fmspc: [UInt8]?
        var sgxType: SGXType?
        var platformInstanceID: [UInt8]?
        var configuration: Configuration?
        var seen: Set<UInt> = []
        do {
            let root = try DER.parse(der)
            for entry in try Self.pairs(root) {
                guard let arc = Self.arc(entry.oid, under: Self.prefix) else { continue }
                guard seen.insert(arc).inserted else {
                    throw Self.malformed("SGX extension entry .\(arc) appears twice")
                }
                switch arc {
                case 1: ppid = try Self.octets(entry.value, count: 16, "PPID")
                case 2: tcb = try Self.tcb(entry.value)
                case 3: pceID = try Self.octets(entry.value, count: 2, "PCE-ID")
                case 4: fmspc = try Self.octets(entry.value, count: 6, "FMSPC")
                case 5:
                    let raw = try Int(derEncoded: entry.value, withIdentifier: .enumerated)
                    guard let type = SGXType(rawValue: raw) else { throw Self.malformed("unknown SGX type \(raw)") }
                    sgxType = type
                case 6: platformInstanceID = try Self.octets(entry.value, count: 16, "PlatformInstanceID")
                case 7: configuration = try Self.configuration(entry.value)
                default: continue
                }
            }
        } catch let error as EndorsementError {
            throw error
        } catch {
            throw Self.malformed("not DER as the PCK certificate profile requires: \(error)")
        }
        guard let ppid, let tcb, let pceID, let fmspc, let sgxType else {
            throw Self.malformed("a mandatory entry (PPID, TCB, PCE-ID, FMSPC, SGX Type) is missing")
        }
        self.ppid = ppid
        self.sgxTCBComponents = tcb.components
        self.pceSVN = tcb.pceSVN
        self.cpuSVN = tcb.cpuSVN
        self.pceID = pceID
        self.fmspc = fmspc
        self.sgxType = sgxType
        self.platformInstanceID = platformInstanceID
        self.configuration = configuration
    }

    static let prefix: [UInt] = [1, 2, 840, 113_741, 1, 13, 1]

    static func malformed(_ detail: String) -> EndorsementError {
        EndorsementError(.malformedInput, step: "PCK certificate extensions", detail: detail)
    }

    /// The one arc that follows `prefix` in `oid`, or `nil` if `oid` is not exactly one arc below it.
    static func arc(_ oid: ASN1ObjectIdentifier, under prefix: [UInt]) -> UInt? {
        let components = oid.oidComponents
        guard components.count == prefix.count + 1, components.starts(with: prefix) else { return nil }
        return components.last
    }

    /// `SEQUENCE OF SEQUENCE { OBJECT IDENTIFIER, value }`.
    static func pairs(_ node: ASN1Node) throws -> [(oid: ASN1ObjectIdentifier, value: ASN1Node)] {
        guard node.identifier == .sequence, case .constructed(let children) = node.content else {
            throw Self.malformed("expected a SEQUENCE of extension entries")
        }
        return try children.map { pair in
            try DER.sequence(pair, identifier: .sequence) { nodes in
                guard let oidNode = nodes.next(), let value = nodes.next() else {
                    throw Self.malformed("an extension entry is not an (OID, value) pair")
                }
                return (try ASN1ObjectIdentifier(derEncoded: oidNode), value)
            }
        }
    }

    static func octets(_ node: ASN1Node, count: Int, _ name: String) throws -> [UInt8] {
        let bytes = try ASN1OctetString(derEncoded: node).bytes
        guard bytes.count == count else {
            throw malformed("\(name) has \(bytes.count) bytes, the profile says \(count)")
        }
        return Array(bytes)
    }

    static func tcb(_ node: ASN1Node) throws -> (components: [UInt8], pceSVN: UInt16, cpuSVN: [UInt8]) {
        var components = [UInt8?](repeating: nil, count: 16)
        var pceSVN: UInt16?
        var cpuSVN: [UInt8]?
        let tcbPrefix = prefix + [2]
        for entry in try pairs(node) {
            guard let arc = arc(entry.oid, under: tcbPrefix) else { continue }
            switch arc {
            case 1...16:
                guard components[Int(arc) - 1] == nil else { throw malformed("TCB component \(arc) appears twice") }
                components[Int(arc) - 1] = try UInt8(derEncoded: entry.value)
            case 17:
                guard pceSVN == nil else { throw malformed("PCESVN appears twice") }
                pceSVN = try UInt16(derEncoded: entry.value)
            case 18:
                guard cpuSVN == nil else { throw malformed("CPUSVN appears twice") }
                cpuSVN = try octets(entry.value, count: 16, "CPUSVN")
            default: continue
            }
        }
        let present = components.compactMap { $0 }
        guard present.count == 16, let pceSVN, let cpuSVN else {
            throw malformed("the TCB entry lacks some of its 16 component SVNs, PCESVN or CPUSVN")
        }
        return (present, pceSVN, cpuSVN)
    }

    static func configuration(_ node: ASN1Node) throws -> Configuration {
        var flags: [UInt: Bool] = [:]
        for entry in try pairs(node) {
            guard let arc = arc(entry.oid, under: prefix + [7]) else { continue }
            guard flags[arc] == nil else { throw malformed("configuration entry .7.\(arc) appears twice") }
            flags[arc] = try Bool(derEncoded: entry.value)
        }
        return Configuration(dynamicPlatform: flags[1], cachedKeys: flags[2], smtEnabled: flags[3])
    }
}
