import Appraisal
import Evidence

/// libFuzzer entry point: any bytes through content detection and every evidence parser, and
/// what decodes through verification too (with no collateral: certificates carried inside the
/// evidence, e.g. an SEV-SNP certificate table, are still decoded and checked).
/// A trap (crash) is a bug; a thrown `AppraisalError` is the correct answer to bad input.
/// Every crash found becomes a file in `Corpus/fuzz/evidence/`, replayed by `FuzzCorpusReplayTests`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvidence(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if (try? EvidenceDecoder.decode(bytes)) != nil {
        _ = try? EvidenceVerifier.verify(
            bytes, options: VerificationOptions(time: Timestamp(secondsSinceEpoch: 1_757_635_200)))
    }
    return 0
}
