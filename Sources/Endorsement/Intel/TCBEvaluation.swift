import Evidence

/// The TCB level matching of a DCAP quote against Intel collateral: which TCB info level the
/// platform reaches, which TDX module identity level the module reaches (TDX 1.5), which QE
/// identity level the QE reaches — and their merged status, date and advisories.
///
/// Algorithm (Intel PCS API v4 and Intel's QVL, as implemented by go-tdx-guest
/// `verify.go` and dcap-qvl `verify.rs`; formats-tdx-snp.md §1.8 items 6–7):
///
/// 1. Platform: the first TCB level (canonical order, ``TCBInfo/tcbLevels``) such that every
///    PCK SGX TCB component SVN ≥ the level's `sgxtcbcomponents`, the PCK PCESVN ≥ `pcesvn`,
///    and — TDX — every TEE_TCB_SVN byte ≥ `tdxtcbcomponents`; bytes 0 and 1 (module ISVSVN and
///    major version) are skipped when TEE_TCB_SVN[1] > 0, because the module identity judges
///    them (Intel QVL; go-tdx-guest `isTdxTcbSvnHigherOrEqual`; dcap-qvl compares all 16).
/// 2. TDX module: MRSIGNERSEAM must equal the module's `mrsigner` and SEAMATTRIBUTES under
///    `attributesMask` its `attributes` — of `tdxModule`, or, when TEE_TCB_SVN[1] > 0, of the
///    `tdxModuleIdentities` entry `TDX_%02X` (TEE_TCB_SVN[1], case-insensitive), whose first TCB
///    level with `isvsvn` ≤ TEE_TCB_SVN[0] gives the module status.
/// 3. QE: the first QE identity TCB level with `isvsvn` ≤ the QE report's ISVSVN.
/// 4. The status is the merge of the three (``TCBStatus/merged(with:)``); the date the earliest
///    matched `tcbDate`; the advisories those of the matched levels, deduplicated in order.
/// 5. TDX 1.5 (TEE_TCB_SVN2 present): Intel's QVL reports "TD relaunch advised" when the TD is
///    out of date only because of the TDX module it was launched with, and the module it runs on
///    now (TEE_TCB_SVN2, after a TD-preserving update) is the latest one
///    (`TDRelaunchCheck.cpp`: QE not out of date or revoked; SGX level UpToDate, SWHardening- or
///    ConfigurationNeeded; TDX level OutOfDate[ConfigurationNeeded]; module OutOfDate;
///    TEE_TCB_SVN2[0] ≥ the latest module ISVSVN — or, for module version 0, the latest level's
///    `tdxtcbcomponents[0]` — and TEE_TCB_SVN2[2] ≥ its `tdxtcbcomponents[2]`). The status stays
///    OutOfDate(ConfigurationNeeded) — the seven-status claim enum is fixed — and
///    ``relaunchAdvised`` says so.
public struct TCBEvaluation: Sendable, Hashable {
    public let status: TCBStatus
    public let platformStatus: TCBStatus
    public let moduleStatus: TCBStatus?
    public let qeStatus: TCBStatus
    public let tcbDate: Timestamp
    public let advisoryIDs: [String]
    public let evaluationDataNumber: Int
    /// The matched platform level.
    public let platformLevel: TCBInfo.TCBLevel
    /// TDX 1.5: relaunching the TD on the updated TDX module would bring it up to date (step 5).
    public let relaunchAdvised: Bool

    static let step = "TCB level"

    static func mismatch(_ detail: String) -> EndorsementError {
        EndorsementError(.tcbMismatch, step: step, detail: detail)
    }

    /// Matches the platform, module and QE.
    ///
    /// - Parameters:
    ///   - teeTCBSVN: the TD body's TEE_TCB_SVN (16 bytes), `nil` for an SGX quote.
    ///   - mrSignerSeam, seamAttributes: the TD body's fields, `nil` for SGX.
    /// - Throws: ``EndorsementError`` `.tcbMismatch` when no level matches (go-tdx-guest: "no
    ///   matching TCB level found") or the TDX module identity does not match;
    ///   `.collateralMismatch` when TDX TCB info lacks what a TDX quote needs.
    public static func evaluate(
        tcbInfo: TCBInfo, pck: PCKCertificateExtensions, teeTCBSVN: ArraySlice<UInt8>?,
        teeTCBSVN2: ArraySlice<UInt8>? = nil, mrSignerSeam: ArraySlice<UInt8>?, seamAttributes: ArraySlice<UInt8>?,
        qeIdentity: EnclaveIdentity, qeISVSVN: UInt16
    ) throws(EndorsementError) -> TCBEvaluation {
        let tee = teeTCBSVN.map(Array.init)
        if let tee, tee.count != 16 { throw mismatch("TEE_TCB_SVN has \(tee.count) bytes, not 16") }
        let platform = try platformLevel(tcbInfo: tcbInfo, pck: pck, teeTCBSVN: tee)
        var module: TCBInfo.ModuleTCBLevel?
        if let tee, let mrSignerSeam, let seamAttributes {
            module = try moduleLevel(
                tcbInfo: tcbInfo, teeTCBSVN: tee, mrSignerSeam: Array(mrSignerSeam),
                seamAttributes: Array(seamAttributes))
        }
        guard let qe = qeIdentity.tcbLevels.first(where: { $0.isvSVN <= Int(qeISVSVN) }) else {
            throw mismatch("no QE identity TCB level matches QE ISVSVN \(qeISVSVN)")
        }
        var status = platform.status
        var dates = [platform.tcbDate, qe.tcbDate]
        var advisories = platform.advisoryIDs
        if let module {
            status = status.merged(with: module.status)
            dates.append(module.tcbDate)
            advisories += module.advisoryIDs
        }
        let tdxStatus = status
        status = status.merged(with: qe.status)
        advisories += qe.advisoryIDs
        var relaunch = false
        if let svn2 = teeTCBSVN2.map(Array.init), svn2.count == 16, let module {
            relaunch = relaunchAdvised(
                tcbInfo: tcbInfo, pck: pck, teeTCBSVN2: svn2, tdxStatus: tdxStatus, moduleStatus: module.status,
                qeStatus: qe.status)
        }
        var unique: [String] = []
        for id in advisories where !unique.contains(id) { unique.append(id) }
        return TCBEvaluation(
            status: status, platformStatus: platform.status, moduleStatus: module?.status, qeStatus: qe.status,
            tcbDate: dates.min() ?? platform.tcbDate, advisoryIDs: unique,
            evaluationDataNumber: tcbInfo.tcbEvaluationDataNumber, platformLevel: platform,
            relaunchAdvised: relaunch)
    }

    /// Step 5 (Intel QVL `checkForRelaunch`).
    static func relaunchAdvised(
        tcbInfo: TCBInfo, pck: PCKCertificateExtensions, teeTCBSVN2 svn2: [UInt8], tdxStatus: TCBStatus,
        moduleStatus: TCBStatus, qeStatus: TCBStatus
    ) -> Bool {
        guard !qeStatus.isOutOfDate, qeStatus != .revoked, tdxStatus.isOutOfDate, moduleStatus == .outOfDate else {
            return false
        }
        // The SGX level: the first whose SGX components and PCESVN the platform reaches.
        guard
            let sgxLevel = tcbInfo.tcbLevels.first(where: { level in
                zip(pck.sgxTCBComponents, level.sgxComponents).allSatisfy { Int($0) >= $1 }
                    && Int(pck.pceSVN) >= level.pceSVN
            }), !sgxLevel.status.isOutOfDate, sgxLevel.status != .revoked,
            let latest = tcbInfo.tcbLevels.first, let latestTDX = latest.tdxComponents
        else { return false }
        guard Int(svn2[2]) >= latestTDX[2] else { return false }
        if svn2[1] == 0 { return Int(svn2[0]) >= latestTDX[0] }
        let hexVersion = String(svn2[1], radix: 16, uppercase: true)
        let wanted = "TDX_" + (hexVersion.count < 2 ? "0" : "") + hexVersion
        guard let identity = tcbInfo.tdxModuleIdentities.first(where: { $0.id.uppercased() == wanted }),
            let latestModule = identity.tcbLevels.first
        else { return false }
        return Int(svn2[0]) >= latestModule.isvSVN
    }

    static func platformLevel(tcbInfo: TCBInfo, pck: PCKCertificateExtensions, teeTCBSVN tee: [UInt8]?)
        throws(EndorsementError) -> TCBInfo.TCBLevel
    {
        let tdxStart = (tee?[1] ?? 0) > 0 ? 2 : 0
        for level in tcbInfo.tcbLevels {
            guard zip(pck.sgxTCBComponents, level.sgxComponents).allSatisfy({ Int($0) >= $1 }),
                Int(pck.pceSVN) >= level.pceSVN
            else { continue }
            if let tee {
                guard let required = level.tdxComponents else {
                    throw EndorsementError(
                        .collateralMismatch, step: step, detail: "the TCB info has a level without tdxtcbcomponents")
                }
                guard (tdxStart..<16).allSatisfy({ Int(tee[$0]) >= required[$0] }) else { continue }
            }
            return level
        }
        let svn = pck.sgxTCBComponents.map(String.init).joined(separator: ",")
        throw mismatch(
            "no matching TCB level found (SGX components [\(svn)], PCESVN \(pck.pceSVN)"
                + (tee.map { ", TEE_TCB_SVN \(Hex.encode($0))" } ?? "") + ")")
    }

    static func moduleLevel(
        tcbInfo: TCBInfo, teeTCBSVN tee: [UInt8], mrSignerSeam: [UInt8], seamAttributes: [UInt8]
    ) throws(EndorsementError) -> TCBInfo.ModuleTCBLevel? {
        guard let base = tcbInfo.tdxModule else {
            throw EndorsementError(.collateralMismatch, step: step, detail: "TDX TCB info without tdxModule")
        }
        var module = base
        var levels: [TCBInfo.ModuleTCBLevel]?
        if tee[1] > 0 {
            let hexVersion = String(tee[1], radix: 16, uppercase: true)
            let wanted = "TDX_" + (hexVersion.count < 2 ? "0" : "") + hexVersion
            guard let identity = tcbInfo.tdxModuleIdentities.first(where: { $0.id.uppercased() == wanted }) else {
                throw mismatch("the TCB info has no TDX module identity \(wanted) (TEE_TCB_SVN[1] = \(tee[1]))")
            }
            module = identity.module
            levels = identity.tcbLevels
        }
        guard mrSignerSeam == module.mrSigner else {
            throw mismatch(
                "MRSIGNERSEAM \(Hex.encode(mrSignerSeam)) is not the TDX module signer \(Hex.encode(module.mrSigner))")
        }
        guard EnclaveIdentity.masked(seamAttributes, equal: module.attributes, mask: module.attributesMask) else {
            throw mismatch(
                "SEAMATTRIBUTES \(Hex.encode(seamAttributes)) under mask \(Hex.encode(module.attributesMask)) are not \(Hex.encode(module.attributes))"
            )
        }
        guard let levels else { return nil }
        guard let level = levels.first(where: { $0.isvSVN <= Int(tee[0]) }) else {
            throw mismatch("no TDX module TCB level matches module ISVSVN \(tee[0])")
        }
        return level
    }
}
