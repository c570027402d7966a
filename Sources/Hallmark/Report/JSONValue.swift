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
        var a = JSONOutput(), b = JSONOutput()
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
            if items.isEmpty { text += "[]"; return }
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += String(repeating: "  ", count: indent + 1)
                self.value(item, indent: indent + 1)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: "  ", count: indent) + "]"
        case .object(let entries):
            if entries.isEmpty { text += "{}"; return }
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
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

extension Report {
    /// The report as an ordered JSON document.
    package var jsonValue: JSONValue {
        .object([
            ("reportVersion", .string(reportVersion)),
            ("valid", .bool(valid)),
            ("tool", .object([("name", .string(tool.name)), ("version", .string(tool.version))])),
            ("standard", .object([("id", .string(standard.id)), ("version", .string(standard.version)),
                                  ("title", standard.title.map(JSONValue.string)), ("path", .string(standard.path))])),
            ("input", .object([("path", input.path.map(JSONValue.string)), ("bytes", .int(input.bytes)),
                               ("sha256", .string(input.sha256))])),
            ("timing", .object([("startedAt", .string(timing.startedAt)), ("durationSeconds", .double(timing.durationSeconds))])),
            ("totals", .object([
                ("rows", .int(totals.rows)), ("rowsWithErrors", .int(totals.rowsWithErrors)),
                ("findings", .object([("error", .int(totals.findings.error)), ("warning", .int(totals.findings.warning)),
                                      ("info", .int(totals.findings.info))])),
                ("stoppedEarly", .bool(totals.stoppedEarly)),
            ])),
            ("rules", .array(rules.map(\.jsonValue))),
            ("scope", .array(scope.map(JSONValue.string))),
        ])
    }
}

extension Report.RuleSummary {
    var jsonValue: JSONValue {
        .object([
            ("ruleId", .string(ruleId)), ("check", .string(check)), ("severity", .string(severity.rawValue)),
            ("field", field.map(JSONValue.string)), ("count", .int(count)), ("message", .string(message)),
            ("help", help.map(JSONValue.string)), ("location", location.map(JSONValue.string)),
            ("examples", .array(examples.map(\.jsonValue))),
        ])
    }
}

extension FindingExample {
    var jsonValue: JSONValue {
        .object([
            ("row", .int(row)), ("line", .int(line)), ("column", column.map(JSONValue.int)),
            ("field", field.map(JSONValue.string)), ("value", value.map(JSONValue.string)),
        ])
    }
}
