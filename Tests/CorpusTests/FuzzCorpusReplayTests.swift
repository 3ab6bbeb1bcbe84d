import Appraisal
import Evidence
import Foundation
import TestSupport
import Testing

/// Replays every file in `Corpus/fuzz/evidence/` (seeds and every crash ever found) through
/// the evidence decoder. Each must end in claims or a typed error; a trap fails the whole run.
@Suite("Fuzz corpus replay")
struct FuzzCorpusReplayTests {
    static let evidenceInputs = CorpusFile.files(under: "fuzz/evidence")

    @Test func thereAreSeeds() {
        #expect(!Self.evidenceInputs.isEmpty)
    }

    @Test(arguments: evidenceInputs)
    func evidenceInputEndsInClaimsOrATypedError(input: URL) throws {
        let bytes = Array(try Data(contentsOf: input))
        do {
            let decoded = try EvidenceDecoder.decode(bytes)
            #expect(!decoded.claims.isEmpty)
        } catch {
            #expect(!error.description.isEmpty)
            return
        }
        // What decodes also goes through verification, as in the fuzzer (no collateral).
        do {
            let report = try EvidenceVerifier.verify(
                bytes, options: VerificationOptions(time: Timestamp(secondsSinceEpoch: 1_757_635_200)))
            #expect(!report.steps.isEmpty)
        } catch {
            #expect(!error.description.isEmpty)
        }
    }
}
