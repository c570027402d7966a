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

    package var isNull: Bool {
        isPlain && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL")
    }
}

package struct YAMLPair: Sendable {
    package var key: YAMLNode
    package var value: YAMLNode
}
