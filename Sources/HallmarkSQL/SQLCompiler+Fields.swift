import Hallmark

/// A field's checks: its type and constraints in the native order, `unique`, and codes in force.
extension SQLCompiler {
    /// A field's cell as its checks read it: without leading and trailing spaces and tabs when it trims.
    func cell(_ field: FieldSpec) -> String {
        let column = dialect.identifier(field.name)
        return field.constraints.trim ?? standard.table.trim ? dialect.trim(column, characters: " \t") : column
    }

    /// Whether a field's cell (as its checks read it, or `column`) means "no value": `NULL`, or one
    /// of its (or the table's) missing texts.
    func missing(_ field: FieldSpec, column: String? = nil) -> String {
        let texts = field.constraints.missing ?? standard.table.missingValues
        let column = column ?? cell(field)
        return "(\(column) IS NULL OR \(column) IN (\(texts.map(dialect.literal).joined(separator: ", "))))"
    }

    /// A field's checks in the native order. Under `cell-findings: first`, one `CASE` names the
    /// first check a cell fails, then each check's condition is on that name; under `all`, each
    /// check is its own condition, after the type as natively (a cell of the wrong type gets no other).
    mutating func compile(_ field: FieldSpec) {
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
            // A date in a layout is compared in its ISO form.
            let value = SQLGrammar.isoForm(column, type: field.type, layout: constraints.layout, dialect: dialect)?.iso
            guard typeChecked,
                let fails = SQLGrammar.boundCheck(
                    field.type, column: value ?? column, bound: bound, below: below, dialect: dialect)
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
                    "(CASE WHEN \(SQLDialect.position(of: "'.'", in: column)) = 0 THEN 0 ELSE \(dialect.length(column)) - \(SQLDialect.position(of: "'.'", in: column)) END)"
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
                // Dates in ISO form or a fixed-width layout have one spelling each, so their text
                // is their meaning, as natively; in a looser layout they compare by meaning.
                if field.keysCompareByMeaning {
                    refuse("values", "values of dates in a layout with several spellings are not translated to SQL yet")
                } else {
                    steps.append(("values", "NOT " + Self.isIn(column, values, dialect: dialect)))
                }
            case .integer, .decimal:
                let literals = values.codes.map { dialect.literal(SQLGrammar.canonicalNumber(text: $0)) }
                steps.append(
                    (
                        "values",
                        "NOT \(SQLGrammar.canonicalNumber(column, dialect: dialect)) IN (\(literals.joined(separator: ", ")))"
                    ))
            default:
                refuse(
                    "values",
                    "values of \(field.type.rawValue) fields compared by meaning are not translated to SQL yet")
            }
        }
        if let pattern = constraints.pattern {
            do {
                let translated = try SQLGrammar.regex(pattern.source)
                steps.append(("pattern", "NOT " + dialect.matchesWhole(column, translated)))
            } catch {
                // Where the pattern is written, and what in it the engines read otherwise.
                let place = constraints.locations["pattern"] ?? field.location
                refuse(
                    "pattern",
                    "\(place): \(error.construct) in the pattern has no equivalent in the engines' regular expressions")
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
                // Spaces in a field that does not trim are checked before the type, as natively.
                let stopsAtType = step.check != "type" && !(step.check == "whitespace" && !trims)
                let typeStop = stopsAtType ? typeFails.map { " WHEN \($0) THEN false" } ?? "" : ""
                // In a CASE, so no cast sees text the type check refused (DuckDB evaluates both sides of an AND).
                let condition = "(CASE WHEN \(missing) THEN false\(typeStop) ELSE \(step.fails) END)"
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
        guard
            let iso = SQLGrammar.isoForm(when, type: asOf.type, layout: asOf.constraints.layout, dialect: dialect)?.iso
        else { return nil }
        let day: String
        switch asOf.type {
        case .date: day = iso
        case .yearmonth: day = "(\(iso) || '-01')"
        case .year: day = "(\(iso) || '-01-01')"
        default: return nil
        }
        guard
            case .checked(let invalid) = SQLGrammar.typeCheck(
                asOf.type, column: when, constraints: asOf.constraints, dialect: dialect)
        else { return nil }
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
                let bounds = [period.from.map { (">=", $0) }, period.to.map { ("<=", $0) }].compactMap { $0 }.map {
                    "\(day) \($0.0) \(dialect.literal(SQLGrammar.isoText($0.1)))"
                }
                return bounds.isEmpty ? "true" : "(" + bounds.joined(separator: " AND ") + ")"
            }
            branches.append("WHEN \(dialect.literal(key)) THEN \(inForce.joined(separator: " OR "))")
        }
        guard !branches.isEmpty else { return "false" }
        let lookedUp = list.isCaseSensitive ? code : dialect.asciiUppercase(code)
        return "(CASE WHEN \(missing(field, column: code)) OR \(missing(asOf, column: when)) THEN false"
            + (invalid.map { " WHEN \($0) THEN false" } ?? "")
            + " ELSE NOT (CASE \(lookedUp) \(branches.joined(separator: " ")) ELSE true END) END)"
    }

    /// `text` with its ASCII letters in upper case, as a case-insensitive code list stores codes.
    private static func asciiUppercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    static func isIn(_ column: String, _ list: CodeList, dialect: SQLDialect) -> String {
        if list.isCaseSensitive {
            return "\(column) IN (\(list.codes.map(dialect.literal).joined(separator: ", ")))"
        }
        // ASCII letters only, on both sides, as the native engine compares.
        let codes = list.codes.map { dialect.literal(asciiUppercased($0)) }
        return "\(dialect.asciiUppercase(column)) IN (\(codes.joined(separator: ", ")))"
    }
}
