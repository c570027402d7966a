#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// The whole input's state: blocks merge into it in input order, and it writes the report.
///
/// Merging rebases each block's row and line numbers (``BlockOrigin``), adds its counts, and resolves its logged
/// keys against every key seen before, so the result equals one sequential pass however the input
/// was cut up and however many workers checked it.
package struct PassMerger {
    let compiled: CompiledStandard
    private let options: Validator.Options
    private var tally: FindingTally
    private var ledger: KeyLedger
    /// Each key set's role, read for every logged key: copying its ``KeySet`` would retain its fields.
    private let keyRoles: [KeySet.Role]
    private var filled: [Int]
    private(set) var dataRows = 0
    /// 1 once a header row has been read.
    private var headerRows = 0
    /// Lines above the table (`skip-rows`), which rows are numbered after.
    private let skippedLines: Int
    /// Records after the header merged so far: data, skipped blank and footer rows.
    private var recordsAfterHeader = 0
    /// Records merged so far, the lines above the table and the header included: the row number of the last one.
    package var records: Int { skippedLines + headerRows + recordsAfterHeader }
    private var blankRowsSkipped = 0
    /// Where the footer starts, in the input's numbering, once one has.
    private var footerStart: (row: Int, line: Int)?
    private var footerRows = 0
    /// Footer rows that are not blank: what `max-rows` limits (exports pad with blank rows).
    private var footerContentRows = 0
    private var windows1252Cells = 0
    private var rowsWithErrors = 0
    /// Keys the ledger set aside have been resolved.
    private var setAsideResolved = false
    /// The row a duplicate key last counted as an error row, so a row counts once.
    private var lastDuplicateRow = 0
    /// Per aggregate rule: every group of the input so far and its values.
    private var aggregates: [AggregateTable]
    /// Per aggregate rule, per value: `true` for `max`, `false` for `min`, `nil` for the others.
    private let keepsLargest: [[Bool?]]
    /// Foreign keys within the table (see ``ReferenceLedger``).
    private var references = ReferenceLedger()
    /// With foreign keys within the table: the rows a key finding counted as error rows, so a row
    /// whose reference is also missing counts once.
    private var rowsCountedByKeys: Set<Int> = []
    package private(set) var layout: ColumnLayout?
    /// The verdicts of the block merged last, duplicate keys included, and where it starts: for a ``RowSink``.
    private var judged: (verdicts: RowVerdicts, origin: BlockOrigin)?
    /// Set when the pass stopped before the end of the input.
    package private(set) var stopReason: Report.StopReason?

    package init(compiled: CompiledStandard, options: Validator.Options) {
        self.compiled = compiled
        self.options = options
        tally = FindingTally(ruleCount: compiled.rules.count, maxExamples: options.maxExamples)
        keyRoles = compiled.keySets.map(\.role)
        // Keys found repeated only after the pass would come too late to stop at an error count
        // or to judge a row for a RowSink.
        ledger = KeyLedger(
            compiled, keyMemory: options.keyMemory, memoryLimit: options.memoryLimit,
            spillDirectory: options.spillDirectory, maySetAside: options.maxErrors == nil && !options.judgesRows)
        aggregates = compiled.standard.dataset.aggregates.map { AggregateTable(valueCount: $0.values.count) }
        keepsLargest = compiled.standard.dataset.aggregates.map { rule in
            rule.values.map { $0.function == .max ? true : $0.function == .min ? false : nil }
        }
        filled = Array(repeating: 0, count: compiled.programs.count)
        skippedLines = compiled.standard.table.dialect.skipRows
        if !compiled.standard.table.dialect.hasHeader { layout = ColumnLayout(positionalFor: compiled) }
    }

    /// Whether the next record is the header row.
    package var needsHeader: Bool { layout == nil }

    /// Takes the header row (record 1) and decides the column layout.
    package mutating func takeHeader(_ record: CSVRecord) -> ColumnLayout {
        headerRows = 1
        let layout = ColumnLayout(header: record, row: skippedLines + 1, compiled: compiled, tally: &tally)
        self.layout = layout
        return layout
    }

    /// Errors found so far.
    package var errorCount: Int { tally.errors(under: compiled.rules) }

    /// Whether merging `block` could reach ``Validator/Options/maxErrors`` (each logged key might be a duplicate).
    func mightReachErrorLimit(with block: BlockResult) -> Bool {
        guard let limit = options.maxErrors else { return false }
        return errorCount + block.tally.errors(under: compiled.rules) + block.keys.count >= limit
    }

    /// Whether the error limit is reached (never, without ``Validator/Options/maxErrors``).
    package var reachedErrorLimit: Bool {
        guard let limit = options.maxErrors else { return false }
        return errorCount >= limit
    }

    /// Sizes the primary key's table for about `rows` rows, from an input of `inputBytes` (see
    /// ``KeyLedger/expect(_:inSet:atMost:)``). Only the primary key's: its fields are required, so
    /// each row has a key, while a `unique` field may be empty in most rows. The table made ahead
    /// takes at most half the input's size: rows per byte from the first block can be far off
    /// (short rows first, long ones after), and a table larger than that is left to grow.
    package mutating func expect(rows: Int, inputBytes: Int) {
        if let primaryKey = compiled.primaryKey { ledger.expect(rows, inSet: primaryKey, atMost: inputBytes / 2) }
    }

    /// The memory the key tables take.
    package var keyTableBytes: Int { ledger.tableBytes }

    /// Merges the next block. Its rows follow the records merged before it; its lines follow
    /// `linesBefore` (0 when its parser counted from the start of the input).
    package mutating func merge(_ block: BlockResult, linesBefore: Int) {
        let origin = BlockOrigin(recordsBefore: records, linesBefore: linesBefore)
        recordsAfterHeader += block.records
        var verdicts = block.verdicts
        defer { judged = verdicts.map { ($0, origin) } }
        // Once the footer has begun, everything after it is footer, whatever a worker that
        // checked a later block on its own made of it.
        if footerStart != nil {
            verdicts?.markAllNotData()
            footerRows += block.records
            footerContentRows += block.records - block.blankRecords
            return
        }
        if let start = block.footerStart {
            footerStart = (origin.row(start.row), origin.line(start.line))
            footerRows += block.footerRecords
            footerContentRows += block.footerContentRecords
        }
        blankRowsSkipped += block.blankRowsSkipped
        windows1252Cells += block.windows1252Cells
        tally.merge(block.tally, origin: origin)
        for index in aggregates.indices {
            aggregates[index].merge(block.aggregates[index], origin: origin, largest: keepsLargest[index])
        }
        for index in filled.indices { filled[index] += block.filled[index] }
        dataRows += block.rows
        rowsWithErrors += block.rowsWithErrors
        guard !block.keys.isEmpty else { return }
        let compiled = compiled
        // Duplicate keys are found here, not by the worker: "seen in an earlier row" depends on every
        // earlier block. The worker marks each key with whether its row already had an error, so a
        // row with both kinds of error, or two duplicate keys, counts once in `rowsWithErrors`.
        let roles = keyRoles
        let entries = block.keys.entries
        var next = 0
        block.keys.forEachEntry { entry, key in
            // A table of a million keys is larger than the caches: each probe would wait on memory.
            // Asking for a later key's slot now has it loaded by the time that key is inserted.
            let ahead = next + Self.prefetchDistance
            next += 1
            if ahead < entries.count, case .unique = roles[Int(entries[ahead].set)] {
                ledger.prefetch(set: entries[ahead].set, hash: entries[ahead].hash)
            }
            let row = origin.row(entry.row)
            switch roles[Int(entry.set)] {
            case .unique: break
            case .referenced(let foreignKey):
                references.insertReferenced(key, hash: entry.shortHash, foreignKey: foreignKey)
                return
            case .referring(let foreignKey):
                references.refer(key, entry: entry, foreignKey: foreignKey, origin: origin)
                return
            }
            let line = origin.line(entry.line)
            guard
                let firstRow = ledger.insert(
                    set: entry.set, key, hash: entry.hash, row: row, line: line, column: entry.column,
                    rowHadError: entry.rowHadError)
            else { return }
            let keySet = compiled.keySets[Int(entry.set)]
            tally.record(keySet.rule) {
                Self.duplicateExample(
                    key, of: keySet, row: row, line: line, column: entry.column, firstRow: firstRow, in: compiled,
                    layout: layout)
            }
            if compiled.rules[keySet.rule].severity == .error { verdicts?.invalidate(entry.row - 1, rule: keySet.rule) }
            if compiled.rules[keySet.rule].severity == .error, !entry.rowHadError { countDuplicateRow(row) }
        }
    }

    /// How many keys ahead the merge asks for a key's table slot: about as many as can be waited on
    /// at once, a memory access's time in inserts of keys already cached.
    private static let prefetchDistance = 8

    /// Counts a row with a duplicate key (and no other error) as an error row, once: rows come in
    /// order, whether merged or resolved after the pass, and the row the ledger turned to
    /// partitions in may have keys on both sides.
    private mutating func countDuplicateRow(_ row: Int) {
        guard row != lastDuplicateRow else { return }
        rowsWithErrors += 1
        lastDuplicateRow = row
        if !compiled.tableForeignKeys.isEmpty { rowsCountedByKeys.insert(row) }
    }

    /// A duplicate key's finding: the row that repeats it, and the row it repeats.
    private static func duplicateExample(
        _ key: UnsafeRawBufferPointer, of keySet: KeySet, row: Int, line: Int, column: Int32, firstRow: Int,
        in compiled: CompiledStandard, layout: ColumnLayout?
    ) -> FindingExample {
        FindingExample(
            row: row, line: line,
            column: keySet.isComposite || keySet.isWholeRow ? nil : Int(column) + 1,
            field: keySet.isComposite || keySet.isWholeRow ? nil : compiled.standard.fields[keySet.fields[0]].name,
            value: keySet.isWholeRow ? nil : Self.describe(key, of: keySet, in: compiled),
            rowKey: Self.rowKey(key, of: keySet, in: compiled, layout: layout), note: "repeats row \(firstRow)")
    }

    /// Records the duplicates among keys the ledger set aside, in input order, as merging would
    /// have found them; once. Past `deadline`, the partitions not yet begun are left, and the
    /// pass is stopped for its time.
    package mutating func resolveSetAsideKeys(deadline: ContinuousClock.Instant?) {
        guard !setAsideResolved else { return }
        setAsideResolved = true
        let compiled = compiled
        let layout = layout
        let countsRows = compiled.keySets.map { compiled.rules[$0.rule].severity == .error && $0.role == .unique }
        guard
            let resolution = ledger.resolveSetAside(
                maxExamples: options.maxExamples, jobs: options.jobs, countsRows: countsRows, deadline: deadline)
        else { return }
        if !resolution.isComplete { stopEarly(.timeout) }
        var kept = Array(repeating: 0, count: compiled.keySets.count)
        for duplicate in resolution.examples {
            let keySet = compiled.keySets[Int(duplicate.set)]
            kept[Int(duplicate.set)] += 1
            tally.record(keySet.rule) {
                duplicate.key.withUnsafeBytes {
                    Self.duplicateExample(
                        $0, of: keySet, row: duplicate.row, line: duplicate.line, column: duplicate.column,
                        firstRow: duplicate.firstRow, in: compiled, layout: layout)
                }
            }
        }
        for (set, count) in resolution.counts.enumerated() where count > kept[set] {
            tally.add(compiled.keySets[set].rule, count: count - kept[set])
        }
        for row in resolution.rows { countDuplicateRow(row) }
    }

    /// The verdicts of the block merged last, once: for a ``RowSink``.
    mutating func takeVerdicts() -> (verdicts: RowVerdicts, origin: BlockOrigin)? {
        defer { judged = nil }
        return judged
    }

    /// Marks the pass as stopped before the end of the input; the first reason stands.
    package mutating func stopEarly(_ reason: Report.StopReason) {
        if stopReason == nil { stopReason = reason }
    }

    /// Finishes the pass: table-level and dataset-level checks, then the report.
    mutating func finish(input: Report.Input, startedAt: Date, duration: Duration) -> Report {
        resolveSetAsideKeys(deadline: nil)
        let dialect = compiled.standard.table.dialect
        if headerRows == 0 && dialect.hasHeader && stopReason == nil {
            // Nothing to point at: the file is empty, or ends above its header row.
            tally.record(compiled.tableRule(.empty)) {
                FindingExample(
                    row: nil, line: nil, column: nil, field: nil, value: nil,
                    note: skippedLines > 0
                        ? "the file ends before line \(skippedLines + 1), where the header was expected" : nil)
            }
        }
        if let footer = compiled.standard.table.footer, let start = footerStart,
            footerContentRows > footer.maxRows
        {
            tally.record(compiled.tableRule(.longFooter)) {
                // A table has one footer: its identity is the same wherever it starts.
                FindingExample(
                    row: start.row, line: start.line, column: nil, field: nil, value: String(footerContentRows),
                    rowKey: compiled.rowKey.of("footer", value: "footer"),
                    note:
                        "the footer starts at row \(start.row) and has \(footerContentRows) rows that are not blank; max-rows is \(footer.maxRows)"
                )
            }
        }
        if stopReason == nil { checkDataset() }
        var report = Report(
            compiled: compiled, tally: tally, dataRows: dataRows, rowsWithErrors: rowsWithErrors,
            stopReason: stopReason, input: input, startedAt: startedAt, duration: duration)
        report.table = Report.TableInfo(
            encoding: dialect.encoding.rawValue, headerRow: headerRows > 0 ? skippedLines + 1 : nil,
            linesSkipped: skippedLines, blankRowsSkipped: blankRowsSkipped,
            footer: footerStart.map { Report.TableInfo.Footer(row: $0.row, line: $0.line, rows: footerRows) })
        report.hints = layout?.hints ?? []
        if let format = compiled.standard.origin.formatName {
            report.hints.append(
                "the standard is a \(format), checked as the Hallmark standard that 'hallmark convert' prints for it")
        }
        if let footer = compiled.standard.table.footer, footerStart == nil, stopReason == nil,
            headerRows > 0 || !dialect.hasHeader
        {
            report.hints.append(
                "no row matched the footer pattern '\(footer.pattern)': every row to the end was checked as data")
        }
        if let reason = ledger.spillFailure {
            report.hints.append("keys of uniqueness checks stayed in memory \(reason)")
        }
        if ledger.passedLimitInMemory {
            report.hints.append(
                "keys of uniqueness checks stayed in memory past --memory-limit: --max-errors and row files need each repeated key found as the file is read"
            )
        }
        if dialect.encoding == .utf8 && windows1252Cells > 0 {
            report.hints.append(
                "\(windows1252Cells) \(windows1252Cells == 1 ? "cell is not UTF-8 but looks" : "cells are not UTF-8 but look") like windows-1252 "
                    + "(bytes such as 0xA3 for £ or 0x92 for ’): the file may have been saved from a spreadsheet; "
                    + "try --encoding windows-1252, or encoding: windows-1252 in the standard's dialect")
        }
        return report
    }

    /// Dataset findings are about the whole table: their examples have no row, except those of
    /// foreign keys within the table, which are about the rows whose reference never appeared.
    private mutating func checkDataset() {
        let compiled = compiled
        let layout = layout
        references.forEachUnresolved { key, entry in
            let keySet = compiled.keySets[Int(entry.set)]
            let rule = compiled.rules[keySet.rule]
            let column = layout?.fieldForColumn.firstIndex(of: keySet.fields[0])
            tally.record(keySet.rule) {
                FindingExample(
                    row: entry.row, line: entry.line, column: column.map { $0 + 1 },
                    field: compiled.standard.fields[keySet.fields[0]].name,
                    value: Self.describe(key, of: keySet, in: compiled),
                    rowKey: Self.rowKey(key, of: keySet, in: compiled, layout: layout))
            }
            if rule.severity == .error, !entry.rowHadError, rowsCountedByKeys.insert(entry.row).inserted {
                rowsWithErrors += 1
            }
        }
        checkAggregates()
        let rows = dataRows
        if let rule = compiled.rowsRule {
            let spec = compiled.standard.dataset
            if rows < (spec.minimumRows ?? 0) || rows > (spec.maximumRows ?? Int.max) {
                tally.record(rule) {
                    FindingExample(row: nil, line: nil, column: nil, field: nil, value: String(rows))
                }
            }
        }
        for (field, percent, rule) in compiled.completeness {
            let share = rows == 0 ? 100 : Double(filled[field]) * 100 / Double(rows)
            if share < percent {
                let shown = (share * 100).rounded(.down) / 100
                tally.record(rule) {
                    FindingExample(
                        row: nil, line: nil, column: nil, field: compiled.standard.fields[field].name,
                        value: "\(shown)%")
                }
            }
        }
    }

    /// Each aggregate's assertion on each group's values, in the order groups were first seen.
    private mutating func checkAggregates() {
        guard !aggregates.isEmpty else { return }
        let compiled = compiled
        var evaluator = ExpressionEvaluator(compiled: compiled, today: compiled.today)
        for (index, rule) in compiled.standard.dataset.aggregates.enumerated() {
            let table = aggregates[index]
            // The whole table is one group even when it has no rows.
            let groups = rule.groupFields.isEmpty ? 1 : table.groupCount
            for group in 0..<groups {
                let seen = group < table.groupCount
                let accumulators = rule.values.indices.map { seen ? table[group, $0] : AggregateTable.Accumulator() }
                let values = rule.values.indices.map { index in
                    rule.values[index].function == .distinctCount
                        ? .number(ExactNumber(Int64(seen ? table.distinctCount(group: group, value: index) : 0)))
                        : Self.value(of: accumulators[index], rule.values[index].function)
                }
                // A sum too large to be exact is never compared: the group fails, and says why.
                let inexact = zip(accumulators, rule.values).filter { accumulator, value in
                    (value.function == .sum || value.function == .mean) && !accumulator.isExact
                }.map(\.1.name)
                if inexact.isEmpty {
                    evaluator.load(values: values)
                    let outcome = evaluator.assertion(aggregate: index)
                    if outcome.value == true || (outcome.value == nil && !rule.failsWhenUnknown && !outcome.undecided) {
                        continue
                    }
                }
                let fields = compiled.standard.fields
                let key = seen ? table.key(of: group) : []
                let parts = key.withUnsafeBytes { key in
                    CompositeKey.parts(of: key).map { Array($0) }
                }
                tally.record(compiled.aggregateRules[index]) {
                    let shown = zip(rule.groupFields, parts).map { field, part in
                        part.withUnsafeBytes {
                            "\(fields[field].name)=\(CellText.reported($0, sensitive: fields[field].isSensitive))"
                        }
                    }
                    let computed = zip(rule.values, values).map { value, result in
                        let text =
                            fields[value.fieldIndex].isSensitive
                            ? "(masked)"
                            : inexact.contains(value.name)
                                ? "not exact (beyond 38 digits or 18 places)" : result.map(Self.describe) ?? "unknown"
                        return "\(value.name) = \(text)"
                    }
                    return FindingExample(
                        row: rule.groupFields.isEmpty ? nil : table.firstRows[group],
                        line: rule.groupFields.isEmpty ? nil : table.firstLines[group], column: nil,
                        field: nil, value: shown.isEmpty ? nil : shown.joined(separator: ", "),
                        rowKey: rule.groupFields.isEmpty
                            ? nil
                            : compiled.rowKey.of(
                                "aggregate:\(rule.id)",
                                parts: zip(rule.groupFields, parts).map { field, part in
                                    part.withUnsafeBytes { ($0, fields[field].isSensitive) }
                                }),
                        note: computed.joined(separator: ", "))
                }
            }
        }
    }

    /// A group's value as the assertion sees it; `nil` (unknown) for a sum, mean, minimum or
    /// maximum over no values.
    private static func value(of accumulator: AggregateTable.Accumulator, _ function: AggregateRule.Function)
        -> RuleValue?
    {
        switch function {
        case .count: return .number(ExactNumber(Int64(accumulator.count)))
        case .distinctCount: return nil  // read from the table's distinct sets
        case .sum: return accumulator.count == 0 ? nil : .number(accumulator.number)
        case .mean:
            guard accumulator.count > 0 else { return nil }
            return (accumulator.number / ExactNumber(Int64(accumulator.count))).map { .number($0) }
        case .min, .max:
            guard accumulator.count > 0 else { return nil }
            return accumulator.holdsMoment ? .temporal(accumulator.moment) : .number(accumulator.number)
        }
    }

    /// A computed value for a finding's note.
    private static func describe(_ value: RuleValue) -> String {
        switch value {
        case .number(let number): return number.description
        case .temporal(let moment):
            func padded(_ number: Int64, _ width: Int) -> String {
                let digits = String(number)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            let (year, month, day) = GregorianCalendar.civil(fromDays: Int(moment.days))
            let date = "\(padded(Int64(year), 4))-\(padded(Int64(month), 2))-\(padded(Int64(day), 2))"
            let seconds = moment.seconds - moment.days * 86_400
            guard seconds != 0 || moment.nanoseconds != 0 else { return date }
            return date + "T\(padded(seconds / 3600, 2)):\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2))"
        case .boolean(let truth): return String(truth)
        case .text: return "text"
        }
    }

    /// A duplicate's ``FindingExample/rowKey``: the key itself, as the record's own row key is for a primary key.
    static func rowKey(
        _ key: UnsafeRawBufferPointer, of keySet: KeySet, in compiled: CompiledStandard, layout: ColumnLayout?
    ) -> String {
        let fields = compiled.standard.fields
        if keySet.isWholeRow {
            // The record's own row key (as the checker makes it without a primary key), values of
            // sensitive fields entering only through the keyed HMAC.
            let parts = CompositeKey.parts(of: key).enumerated().map { column, value in
                let field = layout.map { column < $0.width ? $0.fieldForColumn[column] : -1 } ?? -1
                return (value, field >= 0 && fields[field].isSensitive)
            }
            return compiled.rowKey.of("record", parts: parts)
        }
        guard keySet.isComposite else {
            let field = fields[keySet.fields[0]]
            return compiled.rowKey.of("unique:\(field.name)", parts: [(key, field.isSensitive)])
        }
        let parts = zip(keySet.fields, CompositeKey.parts(of: key)).map {
            ($1, fields[$0].isSensitive || keySet.masksValues)
        }
        return compiled.rowKey.of(
            keySet.isPrimaryKey ? "key" : keySet.role == .unique ? "unique-key" : "foreign-key", parts: parts)
    }

    /// A key as the report shows it: the value, or `NAME=value, …` for a key that names its parts,
    /// masked for sensitive fields.
    static func describe(_ key: UnsafeRawBufferPointer, of keySet: KeySet, in compiled: CompiledStandard)
        -> String
    {
        let fields = compiled.standard.fields
        guard keySet.isComposite else {
            return CellText.reported(key, sensitive: fields[keySet.fields[0]].isSensitive)
        }
        return zip(keySet.fields, CompositeKey.parts(of: key)).map { field, value in
            let shown = CellText.reported(value, sensitive: fields[field].isSensitive || keySet.masksValues)
            return keySet.namesParts ? "\(fields[field].name)=\(shown)" : shown
        }.joined(separator: ", ")
    }
}
