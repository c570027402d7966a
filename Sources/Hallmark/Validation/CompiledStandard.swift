#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// A standard compiled for the engine: every rule numbered once, and one program per field
/// saying which checks its cells get. Built once per validation; shared read-only by workers.
package struct CompiledStandard: Sendable {
    package let standard: Standard
    package private(set) var rules: [Rule] = []
    package private(set) var programs: [FieldProgram] = []
    /// ``programs`` at a fixed address, where the hot paths read them in place; made once the
    /// programs are complete, and shared by every worker.
    package private(set) var programTable = FieldProgramTable([])
    /// Every compiled pattern a worker needs a matcher for, by slot.
    package private(set) var patterns: [CompiledPattern] = []
    /// Side tables the plain-data programs index into, so a program copies without reference counting.
    package private(set) var codeLists: [CodeList] = []
    /// Each of ``codeLists``' sets, frozen for lookups on the hot path.
    package private(set) var frozenCodeLists: [FrozenKeySet] = []
    package private(set) var formats: [IdentifierFormat] = []
    package private(set) var layouts: [TemporalLayout] = []
    package private(set) var decimalBounds: [DecimalNumber] = []
    package private(set) var booleanValues: [(true: [[UInt8]], false: [[UInt8]])] = []
    package private(set) var numberSyntaxes: [NumberSyntax] = []
    /// The `missing:` texts of fields that have their own (``FieldProgram/missingSlot``).
    package private(set) var fieldMissingValues: [[[UInt8]]] = []
    /// The shape each structured field's values must have (``FieldProgram/shapeSlot``).
    package private(set) var shapes: [ValueShape] = []
    /// The footer's pattern's slot in ``patterns`` (`table: footer:`), or -1.
    package private(set) var footerPatternSlot = -1
    /// One exact set per uniqueness check, resolved in input order by the ``KeyLedger``.
    package private(set) var keySets: [KeySet] = []
    /// The primary key's slot in ``keySets``.
    package private(set) var primaryKey: Int?
    /// The slots in ``keySets`` of `unique-keys`, in the standard's order.
    package private(set) var uniqueKeySets: [Int] = []
    /// The whole-row key's slot in ``keySets`` (`duplicate-rows: true`).
    package private(set) var wholeRowKey: Int?
    /// `foreign-keys:` to a code list or another file: the checker looks each row's key up.
    package private(set) var lookupForeignKeys: [ForeignKeyLookup] = []
    /// `foreign-keys:` within the table: the slots in ``keySets`` of the referenced and referring
    /// keys, resolved once the whole table is read (a row may refer to a later one).
    package private(set) var tableForeignKeys: [(referenced: Int, referring: Int)] = []
    /// `aggregates:`: each rule's number, in the standard's order.
    package private(set) var aggregateRules: [Int] = []
    package private(set) var rowsRule: Int?
    package private(set) var completeness: [(field: Int, percent: Double, rule: Int)] = []
    /// Rules over several fields (`rules:`, `required-when:`), checked on each row after its cells.
    package private(set) var rowRules: [RowRuleProgram] = []
    /// `codes-as-of` checks: the code field, the date field, and the rule.
    package private(set) var codesInForce: [(field: Int, asOf: Int, rule: Int)] = []
    package let missingValues: [[UInt8]]
    /// The usual case, `missing: [""]`, tested without touching the list.
    package let onlyEmptyIsMissing: Bool
    /// `cell-findings: first`: a cell's first failing check is its only finding.
    package let firstFailureOnly: Bool
    /// What one value may cost a pattern.
    package let patternLimits: PatternLimits
    /// Builds ``FindingExample/rowKey``s, with the fingerprint key when one was given.
    let rowKey: RowKey
    /// What `today()` means in rules: the run's date, or the one the options fix.
    package let today: TemporalKey

    package init(
        _ standard: Standard, patternLimits: PatternLimits = PatternLimits(), fingerprintKey: [UInt8]? = nil,
        today: TemporalKey? = nil
    ) {
        self.standard = standard
        self.today = today ?? Self.currentDate()
        self.patternLimits = patternLimits
        rowKey = RowKey(fingerprintKey: fingerprintKey)
        missingValues = standard.table.missingValues.map { Array($0.utf8) }
        onlyEmptyIsMissing = standard.table.missingValues == [""]
        firstFailureOnly = standard.table.cellFindings == .first
        // A blank row has no value for a required field nor a key: in such a table it is an error,
        // so a file with one is not called valid (frictionless reports it as a key error too).
        let requiresValues =
            !standard.dataset.primaryKey.isEmpty || standard.fields.contains { $0.isRequired }
        for rule in TableRule.allCases {
            let blankInRequired = rule == .blankRow && requiresValues
            rules.append(
                Rule(
                    id: "table:\(rule.rawValue)", check: rule.rawValue,
                    severity: blankInRequired ? .error : rule.severity,
                    field: nil,
                    message: blankInRequired
                        ? "the row is blank, so it has no value for the fields the standard requires"
                        : rule.message,
                    help: nil, location: nil))
        }
        if let footer = standard.table.footer { footerPatternSlot = slot(for: footer.compiled) }
        for (index, field) in standard.fields.enumerated() {
            programs.append(compile(field, index: index))  // programs[i] is field i's
        }
        for (index, field) in standard.fields.enumerated() {
            guard let condition = field.constraints.requiredWhen else { continue }
            let own = field.constraints.overrides["required-when"]
            let rule = add(
                id: "field:\(field.name):required-when", check: "required-when",
                severity: own?.severity ?? field.severity,
                field: field.name,
                message:
                    "\(field.name) must have a value when \(field.constraints.requiredWhenText ?? "its condition holds")",
                help: own?.help ?? field.help, location: field.constraints.locations["required-when"] ?? field.location,
                previousIDs: field.previousNames.map { "field:\($0):required-when" })
            rowRules.append(
                RowRuleProgram(
                    rule: rule, assertion: .isMissing(.field(index), negated: true), condition: condition,
                    blamed: index, failsWhenUnknown: false))
        }
        for rowRule in standard.rules {
            let rule = add(
                id: "rule:\(rowRule.id)", check: "rule", severity: rowRule.severity, field: rowRule.fields.first,
                message: rowRule.message, help: rowRule.help, location: rowRule.location,
                threshold: rowRule.threshold)
            var program = RowRuleProgram(
                rule: rule, assertion: rowRule.expression, condition: rowRule.guardExpression,
                blamed: rowRule.fields.first.flatMap { name in standard.fields.firstIndex { $0.name == name } },
                failsWhenUnknown: rowRule.failsWhenUnknown)
            let read = rowRule.expression.fields + (rowRule.guardExpression?.fields ?? [])
            program.involvesSensitive =
                read.contains { standard.fields[$0].isSensitive }
                || rowRule.fields.contains { name in standard.fields.contains { $0.name == name && $0.isSensitive } }
            rowRules.append(program)
        }
        let dataset = standard.dataset
        if !dataset.primaryKey.isEmpty {
            let indices = dataset.primaryKey.compactMap { name in standard.fields.firstIndex { $0.name == name } }
            let rule = add(
                id: "dataset:primary-key", check: "primary-key", severity: .error, field: nil,
                message:
                    "each row's key (\(dataset.primaryKey.joined(separator: ", "))) must be unique; this combination appeared in an earlier row",
                help: nil, location: dataset.locations["primary-key"])
            keySets.append(KeySet(rule: rule, fields: indices, isPrimaryKey: true))
            primaryKey = keySets.count - 1
        }
        for names in dataset.uniqueKeys {
            let indices = names.compactMap { name in standard.fields.firstIndex { $0.name == name } }
            let rule = add(
                id: "dataset:unique-key:\(names.joined(separator: "+"))", check: "unique-key", severity: .error,
                field: nil,
                message:
                    "each row's \(names.joined(separator: ", ")) together must be unique; this combination appeared in an earlier row",
                help: nil, location: dataset.locations["unique-keys:\(names.joined(separator: "+"))"])
            keySets.append(KeySet(rule: rule, fields: indices, isPrimaryKey: false))
            uniqueKeySets.append(keySets.count - 1)
        }
        if dataset.rejectsDuplicateRows {
            let rule = add(
                id: "dataset:duplicate-rows", check: "duplicate-rows", severity: .error, field: nil,
                message: "each row must differ from every earlier row; this one repeats an earlier row cell for cell",
                help: nil, location: dataset.locations["duplicate-rows"])
            keySets.append(KeySet(rule: rule, fields: [], isPrimaryKey: false, isWholeRow: true))
            wholeRowKey = keySets.count - 1
        }
        for (index, key) in dataset.foreignKeys.enumerated() {
            let rule = add(
                id: key.ruleID, check: "foreign-key", severity: key.severity, field: key.fields.first,
                message: key.message, help: key.help, location: key.location, threshold: key.threshold)
            let fields = key.fields.compactMap { name in standard.fields.firstIndex { $0.name == name } }
            guard case .sameTable(let names) = key.reference else {
                lookupForeignKeys.append(
                    ForeignKeyLookup(
                        rule: rule, fields: fields, keys: FrozenKeySet(key.keys ?? ByteKeySet()),
                        foldsCase: key.foldsCase))
                continue
            }
            let referenced = names.compactMap { name in standard.fields.firstIndex { $0.name == name } }
            let masks = (fields + referenced).contains { standard.fields[$0].isSensitive }
            keySets.append(
                KeySet(
                    rule: rule, fields: referenced, isPrimaryKey: false, role: .referenced(index), masksValues: masks))
            keySets.append(
                KeySet(rule: rule, fields: fields, isPrimaryKey: false, role: .referring(index), masksValues: masks))
            tableForeignKeys.append((referenced: keySets.count - 2, referring: keySets.count - 1))
        }
        for aggregate in dataset.aggregates {
            aggregateRules.append(
                add(
                    id: "dataset:aggregate:\(aggregate.id)", check: "aggregate", severity: aggregate.severity,
                    field: aggregate.groupBy.first, message: aggregate.message, help: aggregate.help,
                    location: aggregate.location))
        }
        if dataset.minimumRows != nil || dataset.maximumRows != nil {
            let range =
                switch (dataset.minimumRows, dataset.maximumRows) {
                case (let low?, let high?): "between \(low) and \(high)"
                case (let low?, nil): "at least \(low)"
                case (nil, let high?): "at most \(high)"
                case (nil, nil): ""
                }
            let noun = (dataset.maximumRows ?? dataset.minimumRows) == 1 ? "data row" : "data rows"
            rowsRule = add(
                id: "dataset:rows", check: "rows", severity: .error, field: nil,
                message: "the table must have \(range) \(noun)", help: nil, location: dataset.locations["rows"])
        }
        for (name, percent) in dataset.completeness.map({ ($0.field, $0.percent) }) {
            guard let index = standard.fields.firstIndex(where: { $0.name == name }) else { continue }
            let field = standard.fields[index]
            let rule = add(
                id: "dataset:completeness:\(name)", check: "completeness", severity: field.severity, field: name,
                message: "at least \(Self.format(percent))% of rows must have a value for \(name)",
                help: field.help, location: dataset.locations["completeness:\(name)"],
                previousIDs: field.previousNames.map { "dataset:completeness:\($0)" })
            completeness.append((index, percent, rule))
        }
        programTable = FieldProgramTable(programs)
    }

    /// Table rules take the first rule numbers, in declaration order.
    func tableRule(_ rule: TableRule) -> Int {
        TableRule.number[rule] ?? 0
    }

    private mutating func add(
        id: String, check: String, severity: Severity, field: String?, message: String,
        help: String?, location: SourceLocation?, previousIDs: [String] = [], pattern: String? = nil,
        threshold: Threshold? = nil
    ) -> Int {
        rules.append(
            Rule(
                id: id, check: check, severity: severity, field: field, message: message, help: help,
                location: location, previousIDs: previousIDs, pattern: pattern, threshold: threshold))
        return rules.count - 1
    }

    /// What a length counts for a type: characters, or the items of a list, array or object.
    private func lengthUnit(_ type: FieldType) -> String {
        type == .list || type == .array || type == .object ? "items" : "characters"
    }

    private mutating func compile(_ field: FieldSpec, index: Int) -> FieldProgram {
        var program = FieldProgram(type: field.type, isSensitive: field.isSensitive)
        let constraints = field.constraints
        func rule(_ check: String, _ message: String, at key: String? = nil, pattern: String? = nil) -> Int {
            // A check's own settings win over its field's; `pattern-limit` follows the check it limits.
            let own = constraints.overrides[check == "pattern-limit" ? (key ?? check) : check]
            return add(
                id: "field:\(field.name):\(check)", check: check, severity: own?.severity ?? field.severity,
                field: field.name, message: message, help: own?.help ?? field.help,
                location: constraints.locations[key ?? check] ?? field.location,
                previousIDs: field.previousNames.map { "field:\($0):\(check)" }, pattern: pattern,
                threshold: own?.failIf)
        }
        let isKeyPart = standard.dataset.primaryKey.contains(field.name)
        if field.isRequired || isKeyPart {
            program.required = rule(
                "required", "\(field.name) must have a value", at: field.isRequired ? "required" : "primary-key")
        }
        program.trims = constraints.trim ?? standard.table.trim
        if constraints.reportsPadding ?? standard.table.reportsPadding {
            program.whitespace = rule(
                "whitespace", "\(field.name) must not begin or end with spaces", at: "whitespace")
        }
        if let syntax = constraints.numberSyntax {
            numberSyntaxes.append(syntax)
            program.numberSyntaxSlot = numberSyntaxes.count - 1
        }
        program.keysByMeaning = LogicalValue.hasSeveralSpellings(field.type, layout: constraints.layout)
        program.valuesByMeaning = LogicalValue.applies(to: field.type)
        if let missing = constraints.missing {
            fieldMissingValues.append(missing.map { Array($0.utf8) })
            program.missingSlot = fieldMissingValues.count - 1
        }
        if let shape = ValueShape(field) {
            shapes.append(shape)
            program.shapeSlot = shapes.count - 1
        }
        if field.type != .string {
            var expected =
                constraints.layout.map {
                    $0.source == "any"
                        ? "a \(field.type.rawValue) in a common spelling" : "a \(field.type.rawValue) as \($0.source)"
                } ?? field.type.expectation
            if field.type == .list {
                let delimiter = TextExcerpt.quoted(String(UnicodeScalar(constraints.listDelimiter)))
                expected = "a list of \(constraints.itemType.rawValue) values separated by \(delimiter)"
            } else if field.type == .geopoint && constraints.geopointSyntax != .pair {
                expected =
                    "a point as a JSON \(constraints.geopointSyntax == .array ? "array [lon, lat]" : "object {\"lon\": …, \"lat\": …}")"
            } else if field.constraints.jsonSchema != nil {
                expected += " matching the field's JSON Schema"
            }
            if let syntax = constraints.numberSyntax {
                expected =
                    "\(field.type == .integer ? "an integer" : "a number") written like "
                    + syntax.example(withFraction: field.type != .integer)
            }
            program.typeRule = rule("type", "\(field.name) must be \(expected)", at: "type")
        }
        if let layout = constraints.layout {
            layouts.append(layout)
            program.layoutSlot = layouts.count - 1
        }
        if let lower = constraints.lower {
            program.lower =
                lower.isExclusive
                ? rule("exclusive-min", "\(field.name) must be greater than \(lower.text)")
                : rule("min", "\(field.name) must be at least \(lower.text)")
            program.lowerBound = hotBound(lower)
            program.lowerIsExclusive = lower.isExclusive
        }
        if let upper = constraints.upper {
            program.upper =
                upper.isExclusive
                ? rule("exclusive-max", "\(field.name) must be less than \(upper.text)")
                : rule("max", "\(field.name) must be at most \(upper.text)")
            program.upperBound = hotBound(upper)
            program.upperIsExclusive = upper.isExclusive
        }
        if let scale = constraints.scale {
            program.scale = rule("scale", "\(field.name) must have at most \(scale) decimal places")
            program.maximumScale = scale
        }
        if let minLength = constraints.minLength {
            program.minLength = rule(
                "min-length", "\(field.name) must be at least \(minLength) \(lengthUnit(field.type)) long")
            program.minimumLength = minLength
        }
        if let maxLength = constraints.maxLength {
            program.maxLength = rule(
                "max-length", "\(field.name) must be at most \(maxLength) \(lengthUnit(field.type)) long")
            program.maximumLength = maxLength
        }
        if let pattern = constraints.pattern {
            program.pattern = rule(
                "pattern", "\(field.name) must match the pattern \(pattern.source)", pattern: pattern.source)
            program.patternSlot = slot(for: pattern)
        }
        if let values = constraints.values {
            program.values = rule("values", "\(field.name) must be one of: \(values.summary)")
            codeLists.append(values)
            frozenCodeLists.append(FrozenKeySet(values.set))
            program.valuesSlot = codeLists.count - 1
        }
        if let list = constraints.codeList {
            program.codes = rule("codes", "\(field.name) must be a code from the '\(list.name)' list (\(list.summary))")
            codeLists.append(list)
            frozenCodeLists.append(FrozenKeySet(list.set))
            program.codesSlot = codeLists.count - 1
            if let asOf = constraints.codesAsOf, let asOfIndex = standard.fields.firstIndex(where: { $0.name == asOf })
            {
                let inForce = rule(
                    "codes-in-force",
                    "\(field.name) must be a code in force on the row's \(asOf) (the '\(list.name)' list dates each code)",
                    at: "codes-as-of")
                codesInForce.append((index, asOfIndex, inForce))
            }
        }
        if let format = constraints.format {
            // A publisher reads a title and an example at once; the pattern is in the JSON (`formatPattern`).
            var message = "\(field.name) must be a valid \(format.displayName)"
            if let example = format.example {
                message += ", such as \(example)"
            } else if let checksum = format.checksum {
                message += " (\(checksum.rawValue) check digit)"
            }
            program.format = rule("format", message, pattern: format.patternSource)
            formats.append(format)
            program.formatSlot = formats.count - 1
            program.formatChecksum = format.checksum
            program.formatNormalizes = !format.normalizations.isEmpty
            if let pattern = format.pattern { program.formatPatternSlot = slot(for: pattern) }
        }
        if program.patternSlot >= 0 || program.formatPatternSlot >= 0 {
            program.patternLimit = rule(
                "pattern-limit",
                "\(field.name) could not be checked against its pattern within the limits: the value is longer than "
                    + "the pattern length limit, or needs more backtracking than the match limit; shorten the value, "
                    + "simplify the pattern (hallmark lint warns of risky ones), or raise --max-pattern-value-bytes "
                    + "or --pattern-match-limit", at: constraints.pattern != nil ? "pattern" : "format")
        }
        if field.isUnique {
            program.unique = rule(
                "unique", "each value of \(field.name) must be unique; this one appeared in an earlier row")
            keySets.append(KeySet(rule: program.unique, fields: [index], isPrimaryKey: false))
            program.uniqueSet = keySets.count - 1
        }
        if field.type == .boolean {
            booleanValues.append(
                (constraints.trueValues.map { Array($0.utf8) }, constraints.falseValues.map { Array($0.utf8) }))
            program.booleanSlot = booleanValues.count - 1
        }
        return program
    }

    private mutating func hotBound(_ bound: FieldConstraints.Bound) -> HotBound {
        switch bound.value {
        case .integer(let value): return .integer(value)
        case .number(let value): return .number(value)
        case .temporal(let value): return .temporal(value)
        case .decimal(let value):
            decimalBounds.append(value)
            return .decimal(decimalBounds.count - 1)
        }
    }

    private mutating func slot(for pattern: CompiledPattern) -> Int {
        if let existing = patterns.firstIndex(where: { $0 === pattern }) { return existing }
        patterns.append(pattern)
        return patterns.count - 1
    }

    static func format(_ percent: Double) -> String {
        percent == percent.rounded() ? String(Int(percent)) : String(percent)
    }
}

extension CompiledStandard {
    /// Midnight UTC of the day it is now.
    static func currentDate() -> TemporalKey {
        let days = TemporalKey(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)), nanoseconds: 0).days
        return TemporalKey(seconds: days * 86_400, nanoseconds: 0)
    }

    /// Whether a cell means "no value": empty, or one of the table's `missing:` texts.
    @inline(__always)
    func isMissing(_ cell: UnsafeRawBufferPointer) -> Bool {
        if onlyEmptyIsMissing { return cell.isEmpty }
        for missing in missingValues where CellText.equals(cell, missing) { return true }
        return false
    }

    /// Whether a cell means "no value" as a field with `missingSlot` (``FieldProgram/missingSlot``)
    /// reads it: one of its own `missing:` texts when it has them, else the table's.
    @inline(__always)
    func isMissing(_ cell: UnsafeRawBufferPointer, missingSlot slot: Int) -> Bool {
        guard slot >= 0 else { return isMissing(cell) }
        for missing in fieldMissingValues[slot] where CellText.equals(cell, missing) { return true }
        return false
    }
}

/// A rule over a row (`rules:` or a field's `required-when:`), compiled: its rule number, the
/// expression that must hold, the condition under which it applies, and the field its findings
/// point at.
package struct RowRuleProgram: Sendable {
    let rule: Int
    let assertion: Expression
    let condition: Expression?
    let blamed: Int?
    let failsWhenUnknown: Bool
    /// The rule reads a `sensitive` field: the value its findings show is masked, since the rule
    /// may tie it to the sensitive one (`name != nhs` shows a name equal to an NHS number).
    var involvesSensitive = false
}
