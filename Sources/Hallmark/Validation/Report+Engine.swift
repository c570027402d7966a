#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// What an SQL engine counted for a standard on a table where it lives (the query `HallmarkSQL`
/// compiles): each checked rule's exact count and first example rows, and those rows' cells, from
/// which the report's examples get the values and identities a file's would.
package struct EngineCounts: Sendable {
    /// One checked rule's count and the ids of its first example rows, ascending (`nil` for a rule
    /// about the whole table).
    package struct RuleCount: Sendable, Equatable {
        package var count: Int
        package var rows: [Int]?

        package init(count: Int, rows: [Int]?) {
            self.count = count
            self.rows = rows
        }
    }

    package var engine: Report.Engine
    /// Rows in the table.
    package var rows: Int
    package var rowsWithErrors: Int
    /// Every checked rule's result, by rule id, in the query's order.
    package var rules: [(id: String, result: RuleCount)]
    /// The cells of the example rows, by row id, in the standard's field order; `nil` for `NULL`.
    package var cells: [Int: [String?]]
    package var notChecked: [Report.NotChecked]

    package init(
        engine: Report.Engine, rows: Int, rowsWithErrors: Int, rules: [(id: String, result: RuleCount)],
        cells: [Int: [String?]], notChecked: [Report.NotChecked]
    ) {
        self.engine = engine
        self.rows = rows
        self.rowsWithErrors = rowsWithErrors
        self.rules = rules
        self.cells = cells
        self.notChecked = notChecked
    }
}

extension Report {
    /// The report of a table an engine checked: the same rules, counts, messages and ticket ids as
    /// Hallmark's own pass over a file with the table's rows, the examples named by the engine's
    /// row ids (no lines), with values masked as a file's are and row keys made from the same cells.
    /// `duration` is how long the engine took, ending now.
    ///
    /// - Throws: ``EngineResultError`` when the counts name a rule the standard does not have.
    package init(
        standard: Standard, counts: EngineCounts, maxExamples: Int, fingerprintKey: [UInt8]?, dataset: String?,
        duration: Duration
    ) throws(EngineResultError) {
        let compiled = CompiledStandard(standard, fingerprintKey: fingerprintKey)
        let place = Dictionary(compiled.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var ruleCounts = Array(repeating: 0, count: compiled.rules.count)
        var examples = Array(repeating: [FindingExample](), count: compiled.rules.count)
        let made = EngineExamples(compiled: compiled)
        for (id, result) in counts.rules {
            guard let rule = place[id] else {
                throw EngineResultError(
                    message: "the result counts rule \(TextExcerpt.quoted(id)), which the standard does not have")
            }
            guard result.count >= 0 else {
                throw EngineResultError(
                    message: "the result counts \(result.count) findings of \(TextExcerpt.quoted(id))")
            }
            ruleCounts[rule] = result.count
            guard result.count > 0 else { continue }
            // A finding about the whole table names no row (an engine may give no array, or an empty one).
            guard let rows = result.rows, !rows.isEmpty else {
                examples[rule] = [FindingExample(row: nil, line: nil, column: nil, field: nil, value: nil)]
                continue
            }
            examples[rule] = try rows.prefix(maxExamples).map { row throws(EngineResultError) in
                guard let cells = counts.cells[row] else {
                    throw EngineResultError(
                        message: "the result has no cells of row \(row), an example of \(TextExcerpt.quoted(id))")
                }
                return made.example(of: rule, row: row, cells: cells)
            }
        }
        self.init(
            compiled: compiled, counts: ruleCounts, examples: examples, dataRows: counts.rows,
            rowsWithErrors: counts.rowsWithErrors, stopReason: nil,
            input: Input(path: counts.engine.table, bytes: 0, sha256: Self.emptySHA256, dataset: dataset),
            startedAt: Date(timeIntervalSinceNow: -duration.seconds), duration: duration,
            scope: counts.rules.map(\.id))
        engine = counts.engine
        notChecked = counts.notChecked
    }

    /// The SHA-256 of no bytes: what an engine's run read from a file.
    private static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}

/// An engine's result that does not fit its standard: a rule it does not have, an example row
/// without its cells.
package struct EngineResultError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}

/// Examples as a file's pass would make them, from an example row's cells in field order: the
/// field's column and value (masked when sensitive), and the row key of the record, or of the key
/// a key rule is about, built from the same bytes the checker keys.
struct EngineExamples {
    let compiled: CompiledStandard
    /// The key set each rule reports on, by rule number.
    private let keySetOfRule: [Int: KeySet]
    /// The aggregate of each aggregate rule, by rule number.
    private let aggregateOfRule: [Int: AggregateRule]
    private let rowRuleOfRule: [Int: RowRuleProgram]

    init(compiled: CompiledStandard) {
        self.compiled = compiled
        // A foreign key within the table has two sets under its rule; its findings are of the referring one.
        keySetOfRule = Dictionary(
            compiled.keySets.map { ($0.rule, $0) },
            uniquingKeysWith: { first, second in
                if case .referring = second.role { return second }
                return first
            })
        aggregateOfRule = Dictionary(
            uniqueKeysWithValues: zip(compiled.aggregateRules, compiled.standard.dataset.aggregates).map { ($0, $1) })
        rowRuleOfRule = Dictionary(
            compiled.rowRules.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func example(of rule: Int, row: Int, cells: [String?]) -> FindingExample {
        let fields = compiled.standard.fields
        let bytes = fields.indices.map { index in index < cells.count ? Array((cells[index] ?? "").utf8) : [] }
        if let keySet = keySetOfRule[rule] {
            let key = self.key(of: keySet, bytes: bytes)
            return key.withUnsafeBytes { key in
                // A duplicate of one field's value is that cell's; an unmatched reference is its first field's.
                var single = !(keySet.isComposite || keySet.isWholeRow)
                if case .referring = keySet.role { single = true }
                return FindingExample(
                    row: row, line: nil, column: single ? keySet.fields[0] + 1 : nil,
                    field: single ? fields[keySet.fields[0]].name : nil,
                    value: keySet.isWholeRow ? nil : PassMerger.describe(key, of: keySet, in: compiled),
                    rowKey: PassMerger.rowKey(key, of: keySet, in: compiled, layout: nil))
            }
        }
        if let aggregate = aggregateOfRule[rule] {
            guard !aggregate.groupFields.isEmpty else {
                return FindingExample(row: nil, line: nil, column: nil, field: nil, value: nil)
            }
            let parts = aggregate.groupFields.map { field in
                isMissing(bytes[field], field: field) ? [] : part(bytes, field)
            }
            let shown = zip(aggregate.groupFields, parts).map { field, part in
                part.withUnsafeBytes {
                    "\(fields[field].name)=\(CellText.reported($0, sensitive: fields[field].isSensitive))"
                }
            }
            return FindingExample(
                row: row, line: nil, column: nil, field: nil, value: shown.joined(separator: ", "),
                rowKey: rowKey(
                    "aggregate:\(aggregate.id)",
                    parts: zip(aggregate.groupFields, parts).map { ($1, fields[$0].isSensitive) }))
        }
        // A field's rule, or a row rule blaming its first field: that field's cell, as the pass shows it.
        let name = compiled.rules[rule].field
        let field = name.flatMap { name in fields.firstIndex { $0.name == name } }
        let masked = rowRuleOfRule[rule]?.involvesSensitive ?? false
        // A missing value has none to show.
        let shows = compiled.rules[rule].check != "required"
        return FindingExample(
            row: row, line: nil, column: field.map { $0 + 1 }, field: name,
            value: field.flatMap { field in
                guard shows else { return nil }
                return
                    bytes[field].withUnsafeBytes {
                        CellText.reported($0, sensitive: masked || fields[field].isSensitive)
                    }
            },
            rowKey: recordKey(bytes))
    }

    /// The record's row key: its primary-key values when it has them all, else all its cells.
    private func recordKey(_ bytes: [[UInt8]]) -> String {
        let fields = compiled.standard.fields
        if let slot = compiled.primaryKey {
            let key = compiled.keySets[slot].fields
            if key.allSatisfy({ !isMissing(bytes[$0], field: $0) }) {
                return rowKey("key", parts: key.map { (part(bytes, $0), fields[$0].isSensitive) })
            }
        }
        return rowKey("record", parts: fields.indices.map { (part(bytes, $0), fields[$0].isSensitive) })
    }

    /// The key a key set logs for the row, as the checker builds it.
    private func key(of keySet: KeySet, bytes: [[UInt8]]) -> [UInt8] {
        var key: [UInt8] = []
        if keySet.isWholeRow {
            for field in bytes.indices {
                part(bytes, field).withUnsafeBytes { CompositeKey.append(part: $0, to: &key) }
            }
            return key
        }
        guard keySet.isComposite else { return logical(part(bytes, keySet.fields[0]), field: keySet.fields[0]) }
        for field in keySet.fields {
            let value = keySet.role == .unique ? logical(part(bytes, field), field: field) : part(bytes, field)
            value.withUnsafeBytes { CompositeKey.append(part: $0, to: &key) }
        }
        return key
    }

    /// A cell as a key compares it: its canonical spelling for a field whose values have several.
    private func logical(_ cell: [UInt8], field: Int) -> [UInt8] {
        let program = compiled.programs[field]
        guard program.keysByMeaning else { return cell }
        let layout = program.layoutSlot >= 0 ? compiled.layouts[program.layoutSlot] : nil
        var plain: [UInt8] = []
        if program.numberSyntaxSlot >= 0 {
            guard cell.withUnsafeBytes({ compiled.numberSyntaxes[program.numberSyntaxSlot].plain($0, into: &plain) })
            else { return cell }
        } else {
            plain = cell
        }
        var key: [UInt8] = []
        let canonical = plain.withUnsafeBytes { LogicalValue.key($0, type: program.type, layout: layout, into: &key) }
        return canonical ? key : cell
    }

    /// A field's cell as keys read it: trimmed when the field trims.
    private func part(_ bytes: [[UInt8]], _ field: Int) -> [UInt8] {
        guard compiled.programs[field].trims else { return bytes[field] }
        return bytes[field].withUnsafeBytes { Array(UTF8Bytes.trimmed($0)) }
    }

    private func isMissing(_ cell: [UInt8], field: Int) -> Bool {
        cell.withUnsafeBytes { compiled.isMissing($0, missingSlot: compiled.programs[field].missingSlot) }
    }

    private func rowKey(_ tag: String, parts: [([UInt8], Bool)]) -> String {
        // One buffer holds every part, so each can be passed as a pointer into it.
        let joined = parts.flatMap(\.0)
        return joined.withUnsafeBytes { all in
            var offset = 0
            let pieces = parts.map { part, isSensitive in
                defer { offset += part.count }
                return (
                    bytes: UnsafeRawBufferPointer(rebasing: all[offset..<offset + part.count]), isSensitive: isSensitive
                )
            }
            return compiled.rowKey.of(tag, parts: pieces)
        }
    }
}
