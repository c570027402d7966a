/// Checks data records against the compiled standard. One per worker: it owns the PCRE2 matchers
/// and scratch buffers, so it is not shared between threads.
package struct RecordChecker {
    let compiled: CompiledStandard
    let layout: ColumnLayout
    /// Each field's program, read in place (``CompiledStandard/programTable``, which `compiled` keeps).
    private let programs: UnsafePointer<FieldProgram>
    /// The patterns' matchers, kept alive here and called through ``matcherRefs`` without a retain.
    private let matchers: [PatternMatcher]
    private let pinnedMatchers: PinnedElements<Unmanaged<PatternMatcher>>
    private let matcherRefs: UnsafePointer<Unmanaged<PatternMatcher>>
    /// ``CompiledStandard/layouts``, read in place: their tokens copied to addresses of this
    /// checker's (`layoutTokens`, see ``PinnedElements``), and each layout over them.
    private let layoutTokens: PinnedElements<TemporalLayout.Token>
    private let pinnedLayouts: PinnedElements<TemporalLayout.InPlace>
    private let layouts: UnsafePointer<TemporalLayout.InPlace>
    /// Whether each key set compares its parts by meaning (a uniqueness key) or as text.
    private let keySetsByMeaning: PinnedElements<Bool>
    private var scratch: [UInt8] = []
    /// A number rewritten in plain form (``NumberSyntax``).
    private var numberScratch: [UInt8] = []
    /// A cell's canonical spelling, for `values` and keys compared by meaning.
    private var logicalScratch: [UInt8] = []
    private let lineEnding: CSVDialect.LineEnding
    /// Cells with a value, per field, since ``moveFilled(into:)``: counted in place, where an
    /// increment of the result's array would check the array's uniqueness for every cell.
    private let filled: FieldCounters
    /// The file column of each primary-key field, or `nil` when one is absent from the file.
    private let keyColumns: [Int]?
    /// Every composite key a row logs, in order: the primary key, each `unique-keys` set, then each
    /// foreign key within the table, referenced before referring (so a row that refers to itself
    /// finds its own key at once, not from ``ReferenceLedger``'s backlog); only those whose fields
    /// are all in the file. Read in place: arrays of columns read per row were retained and released
    /// per key.
    private let compositeKeys: UnsafeBufferPointer<CompositeKeyColumns>
    private let compositeKeyStorage: PinnedElements<CompositeKeyColumns>
    private let compositeKeyColumnStorage: PinnedElements<Int>
    /// Each foreign key looked up in a code list or another file, with its file columns.
    private let lookupColumns: [(lookup: ForeignKeyLookup, columns: [Int])]
    /// The code lists and those foreign keys as the hot path reads them: plain pointers.
    private let lookups: LookupTables
    /// `codes-as-of` checks whose two fields are both in the file: their columns and rule.
    private let inForceChecks: [(field: Int, codeColumn: Int, asOf: Int, asOfColumn: Int, rule: Int)]
    /// The first column holding a sensitive field (`Int.max` when none does).
    private let firstSensitiveColumn: Int
    /// Evaluates `rules:` and `required-when:`.
    private var evaluator: ExpressionEvaluator
    /// Whether the standard has rules over rows, tested on every row.
    private let hasRowRules: Bool
    /// `aggregates:`, and the file column of each one's group fields (-1 for one the file lacks,
    /// whose part of every row's group is then missing).
    private let aggregates: [(rule: AggregateRule, groupColumns: [Int])]
    /// The file column of each field, or -1 when the file lacks it.
    private let columnForField: [Int]
    /// A footer row has been seen: every record from here on is footer (`table: footer:`).
    private var inFooter = false
    private let skipBlankRows: Bool
    private let hasFooter: Bool
    /// For each file column, whether its field trims its values (`trim:`): keys are trimmed too.
    private let trimsColumn: [Bool]
    /// The table says `trim: true`: a row of spaces is blank.
    private let trimsEverything: Bool
    /// Columns from which the current record's values are masked whatever their field: in a row
    /// with extra cells, an unquoted delimiter may have pushed part of a sensitive value rightwards.
    private var maskedFrom = Int.max
    /// Cells each column has lately seen pass its checks, so a value seen again is not checked again.
    private let passedCells: PassedCells

    package init(compiled: CompiledStandard, layout: ColumnLayout) {
        self.compiled = compiled
        self.layout = layout
        programs = UnsafePointer(compiled.programTable.programs.baseAddress!)
        matchers = compiled.patterns.map { PatternMatcher($0, limits: compiled.patternLimits) }
        pinnedMatchers = PinnedElements(matchers.map { Unmanaged.passUnretained($0) })
        matcherRefs = UnsafePointer(pinnedMatchers.base)
        let tokens = PinnedElements.concatenating(compiled.layouts.map(\.tokens))
        layoutTokens = tokens.storage
        pinnedLayouts = PinnedElements(
            zip(compiled.layouts, tokens.parts).map { TemporalLayout.InPlace(tokens: $1, flexible: $0.flexible) })
        layouts = UnsafePointer(pinnedLayouts.base)
        // A uniqueness key compares what its parts mean (`01` is `1`); a key within the table, as
        // foreign keys compare, the text.
        keySetsByMeaning = PinnedElements(compiled.keySets.map { $0.role == .unique })
        lineEnding = compiled.standard.table.dialect.lineEnding
        filled = FieldCounters(count: compiled.programs.count)
        var columnForField = Array(repeating: -1, count: compiled.standard.fields.count)
        for (column, field) in layout.fieldForColumn.enumerated() where field >= 0 && columnForField[field] < 0 {
            columnForField[field] = column
        }
        self.columnForField = columnForField
        hasRowRules = !compiled.rowRules.isEmpty
        aggregates = compiled.standard.dataset.aggregates.map { rule in
            (rule, rule.groupFields.map { columnForField[$0] })
        }
        // Built even for a standard with no rules or aggregates (it is small then), so the hot
        // path has no optional to unwrap.
        evaluator = ExpressionEvaluator(compiled: compiled, today: compiled.today)
        skipBlankRows = compiled.standard.table.dialect.skipBlankRows
        hasFooter = compiled.footerPatternSlot >= 0
        trimsColumn = layout.fieldForColumn.map { $0 >= 0 && compiled.programs[$0].trims }
        trimsEverything = compiled.standard.table.trim
        func columns(of fields: [Int]) -> [Int]? {
            let columns = fields.compactMap { layout.fieldForColumn.firstIndex(of: $0) }
            return columns.count == fields.count ? columns : nil
        }
        keyColumns = compiled.primaryKey.flatMap { columns(of: compiled.keySets[$0].fields) }
        let keySets =
            (compiled.primaryKey.map { [$0] } ?? []) + compiled.uniqueKeySets
            + compiled.tableForeignKeys.flatMap { [$0.referenced, $0.referring] }
        let logged = keySets.compactMap { set in columns(of: compiled.keySets[set].fields).map { (set, $0) } }
        let pinnedColumns = PinnedElements.concatenating(logged.map(\.1))
        let keyStorage = PinnedElements(
            zip(logged, pinnedColumns.parts).map { CompositeKeyColumns(set: $0.0, columns: $1) })
        compositeKeyColumnStorage = pinnedColumns.storage
        compositeKeyStorage = keyStorage
        compositeKeys = UnsafeBufferPointer(start: keyStorage.base, count: logged.count)
        lookupColumns = compiled.lookupForeignKeys.compactMap { lookup in
            columns(of: lookup.fields).map { (lookup, $0) }
        }
        lookups = LookupTables(codeLists: compiled, foreignKeys: lookupColumns)
        inForceChecks = compiled.codesInForce.compactMap { check in
            guard let codeColumn = layout.fieldForColumn.firstIndex(of: check.field),
                let asOfColumn = layout.fieldForColumn.firstIndex(of: check.asOf)
            else { return nil }
            return (check.field, codeColumn, check.asOf, asOfColumn, check.rule)
        }
        firstSensitiveColumn =
            layout.fieldForColumn.indices.first {
                layout.fieldForColumn[$0] >= 0 && compiled.standard.fields[layout.fieldForColumn[$0]].isSensitive
            }
            ?? Int.max
        passedCells = PassedCells(
            remembered: layout.fieldForColumn.map { $0 >= 0 && compiled.programs[$0].remembersPassedCells })
        scratch.reserveCapacity(256)
    }

    /// Checks one data record. Returns whether it had a finding of severity `error`.
    package mutating func check(_ record: CSVRecord, row: Int, into result: inout BlockResult) -> Bool {
        result.records += 1
        // Blank rows matter here only to footers (whose max-rows ignores them) and skip-blank-rows.
        let blank = (hasFooter || skipBlankRows) && isBlank(record)
        if blank { result.blankRecords += 1 }
        if hasFooter && (inFooter || startsFooter(record)) {
            if !inFooter { result.footerStart = (row, record.startLine) }
            inFooter = true
            result.footerRecords += 1
            if !blank { result.footerContentRecords += 1 }
            return false
        }
        if skipBlankRows && blank {
            result.blankRowsSkipped += 1
            return false
        }
        result.rows += 1
        result.tally.markRow()
        // Only a record with a kept example pays for its key.
        defer { if !result.tally.keptInRow.isEmpty { finishKeptExamples(of: record, into: &result) } }
        let firstKey = result.keys.entries.count
        let line = record.startLine
        var hasError = false
        maskedFrom = record.fieldCount > layout.width ? firstSensitiveColumn : Int.max
        func table(_ which: TableRule, column: Int? = nil, value: String? = nil, field: String? = nil) {
            // The standard may make a rule more severe than its default (a blank row where values are required).
            if compiled.rules[compiled.tableRule(which)].severity == .error { hasError = true }
            result.tally.record(compiled.tableRule(which)) {
                FindingExample(row: row, line: line, column: column.map { $0 + 1 }, field: field, value: value)
            }
        }

        if lineEnding != .any, record.terminator != .endOfInput, !Self.matches(record.terminator, lineEnding) {
            table(.lineEnding)
        }
        if record.isOversized {
            table(.oversizedRecord)
            result.rowsWithErrors += 1
            return true
        }
        if record.isUnterminated {
            table(.unterminatedQuote, column: record.fieldCount - 1)
            result.rowsWithErrors += 1
            return true
        }
        if record.isBlank && (record.fieldCount == 1 || record.fieldCount == layout.width) {
            table(.blankRow)
            if hasError { result.rowsWithErrors += 1 }
            return hasError
        }
        if let column = record.strayQuoteField {
            let index = column < layout.width ? layout.fieldForColumn[column] : -1
            let field = index >= 0 ? compiled.standard.fields[index] : nil
            let value = record.bytes.withUnsafeBytes { bytes in
                CellText.reported(
                    UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: column)]),
                    sensitive: field?.isSensitive ?? false || column >= maskedFrom)
            }
            table(.strayQuote, column: column, value: value, field: field?.name)
        }
        if record.fieldCount > layout.width {
            let value = record.bytes.withUnsafeBytes { bytes in
                CellText.reported(
                    UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: layout.width)]),
                    sensitive: layout.width >= maskedFrom)
            }
            table(.extraCell, column: layout.width, value: value)
        } else if layout.hasTrailingEmptyColumn && record.fieldCount == layout.width
            && !record.range(ofField: layout.width - 1).isEmpty
        {
            // The trailing column the standard allows must stay empty.
            let column = layout.width - 1
            let value = record.bytes.withUnsafeBytes { bytes in
                CellText.reported(
                    UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: column)]),
                    sensitive: column >= maskedFrom)
            }
            table(.extraCell, column: column, value: value)
        } else if record.fieldCount < layout.width
            && !(layout.hasTrailingEmptyColumn && record.fieldCount == layout.width - 1)
        {
            let index = layout.fieldForColumn[record.fieldCount]
            table(
                .missingCell, column: record.fieldCount, field: index >= 0 ? compiled.standard.fields[index].name : nil)
        }

        let hadError = record.bytes.withUnsafeBytes { bytes -> Bool in
            let asciiOnly = record.isASCII ?? CellText.isASCII(bytes)
            let columns = min(record.fieldCount, layout.width)
            for column in 0..<columns {
                let field = layout.fieldForColumn[column]
                guard field >= 0 else { continue }
                let range = record.range(ofField: column)
                let cell = UnsafeRawBufferPointer(rebasing: bytes[range])
                if !asciiOnly && !UTF8Bytes.isValid(cell) {
                    let spec = compiled.standard.fields[field]
                    if CellText.looksLikeWindows1252(cell) { result.windows1252Cells += 1 }
                    table(
                        .invalidUTF8, column: column,
                        value: CellText.reported(cell, sensitive: spec.isSensitive || column >= maskedFrom),
                        field: spec.name)
                    continue
                }
                // A value the column has seen pass passes again: it only counts as filled.
                if passedCells.contains(cell, column: column) {
                    filled.counts[field] += 1
                    continue
                }
                if checkCell(cell, field: field, column: column, row: row, line: line, into: &result) {
                    hasError = true
                }
            }
            // Cells missing from a short row are missing values.
            if columns < layout.width {
                for column in columns..<layout.width {
                    let field = layout.fieldForColumn[column]
                    guard field >= 0 else { continue }
                    let program = compiled.programs[field]
                    if program.required >= 0 {
                        report(
                            program.required, field: field, column: column, row: row, line: line, cell: nil,
                            tally: &result.tally, hasError: &hasError)
                    }
                }
            }
            for check in inForceChecks
            where check.codeColumn < record.fieldCount && check.asOfColumn < record.fieldCount {
                if !isInForce(check, record: record, bytes: bytes) {
                    report(
                        check.rule, field: check.field, column: check.codeColumn, row: row, line: line,
                        cell: UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: check.codeColumn)]),
                        tally: &result.tally, hasError: &hasError)
                }
            }
            if hasRowRules || !aggregates.isEmpty {
                let columns = columnForField
                evaluator.load { field in
                    let column = columns[field]
                    guard column >= 0, column < record.fieldCount else { return nil }
                    return UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: column)])
                }
            }
            if hasRowRules {
                checkRowRules(record, bytes: bytes, row: row, line: line, into: &result, hasError: &hasError)
            }
            if !aggregates.isEmpty {
                accumulate(record, bytes: bytes, row: row, line: line, into: &result.aggregates)
            }
            for index in lookups.foreignKeys.indices
            where !refers(lookups.foreignKeys[index], record: record, bytes: bytes, asciiOnly: asciiOnly) {
                let (lookup, columns) = lookupColumns[index]
                if compiled.rules[lookup.rule].severity == .error { hasError = true }
                result.tally.record(lookup.rule) {
                    FindingExample(
                        row: row, line: line, column: columns[0] + 1,
                        field: compiled.standard.fields[lookup.fields[0]].name,
                        value: describeKey(lookup.fields, columns: columns, record: record, bytes: bytes))
                }
            }
            for key in compositeKeys {
                logCompositeKey(key, record: record, bytes: bytes, row: row, line: line, into: &result.keys)
            }
            if let wholeRow = compiled.wholeRowKey {
                // Every cell as its field checks it, so rows that differ only in padding under trim are one row.
                let start = result.keys.keyStart
                for column in 0..<record.fieldCount {
                    result.keys.appendPart(keyPart(column, record: record, bytes: bytes))
                }
                result.keys.finishKey(from: start, set: wholeRow, column: -1, row: row, line: line)
            }
            return hasError
        }
        result.keys.markRow(from: firstKey, hadError: hadError)
        if hadError { result.rowsWithErrors += 1 }
        return hadError
    }

    /// Checks one cell; returns whether it had an error-severity finding.
    ///
    /// Checks run from the most specific to the least (type, bounds, format, codes, values,
    /// pattern, length, spaces); under `cell-findings: first` the first failure is the cell's only
    /// finding.
    @inline(__always)
    private mutating func checkCell(
        _ raw: UnsafeRawBufferPointer, field: Int, column: Int, row: Int, line: Int,
        into result: inout BlockResult
    ) -> Bool {
        let program = programs + field
        var hasError = false
        var failed = false
        let firstOnly = compiled.firstFailureOnly
        func fail(_ rule: Int) {
            failed = true
            report(
                rule, field: field, column: column, row: row, line: line, cell: raw, tally: &result.tally,
                hasError: &hasError)
        }
        let padded = (program.pointee.whitespace >= 0 || program.pointee.trims) && CellText.isPadded(raw)
        let cell = program.pointee.trims && padded ? UTF8Bytes.trimmed(raw) : raw
        // Untrimmed, the spaces are why the value fails whatever else it fails: say so first.
        let missingSlot = program.pointee.missingSlot
        if padded && program.pointee.whitespace >= 0 && !program.pointee.trims
            && !compiled.isMissing(cell, missingSlot: missingSlot)
        {
            fail(program.pointee.whitespace)
            if firstOnly {
                filled.counts[field] += 1
                return hasError
            }
        }
        if compiled.isMissing(cell, missingSlot: missingSlot) {
            if program.pointee.required >= 0 { fail(program.pointee.required) }
            if !failed && padded && program.pointee.whitespace >= 0 { fail(program.pointee.whitespace) }
            return hasError
        }
        filled.counts[field] += 1

        switch program.pointee.type {
        case .string:
            break
        case .integer, .decimal, .number:
            // Verdicts come back as values, not through `fail`: a closure capturing this checker,
            // handed to one of its own methods, would make Swift copy the whole checker per cell.
            let verdict: NumberVerdict?
            if program.pointee.numberSyntaxSlot >= 0 {
                if compiled.numberSyntaxes[program.pointee.numberSyntaxSlot].plain(cell, into: &numberScratch) {
                    let decimalBounds = compiled.decimalBounds
                    verdict = numberScratch.withUnsafeBytes {
                        Self.numberVerdict($0, program, decimalBounds: decimalBounds)
                    }
                } else {
                    verdict = nil
                }
            } else {
                verdict = Self.numberVerdict(cell, program, decimalBounds: compiled.decimalBounds)
            }
            guard let verdict else {
                fail(program.pointee.typeRule)
                return hasError
            }
            if verdict.tooManyPlaces { fail(program.pointee.scale) }
            if verdict.bounds.belowMin { fail(program.pointee.lower) }
            if verdict.bounds.aboveMax { fail(program.pointee.upper) }
        case .boolean:
            let values = compiled.booleanValues[program.pointee.booleanSlot]
            let known =
                values.true.contains { CellText.equals(cell, $0) }
                || values.false.contains { CellText.equals(cell, $0) }
            if !known {
                fail(program.pointee.typeRule)
                return hasError
            }
        case .date, .time, .datetime, .year, .yearmonth:
            let parsed =
                program.pointee.layoutSlot >= 0
                ? layouts[program.pointee.layoutSlot].parse(cell) : program.pointee.temporalKind?.parse(cell)
            guard let value = parsed else {
                let layout = program.pointee.layoutSlot >= 0 ? compiled.layouts[program.pointee.layoutSlot] : nil
                failType(
                    program.pointee, field: field, column: column, row: row, line: line, raw: raw, cell: cell,
                    layout: layout, into: &result, hasError: &hasError)
                return hasError
            }
            let bounds = Self.bounds(program) {
                if case .temporal(let bound) = $0 { threeWayCompare(value, bound) } else { nil }
            }
            if bounds.belowMin { fail(program.pointee.lower) }
            if bounds.aboveMax { fail(program.pointee.upper) }
        case .duration:
            guard let value = ISODuration.parse(cell) else {
                fail(program.pointee.typeRule)
                return hasError
            }
            let bounds = Self.bounds(program) {
                if case .temporal(let bound) = $0 { threeWayCompare(value.key, bound) } else { nil }
            }
            if bounds.belowMin { fail(program.pointee.lower) }
            if bounds.aboveMax { fail(program.pointee.upper) }
        case .geopoint, .object, .array, .geojson, .topojson, .list, .uri, .base64:
            if !compiled.shapes[program.pointee.shapeSlot].accepts(cell) {
                fail(program.pointee.typeRule)
                return hasError
            }
        }
        if program.pointee.uniqueSet >= 0 {
            if program.pointee.keysByMeaning, logicalKey(cell, program) {
                logicalScratch.withUnsafeBytes {
                    result.keys.append(set: program.pointee.uniqueSet, column: column, key: $0, row: row, line: line)
                }
            } else {
                result.keys.append(set: program.pointee.uniqueSet, column: column, key: cell, row: row, line: line)
            }
        }
        if failed && firstOnly { return hasError }

        // Checks on the text, most specific first.
        if program.pointee.formatSlot >= 0 {
            switch matchFormat(program, cell) {
            case .match: break
            case .noMatch: fail(program.pointee.format)
            case .limit: fail(program.pointee.patternLimit)
            }
            if failed && firstOnly { return hasError }
        }
        if program.pointee.codesSlot >= 0, !hasCode(cell, in: program.pointee.codesSlot) {
            fail(program.pointee.codes)
            if firstOnly { return hasError }
        }
        if program.pointee.valuesSlot >= 0,
            !(program.pointee.valuesByMeaning
                ? hasLogicalValue(cell, program) : hasCode(cell, in: program.pointee.valuesSlot))
        {
            fail(program.pointee.values)
            if firstOnly { return hasError }
        }
        if program.pointee.patternSlot >= 0 {
            switch match(program.pointee.patternSlot, cell) {
            case .match: break
            case .noMatch: fail(program.pointee.pattern)
            case .limit: fail(program.pointee.patternLimit)
            }
            if failed && firstOnly { return hasError }
        }
        if program.pointee.minimumLength >= 0 || program.pointee.maximumLength >= 0 {
            // A list, array or object is as long as its items, as Table Schema counts them.
            let length =
                program.pointee.shapeSlot >= 0
                ? compiled.shapes[program.pointee.shapeSlot].itemCount(cell) ?? CellText.scalarCount(cell)
                : CellText.scalarCount(cell)
            if program.pointee.minimumLength >= 0, length < program.pointee.minimumLength {
                fail(program.pointee.minLength)
            }
            if program.pointee.maximumLength >= 0, length > program.pointee.maximumLength {
                fail(program.pointee.maxLength)
            }
            if failed && firstOnly { return hasError }
        }
        if padded && program.pointee.whitespace >= 0 && program.pointee.trims { fail(program.pointee.whitespace) }
        // Passed every check: its equals in this column need none (see the column loop in `check`).
        if !failed { passedCells.insert(raw, column: column) }
        return hasError
    }

    /// A temporal type failure, with a note when the value has a date's shape but names no real
    /// day ("there is no 31 September").
    private func failType(
        _ program: FieldProgram, field: Int, column: Int, row: Int, line: Int, raw: UnsafeRawBufferPointer,
        cell: UnsafeRawBufferPointer, layout: TemporalLayout?, into result: inout BlockResult, hasError: inout Bool
    ) {
        report(
            program.typeRule, field: field, column: column, row: row, line: line, cell: raw, tally: &result.tally,
            hasError: &hasError, note: { program.temporalKind?.impossibleDate(cell, layout: layout) })
    }

    /// Adds the cells with a value counted since the last call to `counts`, and starts again from zero.
    func moveFilled(into counts: inout [Int]) {
        for field in counts.indices {
            counts[field] += filled.counts[field]
            filled.counts[field] = 0
        }
    }

    /// Checks the row's rules: each applies where its condition is true, and fails where its
    /// assertion is false (or unknown, under `unknown: fail`).
    private mutating func checkRowRules(
        _ record: CSVRecord, bytes: UnsafeRawBufferPointer, row: Int, line: Int, into result: inout BlockResult,
        hasError: inout Bool
    ) {
        let columns = columnForField
        for index in compiled.rowRules.indices {
            guard evaluator.applies(rule: index) else { continue }
            let outcome = evaluator.assertion(rule: index)
            let holds = outcome.value
            // A `matches(…)` the limits stopped fails closed: the rule could not be shown to hold.
            let undecided = outcome.undecided
            if holds == true || (holds == nil && !compiled.rowRules[index].failsWhenUnknown && !undecided) { continue }
            let program = compiled.rowRules[index]
            let note: String? =
                holds != nil
                ? nil
                : undecided
                    ? "matches(…) could not be decided within the pattern limits (see pattern-limit)"
                    : "its value is unknown: a value it needs is missing or not valid"
            let column = program.blamed.map { columns[$0] } ?? -1
            if let field = program.blamed, column >= 0 {
                let cell =
                    column < record.fieldCount
                    ? UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: column)]) : nil
                report(
                    program.rule, field: field, column: column, row: row, line: line, cell: cell, tally: &result.tally,
                    hasError: &hasError, masked: program.involvesSensitive, note: { note })
            } else {
                if compiled.rules[program.rule].severity == .error { hasError = true }
                let name = program.blamed.map { compiled.standard.fields[$0].name }
                result.tally.record(program.rule) {
                    FindingExample(row: row, line: line, column: nil, field: name, value: nil, note: note)
                }
            }
        }
    }

    /// What checking a number found.
    struct NumberVerdict {
        var tooManyPlaces = false
        var bounds = BoundVerdict()
    }

    /// Which of a field's bounds a value breaks.
    struct BoundVerdict {
        var belowMin = false
        var aboveMax = false
    }

    /// Parses a number in plain form and checks its bounds (and a decimal's scale); `nil` when it
    /// is not a number of the field's type at all.
    @inline(__always)
    private static func numberVerdict(
        _ cell: UnsafeRawBufferPointer, _ program: UnsafePointer<FieldProgram>, decimalBounds: [DecimalNumber]
    ) -> NumberVerdict? {
        var verdict = NumberVerdict()
        switch program.pointee.type {
        case .integer:
            guard let value = IntegerSyntax.parse(cell) else { return nil }
            verdict.bounds = bounds(program) {
                if case .integer(let bound) = $0 { threeWayCompare(value, bound) } else { nil }
            }
        case .decimal:
            guard let scan = DecimalNumber.scan(cell) else { return nil }
            verdict.tooManyPlaces =
                program.pointee.maximumScale >= 0 && scan.writtenScale > program.pointee.maximumScale
            verdict.bounds = bounds(program) {
                if case .decimal(let slot) = $0 { decimalBounds[slot].compare(cell: scan, in: cell) } else { nil }
            }
        default:
            guard let value = FloatSyntax.parse(cell) else { return nil }
            verdict.bounds = bounds(program) {
                if case .number(let bound) = $0 { threeWayCompare(value, bound) } else { nil }
            }
            if value.isNaN {
                // NaN is within no range: a bounded field rejects it (as Table Schema says).
                if case .number = program.pointee.lowerBound { verdict.bounds.belowMin = true }
                if case .number = program.pointee.upperBound { verdict.bounds.aboveMax = true }
            }
        }
        return verdict
    }

    /// `min`/`max` for every ordered type: `order` compares the typed cell with a bound of its type.
    @inline(__always)
    private static func bounds(_ program: UnsafePointer<FieldProgram>, _ order: (HotBound) -> Int?) -> BoundVerdict {
        var verdict = BoundVerdict()
        if let below = order(program.pointee.lowerBound), below < 0 || (below == 0 && program.pointee.lowerIsExclusive)
        {
            verdict.belowMin = true
        }
        if let above = order(program.pointee.upperBound), above > 0 || (above == 0 && program.pointee.upperIsExclusive)
        {
            verdict.aboveMax = true
        }
        return verdict
    }

    /// Whether a cell of `field` (-1: a column no field holds) means "no value", as the field reads it.
    @inline(__always)
    private func isMissing(_ cell: UnsafeRawBufferPointer, field: Int) -> Bool {
        compiled.isMissing(cell, missingSlot: field >= 0 ? programs[field].missingSlot : -1)
    }

    /// Whether a cell of `column` means "no value", as the field the column holds reads it.
    private func isMissing(_ cell: UnsafeRawBufferPointer, column: Int) -> Bool {
        isMissing(cell, field: column < layout.width ? layout.fieldForColumn[column] : -1)
    }

    /// Gives the row's kept examples their row key and where their cells start, worked out once
    /// for the row however many of its cells have findings. Out of line: inlined into ``check``, its
    /// closure made the compiler copy the block's result for every row.
    @inline(never)
    private func finishKeptExamples(of record: CSVRecord, into result: inout BlockResult) {
        let places = record.positions(quote: compiled.standard.table.dialect.quote)
        result.tally.finishRow(rowKey: rowKey(of: record)) { column in column < places.count ? places[column] : nil }
    }

    /// The identifier format's verdict on a cell: its pattern on the normalised value, then its checksum.
    private mutating func matchFormat(_ program: UnsafePointer<FieldProgram>, _ cell: UnsafeRawBufferPointer)
        -> PatternMatcher.Outcome
    {
        // A local copy of the pointer: `verdict` capturing `self` would copy the whole checker per cell.
        let matchers = matcherRefs
        func verdict(_ value: UnsafeRawBufferPointer) -> PatternMatcher.Outcome {
            if program.pointee.formatPatternSlot >= 0 {
                let outcome = Self.match(program.pointee.formatPatternSlot, value, in: matchers)
                guard outcome == .match else { return outcome }
            }
            return program.pointee.formatChecksum?.isValid(value) ?? true ? .match : .noMatch
        }
        guard program.pointee.formatNormalizes else { return verdict(cell) }
        Normalization.apply(compiled.formats[program.pointee.formatSlot].normalizations, to: cell, into: &scratch)
        return scratch.withUnsafeBytes { verdict($0) }
    }

    /// Pattern `slot`'s verdict on `bytes`.
    @inline(__always)
    private func match(_ slot: Int, _ bytes: UnsafeRawBufferPointer) -> PatternMatcher.Outcome {
        Self.match(slot, bytes, in: matcherRefs)
    }

    @inline(__always)
    private static func match(
        _ slot: Int, _ bytes: UnsafeRawBufferPointer, in matchers: UnsafePointer<Unmanaged<PatternMatcher>>
    ) -> PatternMatcher.Outcome {
        matchers[slot]._withUnsafeGuaranteedRef { $0.match(bytes) }
    }

    /// Whether a numeric or temporal cell means one of its field's `values`.
    private mutating func hasLogicalValue(_ cell: UnsafeRawBufferPointer, _ program: UnsafePointer<FieldProgram>)
        -> Bool
    {
        guard logicalKey(cell, program) else { return false }
        let values = lookups.codeLists[program.pointee.valuesSlot].keys
        return logicalScratch.withUnsafeBytes { values.contains($0) }
    }

    /// Writes into `logicalScratch` the canonical spelling of a numeric or temporal cell
    /// (``LogicalValue``), read plainly first when the field has a number syntax; `false` when the
    /// cell is not a value of its type.
    private mutating func logicalKey(_ cell: UnsafeRawBufferPointer, _ program: UnsafePointer<FieldProgram>) -> Bool {
        var key: [UInt8] = []
        swap(&key, &logicalScratch)
        defer { swap(&key, &logicalScratch) }
        let layout = program.pointee.layoutSlot >= 0 ? layouts + program.pointee.layoutSlot : nil
        let type = program.pointee.type
        guard program.pointee.numberSyntaxSlot >= 0 else {
            return LogicalValue.key(cell, type: type, layout: layout, into: &key)
        }
        guard compiled.numberSyntaxes[program.pointee.numberSyntaxSlot].plain(cell, into: &numberScratch) else {
            return false
        }
        return numberScratch.withUnsafeBytes { LogicalValue.key($0, type: type, layout: layout, into: &key) }
    }

    /// Whether the cell is a code of code list `slot`.
    private mutating func hasCode(_ cell: UnsafeRawBufferPointer, in slot: Int) -> Bool {
        let list = lookups.codeLists[slot]
        if list.isCaseSensitive { return list.keys.contains(cell) }
        scratch.removeAll(keepingCapacity: true)
        for byte in cell { scratch.append(Normalization.upper(byte)) }
        return scratch.withUnsafeBytes { list.keys.contains($0) }
    }

    private func report(
        _ rule: Int, field: Int, column: Int, row: Int, line: Int, cell: UnsafeRawBufferPointer?,
        tally: inout FindingTally, hasError: inout Bool, masked: Bool = false, note: () -> String? = { nil }
    ) {
        if compiled.rules[rule].severity == .error { hasError = true }
        tally.record(rule) {
            let spec = compiled.standard.fields[field]
            let sensitive = masked || spec.isSensitive || column >= maskedFrom
            return FindingExample(
                row: row, line: line, column: column + 1, field: spec.name,
                value: cell.map { CellText.reported($0, sensitive: sensitive) },
                note: sensitive ? nil : note())
        }
    }

    /// Whether the row's code was in force on the row's date. Missing or invalid values, and codes not
    /// in the list at all, are other rules' findings, so they pass here.
    private mutating func isInForce(
        _ check: (field: Int, codeColumn: Int, asOf: Int, asOfColumn: Int, rule: Int),
        record: CSVRecord, bytes: UnsafeRawBufferPointer
    ) -> Bool {
        let code = UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: check.codeColumn)])
        let date = UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: check.asOfColumn)])
        if isMissing(code, field: check.field) || isMissing(date, field: check.asOf) { return true }
        let program = compiled.programs[check.field]
        let asOf = compiled.programs[check.asOf]
        let list = compiled.codeLists[program.codesSlot]
        guard let place = list.place(of: code, scratch: &scratch),
            let moment = asOf.temporalKind?.parse(
                date, layout: asOf.layoutSlot >= 0 ? compiled.layouts[asOf.layoutSlot] : nil)
        else { return true }
        return list.isInForce(place: place, at: moment)
    }

    /// The record's ``FindingExample/rowKey``: its primary-key values when it has them all, else all its cells.
    private func rowKey(of record: CSVRecord) -> String {
        record.bytes.withUnsafeBytes { bytes in
            func part(_ column: Int) -> (bytes: UnsafeRawBufferPointer, isSensitive: Bool) {
                let field = column < layout.width ? layout.fieldForColumn[column] : -1
                let isSensitive = column >= maskedFrom || (field >= 0 && compiled.standard.fields[field].isSensitive)
                return (keyPart(column, record: record, bytes: bytes), isSensitive)
            }
            if let keyColumns,
                keyColumns.allSatisfy({ $0 < record.fieldCount && !isMissing(part($0).bytes, column: $0) })
            {
                return compiled.rowKey.of("key", parts: keyColumns.map(part))
            }
            return compiled.rowKey.of("record", parts: (0..<record.fieldCount).map(part))
        }
    }

    /// Logs the row's value of a key of several fields (see ``CompositeKey``). A row with a missing
    /// part is not a duplicate: the primary key reports it under `required`, `unique-keys` skip it.
    private mutating func logCompositeKey(
        _ compositeKey: CompositeKeyColumns, record: CSVRecord, bytes: UnsafeRawBufferPointer, row: Int, line: Int,
        into keys: inout KeyLog
    ) {
        let set = compositeKey.set
        let start = keys.keyStart
        let byMeaning = keySetsByMeaning.base[set]
        for column in compositeKey.columns {
            let cell = column < record.fieldCount ? keyPart(column, record: record, bytes: bytes) : nil
            guard let cell, !isMissing(cell, column: column) else { return keys.dropKey(from: start) }
            let field = column < layout.width ? layout.fieldForColumn[column] : -1
            if byMeaning, field >= 0, programs[field].keysByMeaning, logicalKey(cell, programs + field) {
                logicalScratch.withUnsafeBytes { keys.appendPart($0) }
            } else {
                keys.appendPart(cell)
            }
        }
        keys.finishKey(from: start, set: set, column: -1, row: row, line: line)
    }

    /// Adds the row to its group of each aggregate (the evaluator holds the row). A group field the
    /// file lacks, like a missing cell, is an empty part of the group's key.
    private mutating func accumulate(
        _ record: CSVRecord, bytes: UnsafeRawBufferPointer, row: Int, line: Int, into tables: inout [AggregateTable]
    ) {
        for (index, (rule, groupColumns)) in aggregates.enumerated() {
            scratch.removeAll(keepingCapacity: true)
            for column in groupColumns {
                let cell =
                    column >= 0 && column < record.fieldCount ? keyPart(column, record: record, bytes: bytes) : nil
                // A missing part is a group of its own, whatever the missing text was.
                CompositeKey.append(
                    part: cell.map {
                        isMissing($0, column: column) ? UnsafeRawBufferPointer(start: nil, count: 0) : $0
                    }
                        ?? UnsafeRawBufferPointer(start: nil, count: 0), to: &scratch)
            }
            let group = scratch.withUnsafeBytes {
                tables[index].group(for: $0, hash: ByteKeySet.hash($0), row: row, line: line)
            }
            for (place, value) in rule.values.enumerated() {
                guard evaluator.takes(aggregate: index, value: place) else { continue }
                if value.function == .distinctCount {
                    let column = columnForField[value.fieldIndex]
                    guard column >= 0, column < record.fieldCount else { continue }
                    let cell = keyPart(column, record: record, bytes: bytes)
                    if !isMissing(cell, field: value.fieldIndex) {
                        tables[index].insertDistinct(cell, group: group, value: place)
                    }
                    continue
                }
                guard let typed = evaluator.typedValue(of: value.fieldIndex) else { continue }
                switch (value.function, typed) {
                case (.count, _): tables[index].count(group: group, value: place)
                case (.sum, .number(let number)), (.mean, .number(let number)):
                    tables[index].add(number, group: group, value: place)
                case (.min, .number(let number)), (.max, .number(let number)):
                    tables[index].keep(.number(number), largest: value.function == .max, group: group, value: place)
                case (.min, .temporal(let moment)), (.max, .temporal(let moment)):
                    tables[index].keep(.temporal(moment), largest: value.function == .max, group: group, value: place)
                default: break
                }
            }
        }
    }

    /// Whether the row's key is among the foreign key's referenced keys. A row with a missing part,
    /// or one that is not valid text (already an `invalid-utf8` finding), is not checked, so it refers.
    private mutating func refers(
        _ key: LookupTables.ForeignKey, record: CSVRecord, bytes: UnsafeRawBufferPointer, asciiOnly: Bool
    ) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        for column in lookups.columns[key.columns] {
            guard column < record.fieldCount else { return true }
            let cell = keyPart(column, record: record, bytes: bytes)
            if isMissing(cell, column: column) || (!asciiOnly && !UTF8Bytes.isValid(cell)) { return true }
            if key.foldsCase {
                CompositeKey.append(upperCasing: cell, to: &scratch)
            } else {
                CompositeKey.append(part: cell, to: &scratch)
            }
        }
        return scratch.withUnsafeBytes { key.keys.contains($0) }
    }

    /// A key as reports show it: the value of a key of one field, `NAME=value, …` for several;
    /// masked for sensitive fields.
    private func describeKey(_ fields: [Int], columns: [Int], record: CSVRecord, bytes: UnsafeRawBufferPointer)
        -> String
    {
        let shown = zip(fields, columns).map { field, column in
            let spec = compiled.standard.fields[field]
            let value = CellText.reported(
                keyPart(column, record: record, bytes: bytes), sensitive: spec.isSensitive || column >= maskedFrom)
            return fields.count == 1 ? value : "\(spec.name)=\(value)"
        }
        return shown.joined(separator: ", ")
    }

    /// A cell as its field checks it: trimmed under `trim`, so that keys agree with values
    /// (` 3` and `3 ` are one key when the field trims).
    private func keyPart(_ column: Int, record: CSVRecord, bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let cell = UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: column)])
        return column < trimsColumn.count && trimsColumn[column] ? UTF8Bytes.trimmed(cell) : cell
    }

    /// Whether every cell of the record is empty: `,,,,` as well as an empty line; under the
    /// table's `trim: true`, cells of spaces are empty too.
    private func isBlank(_ record: CSVRecord) -> Bool {
        if record.isUnterminated || record.isOversized { return false }
        if record.isBlank { return true }
        guard trimsEverything else { return false }
        return record.isBlankWhenTrimmed
    }

    /// Whether the record's first non-blank cell, trimmed, matches the footer's pattern.
    private mutating func startsFooter(_ record: CSVRecord) -> Bool {
        guard compiled.footerPatternSlot >= 0, !record.isBlank else { return false }
        return record.bytes.withUnsafeBytes { bytes in
            for column in 0..<record.fieldCount {
                let cell = UTF8Bytes.trimmed(UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: column)]))
                if cell.isEmpty { continue }
                return match(compiled.footerPatternSlot, cell) == .match
            }
            return false
        }
    }

    static func matches(_ terminator: CSVRecord.Terminator, _ required: CSVDialect.LineEnding) -> Bool {
        switch (terminator, required) {
        case (_, .any), (.lf, .lf), (.crlf, .crlf), (.cr, .cr), (.endOfInput, _): return true
        default: return false
        }
    }
}

/// A composite key a row logs: its key set's slot and its fields' file columns, in memory the
/// checker pins (see ``PinnedElements``).
struct CompositeKeyColumns {
    let set: Int
    let columns: UnsafeBufferPointer<Int>
}

/// A count per field at a fixed address, owned by one ``RecordChecker``.
final class FieldCounters {
    let counts: UnsafeMutableBufferPointer<Int>

    init(count: Int) {
        counts = .allocate(capacity: count)
        counts.initialize(repeating: 0)
    }

    deinit {
        counts.deallocate()
    }
}

/// The code lists and foreign keys a checker looks cells up in, as plain pointers and numbers at
/// fixed addresses, one holder per checker. Read from the compiled standard's arrays instead, each
/// lookup retained and released the lists' arrays, atomic counts every worker shares.
final class LookupTables {
    struct CodeList {
        let keys: FrozenKeySet.Lookup
        let isCaseSensitive: Bool
    }

    struct ForeignKey {
        let keys: FrozenKeySet.Lookup
        let foldsCase: Bool
        /// Where its file columns lie in ``LookupTables/columns``.
        let columns: Range<Int>
    }

    /// By the compiled standard's code-list slot.
    let codeLists: UnsafeMutableBufferPointer<CodeList>
    /// In the order of the checker's foreign keys looked up in a list or file.
    let foreignKeys: UnsafeMutableBufferPointer<ForeignKey>
    /// Every foreign key's file columns, one key's after another.
    let columns: UnsafeMutableBufferPointer<Int>

    /// The pointers stay valid while `compiled` lives: the checker holds it.
    init(codeLists compiled: CompiledStandard, foreignKeys: [(lookup: ForeignKeyLookup, columns: [Int])]) {
        codeLists = .allocate(capacity: compiled.codeLists.count)
        for (slot, list) in compiled.codeLists.enumerated() {
            (codeLists.baseAddress! + slot).initialize(
                to: CodeList(keys: compiled.frozenCodeLists[slot].lookup, isCaseSensitive: list.isCaseSensitive))
        }
        let allColumns = foreignKeys.flatMap(\.columns)
        columns = .allocate(capacity: allColumns.count)
        _ = columns.initialize(from: allColumns)
        self.foreignKeys = .allocate(capacity: foreignKeys.count)
        var start = 0
        for (index, (lookup, keyColumns)) in foreignKeys.enumerated() {
            (self.foreignKeys.baseAddress! + index).initialize(
                to: ForeignKey(
                    keys: lookup.keys.lookup, foldsCase: lookup.foldsCase, columns: start..<start + keyColumns.count))
            start += keyColumns.count
        }
    }

    deinit {
        codeLists.deallocate()
        foreignKeys.deallocate()
        columns.deallocate()
    }
}
