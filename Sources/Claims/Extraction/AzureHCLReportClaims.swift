import Endorsement
import Evidence

extension ClaimSet {
    /// Adds the claims of an Azure HCL report carrying a TD report: the TD fields (same paths as
    /// a quote's body: `tdx.mrtd`, `tdx.rtmr`, …), the runtime data (`tdx.azure.runtime_data`,
    /// `tdx.azure.user_data`) and `tdx.azure.runtime_data_bound` — whether SHA-256 of the runtime
    /// data is REPORTDATA[0:32] of the TD report (and of `quoteReportData`, the verified quote's
    /// REPORTDATA, when given) with REPORTDATA[32:64] zero.
    ///
    /// A TD report's MAC cannot be checked off the platform, so these claims are only as good as
    /// the TD quote over the same REPORTDATA; `tdx.verified` stays false unless that quote is
    /// verified.
    ///
    /// - Returns: whether the runtime data is bound (the value of `tdx.azure.runtime_data_bound`).
    /// - Throws: ``ClaimError`` only if the schema and this extractor disagree.
    @discardableResult
    public mutating func add(hclReport: HCLReport, quoteReportData: ArraySlice<UInt8>? = nil) throws(ClaimError)
        -> Bool
    {
        if let td = hclReport.tdReport, quoteReportData == nil {
            try set("tdx.tee_tcb_svn", .svn(ClaimSVN(bytes: td.teeTCBSVN)))
            try set("tdx.mrseam", .bytes(ClaimBytes(td.mrSeam)))
            try set("tdx.mrsignerseam", .bytes(ClaimBytes(td.mrSignerSeam)))
            try set("tdx.seam_attributes", .bytes(ClaimBytes(td.seamAttributes)))
            try set("tdx.td_attributes", .bytes(ClaimBytes(td.tdAttributesBytes)))
            try set("tdx.attributes.debug", .bool(td.tdAttributes.debug))
            try set("tdx.attributes.sept_ve_disable", .bool(td.tdAttributes.septVEDisable))
            try set("tdx.attributes.pks", .bool(td.tdAttributes.protectionKeys))
            try set("tdx.attributes.kl", .bool(td.tdAttributes.keyLocker))
            try set("tdx.attributes.perfmon", .bool(td.tdAttributes.perfmon))
            try set("tdx.xfam", .bytes(ClaimBytes(td.xfam)))
            try set("tdx.mrtd", .bytes(ClaimBytes(td.mrTD)))
            try set("tdx.mrconfigid", .bytes(ClaimBytes(td.mrConfigID)))
            try set("tdx.mrowner", .bytes(ClaimBytes(td.mrOwner)))
            try set("tdx.mrownerconfig", .bytes(ClaimBytes(td.mrOwnerConfig)))
            try set("tdx.rtmr", .array((0..<4).map { .bytes(ClaimBytes(td.rtmr($0))) }))
            try set("tdx.report_data", .bytes(ClaimBytes(td.reportData)))
            try set("tdx.verified", .bool(false))
        }
        try set("tdx.azure.runtime_data", .bytes(ClaimBytes(hclReport.runtimeData)))
        if let userData = Self.azureUserData(hclReport.runtimeData) {
            try set("tdx.azure.user_data", .bytes(ClaimBytes(userData)))
        }
        let bound = Self.runtimeDataIsBound(hclReport, quoteReportData: quoteReportData)
        try set("tdx.azure.runtime_data_bound", .bool(bound))
        return bound
    }

    /// Whether the HCL runtime data's hash (the stated hash type) is REPORTDATA[0:n] of the TD
    /// report — and of `quoteReportData` when given — and the rest of REPORTDATA is zero.
    static func runtimeDataIsBound(_ report: HCLReport, quoteReportData: ArraySlice<UInt8>?) -> Bool {
        guard let td = report.tdReport else { return false }
        let binding = HCLRuntimeDataBinding(report)
        guard binding.binds(td.reportData, rest: .zero) else { return false }
        return quoteReportData.map { binding.binds($0, rest: .zero) } ?? true
    }

    /// The hex `user-data` member of the runtime claims JSON, decoded.
    static func azureUserData(_ runtimeData: ArraySlice<UInt8>) -> [UInt8]? {
        var reader = ByteReader(Array(runtimeData), structure: HCLReport.structure)
        guard let text = (try? JSONValue(parsing: &reader))?["user-data"]?.string else { return nil }
        return Hex.decode(text)
    }
}
