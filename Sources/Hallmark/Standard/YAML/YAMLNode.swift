/// A YAML node with the place it came from.
///
/// The standards loader reads these rather than libyaml's events, so no C type leaves the YAML layer.
/// Scalars keep their exact text: whether `01` is a number or a code is the loader's decision,
/// made by what the key expects, never YAML 1.1's guess (`no` stays the text "no").
package struct YAMLNode: Sendable {
    package enum Kind: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    package var kind: Kind
    package var location: SourceLocation

    package init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The scalar's text, or `nil` for a sequence or mapping.
    package var scalarText: String? {
        if case .scalar(let scalar) = kind { return scalar.text }
        return nil
    }

    /// What the node is, for messages: "a mapping", "a list", "the text 'x'".
    package var kindDescription: String {
        switch kind {
        // A short escaped excerpt: the scalar may be a whole file named by mistake, or a secret.
        case .scalar(let scalar): return scalar.isNull ? "null" : TextExcerpt.quoted(scalar.text)
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

package struct YAMLScalar: Sendable {
    package var text: String
    /// Written without quotes, so `~`, `null` and the empty text mean null.
    package var isPlain: Bool
    /// A quoted scalar's source, quotes and escapes included, when it stands on one line: where
    /// a character of ``text`` is in the file (see ``column(ofOffset:)``).
    package var source: String? = nil
    /// The scalar spans several lines (folded, a block scalar, a long quoted one).
    package var isMultiline = false

    /// Columns after the scalar's start at which the character at `offset` of ``text`` stands,
    /// or `nil` when that cannot be told (a multi-line scalar).
    package func column(ofOffset offset: Int) -> Int? {
        if isPlain { return isMultiline ? nil : offset }
        guard let source else { return nil }
        let raw = Array(source.unicodeScalars)
        guard let quote = raw.first else { return nil }
        var index = 1  // after the opening quote
        for _ in 0..<offset {
            guard index < raw.count else { return nil }
            if quote == "'" && raw[index] == "'" {
                index += 2  // '' is one '
            } else if quote == "\"" && raw[index] == "\\" && index + 1 < raw.count {
                switch raw[index + 1] {
                case "x": index += 4
                case "u": index += 6
                case "U": index += 10
                default: index += 2
                }
            } else {
                index += 1
            }
        }
        return index
    }

    package var isNull: Bool {
        isPlain && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL")
    }
}

package struct YAMLPair: Sendable {
    package var key: YAMLNode
    package var value: YAMLNode
}
