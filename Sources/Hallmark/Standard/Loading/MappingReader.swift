/// Reads one YAML mapping of a standard: looks keys up, and reports unknown and repeated keys
/// (with a did-you-mean) to the loader's diagnostics.
struct MappingReader {
    let node: YAMLNode
    private(set) var pairs: [YAMLPair] = []
    private var index: [String: Int] = [:]

    /// - Parameters:
    ///   - what: what the mapping is, for messages: "the standard", "field 'ITEMS'".
    ///   - duplicateNoun: what a repeated key is called ("key", "field", "format").
    init?(_ node: YAMLNode, what: String, duplicateNoun: String = "key", diagnostics: inout Diagnostics) {
        self.node = node
        guard case .mapping(let pairs) = node.kind else {
            diagnostics.add(.invalidValue, "\(what) must be a mapping of keys to values, not \(node.kindDescription)", at: node.location)
            return nil
        }
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            if let first = index[key] {
                diagnostics.add(.duplicateKey, "duplicate \(duplicateNoun) '\(key)' (first defined at line \(self.pairs[first].key.location.line))", at: pair.key.location)
                continue
            }
            index[key] = self.pairs.count
            self.pairs.append(pair)
        }
    }

    subscript(key: String) -> YAMLNode? {
        index[key].map { pairs[$0].value }
    }

    func keyLocation(_ key: String) -> SourceLocation? {
        index[key].map { pairs[$0].key.location }
    }

    /// Reports every key not in `allowed`, suggesting the nearest allowed one.
    func rejectUnknownKeys(allowed: [String], in what: String, diagnostics: inout Diagnostics, hints: [String: String] = [:]) {
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            guard !allowed.contains(key) else { continue }
            var message = "unknown key '\(key)' in \(what)"
            if let hint = hints[key] {
                message += "; \(hint)"
            } else if let suggestion = Suggestion.nearest(to: key, among: allowed) {
                message += " (did you mean '\(suggestion)'?)"
            } else {
                message += "; allowed keys are \(allowed.joined(separator: ", "))"
            }
            diagnostics.add(.unknownKey, message, at: pair.key.location)
        }
    }
}

/// The diagnostics of one load, in the order found.
struct Diagnostics {
    private(set) var all: [StandardDiagnostic] = []

    mutating func add(_ code: StandardDiagnostic.Code, _ message: String, at location: SourceLocation?) {
        all.append(StandardDiagnostic(code, message, at: location))
    }

    mutating func add(contentsOf other: [StandardDiagnostic]) {
        all.append(contentsOf: other)
    }

    var isEmpty: Bool { all.isEmpty }
}

/// "Did you mean" for names: the closest candidate within a small edit distance.
enum Suggestion {
    static func nearest(to word: String, among candidates: some Sequence<String>) -> String? {
        // Short names are all near each other; suggest only when most of the word survives.
        let limit = min(3, word.count / 3 + 1)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(Array(word.lowercased().unicodeScalars), Array(candidate.lowercased().unicodeScalars))
            if distance <= limit, distance < word.count, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// "unknown format 'x' for field 'A'", then the nearest name, or where such names come from.
    static func unknownName(_ noun: String, _ name: String, for what: String, among candidates: some Sequence<String>,
                            section: String) -> String {
        let message = "unknown \(noun) '\(name)' for \(what)"
        if let suggestion = nearest(to: name, among: candidates) { return message + " (did you mean '\(suggestion)'?)" }
        return message + "; define it under '\(section):' or name the file that does in 'uses:'"
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
