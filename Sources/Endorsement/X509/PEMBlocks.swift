import Foundation

/// Finds `-----BEGIN <label>-----` … `-----END <label>-----` blocks (RFC 7468) in text that
/// may carry other bytes around them (comments, other blocks, a trailing NUL).
enum PEMBlocks {
    static func containsPEM(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 11 && String(decoding: bytes.prefix(4096), as: UTF8.self).contains("-----BEGIN ")
    }

    /// The DER bytes of every block with `label`, in order.
    static func blocks(in bytes: [UInt8], label: String) throws(EndorsementError) -> [[UInt8]] {
        let text = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        var result: [[UInt8]] = []
        var searchStart = text.startIndex
        while let beginRange = text.range(of: begin, range: searchStart..<text.endIndex) {
            guard let endRange = text.range(of: end, range: beginRange.upperBound..<text.endIndex) else {
                throw EndorsementError(.malformedInput, step: "PEM", detail: "\(begin) without \(end)")
            }
            let body = text[beginRange.upperBound..<endRange.lowerBound].filter { !$0.isWhitespace }
            guard let der = Data(base64Encoded: String(body)) else {
                throw EndorsementError(.malformedInput, step: "PEM", detail: "a \(label) block is not base64")
            }
            result.append(Array(der))
            searchStart = endRange.upperBound
        }
        return result
    }
}
