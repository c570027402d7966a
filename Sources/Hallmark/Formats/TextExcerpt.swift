/// Text from a standard or a data file made safe to show: control characters and bidirectional
/// overrides escaped as `\u{1B}`, so a value can neither move a terminal's cursor nor reorder what
/// is read, and long text cut to a short excerpt, so a message never echoes a whole file.
package enum TextExcerpt {
    /// The longest excerpt a message quotes, in characters.
    package static let defaultLimit = 60

    /// Whether a scalar must be escaped: C0 and C1 controls, DEL, bidirectional marks, embeddings,
    /// overrides and isolates, the Unicode line and paragraph separators, and the characters that
    /// look like nothing or like a plain space (no-break and zero-width spaces, soft hyphen, word
    /// joiner, byte-order mark), which otherwise make a finding look wrong: `"​5"` that reads as "5".
    package static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0xA0, 0xAD, 0x061C, 0x180E, 0x200B...0x200F, 0x2028...0x202F, 0x2060, 0x2066...0x2069,
            0xFEFF:
            return true
        default: return false
        }
    }

    /// `text` with every unsafe scalar written `\u{XX}` (tab, line feed and carriage return as `\t`, `\n`, `\r`).
    package static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar) else {
                result.append(scalar)
                continue
            }
            let escape =
                switch scalar {
                case "\t": "\\t"
                case "\n": "\\n"
                case "\r": "\\r"
                default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                }
            result.append(contentsOf: escape.unicodeScalars)
        }
        return String(result)
    }

    /// `text` with every scalar that `replacement` maps replaced by what it returns: the one loop
    /// under each output syntax's escaping (HTML, Markdown, XML, workflow commands).
    package static func replacing(in text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) {
                result += replaced
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// At most `limit` characters of `text`, escaped, with `…` and the full length when cut.
    package static func excerpt(_ text: String, limit: Int = defaultLimit) -> String {
        let count = text.unicodeScalars.count
        guard count > limit else { return escaped(text) }
        let head = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
        return escaped(head) + "… (\(count) characters)"
    }

    /// A file path in single quotes, escaped, cut only when unreasonably long.
    package static func path(_ path: String) -> String {
        quoted(path, limit: 240)
    }

    /// The excerpt in single quotes, for messages: `'abc'`.
    package static func quoted(_ text: String, limit: Int = defaultLimit) -> String {
        "'" + excerpt(text, limit: limit) + "'"
    }
}
