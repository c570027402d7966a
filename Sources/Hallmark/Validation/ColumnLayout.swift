/// How the file's columns map to the standard's fields, decided from the header row under the
/// standard's `fields-match` (or by position when the table has no header).
package struct ColumnLayout: Sendable {
    /// For each column of the file, the index of the field it holds, or -1 when it is not checked.
    package var fieldForColumn: [Int]
    /// Cells a record should have: the header's width.
    package var width: Int

    /// Positional layout for a table without a header row.
    package init(positionalFor compiled: CompiledStandard) {
        fieldForColumn = Array(compiled.standard.fields.indices)
        width = compiled.standard.fields.count
    }

    /// Matches a header row to the fields and reports its problems into `tally`.
    package init(header record: CSVRecord, compiled: CompiledStandard, tally: inout FindingTally) {
        let fields = compiled.standard.fields
        let match = compiled.standard.table.fieldsMatch
        let labels = (0..<record.fieldCount).map { record.string(ofField: $0) }
        let fieldIndex = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        width = labels.count
        fieldForColumn = Array(repeating: -1, count: labels.count)
        let line = record.startLine

        // A header finding's identity is its label (or, for a blank one, its position).
        func report(_ rule: TableRule, column: Int?, value: String?) {
            tally.record(compiled.tableRule(rule)) {
                let place = column.map { record.position(ofField: $0, quote: compiled.standard.table.dialect.quote) }
                return FindingExample(
                    row: 1, line: line, column: column.map { $0 + 1 }, field: nil, value: value,
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
        for (column, label) in labels.enumerated() {
            if label.isEmpty {
                report(.blankLabel, column: column, value: nil)
                continue
            }
            guard seen.insert(label).inserted else {
                report(.duplicateLabel, column: column, value: label)
                continue
            }
            guard let index = fieldIndex[label] else {
                // Under `ordered`, columns the standard does not name are allowed and go unchecked.
                if match != .ordered { report(.extraLabel, column: column, value: label) }
                continue
            }
            fieldForColumn[column] = index
            matchedOrder.append(index)
        }
        let present = Set(matchedOrder)
        for (index, field) in fields.enumerated() where !present.contains(index) {
            // Under `subset`, a field may be left out unless it is required.
            if match != .subset || field.isRequired || compiled.programs[index].required >= 0 {
                tally.record(compiled.tableRule(.missingLabel)) {
                    FindingExample(
                        row: 1, line: line, column: nil, field: field.name, value: field.name,
                        rowKey: compiled.rowKey.of("label", value: field.name))
                }
            }
        }
        if match != .subset, matchedOrder != matchedOrder.sorted() {
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
}
