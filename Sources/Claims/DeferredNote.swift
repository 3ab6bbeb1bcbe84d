import Evidence

/// A note about the evidence rendered only when read (``ClaimSet/notes``), so that extraction
/// does not build sentences nobody may print.
struct DeferredNote: Sendable {
    enum Subject: Sendable {
        /// Bytes after a DCAP quote's signature data (Intel TDX DCAP Quoting Library API,
        /// A.4: the quote ends with its signature data; the rest is the caller's buffer).
        case quoteTrailingBytes(ArraySlice<UInt8>)
    }

    let subject: Subject
    /// Its place among the notes written as text.
    let position: Int

    var text: String {
        switch subject {
        case .quoteTrailingBytes(let bytes): return DCAPQuote.trailingBytesNote(bytes)
        }
    }
}
