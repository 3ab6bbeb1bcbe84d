import Evidence

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
        var reader = ByteReader(bytes, structure: Self.structure)
        guard let object = try? JSONValue(parsing: &reader), case .object = object else {
            throw EvidenceError(
                .invalidValue, structure: Self.structure, field: "JSON", offset: 0, detail: "not a JSON object")
        }
        hclReport = try Self.bytes(object["hcl_report"], field: "hcl_report")
        tdQuote = try Self.bytes(object["td_quote"], field: "td_quote")
    }

    /// The bytes of a member: an array of integers 0…255 (version 0) or a base64url string,
    /// padded or not (version 1).
    static func bytes(_ value: JSONValue?, field: String) throws(EvidenceError) -> [UInt8] {
        switch value {
        case .array?:
            guard let bytes = value?.byteArray else {
                throw EvidenceError(
                    .invalidValue, structure: structure, field: field, offset: 0,
                    detail: "an element is not a byte (0…255)")
            }
            return bytes
        case .string(let text)?:
            guard let bytes = Base64.decode(text) else {
                throw EvidenceError(
                    .invalidValue, structure: structure, field: field, offset: 0, detail: "not base64url")
            }
            return bytes
        default:
            throw EvidenceError(
                .invalidValue, structure: structure, field: field, offset: 0,
                detail: "missing, or neither an array of bytes nor a base64url string")
        }
    }
}
