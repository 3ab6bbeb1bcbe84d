extension ClaimSchema {
    /// Claims of a TPM event log, its PCR replay and a TPM2 quote, under `tpm.`.
    ///
    /// Names follow issue #6. Replayed banks are `tpm.pcr.<bank>`: 24 lowercase-hex values,
    /// registers no entry extends holding their reset value (zero; PCR17–22 all ones; PCR0
    /// `00…0L` after a StartupLocality, `00…04` after H-CRTM); a bank is present only when the
    /// log carries it and every extended entry has its digest. Claims drawn from event *data*
    /// carry the data's `trusted` bit in their records; a scalar claim whose source entry's
    /// data is not bound to its digest is left missing and its path listed in
    /// `tpm.untrusted_claims` (fail closed: a policy comparing it sees "missing").
    /// Append new entries at the end: slot numbers are positions in this list.
    public static let tpm = ClaimSchema(
        kind: "tpm", version: 1,
        entries: Entry.verificationEntries(kind: "tpm") + [
            Entry(
                "tpm.log.format", .enumeration(Entry.logFormat),
                "sha1 (legacy entries), crypto_agile (Spec ID Event03) or cel_tlv"),
            Entry(
                "tpm.log.algorithms", .array(.string),
                "digest algorithms of the log (Spec ID order): sha1, sha256, sha384, sha512, sm3_256"),
            Entry("tpm.log.events", .int, "number of entries, the Spec ID header included"),
            Entry("tpm.pcr.sha1", .array(.bytes(length: 20)), "replayed SHA-1 bank, PCR0–23"),
            Entry("tpm.pcr.sha256", .array(.bytes(length: 32)), "replayed SHA-256 bank, PCR0–23"),
            Entry("tpm.pcr.sha384", .array(.bytes(length: 48)), "replayed SHA-384 bank, PCR0–23"),
            Entry("tpm.pcr.sha512", .array(.bytes(length: 64)), "replayed SHA-512 bank, PCR0–23"),
            Entry("tpm.pcr.sm3_256", .array(.bytes(length: 32)), "replayed SM3-256 bank, PCR0–23"),
            Entry(
                "tpm.replay_matches_quote", .bool,
                "the quote's PCR digest equals the hash of the replayed selected PCRs"),
            Entry("tpm.quote.nonce", .bytes(length: nil), "TPMS_ATTEST.extraData (the verifier's nonce)"),
            Entry("tpm.quote.clock", .int, "TPMS_CLOCK_INFO.clock, milliseconds"),
            Entry("tpm.quote.firmware", .int, "TPMS_ATTEST.firmwareVersion (u64, as a signed 64-bit bit pattern)"),
            Entry("tpm.quote.pcr_selection", .list(Entry.pcrSelectionRecord), "the PCRs the quote covers, per bank"),
            Entry("tpm.quote.verified", .bool, "the quote's signature verifies with the attestation key"),
            Entry(
                "tpm.startup_locality", .int,
                "locality of the StartupLocality EV_NO_ACTION (PCR0 reset value), 0 when absent"),
            Entry("tpm.platform.scrtm_version", .string, "EV_S_CRTM_VERSION: firmware version string, or a GUID"),
            Entry(
                "tpm.platform.firmware_blobs",
                .list(
                    Entry.measurementRecord(
                        "tpm.firmware_blob", textField: "blob", textSummary: "base and length, or the BLOB2 description"
                    )),
                "EV_EFI_PLATFORM_FIRMWARE_BLOB(2) measurements"),
            Entry("tpm.secureboot.enabled", .bool, "the SecureBoot variable measured in PCR7 is 1"),
            Entry("tpm.secureboot.pk", .list(Entry.signatureRecord), "PK contents"),
            Entry("tpm.secureboot.kek", .list(Entry.signatureRecord), "KEK contents"),
            Entry(
                "tpm.secureboot.db", .list(Entry.signatureRecord),
                "db contents: certificate fingerprints and image hashes"),
            Entry(
                "tpm.secureboot.dbx", .list(Entry.signatureRecord),
                "dbx contents: revoked certificates and image hashes"),
            Entry(
                "tpm.secureboot.authorities", .list(Entry.authorityRecord),
                "EV_EFI_VARIABLE_AUTHORITY entries: what verified each image"),
            Entry(
                "tpm.secureboot.mok",
                .list(
                    Entry.measurementRecord(
                        "tpm.mok", textField: "name", textSummary: "MokList, MokListX or MokListTrusted")),
                "shim's MOK variables measured in PCR14 (digest of the variable)"),
            Entry("tpm.secureboot.sbat", .string, "shim's SbatLevel authority data"),
            Entry(
                "tpm.boot.efi_apps",
                .list(
                    Entry.measurementRecord(
                        "tpm.efi_app", textField: "path", textSummary: "device path (not covered by the digest)")),
                "EV_EFI_BOOT_SERVICES_APPLICATION: Authenticode digests and device paths"),
            Entry("tpm.boot.boot_order", .array(.int), "BootOrder variable: Boot#### numbers in order"),
            Entry("tpm.kernel.cmdline", .string, "kernel command line (GRUB kernel_cmdline, systemd-boot PCR12)"),
            Entry(
                "tpm.kernel.digest", .bytes(length: nil),
                "digest of the kernel file GRUB loaded (PCR9; SHA-256 bank, else the first bank)"),
            Entry(
                "tpm.kernel.initrd_digest", .bytes(length: nil),
                "digest of the initrd (GRUB PCR9 file, or the Linux EFI stub's initrd event)"),
            Entry("tpm.grub.commands", .array(.string), "GRUB commands (grub_cmd: entries), in order"),
            Entry(
                "tpm.grub.files",
                .list(
                    Entry.measurementRecord(
                        "tpm.grub_file", textField: "path",
                        textSummary: "the file GRUB read (not covered by the digest)")),
                "files GRUB measured (PCR9)"),
            Entry(
                "tpm.flags.separators_valid", .bool,
                "every EV_SEPARATOR holds 0 (or \"WBCL\" in PCR12–14) with a matching digest, PCR0–7 that have entries have one each, and no other entry in PCR4/PCR7 carries a separator digest"
            ),
            Entry("tpm.flags.ebs_seen", .bool, "\"Exit Boot Services Invocation\" was measured"),
            Entry("tpm.flags.uefi_debug_mode", .bool, "\"UEFI Debug Mode\" was measured in PCR7"),
            Entry("tpm.flags.dma_protection_disabled", .bool, "\"DMA Protection Disabled\" was measured in PCR7"),
            Entry("tpm.events", .list(Entry.tpmEventRecord), "every entry of the log, in order"),
            Entry("tpm.hcrtm", .bool, "an EV_EFI_HCRTM_EVENT set PCR0's reset value to 4"),
            Entry(
                "tpm.untrusted_claims", .array(.string),
                "claims left missing because their entry's data is not bound to its digest"),
            Entry("tpm.quote.reset_count", .int, "TPMS_CLOCK_INFO.resetCount"),
            Entry("tpm.quote.restart_count", .int, "TPMS_CLOCK_INFO.restartCount"),
            Entry("tpm.quote.safe", .bool, "TPMS_CLOCK_INFO.safe"),
            Entry("tpm.quote.qualified_signer", .bytes(length: nil), "TPMS_ATTEST.qualifiedSigner (TPM2B_NAME)"),
            Entry("tpm.quote.pcr_digest", .bytes(length: nil), "TPMS_QUOTE_INFO.pcrDigest"),
            Entry("tpm.quote.signature_algorithm", .string, "rsassa, rsapss or ecdsa, with its hash: rsassa-sha256"),
        ])
}
