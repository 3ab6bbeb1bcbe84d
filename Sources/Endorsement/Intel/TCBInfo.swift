import Evidence
import Foundation

/// Intel TCB info (PCS API v4 `GET /sgx|tdx/certification/v4/tcb`, the `tcbInfo` object, version
/// 3 for TDX and 2/3 for SGX): the TCB levels of one platform family (FMSPC), each with its
/// status, date and advisories, and for TDX the TDX module identities.
///
/// Decoded from the exact bytes whose signature was (or will be) checked. TCB levels are put in
/// the canonical order Intel's QVL uses (SGX components descending, then PCESVN, then for TDX
/// the TDX components) so that "first match wins" does not depend on the JSON's order.
public struct TCBInfo: Sendable {
    /// One `tcbLevels` entry.
    public struct TCBLevel: Sendable, Hashable {
        /// `sgxtcbcomponents[i].svn`, 16 entries.
        public let sgxComponents: [Int]
        public let pceSVN: Int
        /// `tdxtcbcomponents[i].svn`, 16 entries (TDX TCB info only).
        public let tdxComponents: [Int]?
        public let tcbDate: Timestamp
        public let status: TCBStatus
        public let advisoryIDs: [String]
    }

    /// `tdxModule` / a `tdxModuleIdentities` entry: who may sign the TDX module and its
    /// SEAM attributes.
    public struct TDXModule: Sendable, Hashable {
        public let mrSigner: [UInt8]
        public let attributes: [UInt8]
        public let attributesMask: [UInt8]
    }

    /// A `tdxModuleIdentities` entry (TDX 1.5): module identity `TDX_<major version>` with TCB
    /// levels by module ISVSVN.
    public struct TDXModuleIdentity: Sendable, Hashable {
        public let id: String
        public let module: TDXModule
        /// Descending by ISVSVN.
        public let tcbLevels: [ModuleTCBLevel]
    }

    /// A TCB level of a TDX module identity (also the shape of QE identity TCB levels).
    public struct ModuleTCBLevel: Sendable, Hashable {
        public let isvSVN: Int
        public let tcbDate: Timestamp
        public let status: TCBStatus
        public let advisoryIDs: [String]
    }

    /// `"TDX"` or `"SGX"`.
    public let id: String
    public let version: Int
    public let issueDate: Timestamp
    public let nextUpdate: Timestamp
    public let fmspc: [UInt8]
    public let pceID: [UInt8]
    public let tcbType: Int
    public let tcbEvaluationDataNumber: Int
    public let tdxModule: TDXModule?
    public let tdxModuleIdentities: [TDXModuleIdentity]
    /// In canonical order (see the type's documentation).
    public let tcbLevels: [TCBLevel]

    /// Decodes the `tcbInfo` object.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` (step `"TCB info"`) when a field is
    ///   missing, has the wrong type or length, or a status is not one of Intel's seven.
    public init(json: ArraySlice<UInt8>) throws(EndorsementError) {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(json))
        } catch {
            throw Self.malformed("the tcbInfo object does not decode: \(error)")
        }
        id = wire.id
        version = wire.version
        issueDate = try Self.time(wire.issueDate, "issueDate")
        nextUpdate = try Self.time(wire.nextUpdate, "nextUpdate")
        fmspc = try Self.hex(wire.fmspc, count: 6, "fmspc")
        pceID = try Self.hex(wire.pceId, count: 2, "pceId")
        tcbType = wire.tcbType ?? 0
        tcbEvaluationDataNumber = wire.tcbEvaluationDataNumber
        tdxModule = try wire.tdxModule.map { (module) throws(EndorsementError) in try Self.module(module) }
        var identities: [TDXModuleIdentity] = []
        for identity in wire.tdxModuleIdentities ?? [] {
            var levels: [ModuleTCBLevel] = []
            for level in identity.tcbLevels {
                levels.append(try Self.moduleLevel(level))
            }
            identities.append(
                TDXModuleIdentity(
                    id: identity.id,
                    module: try Self.module(
                        WireModule(
                            mrsigner: identity.mrsigner, attributes: identity.attributes,
                            attributesMask: identity.attributesMask)),
                    tcbLevels: levels.sorted { $0.isvSVN > $1.isvSVN }))
        }
        tdxModuleIdentities = identities
        var levels: [TCBLevel] = []
        for level in wire.tcbLevels {
            let sgx = level.tcb.sgxtcbcomponents.map(\.svn)
            guard sgx.count == 16 else { throw Self.malformed("a TCB level has \(sgx.count) SGX components, not 16") }
            let tdx = level.tcb.tdxtcbcomponents?.map(\.svn)
            if let tdx, tdx.count != 16 {
                throw Self.malformed("a TCB level has \(tdx.count) TDX components, not 16")
            }
            levels.append(
                TCBLevel(
                    sgxComponents: sgx, pceSVN: level.tcb.pcesvn, tdxComponents: tdx,
                    tcbDate: try Self.time(level.tcbDate, "tcbDate"), status: try Self.status(level.tcbStatus),
                    advisoryIDs: level.advisoryIDs ?? []))
        }
        let isTDX = wire.id == "TDX"
        tcbLevels = levels.sorted { a, b in
            if a.sgxComponents != b.sgxComponents { return b.sgxComponents.lexicographicallyPrecedes(a.sgxComponents) }
            if a.pceSVN != b.pceSVN { return a.pceSVN > b.pceSVN }
            if isTDX, let x = a.tdxComponents, let y = b.tdxComponents, x != y {
                return y.lexicographicallyPrecedes(x)
            }
            return false
        }
    }

    static func malformed(_ detail: String) -> EndorsementError {
        EndorsementError(.malformedInput, step: "TCB info", detail: detail)
    }

    static func time(_ text: String, _ field: String) throws(EndorsementError) -> Timestamp {
        guard let time = Timestamp(rfc3339: text) else {
            throw malformed("\(field) \"\(text)\" is not an RFC 3339 time")
        }
        return time
    }

    static func hex(_ text: String, count: Int, _ field: String) throws(EndorsementError) -> [UInt8] {
        guard let bytes = Hex.decode(text), bytes.count == count else {
            throw malformed("\(field) \"\(text)\" is not \(count) bytes of hex")
        }
        return bytes
    }

    static func status(_ text: String) throws(EndorsementError) -> TCBStatus {
        guard let status = TCBStatus(rawValue: text) else { throw malformed("unknown TCB status \"\(text)\"") }
        return status
    }

    static func module(_ wire: WireModule) throws(EndorsementError) -> TDXModule {
        TDXModule(
            mrSigner: try hex(wire.mrsigner, count: 48, "mrsigner"),
            attributes: try hex(wire.attributes, count: 8, "attributes"),
            attributesMask: try hex(wire.attributesMask, count: 8, "attributesMask"))
    }

    static func moduleLevel(_ wire: WireModuleLevel) throws(EndorsementError) -> ModuleTCBLevel {
        ModuleTCBLevel(
            isvSVN: wire.tcb.isvsvn, tcbDate: try time(wire.tcbDate, "tcbDate"), status: try status(wire.tcbStatus),
            advisoryIDs: wire.advisoryIDs ?? [])
    }

    // The JSON shape (Intel PCS API v4).
    struct Wire: Decodable {
        let id: String
        let version: Int
        let issueDate: String
        let nextUpdate: String
        let fmspc: String
        let pceId: String
        let tcbType: Int?
        let tcbEvaluationDataNumber: Int
        let tdxModule: WireModule?
        let tdxModuleIdentities: [WireIdentity]?
        let tcbLevels: [WireLevel]
    }
    struct WireModule: Decodable {
        let mrsigner: String
        let attributes: String
        let attributesMask: String
    }
    struct WireIdentity: Decodable {
        let id: String
        let mrsigner: String
        let attributes: String
        let attributesMask: String
        let tcbLevels: [WireModuleLevel]
    }
    struct WireModuleLevel: Decodable {
        struct TCB: Decodable { let isvsvn: Int }
        let tcb: TCB
        let tcbDate: String
        let tcbStatus: String
        let advisoryIDs: [String]?
    }
    struct WireLevel: Decodable {
        struct Component: Decodable { let svn: Int }
        struct TCB: Decodable {
            let sgxtcbcomponents: [Component]
            let pcesvn: Int
            let tdxtcbcomponents: [Component]?
        }
        let tcb: TCB
        let tcbDate: String
        let tcbStatus: String
        let advisoryIDs: [String]?
    }
}
