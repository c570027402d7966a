public import Hallmark

/// A standard compiled to one SQL query over a table: in one scan, each checked rule's finding
/// count, its first example rows (by row id) and the number of rows with an error.
///
/// The query returns one row with, for the rule at place `N` of ``checkedRules``, the columns
/// `count_N` and `rows_N` (an array of row ids, ascending), and `rows_with_errors`; comments at its
/// top name the rule of each `N` and every rule not checked. Rules the
/// engine cannot check as exactly as the native engine are in ``uncheckedRules`` with the reason:
/// never a silent pass.
///
/// ```swift
/// let query = try SQLQuery(standard: standard, dialect: .postgres, table: "prescribing")
/// print(query.text)
/// ```
public struct SQLQuery: Sendable {
    /// The SQL.
    public let text: String
    /// The ids of the rules the query checks, in the order of its columns.
    public let checkedRules: [String]
    /// The rules it does not check, and why ("not checked on this engine").
    public let uncheckedRules: [(rule: String, reason: String)]
    /// What names a row in the examples: the row-id column, or the generated row number.
    public let rowIdentity: String

    /// Compiles `standard`'s checks on `table`, whose columns hold the fields' text (as loaded from
    /// the file: every column text, a missing value empty or `NULL`).
    ///
    /// - Parameters:
    ///   - rowID: a column that numbers the rows (as the file's row numbers do: the header is
    ///     row 1); `nil` numbers them in the table's order from 2, which only an ordered load keeps.
    ///   - maxExamples: how many example rows each rule keeps.
    ///   - today: the date rules read as `today()`, as `YYYY-MM-DD` (the native engine's
    ///     ``Validator/Options/today``); `nil` leaves it to the engine's current date.
    public init(
        standard: Standard, dialect: SQLDialect, table: String, rowID: String? = nil, maxExamples: Int = 20,
        today: String? = nil
    ) {
        var compiler = SQLCompiler(standard: standard, dialect: dialect, today: today)
        compiler.compile()
        let rowExpression = rowID.map(dialect.identifier) ?? "row_number() OVER () + 1"
        text = compiler.query(table: table, rowExpression: rowExpression, maxExamples: maxExamples)
        checkedRules = compiler.checks.map(\.rule)
        uncheckedRules = compiler.unchecked
        rowIdentity = rowID ?? "row number"
    }
}

/// One rule as SQL: the condition under which a row has a finding of it, or, for a check of the
/// whole table, the condition over the table's aggregates under which the table has one.
struct SQLCheck {
    let rule: String
    let condition: String
    let isError: Bool
    /// A finding of the table, not of a row: it names no row and counts in no row's errors.
    var isOfTable = false
    /// For a check of groups of rows: a query with a row per group, its first row
    /// (`hallmark_first`) and whether it fails (`hallmark_fails`); each failing group is a finding
    /// at its first row, counted in no row's errors.
    var groups: String? = nil
}

/// Builds the checks of a standard, field by field, in the order the native checker applies them.
struct SQLCompiler {
    let standard: Standard
    let dialect: SQLDialect
    var checks: [SQLCheck] = []
    var unchecked: [(rule: String, reason: String)] = []
    /// Window columns the scan computes first (key repeats), by alias.
    var windows: [(alias: String, expression: String)] = []

    let today: String?

    init(standard: Standard, dialect: SQLDialect, today: String? = nil) {
        self.standard = standard
        self.dialect = dialect
        self.today = today
    }

    mutating func compile() {
        for field in standard.fields { compile(field) }
        compileKeys()
        for (index, field) in standard.fields.enumerated() {
            guard let condition = field.constraints.requiredWhen else { continue }
            let severity = field.constraints.overrides["required-when"]?.severity ?? field.severity
            compileRowRule(
                "field:\(field.name):required-when", condition: condition,
                assertion: .isMissing(.field(index), negated: true), failsWhenUnknown: false,
                isError: severity == .error)
        }
        for rule in standard.rules {
            compileRowRule(
                "rule:\(rule.id)", condition: rule.guardExpression, assertion: rule.expression,
                failsWhenUnknown: rule.failsWhenUnknown, isError: rule.severity == .error)
        }
        for key in standard.dataset.foreignKeys { compile(key) }
        for aggregate in standard.dataset.aggregates { compile(aggregate) }
        compileTableChecks()
    }

    /// `rows` and `completeness`, over every row of the table. A share is compared exactly
    /// (`filled × 100 < percent × rows`), and an empty table is complete, as natively.
    private mutating func compileTableChecks() {
        let dataset = standard.dataset
        if dataset.minimumRows != nil || dataset.maximumRows != nil {
            let bounds = [
                dataset.minimumRows.map { "count(*) < \($0)" }, dataset.maximumRows.map { "count(*) > \($0)" },
            ]
            checks.append(
                SQLCheck(
                    rule: "dataset:rows", condition: bounds.compactMap { $0 }.joined(separator: " OR "),
                    isError: true, isOfTable: true))
        }
        for requirement in dataset.completeness {
            guard let field = standard.fields.first(where: { $0.name == requirement.field }) else { continue }
            let filled = "count(*) FILTER (WHERE NOT \(missing(field)))"
            checks.append(
                SQLCheck(
                    rule: "dataset:completeness:\(field.name)",
                    condition: "\(filled) * 100 < \(requirement.percent) * count(*)",
                    isError: field.severity == .error, isOfTable: true))
        }
    }

    // MARK: Fields

    /// A field's cell as its checks read it: without leading and trailing spaces and tabs when it trims.
    private func cell(_ field: FieldSpec) -> String {
        let column = dialect.identifier(field.name)
        return field.constraints.trim ?? standard.table.trim ? dialect.trim(column, characters: " \t") : column
    }

    /// Whether a field's cell means "no value": `NULL`, or one of its (or the table's) missing texts.
    private func missing(_ field: FieldSpec) -> String {
        let texts = field.constraints.missing ?? standard.table.missingValues
        let column = cell(field)
        return "(\(column) IS NULL OR \(column) IN (\(texts.map(dialect.literal).joined(separator: ", "))))"
    }

    /// A field's checks in the native order. Under `cell-findings: first`, one `CASE` names the
    /// first check a cell fails, then each check's condition is on that name; under `all`, each
    /// check is its own condition, after the type as natively (a cell of the wrong type gets no other).
    private mutating func compile(_ field: FieldSpec) {
        let column = cell(field)
        let constraints = field.constraints
        func rule(_ check: String) -> String { "field:\(field.name):\(check)" }
        func severityIsError(_ check: String) -> Bool {
            (constraints.overrides[check]?.severity ?? field.severity) == .error
        }
        func refuse(_ check: String, _ reason: String) { unchecked.append((rule(check), reason)) }

        let missing = missing(field)

        // Each check in the native order: (check, the condition on a present cell under which it
        // fails). `min` and `max` are one step of the native checker, both reported (NaN fails both).
        var steps: [(check: String, fails: String)] = []
        let boundsGroup = "bounds"
        var typeChecked = true
        switch SQLGrammar.typeCheck(field.type, column: column, constraints: constraints, dialect: dialect) {
        case .checked(let fails?): steps.append(("type", fails))
        case .checked(nil): break
        case .unsupported(let reason):
            refuse("type", reason)
            typeChecked = false
        }
        for (check, bound, below) in [
            (constraints.lower?.isExclusive == true ? "exclusive-min" : "min", constraints.lower, true),
            (constraints.upper?.isExclusive == true ? "exclusive-max" : "max", constraints.upper, false),
        ] {
            guard let bound else { continue }
            guard typeChecked,
                let fails = SQLGrammar.boundCheck(
                    field.type, column: column, bound: bound, below: below, dialect: dialect)
            else {
                refuse(check, "bounds on \(field.type.rawValue) values are not translated to SQL yet")
                continue
            }
            steps.append((check, fails))
        }
        if let scale = constraints.scale {
            if typeChecked && field.type == .decimal {
                // Digits after the point, trailing zeros too; checked with the bounds, as natively.
                let places =
                    "(CASE WHEN strpos(\(column), '.') = 0 THEN 0 ELSE \(dialect.length(column)) - strpos(\(column), '.') END)"
                steps.insert(
                    ("scale", "\(places) > \(scale)"), at: steps.firstIndex { $0.check != "type" } ?? steps.count)
            } else {
                refuse("scale", "scale on \(field.type.rawValue) values is not translated to SQL yet")
            }
        }
        if let format = constraints.format {
            if let fails = SQLGrammar.formatCheck(format, column: column, dialect: dialect) {
                steps.append(("format", fails))
            } else {
                refuse("format", "the format \(format.name)'s checksum or pattern is not translated to SQL yet")
            }
        }
        if let list = constraints.codeList {
            steps.append(("codes", "NOT " + Self.isIn(column, list, dialect: dialect)))
            if let asOf = constraints.codesAsOf, let asOfField = standard.fields.first(where: { $0.name == asOf }) {
                if let condition = inForceFails(field, list: list, asOf: asOfField) {
                    checks.append(
                        SQLCheck(
                            rule: rule("codes-in-force"), condition: condition,
                            isError: severityIsError("codes-in-force")))
                } else {
                    refuse(
                        "codes-in-force", "codes-as-of a \(asOfField.type.rawValue) field is not translated to SQL yet")
                }
            }
        }
        if let values = constraints.values {
            switch field.type {
            case .string, .date, .yearmonth, .year:
                // Dates without a layout have one spelling each, so their text is their meaning.
                steps.append(("values", "NOT " + Self.isIn(column, values, dialect: dialect)))
            case .integer, .decimal:
                let literals = values.codes.map { dialect.literal(SQLGrammar.canonicalNumber(text: $0)) }
                steps.append(
                    ("values", "NOT \(SQLGrammar.canonicalNumber(column)) IN (\(literals.joined(separator: ", ")))"))
            default:
                refuse(
                    "values",
                    "values of \(field.type.rawValue) fields compared by meaning are not translated to SQL yet")
            }
        }
        if let pattern = constraints.pattern {
            if let translated = SQLGrammar.regex(pattern.source) {
                steps.append(("pattern", "NOT " + dialect.matchesWhole(column, translated)))
            } else {
                refuse("pattern", "the pattern uses a construct the engines' regular expressions read otherwise")
            }
        }
        if let minimum = constraints.minLength {
            steps.append(("min-length", "\(dialect.length(column)) < \(minimum)"))
        }
        if let maximum = constraints.maxLength {
            steps.append(("max-length", "\(dialect.length(column)) > \(maximum)"))
        }
        // Leading or trailing spaces or tabs in the cell as written: natively the first check of
        // a field that does not trim (and the only one under `first`), the last of one that does.
        let raw = dialect.identifier(field.name)
        let padded =
            "(substr(\(raw), 1, 1) IN (' ', chr(9)) OR substr(\(raw), \(dialect.length(raw)), 1) IN (' ', chr(9)))"
        let reportsPadding = constraints.reportsPadding ?? standard.table.reportsPadding
        let trims = constraints.trim ?? standard.table.trim
        if reportsPadding {
            if trims { steps.append(("whitespace", padded)) } else { steps.insert(("whitespace", padded), at: 0) }
        }
        let typeFails = steps.first { $0.check == "type" }?.fails
        let isKeyPart = standard.dataset.primaryKey.contains(field.name)
        let isRequired = field.isRequired || isKeyPart
        if isRequired {
            checks.append(SQLCheck(rule: rule("required"), condition: missing, isError: severityIsError("required")))
        }
        // A missing cell with spaces (a missing text that has them) is a whitespace finding when
        // it is not a required one.
        let missingPadded = reportsPadding && !isRequired ? " OR (\(missing) AND \(padded))" : ""

        func group(_ check: String) -> String {
            check.hasSuffix("min") || check.hasSuffix("max") || check == "scale" ? boundsGroup : check
        }
        // Whether the cell's value enters `unique`: present, and natively not stopped before the key.
        let keyed: String
        if standard.table.cellFindings == .all {
            for step in steps {
                let stopsAtType = typeFails != nil && step.check != "type" && !(step.check == "whitespace" && !trims)
                // In a CASE, so no cast sees text the type check refused (DuckDB evaluates both sides of an AND).
                let condition =
                    "(CASE WHEN \(missing) THEN false\(stopsAtType ? " WHEN \(typeFails!) THEN false" : "") ELSE \(step.fails) END)"
                checks.append(
                    SQLCheck(
                        rule: rule(step.check),
                        condition: step.check == "whitespace" ? "(\(condition)\(missingPadded))" : condition,
                        isError: severityIsError(step.check)))
            }
            keyed = "NOT \(missing)" + (typeFails.map { " AND NOT (\($0))" } ?? "")
            compileUnique(
                field, column: column, keyed: keyed, typeChecked: typeChecked, rule: rule, isError: severityIsError)
            return
        }

        // The first failing step's name, per row: NULL when the cell passes (or is missing).
        let first = "first_\(windows.count)"
        if !steps.isEmpty {
            var cases = "CASE WHEN \(missing) THEN NULL"
            var index = 0
            while index < steps.count {
                let name = group(steps[index].check)
                let members = steps[index...].prefix { group($0.check) == name }
                cases +=
                    " WHEN \(members.map { "(\($0.fails))" }.joined(separator: " OR ")) THEN \(dialect.literal(name))"
                index += members.count
            }
            windows.append((first, cases + " END"))
        }
        for step in steps {
            let name = group(step.check)
            let condition =
                name == boundsGroup
                // In a CASE, so the bound's cast never sees text the type check refused (DuckDB
                // evaluates both sides of an AND).
                ? "(CASE WHEN \(first) = \(dialect.literal(name)) THEN \(step.fails) ELSE false END)"
                : "\(first) = \(dialect.literal(name))"
            checks.append(
                SQLCheck(
                    rule: rule(step.check),
                    condition: step.check == "whitespace" ? "(\(condition)\(missingPadded))" : condition,
                    isError: severityIsError(step.check)))
        }
        // The type, and spaces in a field that does not trim, end a cell's checks before its key.
        let stoppers = steps.prefix { $0.check == "type" || ($0.check == "whitespace" && !trims) }.map {
            dialect.literal($0.check)
        }
        keyed =
            stoppers.isEmpty
            ? "NOT \(missing)"
            : "NOT \(missing) AND (\(first) IS NULL OR \(first) NOT IN (\(stoppers.joined(separator: ", "))))"
        compileUnique(
            field, column: column, keyed: keyed, typeChecked: typeChecked, rule: rule, isError: severityIsError)
    }

    /// `unique`: a later row whose value (`keyed`: present, and reaching its key) an earlier row had.
    private mutating func compileUnique(
        _ field: FieldSpec, column: String, keyed: String, typeChecked: Bool, rule: (String) -> String,
        isError: (String) -> Bool
    ) {
        guard field.isUnique else { return }
        guard typeChecked, let value = keyValue(field, column: column, isValid: "true") else {
            unchecked.append((rule("unique"), "unique values compared by meaning are not translated to SQL yet"))
            return
        }
        let repeats = "repeat_\(windows.count)"
        windows.append(
            (
                repeats,
                "CASE WHEN \(keyed) THEN row_number() OVER (PARTITION BY \(value), (\(keyed)) ORDER BY hallmark_row) ELSE 0 END"
            ))
        checks.append(SQLCheck(rule: rule("unique"), condition: "\(repeats) > 1", isError: isError("unique")))
    }

    /// When a row's code was not in force on its as-of value: both present and valid (a year-month
    /// as its first day, a year as its first), the code in the list, and none of its periods
    /// holding the day. As natively, both cells are read as written, untrimmed; any other case is
    /// left to the other rules. `nil` for an as-of field whose days the translation does not read.
    private func inForceFails(_ field: FieldSpec, list: CodeList, asOf: FieldSpec) -> String? {
        let code = dialect.identifier(field.name)
        let when = dialect.identifier(asOf.name)
        let day: String
        switch asOf.type {
        case .date: day = when
        case .yearmonth: day = "(\(when) || '-01')"
        case .year: day = "(\(when) || '-01-01')"
        default: return nil
        }
        guard
            case .checked(let invalid) = SQLGrammar.typeCheck(
                asOf.type, column: when, constraints: asOf.constraints, dialect: dialect)
        else { return nil }
        func missing(_ spec: FieldSpec, _ column: String) -> String {
            let texts = spec.constraints.missing ?? standard.table.missingValues
            return "\(column) IS NULL OR \(column) IN (\(texts.map(dialect.literal).joined(separator: ", ")))"
        }
        func iso(_ key: TemporalKey) -> String {
            var text: [UInt8] = []
            key.appendISO(.date, to: &text)
            return dialect.literal(String(decoding: text, as: UTF8.self))
        }
        // Each code's periods, by the code as the list stores it (upper-cased when case-insensitive).
        var branches: [String] = []
        var seen: Set<String> = []
        for listed in list.codes {
            let key = list.isCaseSensitive ? listed : Self.asciiUppercased(listed)
            guard seen.insert(key).inserted,
                let place = Array(key.utf8).withUnsafeBytes({ list.set.find($0) }),
                let periods = list.validity[place]
            else { continue }
            let inForce = periods.map { period in
                let bounds = [period.from.map { "\(day) >= \(iso($0))" }, period.to.map { "\(day) <= \(iso($0))" }]
                return "(" + (bounds.compactMap { $0 }.joined(separator: " AND ").nonEmpty ?? "true") + ")"
            }
            branches.append("WHEN \(dialect.literal(key)) THEN \(inForce.joined(separator: " OR "))")
        }
        guard !branches.isEmpty else { return "false" }
        let lookedUp = list.isCaseSensitive ? code : dialect.asciiUppercase(code)
        return "(CASE WHEN \(missing(field, code)) OR \(missing(asOf, when)) THEN false"
            + (invalid.map { " WHEN \($0) THEN false" } ?? "")
            + " ELSE NOT (CASE \(lookedUp) \(branches.joined(separator: " ")) ELSE true END) END)"
    }

    /// `text` with its ASCII letters in upper case, as a case-insensitive code list stores codes.
    private static func asciiUppercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    private static func isIn(_ column: String, _ list: CodeList, dialect: SQLDialect) -> String {
        if list.isCaseSensitive {
            return "\(column) IN (\(list.codes.map(dialect.literal).joined(separator: ", ")))"
        }
        // ASCII letters only, on both sides, as the native engine compares.
        let codes = list.codes.map { dialect.literal(asciiUppercased($0)) }
        return "\(dialect.asciiUppercase(column)) IN (\(codes.joined(separator: ", ")))"
    }

    // MARK: Rules over a row

    /// A row fails a rule where its condition (if any) is true and its assertion false, or
    /// unknown under `unknown: fail`; an unknown condition does not apply the rule.
    private mutating func compileRowRule(
        _ rule: String, condition: Expression?, assertion: Expression, failsWhenUnknown: Bool, isError: Bool
    ) {
        let expressions = SQLExpression(
            standard: standard, dialect: dialect, today: today, cell: cell, missing: missing)
        do throws(SQLExpression.Refusal) {
            let holds = try expressions.translate(assertion)
            let fails = "(CASE WHEN \(holds) THEN false WHEN NOT \(holds) THEN true ELSE \(failsWhenUnknown) END)"
            let applies = try condition.map { condition throws(SQLExpression.Refusal) in
                "COALESCE(\(try expressions.translate(condition)), false)"
            }
            checks.append(
                SQLCheck(rule: rule, condition: applies.map { "(\($0) AND \(fails))" } ?? fails, isError: isError))
        } catch {
            unchecked.append((rule, error.reason))
        }
    }

    // MARK: Keys

    private mutating func compileKeys() {
        let dataset = standard.dataset
        var keys: [(rule: String, fields: [String])] = []
        if !dataset.primaryKey.isEmpty { keys.append(("dataset:primary-key", dataset.primaryKey)) }
        for fields in dataset.uniqueKeys {
            keys.append(("dataset:unique-key:" + fields.joined(separator: "+"), fields))
        }
        for (rule, names) in keys {
            let fields = names.compactMap { name in standard.fields.first { $0.name == name } }
            // A part by its meaning where its text is a valid value, else by its text, as natively.
            let parts = fields.map { field -> String? in
                guard field.keysCompareByMeaning else { return cell(field) }
                guard
                    case .checked(let fails) = SQLGrammar.typeCheck(
                        field.type, column: cell(field), constraints: field.constraints, dialect: dialect)
                else { return nil }
                return keyValue(field, column: cell(field), isValid: fails.map { "NOT (\($0))" } ?? "true")
            }
            guard parts.allSatisfy({ $0 != nil }) else {
                unchecked.append((rule, "keys compared by meaning are not translated to SQL yet"))
                continue
            }
            let columns = parts.compactMap { $0 }
            let present = fields.map { "NOT " + missing($0) }.joined(separator: " AND ")
            let repeats = "repeat_\(windows.count)"
            windows.append(
                (
                    repeats,
                    "CASE WHEN \(present) THEN row_number() OVER (PARTITION BY \(columns.joined(separator: ", ")), (\(present)) ORDER BY hallmark_row) ELSE 0 END"
                ))
            checks.append(SQLCheck(rule: rule, condition: "\(repeats) > 1", isError: true))
        }
        if dataset.rejectsDuplicateRows { compileDuplicateRows() }
    }

    /// The value a key compares for `field`: its text, or for an integer or decimal its one
    /// spelling (``SQLGrammar/canonicalNumber(_:)``) where `isValid`; `nil` for other types whose
    /// values have several spellings.
    private func keyValue(_ field: FieldSpec, column: String, isValid: String) -> String? {
        guard field.keysCompareByMeaning else { return column }
        switch field.type {
        case .integer, .decimal:
            return isValid == "true"
                ? SQLGrammar.canonicalNumber(column)
                : "(CASE WHEN \(isValid) THEN \(SQLGrammar.canonicalNumber(column)) ELSE \(column) END)"
        default:
            return nil
        }
    }

    /// A row repeats an earlier one when every cell is the same as its field reads it (trimmed
    /// where it trims), a missing cell the same as an empty one; a blank row (every cell empty) is
    /// its own finding natively, never a duplicate.
    private mutating func compileDuplicateRows() {
        switch standard.table.fieldsMatch {
        case .exact, .anyOrder, .subset: break
        case .ordered, .extraColumns, .partial:
            // The native engine compares the columns the standard does not name too.
            unchecked.append(
                ("dataset:duplicate-rows", "duplicate rows of a table with columns the standard does not name"))
            return
        }
        let cells = standard.fields.map { "COALESCE(\(cell($0)), '')" }
        let blank = standard.fields.map { "COALESCE(\(dialect.identifier($0.name)), '') = ''" }
        let isBlank = "(" + blank.joined(separator: " AND ") + ")"
        let repeats = "repeat_\(windows.count)"
        // Blank rows are partitioned apart: a row of spaces under trim must not repeat one.
        windows.append(
            (
                repeats,
                "CASE WHEN \(isBlank) THEN 0 ELSE row_number() OVER (PARTITION BY \(cells.joined(separator: ", ")), \(isBlank) ORDER BY hallmark_row) END"
            ))
        checks.append(SQLCheck(rule: "dataset:duplicate-rows", condition: "\(repeats) > 1", isError: true))
    }

    /// The most keys of a referenced file written into the query.
    static let maxInlinedKeys = 100_000

    /// A row fails a foreign key when every part of its key is present and the key is not among
    /// the referenced ones: the code list's codes, or the keys of the table's rows whose
    /// referenced fields are all present, compared as text, as each field reads it.
    private mutating func compile(_ key: ForeignKey) {
        let fields = key.fields.compactMap { name in standard.fields.first { $0.name == name } }
        let present = fields.map { "NOT " + missing($0) }.joined(separator: " AND ")
        let referenced: String
        switch key.reference {
        case .codeList(let name):
            guard let list = standard.codeLists[name], fields.count == 1 else {
                unchecked.append((key.ruleID, "the code list \(name) of a key of one field"))
                return
            }
            referenced = Self.isIn(cell(fields[0]), list, dialect: dialect)
        case .sameTable(let names):
            let targets = names.compactMap { name in standard.fields.first { $0.name == name } }
            let targetPresent = targets.map { "NOT " + missing($0) }.joined(separator: " AND ")
            // An uncorrelated IN, which both engines hash, not a subquery per row.
            let keys = "SELECT \(targets.map(cell).joined(separator: ", ")) FROM rows WHERE \(targetPresent)"
            let row = fields.count == 1 ? cell(fields[0]) : "(\(fields.map(cell).joined(separator: ", ")))"
            referenced = "\(row) IN (\(keys))"
        case .file(let path, _):
            // The file was read when the standard loaded: its keys go into the query.
            guard let keys = key.referencedText, keys.count <= Self.maxInlinedKeys else {
                unchecked.append(
                    (key.ruleID, "\(path) has more than \(Self.maxInlinedKeys) keys: load it as a table and join it"))
                return
            }
            let row = fields.count == 1 ? cell(fields[0]) : "(\(fields.map(cell).joined(separator: ", ")))"
            let list = keys.map { "(" + $0.map(dialect.literal).joined(separator: ", ") + ")" }
            referenced = list.isEmpty ? "false" : "\(row) IN (VALUES \(list.joined(separator: ", ")))"
        }
        let orphan = "orphan_\(windows.count)"
        windows.append((orphan, "(\(present) AND NOT (\(referenced)))"))
        checks.append(SQLCheck(rule: key.ruleID, condition: orphan, isError: key.severity == .error))
    }

    // MARK: Aggregates

    /// An aggregate as a query with a row per group: the group's first row, each value over the
    /// rows where its `where:` is true (missing and invalid cells left out, as natively), and
    /// whether the assertion on the values fails. A missing group part is an empty one.
    private mutating func compile(_ aggregate: AggregateRule) {
        let rule = "dataset:aggregate:\(aggregate.id)"
        let rows = SQLExpression(standard: standard, dialect: dialect, today: today, cell: cell, missing: missing)
        do throws(SQLExpression.Refusal) {
            // The whole table, one group, is a finding at no row, as natively.
            let first = aggregate.groupFields.isEmpty ? "CAST(NULL AS BIGINT)" : "min(hallmark_row)"
            var columns = ["\(first) AS hallmark_first"]
            var values: [(sql: String, type: ValueType)] = []
            for (place, value) in aggregate.values.enumerated() {
                let field = standard.fields[value.fieldIndex]
                let takes =
                    try value.guardExpression.map { guardExpression throws(SQLExpression.Refusal) in
                        "COALESCE(\(try rows.translate(guardExpression)), false)"
                    } ?? "true"
                let column: String
                let type: ValueType
                switch value.function {
                case .distinctCount:
                    column = "count(DISTINCT \(cell(field))) FILTER (WHERE \(takes) AND NOT \(missing(field)))"
                    type = .number
                case .count:
                    column = "count(*) FILTER (WHERE \(takes) AND \(try rows.field(field).sql) IS NOT NULL)"
                    type = .number
                case .sum, .min, .max:
                    let typed = try rows.field(field)
                    column = "\(value.function.rawValue)(\(typed.sql)) FILTER (WHERE \(takes))"
                    type = typed.type
                case .mean:
                    throw SQLExpression.Refusal(reason: "mean's rounding to 18 places is not translated to SQL yet")
                }
                columns.append("\(column) AS hallmark_value_\(place)")
                values.append(("hallmark_value_\(place)", type))
            }
            var assertion = rows
            assertion.names = .values(values)
            let holds = try assertion.translate(aggregate.expression)
            let fails =
                "(CASE WHEN \(holds) THEN false WHEN NOT \(holds) THEN true ELSE \(aggregate.failsWhenUnknown) END)"
            let keys = aggregate.groupFields.map { index in
                let field = standard.fields[index]
                return "(CASE WHEN \(missing(field)) THEN '' ELSE \(cell(field)) END)"
            }
            let grouping = keys.isEmpty ? "" : " GROUP BY \(keys.joined(separator: ", "))"
            let groups =
                "SELECT hallmark_first, \(fails) AS hallmark_fails FROM (SELECT \(columns.joined(separator: ", ")) "
                + "FROM rows\(grouping)) AS hallmark_group"
            checks.append(
                SQLCheck(
                    rule: rule, condition: "", isError: aggregate.severity == .error, isOfTable: true, groups: groups))
        } catch {
            unchecked.append((rule, error.reason))
        }
    }

    // MARK: The query

    /// A line comment of `text` with control characters escaped: a line break in a field's name
    /// must not end the comment and leave the rest of the name to run as SQL.
    static func comment(_ text: String) -> String {
        "-- " + TextExcerpt.escaped(text) + "\n"
    }

    func query(table: String, rowExpression: String, maxExamples: Int) -> String {
        let columns = standard.fields.map { dialect.identifier($0.name) }.joined(separator: ", ")
        var sql =
            Self.comment(
                "Hallmark \(Report.toolVersion): \(standard.id) \(standard.version) on \(table), \(dialect.rawValue)")
        for (index, check) in checks.enumerated() {
            sql += Self.comment("count_\(index), rows_\(index): \(check.rule)")
        }
        for (rule, reason) in unchecked { sql += Self.comment("not checked on this engine: \(rule): \(reason)") }
        sql += "WITH rows AS (\n  SELECT \(rowExpression) AS hallmark_row, \(columns)\n  FROM \(table)\n)"
        // Each window column may use those before it (the first failing check before a repeat).
        var source = "rows"
        for (index, window) in windows.enumerated() {
            sql += ",\nw\(index) AS (\n  SELECT *, \(window.expression) AS \(window.alias)\n  FROM \(source)\n)"
            source = "w\(index)"
        }
        sql += "\nSELECT\n"
        var outputs: [String] = []
        for (index, check) in checks.enumerated() {
            if let groups = check.groups {
                let failing = "FROM (\(groups)) AS hallmark_groups WHERE hallmark_fails"
                outputs.append("  (SELECT count(*) \(failing)) AS count_\(index)")
                let rows =
                    "(SELECT array_agg(hallmark_first ORDER BY hallmark_first) \(failing) AND hallmark_first IS NOT NULL)"
                outputs.append("  \(dialect.firstElements(rows, maxExamples)) AS rows_\(index)")
                continue
            }
            if check.isOfTable {
                outputs.append("  CASE WHEN \(check.condition) THEN 1 ELSE 0 END AS count_\(index)")
                outputs.append("  CAST(NULL AS BIGINT[]) AS rows_\(index)")
                continue
            }
            outputs.append("  count(*) FILTER (WHERE \(check.condition)) AS count_\(index)")
            let rows = "array_agg(hallmark_row ORDER BY hallmark_row) FILTER (WHERE \(check.condition))"
            outputs.append("  \(dialect.firstElements(rows, maxExamples)) AS rows_\(index)")
        }
        let errors = checks.filter { $0.isError && !$0.isOfTable }.map { "(\($0.condition))" }
        outputs.append(
            "  count(*) FILTER (WHERE \(errors.isEmpty ? "false" : errors.joined(separator: " OR "))) AS rows_with_errors"
        )
        outputs.append("  count(*) AS row_count")
        sql += outputs.joined(separator: ",\n") + "\nFROM \(source);\n"
        return sql
    }
}

extension String {
    /// The string, or `nil` when it is empty.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
