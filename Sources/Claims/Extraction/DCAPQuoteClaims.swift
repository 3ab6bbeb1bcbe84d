import Endorsement
import Evidence

extension ClaimSet {
    /// Adds the claims a DCAP quote makes by itself (no verification): header, body, attestation
    /// key, QE report and the PCK certificate's SGX extensions — `tdx.*` for a TDX quote into a
    /// ``ClaimSchema/tdx`` set, `sgx.*` for an SGX quote into a ``ClaimSchema/sgx`` set — and
    /// `<kind>.verified = false`.
    ///
    /// The PCK chain is decoded through ``PCKCertificateChain/cached(encoded:)``, so a stream of
    /// quotes from one platform decodes its certificates once. A chain that does not decode
    /// leaves the `pck.*` claims missing and adds a note; so do trailing bytes after the quote.
    ///
    /// - Throws: ``ClaimError`` only if the schema and this extractor disagree (a bug caught by tests).
    public mutating func add(dcapQuote quote: DCAPQuote) throws(ClaimError) {
        let s = DCAPClaimSlots.slots(for: schema.kind)
        // On the schema the slots were resolved from, values are stored without per-value checks
        // (tests check every extracted value against its declared type); on any other schema
        // each is checked, as before.
        let trusted = s.wereResolved(from: schema)
        if trusted { ensureUniqueValues() }
        let header = quote.header
        try put(s.version, .int(Int64(header.version)), trusted)
        try put(s.attKeyType, .int(Int64(header.attestationKeyType)), trusted)
        try put(s.teeType, .int(Int64(header.teeType)), trusted)
        try put(s.qeVendorID, .bytes(ClaimBytes(header.qeVendorID)), trusted)
        try put(s.userData, .bytes(ClaimBytes(header.userData)), trusted)
        try put(s.attestationKey, .bytes(ClaimBytes(quote.signatureData.attestationKey)), trusted)
        switch quote.body {
        case .td(let body):
            try add(tdBody: body, slots: s, trusted: trusted)
        case .sgxEnclave(let report):
            try add(enclaveReport: report, header: header, slots: s, trusted: trusted)
        }
        let qe = quote.signatureData.qeReportCertificationData
        let report = qe.qeReport
        try put(s.qeCPUSVN, .bytes(ClaimBytes(report.cpuSVN)), trusted)
        try put(s.qeMiscSelect, .int(Int64(report.miscSelect)), trusted)
        try put(s.qeAttributes, .bytes(ClaimBytes(report.attributes)), trusted)
        try put(s.qeMREnclave, .bytes(ClaimBytes(report.mrEnclave)), trusted)
        try put(s.qeMRSigner, .bytes(ClaimBytes(report.mrSigner)), trusted)
        try put(s.qeISVProdID, .int(Int64(report.isvProdID)), trusted)
        try put(s.qeISVSVN, .int(Int64(report.isvSVN)), trusted)
        try put(s.qeReportData, .bytes(ClaimBytes(report.reportData)), trusted)
        try put(s.qeAuthData, .bytes(ClaimBytes(qe.qeAuthenticationData)), trusted)
        try put(s.certificationDataType, .int(Int64(qe.certificationData.type.rawValue)), trusted)
        if qe.certificationData.type == .pckCertChain {
            do {
                try add(
                    pckChain: try PCKCertificateChain.cached(encoded: qe.certificationData.data), slots: s,
                    trusted: trusted)
            } catch let error as EndorsementError {
                notes.append("the PCK certificate chain was not decoded: \(error)")
            } catch let error as ClaimError {
                throw error
            } catch {
                notes.append("the PCK certificate chain was not decoded: \(error)")
            }
        }
        try put(s.verified, .bool(false), trusted)
        if quote.trailingByteCount > 0 { addDeferredNote(.quoteTrailingBytes(quote.trailingBytes)) }
    }

    mutating func add(tdBody body: TDQuoteBody, slots s: DCAPClaimSlots, trusted: Bool) throws(ClaimError) {
        try put(s.bodyType, .int(Int64(body.type.rawValue)), trusted)
        try put(s.teeTCBSVN, .svn(ClaimSVN(bytes: body.teeTCBSVN)), trusted)
        try put(s.mrSeam, .bytes(ClaimBytes(body.mrSeam)), trusted)
        try put(s.mrSignerSeam, .bytes(ClaimBytes(body.mrSignerSeam)), trusted)
        try put(s.seamAttributes, .bytes(ClaimBytes(body.seamAttributes)), trusted)
        try put(s.tdAttributes, .bytes(ClaimBytes(body.tdAttributesBytes)), trusted)
        let attributes = body.tdAttributes
        try put(s.debug, .bool(attributes.debug), trusted)
        try put(s.septVEDisable, .bool(attributes.septVEDisable), trusted)
        try put(s.pks, .bool(attributes.protectionKeys), trusted)
        try put(s.kl, .bool(attributes.keyLocker), trusted)
        try put(s.perfmon, .bool(attributes.perfmon), trusted)
        try put(s.xfam, .bytes(ClaimBytes(body.xfam)), trusted)
        try put(s.mrTD, .bytes(ClaimBytes(body.mrTD)), trusted)
        try put(s.mrConfigID, .bytes(ClaimBytes(body.mrConfigID)), trusted)
        try put(s.mrOwner, .bytes(ClaimBytes(body.mrOwner)), trusted)
        try put(s.mrOwnerConfig, .bytes(ClaimBytes(body.mrOwnerConfig)), trusted)
        try put(s.rtmr, .array((0..<4).map { .bytes(ClaimBytes(body.rtmr($0))) }), trusted)
        try put(s.reportData, .bytes(ClaimBytes(body.reportData)), trusted)
        if let svn2 = body.teeTCBSVN2 { try put(s.teeTCBSVN2, .svn(ClaimSVN(bytes: svn2)), trusted) }
        if let service = body.mrServiceTD { try put(s.mrServiceTD, .bytes(ClaimBytes(service)), trusted) }
    }

    mutating func add(
        enclaveReport report: SGXReportBody, header: QuoteHeader, slots s: DCAPClaimSlots, trusted: Bool
    ) throws(ClaimError) {
        try put(s.qeSVN, .int(Int64(header.qeSVN)), trusted)
        try put(s.pceSVN, .int(Int64(header.pceSVN)), trusted)
        try put(s.cpuSVN, .bytes(ClaimBytes(report.cpuSVN)), trusted)
        try put(s.miscSelect, .int(Int64(report.miscSelect)), trusted)
        try put(s.isvExtProdID, .bytes(ClaimBytes(report.isvExtProdID)), trusted)
        try put(s.attributes, .bytes(ClaimBytes(report.attributes)), trusted)
        try put(s.debug, .bool(report.isDebug), trusted)
        try put(s.mode64Bit, .bool(report.attributeFlags & SGXReportBody.attributeMode64Bit != 0), trusted)
        try put(s.mrEnclave, .bytes(ClaimBytes(report.mrEnclave)), trusted)
        try put(s.mrSigner, .bytes(ClaimBytes(report.mrSigner)), trusted)
        try put(s.configID, .bytes(ClaimBytes(report.configID)), trusted)
        try put(s.isvProdID, .int(Int64(report.isvProdID)), trusted)
        try put(s.isvSVN, .int(Int64(report.isvSVN)), trusted)
        try put(s.configSVN, .int(Int64(report.configSVN)), trusted)
        try put(s.isvFamilyID, .bytes(ClaimBytes(report.isvFamilyID)), trusted)
        try put(s.reportData, .bytes(ClaimBytes(report.reportData)), trusted)
    }

    mutating func add(pckChain chain: PCKCertificateChain, slots s: DCAPClaimSlots, trusted: Bool)
        throws(ClaimError)
    {
        let e = chain.extensions
        try put(s.ppid, .bytes(ClaimBytes(e.ppid)), trusted)
        try put(s.fmspc, .bytes(ClaimBytes(e.fmspc)), trusted)
        try put(s.pceID, .bytes(ClaimBytes(e.pceID)), trusted)
        try put(s.pckPCESVN, .int(Int64(e.pceSVN)), trusted)
        try put(s.pckCPUSVN, .bytes(ClaimBytes(e.cpuSVN)), trusted)
        try put(s.sgxTCBComponents, .svn(ClaimSVN(bytes: e.sgxTCBComponents)), trusted)
        if let type = ClaimEnum.sgxType.index(of: e.sgxType.name) { try put(s.sgxType, .enumeration(type), trusted) }
        if let ca = chain.issuingCA, let index = ClaimEnum.pckCA.index(of: ca.rawValue) {
            try put(s.pckCA, .enumeration(index), trusted)
        }
        if let piid = e.platformInstanceID { try put(s.platformInstanceID, .bytes(ClaimBytes(piid)), trusted) }
        if let configuration = e.configuration {
            if let value = configuration.dynamicPlatform { try put(s.dynamicPlatform, .bool(value), trusted) }
            if let value = configuration.cachedKeys { try put(s.cachedKeys, .bool(value), trusted) }
            if let value = configuration.smtEnabled { try put(s.smtEnabled, .bool(value), trusted) }
        }
    }
}

extension ClaimSet {
    /// Stores a quote claim: with `trusted` (the set's schema is the one the slots were resolved
    /// from, and ``ensureUniqueValues()`` was called) without checks; otherwise, or for a slot
    /// the schema lacks, through ``set(_:_:)-(ClaimSlot,_)``, which checks and throws.
    @inline(__always)
    mutating func put(_ slot: ClaimSlot, _ value: consuming ClaimValue, _ trusted: Bool) throws(ClaimError) {
        if trusted && Int(slot.rawValue) < storage.buffer.count {
            storeUnique(slot, value)
        } else {
            try set(slot, value)
        }
    }
}

/// The slots of the DCAP quote claims of one schema (`tdx` or `sgx`), resolved once so that
/// extraction does no string hashing per quote. A path a schema lacks resolves to an invalid
/// slot, which ``ClaimSet/set(_:_:)-(ClaimSlot,_)`` rejects — a bug the claim tests catch.
struct DCAPClaimSlots: Sendable {
    static let tdx = DCAPClaimSlots(schema: .tdx)
    static let sgx = DCAPClaimSlots(schema: .sgx)

    static func slots(for kind: String) -> DCAPClaimSlots { kind == "sgx" ? sgx : tdx }

    /// Whether these slots were resolved from `schema` (so its types are those of the slots).
    func wereResolved(from schema: ClaimSchema) -> Bool { layout.matches(schema) }

    let version, attKeyType, teeType, qeVendorID, userData, attestationKey: ClaimSlot
    // TD body
    let bodyType, teeTCBSVN, teeTCBSVN2, mrSeam, mrSignerSeam, seamAttributes, tdAttributes: ClaimSlot
    let septVEDisable, pks, kl, perfmon, xfam, mrTD, mrConfigID, mrOwner, mrOwnerConfig, rtmr, mrServiceTD: ClaimSlot
    // both bodies
    let debug, reportData: ClaimSlot
    // SGX report
    let qeSVN, pceSVN, cpuSVN, miscSelect, isvExtProdID, attributes, mode64Bit, mrEnclave, mrSigner: ClaimSlot
    let configID, isvProdID, isvSVN, configSVN, isvFamilyID: ClaimSlot
    // QE report
    let qeCPUSVN, qeMiscSelect, qeAttributes, qeMREnclave, qeMRSigner, qeISVProdID, qeISVSVN: ClaimSlot
    let qeReportData, qeAuthData: ClaimSlot
    // PCK
    let certificationDataType, ppid, fmspc, pceID, pckPCESVN, pckCPUSVN, sgxTCBComponents, sgxType, pckCA: ClaimSlot
    let platformInstanceID, dynamicPlatform, cachedKeys, smtEnabled: ClaimSlot
    let verified: ClaimSlot
    /// The schema the slots were resolved from.
    let layout: SchemaLayout

    init(schema: ClaimSchema) {
        let k = schema.kind
        layout = SchemaLayout(schema)
        func slot(_ path: String) -> ClaimSlot { schema.resolve(path)?.slot ?? .unresolved }
        version = slot("\(k).quote.version")
        attKeyType = slot("\(k).quote.att_key_type")
        teeType = slot("\(k).quote.tee_type")
        qeVendorID = slot("\(k).quote.qe_vendor_id")
        userData = slot("\(k).quote.user_data")
        attestationKey = slot("\(k).quote.attestation_key")
        bodyType = slot("\(k).body_type")
        teeTCBSVN = slot("\(k).tee_tcb_svn")
        teeTCBSVN2 = slot("\(k).tee_tcb_svn2")
        mrSeam = slot("\(k).mrseam")
        mrSignerSeam = slot("\(k).mrsignerseam")
        seamAttributes = slot("\(k).seam_attributes")
        tdAttributes = slot("\(k).td_attributes")
        septVEDisable = slot("\(k).attributes.sept_ve_disable")
        pks = slot("\(k).attributes.pks")
        kl = slot("\(k).attributes.kl")
        perfmon = slot("\(k).attributes.perfmon")
        xfam = slot("\(k).xfam")
        mrTD = slot("\(k).mrtd")
        mrConfigID = slot("\(k).mrconfigid")
        mrOwner = slot("\(k).mrowner")
        mrOwnerConfig = slot("\(k).mrownerconfig")
        rtmr = slot("\(k).rtmr")
        mrServiceTD = slot("\(k).mrservicetd")
        debug = slot("\(k).attributes.debug")
        reportData = slot("\(k).report_data")
        qeSVN = slot("\(k).quote.qe_svn")
        pceSVN = slot("\(k).quote.pce_svn")
        cpuSVN = slot("\(k).cpusvn")
        miscSelect = slot("\(k).miscselect")
        isvExtProdID = slot("\(k).isvextprodid")
        attributes = slot("\(k).attributes")
        mode64Bit = slot("\(k).attributes.mode64bit")
        mrEnclave = slot("\(k).mrenclave")
        mrSigner = slot("\(k).mrsigner")
        configID = slot("\(k).configid")
        isvProdID = slot("\(k).isvprodid")
        isvSVN = slot("\(k).isvsvn")
        configSVN = slot("\(k).configsvn")
        isvFamilyID = slot("\(k).isvfamilyid")
        qeCPUSVN = slot("\(k).qe.cpusvn")
        qeMiscSelect = slot("\(k).qe.miscselect")
        qeAttributes = slot("\(k).qe.attributes")
        qeMREnclave = slot("\(k).qe.mrenclave")
        qeMRSigner = slot("\(k).qe.mrsigner")
        qeISVProdID = slot("\(k).qe.isvprodid")
        qeISVSVN = slot("\(k).qe.isvsvn")
        qeReportData = slot("\(k).qe.report_data")
        qeAuthData = slot("\(k).qe.auth_data")
        certificationDataType = slot("\(k).pck.certification_data_type")
        ppid = slot("\(k).pck.ppid")
        fmspc = slot("\(k).pck.fmspc")
        pceID = slot("\(k).pck.pceid")
        pckPCESVN = slot("\(k).pck.pcesvn")
        pckCPUSVN = slot("\(k).pck.cpusvn")
        sgxTCBComponents = slot("\(k).pck.sgx_tcb_components")
        sgxType = slot("\(k).pck.sgx_type")
        pckCA = slot("\(k).pck.ca")
        platformInstanceID = slot("\(k).pck.platform_instance_id")
        dynamicPlatform = slot("\(k).pck.dynamic_platform")
        cachedKeys = slot("\(k).pck.cached_keys")
        smtEnabled = slot("\(k).pck.smt_enabled")
        verified = slot("\(k).verified")
    }
}
