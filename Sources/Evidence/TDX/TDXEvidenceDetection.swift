/// Content detection of the Intel and Azure TDX evidence kinds (see `EvidenceKind.detect`).
extension EvidenceKind {
    /// A quote whose version this build does not parse is still recognized as a DCAP quote by
    /// its attestation key type and Intel's QE vendor id, so that decoding reports
    /// "quote version N is not supported" instead of "unknown format".
    static func detectDCAPQuoteOfUnknownVersion(_ bytes: [UInt8]) -> EvidenceKind? {
        var reader = ByteReader(bytes, structure: "evidence")
        guard (try? reader.seek(to: 2, "att_key_type")) != nil,
            let keyType = try? reader.readUInt16LE("att_key_type"), keyType == 2 || keyType == 3,
            let teeType = try? reader.readUInt32LE("tee_type"),
            (try? reader.seek(to: 12, "qe_vendor_id")) != nil,
            let vendor = try? reader.readBytes(16, "qe_vendor_id"), vendor.elementsEqual(QuoteHeader.intelQEVendorID)
        else { return nil }
        return teeType == QuoteHeader.teeTypeTDX ? .tdxQuote : .sgxQuote
    }

    /// "HCLA" with a TDX runtime-data report type, or a JSON object naming both `hcl_report`
    /// and `td_quote` (Trustee's az-tdx-vtpm evidence).
    static func detectAzure(_ bytes: [UInt8]) -> EvidenceKind? {
        if HCLReport.hasMagic(bytes) {
            return HCLReport.statedReportType(bytes) == .tdx ? .azureTDXHCLReport : nil
        }
        guard bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
            contains(bytes, "\"hcl_report\""), contains(bytes, "\"td_quote\"")
        else { return nil }
        return .azureTDXEvidence
    }

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= bytes.count else { return false }
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
