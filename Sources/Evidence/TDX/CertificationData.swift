/// Certification data: how a verifier finds the key that certifies the Quoting Enclave
/// (`sgx_ql_certification_data_t`: type u16, size u32, data).
///
/// Layout and types: Intel SGX ECDSA Quote Library Reference (DCAP), Appendix A.4
/// "Certification Data"; Intel TDX DCAP Quoting Library API, Appendix A.3.
///
/// A v4/v5 quote's signature data carries type 6 (QE report certification data), which nests
/// a second certification data, usually type 5 (the PCK certificate chain). An SGX v3 quote
/// carries the QE report fields directly and then this structure, usually type 5.
public struct CertificationData: Hashable, Sendable {
    /// `certification_data_type` (`sgx_ql_cert_key_type_t`).
    public enum DataType: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// PPID in clear text, CPUSVN, PCESVN, PCEID.
        case ppidCleartext = 1
        /// PPID encrypted with RSA-2048-OAEP, CPUSVN, PCESVN, PCEID.
        case ppidRSA2048 = 2
        /// PPID encrypted with RSA-3072-OAEP, CPUSVN, PCESVN, PCEID.
        case ppidRSA3072 = 3
        /// The PCK leaf certificate only.
        case pckCleartext = 4
        /// The PCK certificate chain: leaf, PCK Platform/Processor CA, Intel SGX Root CA (PEM, or
        /// concatenated DER in Intel's synthetic sample).
        case pckCertChain = 5
        /// QE report certification data (``QEReportCertificationData``).
        case qeReportCertificationData = 6
        /// A platform manifest.
        case platformManifest = 7

        public var description: String {
            switch self {
            case .ppidCleartext: return "PPID_CLEARTEXT (1)"
            case .ppidRSA2048: return "PPID_RSA2048_ENCRYPTED (2)"
            case .ppidRSA3072: return "PPID_RSA3072_ENCRYPTED (3)"
            case .pckCleartext: return "PCK_CLEARTEXT (4)"
            case .pckCertChain: return "PCK_CERT_CHAIN (5)"
            case .qeReportCertificationData: return "ECDSA_SIG_AUX_DATA (6)"
            case .platformManifest: return "PLATFORM_MANIFEST (7)"
            }
        }
    }

    public let type: DataType
    /// The certification data, exactly `size` bytes (a PEM chain keeps its trailing NUL).
    public let data: ArraySlice<UInt8>

    /// Parses the 6-byte type/size prefix and `size` bytes of data.
    ///
    /// - Throws: `EvidenceError` `.invalidValue` for an unknown type, `.truncated` when the
    ///   stated size runs past the enclosing structure.
    public init(parsing reader: inout ByteReader) throws(EvidenceError) {
        let typeOffset = reader.offset
        let rawType = try reader.readUInt16LE("certification_data_type")
        guard let type = DataType(rawValue: rawType) else {
            throw reader.error(
                .invalidValue, "certification_data_type", at: typeOffset,
                "unknown certification data type \(rawType) (known: 1–7)")
        }
        self.type = type
        let size = try reader.readUInt32LE("certification_data_size")
        data = try reader.readBytes(length: size, "certification_data")
    }
}
