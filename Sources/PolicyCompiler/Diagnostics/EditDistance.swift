/// Suggestions for misspelled names: the candidate with the smallest Levenshtein distance,
/// if it is close enough to be what was meant.
enum EditDistance {
    /// Levenshtein distance over Unicode scalars (insert, delete, substitute; a swap of two
    /// neighbours counts 1, as in Damerau's restricted variant).
    static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars)
        let t = Array(b.unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = current
        }
        return previous[t.count]
    }

    /// The closest candidate within a third of the name's length (at least 1, at most 3);
    /// ties go to the alphabetically first, so suggestions are deterministic.
    static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let limit = min(3, max(1, name.unicodeScalars.count / 3))
        var best: (Int, String)?
        for candidate in candidates where candidate != name {
            let d = distance(name, candidate)
            guard d <= limit else { continue }
            if let current = best, (current.0, current.1) <= (d, candidate) { continue }
            best = (d, candidate)
        }
        return best?.1
    }
}
