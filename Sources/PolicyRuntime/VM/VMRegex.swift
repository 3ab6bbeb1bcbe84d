import PolicyBytecode

/// A regex automaton as the VM runs it (BYTECODE.md §4, "Regexes"): search semantics over the
/// UTF-8 bytes of a string — or over the text a hex view spells — in time linear in the input.
struct VMRegex: Sendable {
    let classMap: [UInt8]
    let classCount: Int
    let start: Int
    let flags: [UInt8]
    let transitions: [UInt16]

    init(_ automaton: RegexAutomaton) {
        classMap = automaton.classMap
        classCount = automaton.classCount
        start = Int(automaton.start)
        flags = automaton.stateFlags
        transitions = automaton.transitions
    }

    /// Whether some substring of the text matches. An inconsistent automaton (the reader rejects
    /// those) answers false rather than trapping.
    func matches(_ raw: UnsafeBufferPointer<UInt8>, hexView: Bool) -> Bool {
        guard classMap.count == 256, start < flags.count else { return false }
        var state = start
        let length = hexView ? raw.count * 2 : raw.count
        for i in 0..<length {
            if flags[state] & RegexAutomaton.acceptAnywhere != 0 { return true }
            let byte = VMMemory.textByte(raw, hex: hexView, i)
            let position = state * classCount + Int(classMap[Int(byte)])
            guard position < transitions.count else { return false }
            state = Int(transitions[position])
            guard state < flags.count else { return false }
        }
        return flags[state] & (RegexAutomaton.acceptAnywhere | RegexAutomaton.acceptAtEnd) != 0
    }
}
