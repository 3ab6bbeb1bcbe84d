import Evidence
import SwiftASN1

/// The AMD extensions of a VCEK or VLEK certificate (OIDs under 1.3.6.1.4.1.3704.1; VCEK
/// Certificate and KDS Interface Specification #57230 rev 1.00, Table 8 "VCEK Certificate
/// Extensions"; VLEK: #57230 Table 11), decoded with swift-asn1.
///
/// | OID | meaning | encoding |
/// |---|---|---|
/// | .1 | structVersion (0 Milan/Genoa, 1 Turin) | INTEGER |
/// | .2 | productName (`Milan-B0`, `Genoa`, `Turin`; VLEK `Milan`) | IA5String |
/// | .3.1 / .3.2 / .3.3 / .3.8 | blSPL / teeSPL / snpSPL / ucodeSPL | INTEGER |
/// | .3.9 | fmcSPL (Turin) | INTEGER |
/// | .4 | hwID (VCEK only): CHIP_ID, 64 bytes (8 on Turin) | raw bytes, or a DER OCTET STRING since 2023 |
/// | .5 | cspID (VLEK only): the cloud provider | IA5String |
///
/// SPLs must be DER INTEGERs in 0…255 (`02 01 xx`, or `02 02 00 xx` for xx ≥ 0x80 — swift-asn1
/// rejects non-minimal encodings, as Microsoft's verifier does). Both hwID encodings are read:
/// a value exactly as long as a CHIP_ID (8 or 64 bytes) is the raw hwID; anything else must be an
/// OCTET STRING of 8 or 64 bytes. Unknown extensions under the AMD arc are ignored (go-sev-guest
/// rejects the Turin fmcSPL as "not an AMD KDS OID"; we do not).
public struct VCEKExtensions: Hashable, Sendable {
    public static let arc = "1.3.6.1.4.1.3704.1"

    public let structVersion: Int?
    public let productName: String?
    public let bootLoaderSPL: UInt8?
    public let teeSPL: UInt8?
    public let snpSPL: UInt8?
    public let microcodeSPL: UInt8?
    public let fmcSPL: UInt8?
    /// hwID as bytes (64, or 8 on Turin), whichever encoding the certificate used.
    public let hardwareID: [UInt8]?
    /// Whether hwID was a DER OCTET STRING (post-2023 KDS) rather than raw bytes.
    public let hardwareIDIsOctetString: Bool
    public let cspID: String?

    /// Decodes the extensions of `certificate`.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` (step `"VCEK extensions"`) when an AMD
    ///   extension is present but not encoded as specified.
    public init(certificate: X509Certificate) throws(EndorsementError) {
        try self.init { oid in certificate.extensionValue(oid: oid) }
    }

    /// Decodes from a lookup of raw `extnValue` bytes by dotted OID (for tests and other sources).
    public init(extensionValue: (String) -> [UInt8]?) throws(EndorsementError) {
        func value(_ suffix: String) -> [UInt8]? { extensionValue("\(Self.arc).\(suffix)") }
        func integer(_ suffix: String, _ name: String) throws(EndorsementError) -> Int? {
            guard let bytes = value(suffix) else { return nil }
            do {
                return try Int(derEncoded: bytes)
            } catch {
                throw Self.malformed("\(name) (\(Self.arc).\(suffix)) is not a DER INTEGER: \(Hex.encode(bytes))")
            }
        }
        func spl(_ suffix: String, _ name: String) throws(EndorsementError) -> UInt8? {
            guard let number = try integer(suffix, name) else { return nil }
            guard let byte = UInt8(exactly: number) else {
                throw Self.malformed("\(name) is \(number), not a security patch level 0…255")
            }
            return byte
        }
        func ia5(_ suffix: String, _ name: String) throws(EndorsementError) -> String? {
            guard let bytes = value(suffix) else { return nil }
            do {
                return String(try ASN1IA5String(derEncoded: bytes))
            } catch {
                throw Self.malformed("\(name) (\(Self.arc).\(suffix)) is not a DER IA5String")
            }
        }
        structVersion = try integer("1", "structVersion")
        productName = try ia5("2", "productName")
        bootLoaderSPL = try spl("3.1", "blSPL")
        teeSPL = try spl("3.2", "teeSPL")
        snpSPL = try spl("3.3", "snpSPL")
        microcodeSPL = try spl("3.8", "ucodeSPL")
        fmcSPL = try spl("3.9", "fmcSPL")
        cspID = try ia5("5", "cspID")
        if let raw = value("4") {
            if raw.count == 64 || raw.count == 8 {
                hardwareID = raw
                hardwareIDIsOctetString = false
            } else {
                let octets: ASN1OctetString
                do {
                    octets = try ASN1OctetString(derEncoded: raw)
                } catch {
                    throw Self.malformed(
                        "hwID is neither 8 or 64 raw bytes nor a DER OCTET STRING (\(raw.count) bytes)")
                }
                guard octets.bytes.count == 64 || octets.bytes.count == 8 else {
                    throw Self.malformed("hwID OCTET STRING holds \(octets.bytes.count) bytes, not 8 or 64")
                }
                hardwareID = Array(octets.bytes)
                hardwareIDIsOctetString = true
            }
        } else {
            hardwareID = nil
            hardwareIDIsOctetString = false
        }
    }

    /// Whether the certificate carries any AMD extension (a VCEK or VLEK does; CA certificates do not).
    public var isAMDKeyCertificate: Bool { structVersion != nil && productName != nil }

    /// The generation named by ``productName`` (`Milan-B0` → Milan).
    public var generation: SNPGeneration? { productName.flatMap { SNPGeneration(productName: $0) } }

    /// The differences between these SPLs and `tcb` (the report's REPORTED_TCB), as
    /// `name certificate≠report` strings; empty when they match. FMC is compared when either
    /// side has it (Turin); a missing SPL is a difference.
    public func tcbDifferences(from tcb: TCBVersion) -> [String] {
        var differences: [String] = []
        func compare(_ name: String, _ certificate: UInt8?, _ report: UInt8?) {
            guard certificate != report else { return }
            let c = certificate.map(String.init) ?? "absent"
            let r = report.map(String.init) ?? "absent"
            differences.append("\(name) \(c)≠\(r)")
        }
        compare("blSPL", bootLoaderSPL, tcb.bootLoader)
        compare("teeSPL", teeSPL, tcb.tee)
        compare("snpSPL", snpSPL, tcb.snp)
        compare("ucodeSPL", microcodeSPL, tcb.microcode)
        if tcb.fmc != nil || fmcSPL != nil { compare("fmcSPL", fmcSPL, tcb.fmc) }
        return differences
    }

    static func malformed(_ detail: String) -> EndorsementError {
        EndorsementError(.malformedInput, step: "VCEK extensions", detail: detail)
    }
}
