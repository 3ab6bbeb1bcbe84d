import Claims

extension Verdict.FailedCheck {
    /// A member value of an encoded failed check.
    enum MemberValue {
        case text(String)
        case int(Int64)
    }

    /// The members every encoding of a failed check writes (the verdict JSON's `failed_checks`,
    /// EAR's `appraise_failed_checks` in JSON and CBOR), in this order: `name`, `message`,
    /// `line`, `column`, `actual`, `expected`, then `explanation` when `explanation` is asked for
    /// and not empty.
    ///
    /// The verdict JSON asks for the explanation; EAR does not: its extension carries the six
    /// members of issue #5's contract.
    func members(explanation withExplanation: Bool) -> [(key: String, value: MemberValue)] {
        var members: [(key: String, value: MemberValue)] = [
            ("name", .text(name)), ("message", .text(message)), ("line", .int(Int64(line))),
            ("column", .int(Int64(column))), ("actual", .text(actual)), ("expected", .text(expected)),
        ]
        if withExplanation, !explanation.isEmpty { members.append(("explanation", .text(explanation))) }
        return members
    }

    /// The failed check as a CBOR map of ``members(explanation:)``.
    func cbor(explanation: Bool) -> CBORValue {
        .map(
            members(explanation: explanation).map { member in
                switch member.value {
                case .text(let text): return (.text(member.key), .text(text))
                case .int(let int): return (.text(member.key), .int(int))
                }
            })
    }
}

extension JSONWriter {
    /// Writes `checks` as the array `key` of objects of ``Verdict/FailedCheck/members(explanation:)``.
    mutating func failedChecks(_ checks: [Verdict.FailedCheck], key: String, explanation: Bool) {
        beginArray(key)
        for check in checks {
            beginObject()
            for member in check.members(explanation: explanation) {
                switch member.value {
                case .text(let text): string(text, key: member.key)
                case .int(let int): self.int(int, key: member.key)
                }
            }
            endObject()
        }
        endArray()
    }
}
