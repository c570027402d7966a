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
}
