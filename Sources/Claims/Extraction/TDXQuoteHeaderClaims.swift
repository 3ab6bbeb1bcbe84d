import Evidence

extension ClaimSet {
    /// Adds the claims of a DCAP quote header (`tdx.quote.*`).
    ///
    /// - Throws: ``ClaimError`` only if the schema and this extractor disagree (a bug caught by tests).
    public mutating func add(quoteHeader header: QuoteHeader) throws(ClaimError) {
        try set("tdx.quote.version", .int(Int64(header.version)))
        try set("tdx.quote.att_key_type", .int(Int64(header.attestationKeyType)))
        try set("tdx.quote.tee_type", .int(Int64(header.teeType)))
        try set("tdx.quote.qe_vendor_id", bytes: header.qeVendorID)
        try set("tdx.quote.user_data", bytes: header.userData)
    }
}
