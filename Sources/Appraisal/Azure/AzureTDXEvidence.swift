import Evidence
import Foundation

/// Azure TDX confidential VM evidence as Trustee's `az-tdx-vtpm` attester sends it: a JSON object
/// with the HCL report (`hcl_report`), the TD quote (`td_quote`) and the vTPM quote
/// (`tpm_quote`). Version 0 writes byte strings as arrays of integers; version 1
/// (`"version": 1`) as base64url strings (trustee `deps/verifier/src/az_tdx_vtpm`).
///
/// Only the two byte strings this verifier uses are extracted; the vTPM quote is left to the TPM
/// verifier.
public struct AzureTDXEvidence: Sendable {
    public let hclReport: [UInt8]
    public let tdQuote: [UInt8]

    static let structure = "Azure TDX vTPM evidence"

    /// Extracts the HCL report and TD quote.
    ///
    /// - Throws: `EvidenceError` `.invalidValue` when the JSON does not decode or a member is not
    ///   an array of bytes or a base64url string.
    public init(json bytes: [UInt8]) throws(EvidenceError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw EvidenceError(
                .invalidValue, structure: Self.structure, field: "JSON", offset: 0, detail: "not a JSON object")
        }
        hclReport = try Self.bytes(object["hcl_report"], field: "hcl_report")
        tdQuote = try Self.bytes(object["td_quote"], field: "td_quote")
    }

    static func bytes(_ value: Any?, field: String) throws(EvidenceError) -> [UInt8] {
        if let numbers = value as? [Any] {
            var out: [UInt8] = []
            out.reserveCapacity(numbers.count)
            for number in numbers {
                guard let int = number as? Int, let byte = UInt8(exactly: int) else {
                    throw EvidenceError(
                        .invalidValue, structure: structure, field: field, offset: 0,
                        detail: "an element is not a byte (0…255)")
                }
                out.append(byte)
            }
            return out
        }
        if let text = value as? String {
            var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 = base64.trimmingCharacters(in: CharacterSet(charactersIn: "="))
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            if let data = Data(base64Encoded: base64) { return Array(data) }
            throw EvidenceError(.invalidValue, structure: structure, field: field, offset: 0, detail: "not base64url")
        }
        throw EvidenceError(
            .invalidValue, structure: structure, field: field, offset: 0,
            detail: "missing, or neither an array of bytes nor a base64url string")
    }
}
