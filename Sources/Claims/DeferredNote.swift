import Evidence

/// A note about the evidence rendered only when read (``ClaimSet/notes``), so that extraction
/// does not build sentences nobody may print.
struct DeferredNote: Sendable {
    enum Subject: Sendable {
        /// Bytes after a DCAP quote's signature data (Intel TDX DCAP Quoting Library API,
        /// A.4: the quote ends with its signature data; the rest is the caller's buffer).
        case quoteTrailingBytes(ArraySlice<UInt8>)
        /// SEV-SNP PLATFORM_INFO bits this build has no name for (SEV-SNP ABI spec #56860,
        /// Table 23: AMD names new bits with new firmware; Turin sets bit 6).
        case platformInfoUnnamedBits(UInt64)
    }

    let subject: Subject
    /// Its place among the notes written as text.
    let position: Int

    var text: String {
        switch subject {
        case .quoteTrailingBytes(let bytes): return DCAPQuote.trailingBytesNote(bytes)
        case .platformInfoUnnamedBits(let bits):
            return "PLATFORM_INFO has bits without a name in this build: 0x\(String(bits, radix: 16))"
        }
    }
}

extension ClaimSet {
    /// Adds a note that is rendered when ``notes`` is read, in the place it would have had as
    /// text (a note deferred earlier is written out first: one is kept deferred).
    mutating func addDeferredNote(_ subject: DeferredNote.Subject) {
        if let earlier = deferredNote {
            writtenNotes.insert(earlier.text, at: min(earlier.position, writtenNotes.count))
        }
        deferredNote = DeferredNote(subject: subject, position: writtenNotes.count)
    }
}
