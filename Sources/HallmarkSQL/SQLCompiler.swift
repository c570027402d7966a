import Hallmark

/// One rule as SQL, by what its findings are of.
struct SQLCheck {
    enum Scope {
        /// A row has a finding where this condition holds.
        case row(condition: String)
        /// The table has one finding where this condition on its aggregates holds; it names no row.
        case table(condition: String)
        /// A query with a row per group, its first row (`hallmark_first`) and whether it fails
        /// (`hallmark_fails`): each failing group is a finding at its first row.
        case groups(query: String)
    }

    let rule: String
    let scope: Scope
    /// Whether its findings are errors; only findings of rows count in `rows_with_errors`.
    let isError: Bool

    init(rule: String, scope: Scope, isError: Bool) {
        self.rule = rule
        self.scope = scope
        self.isError = isError
    }

    /// A check of each row.
    init(rule: String, condition: String, isError: Bool) {
        self.init(rule: rule, scope: .row(condition: condition), isError: isError)
    }
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
        // A file's bytes, lines and header are read only by the native pass; an engine's table
        // (or Spark's CSV reader) has none to check, and says so rather than passing them.
        for rule in TableRule.allCases {
            unchecked.append(
                (
                    "table:\(rule.rawValue)",
                    "about a file's bytes, lines and header, which only 'hallmark validate' reads"
                ))
        }
    }

    /// Expressions over this standard's rows, reading each field as its checks read it.
    var rowExpressions: SQLExpression {
        SQLExpression(
            standard: standard, dialect: dialect, today: today, cell: cell, missing: { missing($0) })
    }

    /// Whether a rule fails, given whether its assertion `holds`: where it is false, or unknown
    /// when unknown fails.
    static func fails(_ holds: String, whenUnknown failsWhenUnknown: Bool) -> String {
        "(CASE WHEN \(holds) THEN false WHEN NOT \(holds) THEN true ELSE \(failsWhenUnknown) END)"
    }

    // MARK: The query

    /// A line comment of `text` with control characters escaped: a line break in a field's name
    /// must not end the comment and leave the rest of the name to run as SQL.
    static func comment(_ text: String) -> String {
        "-- " + TextExcerpt.escaped(text) + "\n"
    }

    func query(table: String, rowExpression: String, rowIdentity: String, maxExamples: Int, isRowIDColumn: Bool)
        -> String
    {
        let columns = standard.fields.map { dialect.identifier($0.name) }.joined(separator: ", ")
        var sql =
            Self.comment(
                "Hallmark \(Report.toolVersion): \(standard.id) \(standard.version) on \(table), \(dialect.rawValue)")
        for (index, check) in checks.enumerated() {
            sql += Self.comment("count_\(index), rows_\(index): \(check.rule)")
        }
        for (rule, reason) in unchecked { sql += Self.comment("not checked on this engine: \(rule): \(reason)") }
        // `rows` is read twice, for the counts and for the example rows' cells: a generated row
        // number must be the same both times, so it is computed once; a row-id column needs no copy.
        let materialized = dialect.commonTable(materialized: !isRowIDColumn)
        sql +=
            "WITH rows AS \(materialized)(\n  SELECT \(rowExpression) AS hallmark_row, \(columns)\n  FROM \(table)\n)"
        // Each window column may use those before it (the first failing check before a repeat).
        var source = "rows"
        for (index, window) in windows.enumerated() {
            sql += ",\nw\(index) AS (\n  SELECT *, \(window.expression) AS \(window.alias)\n  FROM \(source)\n)"
            source = "w\(index)"
        }
        var outputs: [String] = []
        var errors: [String] = []
        for (index, check) in checks.enumerated() {
            switch check.scope {
            case .row(let condition):
                outputs.append("  count(*) FILTER (WHERE \(condition)) AS count_\(index)")
                let rows = dialect.rowIDs(where: condition)
                outputs.append("  \(dialect.firstElements(rows, maxExamples)) AS rows_\(index)")
                if check.isError { errors.append("(\(condition))") }
            case .table(let condition):
                outputs.append("  CASE WHEN \(condition) THEN 1 ELSE 0 END AS count_\(index)")
                outputs.append("  \(dialect.noRowIDs) AS rows_\(index)")
            case .groups(let query):
                let failing = "FROM (\(query)) AS hallmark_groups WHERE hallmark_fails"
                outputs.append("  (SELECT count(*) \(failing)) AS count_\(index)")
                let rows =
                    "(SELECT \(dialect.rowIDs("hallmark_first", where: "true")) \(failing) AND hallmark_first IS NOT NULL)"
                outputs.append("  \(dialect.firstElements(rows, maxExamples)) AS rows_\(index)")
            }
        }
        outputs.append(
            "  count(*) FILTER (WHERE \(errors.isEmpty ? "false" : errors.joined(separator: " OR "))) AS rows_with_errors"
        )
        outputs.append("  count(*) AS row_count")
        sql +=
            ",\nhallmark_result AS \(dialect.commonTable(materialized: true))(\nSELECT\n"
            + outputs.joined(separator: ",\n")
            + "\nFROM \(source)\n)\n"
        sql += "SELECT\n  \(dialect.literal(dialect.rawValue)) AS hallmark_engine,\n"
        sql += "  \(dialect.literal(table)) AS hallmark_table,\n"
        sql += "  \(dialect.literal(rowIdentity)) AS hallmark_row_identity,\n"
        sql += "  \(dialect.literal(fingerprint)) AS hallmark_checks,\n"
        sql += "  hallmark_result.*,\n  \(examples(columns: standard.fields.map(\.name)))"
        sql += " AS examples\nFROM hallmark_result;\n"
        return sql
    }

    /// The example rows' cells, as a JSON array of `[row id, cell, …]` in field order (`NULL` when
    /// there are none): what makes the report's examples and their identities.
    private func examples(columns: [String]) -> String {
        let cells = ["hallmark_row"] + columns.map(dialect.identifier)
        let lists = checks.indices.map { "rows_\($0)" }
        let wanted = lists.isEmpty ? "false" : "hallmark_row IN (\(dialect.elements(of: lists, in: "hallmark_result")))"
        return
            "(SELECT \(dialect.jsonRows(cells.map { dialect.text($0) }, orderedBy: "hallmark_row")) FROM rows WHERE \(wanted))"
    }

    /// Names what a query checks, so a result can be matched to the query that made it: 16 hex
    /// digits of FNV-1a over the standard's id and version, the engine, and the rules checked (in
    /// column order) and not checked. Not a secret: a guard against reading a result of another
    /// standard, version or engine, whose counts would land on the wrong rules.
    var fingerprint: String {
        let parts =
            [standard.id, standard.version, dialect.rawValue] + checks.map(\.rule) + ["—"] + unchecked.map(\.rule)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for rule in parts {
            for byte in rule.utf8 + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
