/// How the file's columns map to the standard's fields, decided from the header row under the
/// standard's `fields-match` (or by position when the table has no header).
package struct ColumnLayout: Sendable {
    /// For each column of the file, the index of the field it holds, or -1 when it is not checked.
    package var fieldForColumn: [Int]
    /// Cells a record should have: the header's width.
    package var width: Int
    /// The last column is the empty one a trailing delimiter makes, which the standard allows
    /// (`trailing-empty-column: allow`): a record may leave it out, and its cells must be empty.
    package var hasTrailingEmptyColumn = false
    /// Advice for a header that did not match at all: the file looks delimited by another
    /// character, or its first row looks like data.
    package var hints: [String] = []

    /// Positional layout for a table without a header row.
    package init(positionalFor compiled: CompiledStandard) {
        fieldForColumn = Array(compiled.standard.fields.indices)
        width = compiled.standard.fields.count
        if compiled.standard.table.allowsTrailingEmptyColumn {
            fieldForColumn.append(-1)
            width += 1
            hasTrailingEmptyColumn = true
        }
    }

    /// Matches a header row to the fields and reports its problems into `tally`.
    package init(header record: CSVRecord, row: Int, compiled: CompiledStandard, tally: inout FindingTally) {
        let fields = compiled.standard.fields
        let table = compiled.standard.table
        let match = table.fieldsMatch
        let labels = (0..<record.fieldCount).map { record.string(ofField: $0) }
        let fieldIndex = Dictionary(
            fields.enumerated().map { (table.headerMatch.key($1.name), $0) }, uniquingKeysWith: { first, _ in first })
        width = labels.count
        fieldForColumn = Array(repeating: -1, count: labels.count)
        let line = record.startLine
        // A trailing delimiter on every line gives the header a last, blank, label.
        let trailingBlank =
            table.allowsTrailingEmptyColumn && labels.count > 1 && labels.last == ""
            && fieldIndex[""] == nil
        hasTrailingEmptyColumn = trailingBlank

        // A header finding's identity is its label (or, for a blank one, its position).
        func report(_ rule: TableRule, column: Int?, value: String?) {
            tally.record(compiled.tableRule(rule)) {
                let place = column.map { record.position(ofField: $0, quote: compiled.standard.table.dialect.quote) }
                return FindingExample(
                    row: row, line: line, column: column.map { $0 + 1 }, field: nil, value: value,
                    rowKey: compiled.rowKey.of("label", value: value ?? column.map { "#\($0 + 1)" } ?? ""),
                    cellLine: place?.line, cellColumn: place?.column)
            }
        }

        if record.isOversized {
            // The header passed the record limits: only the labels read before them are matched.
            report(.oversizedRecord, column: nil, value: nil)
        }
        var seen: Set<String> = []
        var matchedOrder: [Int] = []
        var unmatched: [Int] = []
        for (column, label) in labels.enumerated() {
            let key = table.headerMatch.key(label)
            if key.isEmpty && fieldIndex[key] == nil {
                // A blank label names no column, unless the standard has a field named "".
                if !(trailingBlank && column == labels.count - 1) { report(.blankLabel, column: column, value: nil) }
                continue
            }
            guard seen.insert(key).inserted else {
                report(.duplicateLabel, column: column, value: label)
                continue
            }
            guard let index = fieldIndex[key] else {
                unmatched.append(column)
                continue
            }
            fieldForColumn[column] = index
            matchedOrder.append(index)
        }
        // A label that differs from a missing field's name only in case or spacing is that field,
        // misspelt: one finding that says so, and its cells are checked, rather than an extra and
        // a missing label.
        var present = Set(matchedOrder)
        for column in unmatched {
            let loose = HeaderMatch.loose(labels[column])
            if let index = fields.indices.first(where: {
                !present.contains($0) && HeaderMatch.loose(fields[$0].name) == loose
            }) {
                fieldForColumn[column] = index
                present.insert(index)
                matchedOrder.append(index)
                let fieldName = fields[index].name
                tally.record(compiled.tableRule(.labelSpelling)) {
                    let place = record.position(ofField: column, quote: table.dialect.quote)
                    return FindingExample(
                        row: row, line: line, column: column + 1, field: fieldName, value: labels[column],
                        rowKey: compiled.rowKey.of("label", value: labels[column]), cellLine: place.line,
                        cellColumn: place.column,
                        note: "label \(Self.quoted(labels[column])) should be \(Self.quoted(fieldName))")
                }
            } else if !match.allowsOtherColumns {
                report(.extraLabel, column: column, value: labels[column])
            }
        }
        matchedOrder = fieldForColumn.filter { $0 >= 0 }
        for (index, field) in fields.enumerated() where !present.contains(index) {
            // Under `subset`, a field may be left out unless it is required; under `partial`, any
            // may, so long as one is there.
            let mayBeAbsent =
                match == .partial
                ? !present.isEmpty
                : match == .subset && !field.isRequired && compiled.programs[index].required < 0
            if !mayBeAbsent {
                tally.record(compiled.tableRule(.missingLabel)) {
                    FindingExample(
                        row: row, line: line, column: nil, field: field.name, value: field.name,
                        rowKey: compiled.rowKey.of("label", value: field.name))
                }
            }
        }
        hints = Self.encodingHints(labels: labels, encoding: table.dialect.encoding)
        if matchedOrder.isEmpty && !fields.isEmpty && hints.isEmpty {
            hints = Self.hints(header: record, labels: labels, compiled: compiled)
        }
        if match.isOrdered, matchedOrder != matchedOrder.sorted() {
            // Point at the first column that comes before a field the standard lists earlier.
            var highest = -1
            for (column, index) in fieldForColumn.enumerated() where index >= 0 {
                if index < highest {
                    report(.labelOrder, column: column, value: labels[column])
                    break
                }
                highest = index
            }
        }
    }

    /// The header's bytes say the file is in another encoding than the one it is read in.
    private static func encodingHints(labels: [String], encoding: TextEncoding) -> [String] {
        let text = labels.joined()
        switch encoding {
        case .utf8:
            // UTF-16's byte-order mark is not UTF-8 (two U+FFFD), and its ASCII has a zero byte per character.
            if text.hasPrefix("\u{FFFD}\u{FFFD}") || text.unicodeScalars.contains("\u{0}") {
                return ["the file looks UTF-16 (a zero byte beside each character); try --encoding utf-16"]
            }
        case .windows1252, .iso88591:
            if text.hasPrefix("ï»¿") {
                return ["the file starts with a UTF-8 byte-order mark, so it is UTF-8; try --encoding utf-8"]
            }
        case .utf16, .utf16LE, .utf16BE:
            break
        }
        return []
    }

    /// Why a header matched no field at all, when the bytes suggest a reason.
    private static func hints(header record: CSVRecord, labels: [String], compiled: CompiledStandard) -> [String] {
        let dialect = compiled.standard.table.dialect
        let text = labels.joined(separator: String(UnicodeScalar(dialect.delimiter)))
        let candidates: [(byte: UInt8, name: String, flag: String)] = [
            (0x2C, "comma", "','"), (0x3B, "semicolon", "';'"), (0x09, "tab", "tab"), (0x7C, "pipe", "'|'"),
        ]
        let names = Set(compiled.standard.fields.map { HeaderMatch.caseInsensitive.key($0.name) })
        for candidate in candidates where candidate.byte != dialect.delimiter {
            let parts = text.split(
                separator: Character(UnicodeScalar(candidate.byte)), omittingEmptySubsequences: false)
            guard parts.count > labels.count else { continue }
            let matching = parts.filter { names.contains(HeaderMatch.caseInsensitive.key(String($0))) }.count
            if matching > 0 || parts.count >= compiled.standard.fields.count {
                let flag = candidate.flag == "tab" ? "$'\\t'" : candidate.flag
                return ["the file looks \(candidate.name)-delimited; try --delimiter \(flag)"]
            }
        }
        // Labels are words; a row of numbers, dates and codes (and empty cells) is data.
        let written = labels.filter { !$0.isEmpty }
        let dataLike = written.filter { label in
            label.unicodeScalars.contains { $0.properties.numericType != nil }
        }.count
        if dialect.hasHeader && !written.isEmpty && dataLike * 2 >= written.count {
            return ["the first row looks like data, not a header; if the file has none, try --no-header"]
        }
        return []
    }

    /// A label in a note: quoted and cut, not escaped (every writer escapes what it writes).
    private static func quoted(_ label: String) -> String {
        let scalars = label.unicodeScalars
        return "'" + String(String.UnicodeScalarView(scalars.prefix(120))) + (scalars.count > 120 ? "…'" : "'")
    }
}
