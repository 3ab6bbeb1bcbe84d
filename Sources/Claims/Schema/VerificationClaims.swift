extension ClaimSchema.Entry {
    /// The record of one verification step in `<kind>.verification.steps`.
    public static let verificationStepRecord = ClaimRecordType(
        name: "verification_step",
        fields: [
            .init("step", .string, "what was checked, e.g. \"quote signature\""),
            .init("status", .enumeration(verificationStatus), "passed, failed or skipped"),
            .init("detail", .string, "why it failed or was skipped; empty when passed"),
        ])

    /// Outcome of one verification step.
    public static let verificationStatus = ClaimEnum(
        name: "VerificationStatus", cases: ["passed", "failed", "skipped"])

    /// The two verification claims every evidence kind carries (ARCHITECTURE principle 4: a
    /// policy can never see unverified evidence as verified):
    /// - `<kind>.verified`: true only when every mandatory step passed; false when any failed or
    ///   verification was not run (`policyc claims` parses only, so there it is false);
    /// - `<kind>.verification.steps`: each step with its status and detail, in order.
    public static func verificationEntries(kind: String) -> [ClaimSchema.Entry] {
        [
            .init(
                "\(kind).verified", .bool,
                "every mandatory verification step passed (false when any failed or none ran)"),
            .init(
                "\(kind).verification.steps", .list(verificationStepRecord),
                "each verification step, in order, with its status and detail"),
        ]
    }
}
