import Appraisal

/// libFuzzer entry point: any bytes through content detection and every evidence parser.
/// A trap (crash) is a bug; a thrown `AppraisalError` is the correct answer to bad input.
/// Every crash found becomes a file in `Corpus/fuzz/evidence/`, replayed by `FuzzCorpusReplayTests`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvidence(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? EvidenceDecoder.decode(bytes)
    return 0
}
