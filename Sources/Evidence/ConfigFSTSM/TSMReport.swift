/// A Linux configfs-tsm report (`/sys/kernel/config/tsm/report/$name`, Linux 6.7+,
/// Documentation/ABI/testing/configfs-tsm) carried as one JSON object, the form Veraison's
/// `application/vnd.veraison.configfs-tsm+json` and systemd use:
///
/// ```json
/// {"provider": "sev_guest", "outblob": "<base64 report>", "auxblob": "<base64 certificate table>"}
/// ```
///
/// For the `sev_guest` provider, `outblob` is the 1184-byte ATTESTATION_REPORT and `auxblob`
/// (optional, possibly empty) the GHCB certificate table of the extended report. Other
/// providers (`tdx_guest`) are recognized and reported as not supported. Members other than
/// `provider`, `outblob`, `auxblob`, `manifestblob` and `generation` are an error: an unknown
/// member could carry meaning this build would ignore.
public struct TSMReport: Sendable {
    public static let structure = "configfs-tsm report JSON"
    static let knownMembers: Set<String> = ["provider", "outblob", "auxblob", "manifestblob", "generation"]

    /// The provider name without its trailing newline (configfs appends one).
    public let provider: String
    /// The decoded outblob.
    public let outblob: [UInt8]
    /// The decoded auxblob (empty when absent).
    public let auxblob: [UInt8]

    /// Whether `json` is an object with an `outblob` member (content detection).
    public static func matches(_ json: JSONValue) -> Bool { json["outblob"] != nil }

    /// Reads the members of a configfs-tsm JSON object.
    ///
    /// - Throws: `.invalidValue` for a missing or non-string member, bad base64 or an unknown
    ///   member; `.unsupportedFeature` for a provider other than `sev_guest`.
    public init(json: JSONValue) throws(EvidenceError) {
        func fail(_ code: EvidenceError.Code, _ field: String, _ detail: String) -> EvidenceError {
            EvidenceError(code, structure: Self.structure, field: field, offset: 0, detail: detail)
        }
        guard case .object(let members) = json else {
            throw fail(.invalidValue, "JSON", "a configfs-tsm report is a JSON object")
        }
        if let unknown = members.first(where: { !Self.knownMembers.contains($0.0) }) {
            throw fail(.invalidValue, unknown.0, "unknown member \"\(unknown.0)\"")
        }
        guard let rawProvider = json["provider"]?.string else {
            throw fail(.invalidValue, "provider", "\"provider\" must be a string")
        }
        provider = String(rawProvider.reversed().drop { $0 == "\n" }.reversed())
        guard provider == "sev_guest" else {
            throw fail(
                .unsupportedFeature, "provider",
                "configfs-tsm provider \"\(provider)\" is not supported (only sev_guest: SEV-SNP)")
        }
        guard let outblobText = json["outblob"]?.string, let outblob = Base64.decode(outblobText) else {
            throw fail(.invalidValue, "outblob", "\"outblob\" must be a base64 string")
        }
        self.outblob = outblob
        if let aux = json["auxblob"] {
            guard let text = aux.string, let decoded = Base64.decode(text) else {
                throw fail(.invalidValue, "auxblob", "\"auxblob\" must be a base64 string")
            }
            auxblob = decoded
        } else {
            auxblob = []
        }
    }
}
