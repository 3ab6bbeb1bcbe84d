import Claims
import Testing

@Suite("ClaimTime")
struct ClaimTimeTests {
    // Pairs asserted by dcap-qvl's tests (MANIFEST.md: "@ 1752919277 (2025-07-19T10:01:17Z)", …)
    // and well-known epochs.
    static let known: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (1_752_919_277, "2025-07-19T10:01:17Z"),
        (1_752_919_234, "2025-07-19T10:00:34Z"),
        (1_774_003_274, "2026-03-20T10:41:14Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ]

    @Test(arguments: known.indices)
    func formatsAndParsesRFC3339(index: Int) {
        let (seconds, text) = Self.known[index]
        #expect(ClaimTime(secondsSinceEpoch: seconds).rfc3339 == text)
        #expect(ClaimTime(rfc3339: text)?.secondsSinceEpoch == seconds)
    }

    @Test func acceptsOffsetsAndFractions() {
        #expect(ClaimTime(rfc3339: "2025-07-19T12:01:17.999+02:00")?.secondsSinceEpoch == 1_752_919_277)
        #expect(ClaimTime(rfc3339: "2025-07-19t10:01:17z")?.secondsSinceEpoch == 1_752_919_277)
    }

    @Test(arguments: [
        "", "2025-07-19", "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-07-19T24:00:00Z",
        "2025-07-19T10:01:17", "2025-07-19T10:01:17+0200", "2025-07-19T10:01:17Zjunk", "2025-07-19T10:01:17.Z",
    ])
    func rejectsMalformedTimes(text: String) {
        #expect(ClaimTime(rfc3339: text) == nil)
    }
}
