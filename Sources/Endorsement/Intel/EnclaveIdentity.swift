import Evidence
import Foundation

/// Intel's identity of a Quoting Enclave (PCS API v4 `GET /sgx|tdx/certification/v4/qe/identity`,
/// the `enclaveIdentity` object, version 2): who signs it, its product id, the MISCSELECT and
/// ATTRIBUTES it must have under masks, and its TCB levels by ISVSVN.
public struct EnclaveIdentity: Sendable {
    /// `"QE"` (SGX QE3), `"TD_QE"` (TDX QE) or `"QVE"`.
    public let id: String
    public let version: Int
    public let issueDate: Timestamp
    public let nextUpdate: Timestamp
    public let tcbEvaluationDataNumber: Int
    /// MISCSELECT as the 4 bytes stored in a report (hex in the JSON).
    public let miscSelect: [UInt8]
    public let miscSelectMask: [UInt8]
    public let attributes: [UInt8]
    public let attributesMask: [UInt8]
    public let mrSigner: [UInt8]
    public let isvProdID: Int
    /// Descending by ISVSVN.
    public let tcbLevels: [TCBInfo.ModuleTCBLevel]

    /// Decodes the `enclaveIdentity` object.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` (step `"QE identity"`).
    public init(json: ArraySlice<UInt8>) throws(EndorsementError) {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(json))
        } catch {
            throw Self.malformed("the enclaveIdentity object does not decode: \(error)")
        }
        id = wire.id
        version = wire.version
        issueDate = try Self.rethrow { () throws(EndorsementError) in try TCBInfo.time(wire.issueDate, "issueDate") }
        nextUpdate = try Self.rethrow { () throws(EndorsementError) in try TCBInfo.time(wire.nextUpdate, "nextUpdate") }
        tcbEvaluationDataNumber = wire.tcbEvaluationDataNumber
        miscSelect = try Self.rethrow { () throws(EndorsementError) in
            try TCBInfo.hex(wire.miscselect, count: 4, "miscselect")
        }
        miscSelectMask = try Self.rethrow { () throws(EndorsementError) in
            try TCBInfo.hex(wire.miscselectMask, count: 4, "miscselectMask")
        }
        attributes = try Self.rethrow { () throws(EndorsementError) in
            try TCBInfo.hex(wire.attributes, count: 16, "attributes")
        }
        attributesMask = try Self.rethrow { () throws(EndorsementError) in
            try TCBInfo.hex(wire.attributesMask, count: 16, "attributesMask")
        }
        mrSigner = try Self.rethrow { () throws(EndorsementError) in
            try TCBInfo.hex(wire.mrsigner, count: 32, "mrsigner")
        }
        isvProdID = wire.isvprodid
        var levels: [TCBInfo.ModuleTCBLevel] = []
        for level in wire.tcbLevels {
            levels.append(try Self.rethrow { () throws(EndorsementError) in try TCBInfo.moduleLevel(level) })
        }
        tcbLevels = levels.sorted { $0.isvSVN > $1.isvSVN }
    }

    /// Runs a TCB-info decoding helper, reporting its failure under this step's name.
    static func rethrow<T>(_ body: () throws(EndorsementError) -> T) throws(EndorsementError) -> T {
        do {
            return try body()
        } catch {
            throw malformed(error.detail)
        }
    }

    static func malformed(_ detail: String) -> EndorsementError {
        EndorsementError(.malformedInput, step: "QE identity", detail: detail)
    }

    /// Whether `bytes` equal `expected` under `mask` (byte-wise AND).
    static func masked(_ bytes: some Collection<UInt8>, equal expected: [UInt8], mask: [UInt8]) -> Bool {
        guard bytes.count == expected.count, mask.count == expected.count else { return false }
        return zip(zip(bytes, expected), mask).allSatisfy { pair, m in pair.0 & m == pair.1 & m }
    }

    struct Wire: Decodable {
        let id: String
        let version: Int
        let issueDate: String
        let nextUpdate: String
        let tcbEvaluationDataNumber: Int
        let miscselect: String
        let miscselectMask: String
        let attributes: String
        let attributesMask: String
        let mrsigner: String
        let isvprodid: Int
        let tcbLevels: [TCBInfo.WireModuleLevel]
    }
}
