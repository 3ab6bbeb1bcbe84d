import Evidence

extension ClaimSet {
    /// Adds the claims of a TPM2 quote's `TPMS_ATTEST` (`tpm.quote.*`), not its verification.
    public mutating func add(tpmQuote quote: TPMQuote) throws(ClaimError) {
        let attest = quote.attest
        try set("tpm.quote.nonce", .bytes(ClaimBytes(attest.extraData)))
        try set("tpm.quote.clock", .int(Int64(bitPattern: attest.clock)))
        try set("tpm.quote.reset_count", .int(Int64(attest.resetCount)))
        try set("tpm.quote.restart_count", .int(Int64(attest.restartCount)))
        try set("tpm.quote.safe", .bool(attest.safe))
        try set("tpm.quote.firmware", .int(Int64(bitPattern: attest.firmwareVersion)))
        try set("tpm.quote.qualified_signer", .bytes(ClaimBytes(attest.qualifiedSigner)))
        try set("tpm.quote.pcr_digest", .bytes(ClaimBytes(attest.pcrDigest)))
        try set(
            "tpm.quote.signature_algorithm",
            .string("\(quote.signature.signatureAlgorithm.name)-\(quote.signature.hash.name)"))
        var selection: [ClaimRecord] = []
        for bank in attest.pcrSelection {
            for pcr in bank.pcrs { selection.append(ClaimRecord(fields: [.string(bank.hash.name), .int(Int64(pcr))])) }
        }
        try set("tpm.quote.pcr_selection", .list(selection))
    }
}
