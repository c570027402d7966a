extension Report {
    /// How the table was read, when not as a plain UTF-8 file with its header first: "read as
    /// windows-1252 · header on line 10 · 2 blank rows skipped · a footer of 6 rows from row 180, not checked".
    var readingSummary: String? {
        guard let table else { return nil }
        var parts: [String] = []
        if table.encoding != TextEncoding.utf8.rawValue { parts.append("read as \(table.encoding)") }
        if let header = table.headerRow, header > 1 {
            parts.append("header on line \(header)")
        } else if table.linesSkipped > 0 {
            parts.append("\(table.linesSkipped) \(table.linesSkipped == 1 ? "line" : "lines") above the table skipped")
        }
        if table.blankRowsSkipped > 0 {
            parts.append("\(table.blankRowsSkipped) blank \(table.blankRowsSkipped == 1 ? "row" : "rows") skipped")
        }
        if let footer = table.footer {
            parts.append(
                "a footer of \(footer.rows) \(footer.rows == 1 ? "row" : "rows") from row \(footer.row) (line \(footer.line)), not checked"
            )
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// Where an engine checked the table and what names its rows: "checked in postgres, table
    /// prescribing; rows are named by column ROW_ID"; `nil` for a file Hallmark read.
    var engineSummary: String? {
        guard let engine else { return nil }
        return "checked in \(engine.name), table \(engine.table); example rows are the \(engine.rowIdentity)"
    }

    /// The rules not checked, grouped by reason in the order each reason was first given, so the
    /// sixteen rules about a file's bytes take one line, not sixteen.
    var notCheckedByReason: [(rules: [String], reason: String)] {
        var groups: [(rules: [String], reason: String)] = []
        var place: [String: Int] = [:]
        for rule in notChecked {
            if let index = place[rule.reason] {
                groups[index].rules.append(rule.ruleID)
            } else {
                place[rule.reason] = groups.count
                groups.append(([rule.ruleID], rule.reason))
            }
        }
        return groups
    }

    /// One line per reason rules were not checked: "not checked on this engine: RULE, RULE: why".
    var notCheckedLines: [String] {
        notCheckedByReason.map { "not checked on this engine: \($0.rules.joined(separator: ", ")): \($0.reason)" }
    }
}

extension FindingExample {
    /// "row 5 (line 6)", "row 5" where rows have no lines (a table in an engine), or "the whole table".
    var place: String {
        guard let row else { return "the whole table" }
        return line.map { "row \(row) (line \($0))" } ?? "row \(row)"
    }
}
