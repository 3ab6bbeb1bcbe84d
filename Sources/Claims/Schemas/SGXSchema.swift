extension ClaimSchema {
    /// Claims of an Intel SGX quote (DCAP v3) and its verification, under `sgx.`.
    ///
    /// The ISV enclave report body follows Intel's field names (SGX DCAP Quote Library
    /// Reference, A.4 "Enclave Report Body"); Trustee's names (`sgx.header.*`, `sgx.body.*`) are
    /// aliases. The QE, PCK, TCB, collateral and verification claims are the same as `tdx.*`'s.
    /// Append new entries at the end: slot numbers are positions in this list.
    public static let sgx = ClaimSchema(
        kind: "sgx", version: 1,
        entries: [
            Entry(
                "sgx.quote.version", .int, "Quote format version, header bytes 0–1 (3)",
                aliases: ["sgx.header.version"]),
            Entry(
                "sgx.quote.att_key_type", .int, "Attestation key type, header bytes 2–3 (2 = ECDSA P-256)",
                aliases: ["sgx.header.att_key_type"]),
            Entry("sgx.quote.tee_type", .int, "TEE type: 0 (SGX); v3 header bytes 4–7 are reserved"),
            Entry(
                "sgx.quote.qe_svn", .int, "QE SVN, v3 header bytes 8–9 (equals the QE report ISVSVN)",
                aliases: ["sgx.header.qe_svn"]),
            Entry(
                "sgx.quote.pce_svn", .int, "PCE SVN, v3 header bytes 10–11", aliases: ["sgx.header.pce_svn"]),
            Entry(
                "sgx.quote.qe_vendor_id", .bytes(length: 16), "QE vendor id, header bytes 12–27",
                aliases: ["sgx.header.vendor_id"]),
            Entry(
                "sgx.quote.user_data", .bytes(length: 20), "Attestation-key owner data, header bytes 28–47",
                aliases: ["sgx.header.user_data"]),
            Entry(
                "sgx.quote.attestation_key", .bytes(length: 64),
                "ECDSA P-256 attestation public key x ‖ y from the quote signature data"),
            Entry("sgx.cpusvn", .bytes(length: 16), "CPUSVN, report offset 0", aliases: ["sgx.body.cpu_svn"]),
            Entry("sgx.miscselect", .int, "MISCSELECT, report offset 16 (u32)", aliases: ["sgx.body.misc_select"]),
            Entry(
                "sgx.isvextprodid", .bytes(length: 16), "ISVEXTPRODID, report offset 32",
                aliases: ["sgx.body.isv_ext_prod_id"]),
            Entry("sgx.attributes", .bytes(length: 16), "ATTRIBUTES (flags u64 ‖ XFRM u64), report offset 48"),
            Entry("sgx.attributes.debug", .bool, "ATTRIBUTES.FLAGS bit 1 DEBUG: the enclave is debuggable"),
            Entry("sgx.attributes.mode64bit", .bool, "ATTRIBUTES.FLAGS bit 2 MODE64BIT"),
            Entry(
                "sgx.mrenclave", .bytes(length: 32), "MRENCLAVE, report offset 64: measurement of the enclave",
                aliases: ["sgx.body.mr_enclave"]),
            Entry(
                "sgx.mrsigner", .bytes(length: 32), "MRSIGNER, report offset 128: hash of the enclave signer's key",
                aliases: ["sgx.body.mr_signer"]),
            Entry(
                "sgx.configid", .bytes(length: 64), "CONFIGID, report offset 192",
                aliases: ["sgx.body.config_id", "sgx.init_data"]),
            Entry("sgx.isvprodid", .int, "ISVPRODID, report offset 256", aliases: ["sgx.body.isv_prod_id"]),
            Entry("sgx.isvsvn", .int, "ISVSVN, report offset 258", aliases: ["sgx.body.isv_svn"]),
            Entry("sgx.configsvn", .int, "CONFIGSVN, report offset 260", aliases: ["sgx.body.config_svn"]),
            Entry(
                "sgx.isvfamilyid", .bytes(length: 16), "ISVFAMILYID, report offset 304",
                aliases: ["sgx.body.isv_family_id"]),
            Entry(
                "sgx.report_data", .bytes(length: 64), "REPORTDATA, report offset 320: the enclave's 64 bytes",
                aliases: ["sgx.body.report_data"]),
        ] + Entry.dcapQuoteEntries(kind: "sgx"))
}
