/// "Did you mean" for names: the closest candidate within a small edit distance.
enum Suggestion {
    static func nearest(to word: String, among candidates: some Sequence<String>) -> String? {
        // Short names are all near each other; suggest only when most of the word survives.
        let limit = min(3, word.count / 3 + 1)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(
                Array(word.lowercased().unicodeScalars), Array(candidate.lowercased().unicodeScalars))
            if distance <= limit, distance < word.count, distance < (best?.1 ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// " (did you mean 'y'?)" for the nearest candidate, or `otherwise` when none is near.
    static func didYouMean(_ word: String, among candidates: some Sequence<String>, otherwise: String = "") -> String {
        nearest(to: word, among: candidates).map { " (did you mean \(TextExcerpt.quoted($0))?)" } ?? otherwise
    }

    /// "unknown format 'x' for field 'A'", then the nearest name, or where such names come from.
    static func unknownName(
        _ noun: String, _ name: String, for what: String, among candidates: some Sequence<String>,
        section: String
    ) -> String {
        "unknown \(noun) \(TextExcerpt.quoted(name)) for \(what)"
            + didYouMean(
                name, among: candidates,
                otherwise: "; define it under '\(section):' or name the file that does in 'uses:'")
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
