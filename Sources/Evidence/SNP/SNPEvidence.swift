/// An SEV-SNP report together with whatever came around it: the certificate table of an
/// extended report or configfs-tsm `auxblob`, the Azure HCL runtime data, or Trustee's
/// certificate chain. What the decoder turns into claims and the verifier checks.
public struct SNPEvidence: Sendable {
    /// How the report arrived.
    public enum Container: String, Hashable, Sendable, CaseIterable {
        /// A bare 1184-byte ATTESTATION_REPORT.
        case report
        /// The report followed by its certificate table (SNP_GET_EXT_REPORT output).
        case extendedReport = "extended_report"
        /// configfs-tsm JSON: outblob (report) and auxblob (certificate table).
        case configFSTSM = "configfs_tsm"
        /// Azure HCL report (vTPM NV index) wrapping the report and the paravisor's runtime data.
        case azureHCL = "azure_hcl"
        /// Trustee's SNP evidence JSON (report fields and certificate chain).
        case trusteeEvidence = "trustee_evidence"
    }

    public let container: Container
    public let report: SNPReport
    /// Certificates (and CRLs) carried with the report; empty when none.
    public let certificates: SNPCertificateTable
    /// The Azure HCL wrapper, when ``container`` is `.azureHCL`.
    public var hcl: HCLReport? { hclBox?.report }
    /// The HCL report, boxed: it holds a second report and a TD report, so inline it would make
    /// every `SNPEvidence` several times larger to copy (perf, SNPBenchmarks: the copies were a
    /// tenth of parse + claims) for a container most evidence does not use.
    let hclBox: HCLReportBox?

    /// Parses `bytes` as the SEV-SNP evidence `kind` (from ``EvidenceKind/detect(_:)``).
    ///
    /// - Parameter generation: the CPU generation for a version 2 report (`--product`).
    /// - Throws: `EvidenceError` from the container or the report; `.unknownFormat` if `kind` is
    ///   not an SEV-SNP kind.
    public init(_ bytes: [UInt8], kind: EvidenceKind, generation: SNPGeneration? = nil) throws(EvidenceError) {
        switch kind {
        case .snpReport:
            container = .report
            report = try SNPReport(bytes, generation: generation)
            certificates = SNPCertificateTable(entries: [])
            hclBox = nil
        case .snpExtendedReport:
            container = .extendedReport
            var reader = ByteReader(bytes, structure: SNPReport.structure)
            report = try SNPReport(parsing: &reader, generation: generation)
            guard reader.remaining >= SNPCertificateTable.entrySize else {
                throw reader.error(
                    .truncated, "certificate table", "an extended report's table holds at least its terminating entry")
            }
            var table = try reader.subReader(reader.remaining, structure: SNPCertificateTable.structure, "table")
            certificates = try SNPCertificateTable(parsing: &table)
            hclBox = nil
        case .azureHCLReport:
            container = .azureHCL
            let wrapper = try HCLReport(bytes, generation: generation)
            guard let wrapped = wrapper.report else {
                throw EvidenceError(
                    .invalidValue, structure: HCLReport.structure, field: "report type", offset: 0x4C8,
                    detail: "this HCL report wraps a TDX TD report, not an SEV-SNP report")
            }
            report = wrapped
            certificates = SNPCertificateTable(entries: [])
            hclBox = HCLReportBox(wrapper)
        case .configFSTSMReport:
            container = .configFSTSM
            var reader = ByteReader(bytes, structure: TSMReport.structure)
            let tsm = try TSMReport(json: try JSONValue(parsing: &reader))
            report = try SNPReport(tsm.outblob, generation: generation)
            var table = ByteReader(tsm.auxblob, structure: SNPCertificateTable.structure)
            certificates = try SNPCertificateTable(parsing: &table)
            hclBox = nil
        case .snpTrusteeEvidence:
            container = .trusteeEvidence
            var reader = ByteReader(bytes, structure: TrusteeSNPEvidence.structure)
            let evidence = try TrusteeSNPEvidence(json: try JSONValue(parsing: &reader))
            report = try SNPReport(evidence.reportBytes, generation: generation)
            certificates = evidence.certificates
            hclBox = nil
        case .tdxQuote, .sgxQuote, .azureTDXHCLReport, .azureTDXEvidence, .tcgEventLog, .ccelLog, .ccelACPITable,
            .celTLV,
            .tpmQuote:
            throw EvidenceError(
                .unknownFormat, structure: "SEV-SNP evidence", field: "kind", offset: 0,
                detail: "\(kind.displayName) is not SEV-SNP evidence")
        }
    }

    /// The same evidence with the report parsed again for `generation` (a version 2 report
    /// whose generation became known from its VCEK).
    ///
    /// - Throws: `.reservedNotZero` when a TCB value does not fit that generation's layout.
    public func with(generation: SNPGeneration) throws(EvidenceError) -> SNPEvidence {
        SNPEvidence(
            container: container, report: try report.with(generation: generation), certificates: certificates,
            hclBox: hclBox)
    }

    /// Evidence with the HCL report already boxed (shared, not boxed again).
    init(container: Container, report: SNPReport, certificates: SNPCertificateTable, hclBox: HCLReportBox?) {
        self.container = container
        self.report = report
        self.certificates = certificates
        self.hclBox = hclBox
    }
}

/// An ``HCLReport`` on the heap, shared by copies of the ``SNPEvidence`` that holds it.
final class HCLReportBox: Sendable {
    let report: HCLReport

    init(_ report: HCLReport) { self.report = report }
}
