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
        let header = quote.header
        try set(s.version, .int(Int64(header.version)))
        try set(s.attKeyType, .int(Int64(header.attestationKeyType)))
        try set(s.teeType, .int(Int64(header.teeType)))
        try set(s.qeVendorID, .bytes(ClaimBytes(header.qeVendorID)))
        try set(s.userData, .bytes(ClaimBytes(header.userData)))
        try set(s.attestationKey, .bytes(ClaimBytes(quote.signatureData.attestationKey)))
        switch quote.body {
        case .td(let body):
            try add(tdBody: body, slots: s)
        case .sgxEnclave(let report):
            try add(enclaveReport: report, header: header, slots: s)
        }
        let qe = quote.signatureData.qeReportCertificationData
        let report = qe.qeReport
        try set(s.qeCPUSVN, .bytes(ClaimBytes(report.cpuSVN)))
        try set(s.qeMiscSelect, .int(Int64(report.miscSelect)))
        try set(s.qeAttributes, .bytes(ClaimBytes(report.attributes)))
        try set(s.qeMREnclave, .bytes(ClaimBytes(report.mrEnclave)))
        try set(s.qeMRSigner, .bytes(ClaimBytes(report.mrSigner)))
        try set(s.qeISVProdID, .int(Int64(report.isvProdID)))
        try set(s.qeISVSVN, .int(Int64(report.isvSVN)))
        try set(s.qeReportData, .bytes(ClaimBytes(report.reportData)))
        try set(s.qeAuthData, .bytes(ClaimBytes(qe.qeAuthenticationData)))
        try set(s.certificationDataType, .int(Int64(qe.certificationData.type.rawValue)))
        if qe.certificationData.type == .pckCertChain {
            do {
                try add(pckChain: try PCKCertificateChain.cached(encoded: qe.certificationData.data), slots: s)
            } catch let error as EndorsementError {
                notes.append("the PCK certificate chain was not decoded: \(error)")
            } catch let error as ClaimError {
                throw error
            } catch {
                notes.append("the PCK certificate chain was not decoded: \(error)")
            }
        }
        try set(s.verified, .bool(false))
        if quote.trailingByteCount > 0 {
            if let earlier = deferredNote {
                writtenNotes.insert(earlier.text, at: min(earlier.position, writtenNotes.count))
            }
            deferredNote = DeferredNote(subject: .quoteTrailingBytes(quote.trailingBytes), position: writtenNotes.count)
        }
    }

    mutating func add(tdBody body: TDQuoteBody, slots s: DCAPClaimSlots) throws(ClaimError) {
        try set(s.bodyType, .int(Int64(body.type.rawValue)))
        try set(s.teeTCBSVN, .svn(ClaimSVN(bytes: body.teeTCBSVN)))
        try set(s.mrSeam, .bytes(ClaimBytes(body.mrSeam)))
        try set(s.mrSignerSeam, .bytes(ClaimBytes(body.mrSignerSeam)))
        try set(s.seamAttributes, .bytes(ClaimBytes(body.seamAttributes)))
        try set(s.tdAttributes, .bytes(ClaimBytes(body.tdAttributesBytes)))
        let attributes = body.tdAttributes
        try set(s.debug, .bool(attributes.debug))
        try set(s.septVEDisable, .bool(attributes.septVEDisable))
        try set(s.pks, .bool(attributes.protectionKeys))
        try set(s.kl, .bool(attributes.keyLocker))
        try set(s.perfmon, .bool(attributes.perfmon))
        try set(s.xfam, .bytes(ClaimBytes(body.xfam)))
        try set(s.mrTD, .bytes(ClaimBytes(body.mrTD)))
        try set(s.mrConfigID, .bytes(ClaimBytes(body.mrConfigID)))
        try set(s.mrOwner, .bytes(ClaimBytes(body.mrOwner)))
        try set(s.mrOwnerConfig, .bytes(ClaimBytes(body.mrOwnerConfig)))
        try set(s.rtmr, .array((0..<4).map { .bytes(ClaimBytes(body.rtmr($0))) }))
        try set(s.reportData, .bytes(ClaimBytes(body.reportData)))
        if let svn2 = body.teeTCBSVN2 { try set(s.teeTCBSVN2, .svn(ClaimSVN(bytes: svn2))) }
        if let service = body.mrServiceTD { try set(s.mrServiceTD, .bytes(ClaimBytes(service))) }
    }

    mutating func add(enclaveReport report: SGXReportBody, header: QuoteHeader, slots s: DCAPClaimSlots)
        throws(ClaimError)
    {
        try set(s.qeSVN, .int(Int64(header.qeSVN)))
        try set(s.pceSVN, .int(Int64(header.pceSVN)))
        try set(s.cpuSVN, .bytes(ClaimBytes(report.cpuSVN)))
        try set(s.miscSelect, .int(Int64(report.miscSelect)))
        try set(s.isvExtProdID, .bytes(ClaimBytes(report.isvExtProdID)))
        try set(s.attributes, .bytes(ClaimBytes(report.attributes)))
        try set(s.debug, .bool(report.isDebug))
        try set(s.mode64Bit, .bool(report.attributeFlags & SGXReportBody.attributeMode64Bit != 0))
        try set(s.mrEnclave, .bytes(ClaimBytes(report.mrEnclave)))
        try set(s.mrSigner, .bytes(ClaimBytes(report.mrSigner)))
        try set(s.configID, .bytes(ClaimBytes(report.configID)))
        try set(s.isvProdID, .int(Int64(report.isvProdID)))
        try set(s.isvSVN, .int(Int64(report.isvSVN)))
        try set(s.configSVN, .int(Int64(report.configSVN)))
        try set(s.isvFamilyID, .bytes(ClaimBytes(report.isvFamilyID)))
        try set(s.reportData, .bytes(ClaimBytes(report.reportData)))
    }

    mutating func add(pckChain chain: PCKCertificateChain, slots s: DCAPClaimSlots) throws(ClaimError) {
        let e = chain.extensions
        try set(s.ppid, .bytes(ClaimBytes(e.ppid)))
        try set(s.fmspc, .bytes(ClaimBytes(e.fmspc)))
        try set(s.pceID, .bytes(ClaimBytes(e.pceID)))
        try set(s.pckPCESVN, .int(Int64(e.pceSVN)))
        try set(s.pckCPUSVN, .bytes(ClaimBytes(e.cpuSVN)))
        try set(s.sgxTCBComponents, .svn(ClaimSVN(bytes: e.sgxTCBComponents)))
        if let type = ClaimEnum.sgxType.index(of: e.sgxType.name) { try set(s.sgxType, .enumeration(type)) }
        if let ca = chain.issuingCA, let index = ClaimEnum.pckCA.index(of: ca.rawValue) {
            try set(s.pckCA, .enumeration(index))
        }
        if let piid = e.platformInstanceID { try set(s.platformInstanceID, .bytes(ClaimBytes(piid))) }
        if let configuration = e.configuration {
            if let value = configuration.dynamicPlatform { try set(s.dynamicPlatform, .bool(value)) }
            if let value = configuration.cachedKeys { try set(s.cachedKeys, .bool(value)) }
            if let value = configuration.smtEnabled { try set(s.smtEnabled, .bool(value)) }
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

    init(schema: ClaimSchema) {
        let k = schema.kind
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
