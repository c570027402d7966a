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
            diagnostics.add(
                .invalidValue, "\(what) must be a mapping of keys to values, not \(node.kindDescription)",
                at: node.location)
            return nil
        }
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            if let first = index[key] {
                diagnostics.add(
                    .duplicateKey,
                    "duplicate \(duplicateNoun) \(TextExcerpt.quoted(key)) (first defined at line \(self.pairs[first].key.location.line))",
                    at: pair.key.location)
                continue
            }
            index[key] = self.pairs.count
            self.pairs.append(pair)
        }
    }

    subscript(key: String) -> YAMLNode? {
        index[key].map { pairs[$0].value }
    }

    /// Replaces a key's value, keeping its place and location (used to unwrap `{ value: … }`).
    mutating func replaceValue(forKey key: String, with value: YAMLNode) {
        guard let position = index[key] else { return }
        pairs[position].value = value
    }

    /// Forgets a key already reported as wrong, so that it is not reported again as it is read.
    mutating func removeValue(forKey key: String) {
        guard let position = index[key] else { return }
        pairs.remove(at: position)
        index = Dictionary(uniqueKeysWithValues: pairs.enumerated().map { ($1.key.scalarText ?? "", $0) })
    }

    func keyLocation(_ key: String) -> SourceLocation? {
        index[key].map { pairs[$0].key.location }
    }

    /// Reports every key not in `allowed`, suggesting the nearest allowed one.
    ///
    /// - Parameters:
    ///   - hints: for a key a user may plausibly write, what to write instead.
    ///   - renamed: for a key spelled as before language version 1 was frozen, the key that replaced it.
    func rejectUnknownKeys(
        allowed: [String], in what: String, diagnostics: inout Diagnostics, hints: [String: String] = [:],
        renamed: [String: String] = [:]
    ) {
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            guard !allowed.contains(key) else { continue }
            if let replacement = renamed[key] {
                diagnostics.add(
                    .renamedKey,
                    "\(TextExcerpt.quoted(key)) in \(what) is now written \(TextExcerpt.quoted(replacement))",
                    at: pair.key.location)
                continue
            }
            var message = "unknown key \(TextExcerpt.quoted(key)) in \(what)"
            if key.contains(" "), case .scalar(let value) = pair.value.kind, value.isNull {
                // `{ help: Dates as DD/MM/YYYY, as written }`: YAML ends the value at the comma and
                // reads the rest as a key of its own.
                message += " (text with commas in { } must be quoted: help: 'a, b')"
            } else if let hint = hints[key] {
                message += "; \(hint)"
            } else if let suggestion = Suggestion.nearest(to: key, among: allowed) {
                message += " (did you mean \(TextExcerpt.quoted(suggestion))?)"
            } else {
                message += "; allowed keys are \(allowed.joined(separator: ", "))"
            }
            diagnostics.add(.unknownKey, message, at: pair.key.location)
        }
    }
}
