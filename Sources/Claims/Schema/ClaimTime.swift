import Evidence

/// A time claim: the project's one time type, `Evidence.Timestamp` (seconds since the epoch,
/// RFC 3339 in and out).
public typealias ClaimTime = Timestamp
