/// A JSON document with object keys in the order written, so reports are byte-stable and read
/// top-down (verdict first, examples last). `JSONEncoder` orders keys by hash on Linux.
package indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        var a = JSONOutput()
        var b = JSONOutput()
        a.value(lhs, indent: 0)
        b.value(rhs, indent: 0)
        return a.text == b.text
    }

    /// An object without the entries whose value is `nil`.
    package static func object(_ entries: [(String, JSONValue?)]) -> JSONValue {
        .object(entries.compactMap { key, value in value.map { (key, $0) } })
    }
}

/// Pretty-prints a ``JSONValue`` with two-space indentation.
struct JSONOutput {
    var text = ""

    mutating func value(_ value: JSONValue, indent: Int) {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .int(let number): text += String(number)
        case .double(let number): text += number.isFinite ? String(number) : "null"
        case .string(let string): self.string(string)
        case .array(let items):
            if items.isEmpty {
                text += "[]"
                return
            }
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += String(repeating: "  ", count: indent + 1)
                self.value(item, indent: indent + 1)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: "  ", count: indent) + "]"
        case .object(let entries):
            if entries.isEmpty {
                text += "{}"
                return
            }
            text += "{\n"
            for (index, (key, item)) in entries.enumerated() {
                text += String(repeating: "  ", count: indent + 1)
                string(key)
                text += ": "
                self.value(item, indent: indent + 1)
                text += index == entries.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: "  ", count: indent) + "}"
        }
    }

    private mutating func string(_ string: String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            // C0 and C1 controls, DEL, bidirectional controls and U+2028/9: escaped, so a report shown
            // raw in a terminal or a web page cannot move the cursor or reorder what is read.
            case _ where TextExcerpt.isUnsafe(scalar):
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
