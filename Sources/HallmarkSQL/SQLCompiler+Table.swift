import Hallmark

/// Checks of the whole table: aggregates over groups of rows, the row count and completeness.
extension SQLCompiler {
    /// An aggregate as a query with a row per group: the group's first row, each value over the
    /// rows where its `where:` is true (missing and invalid cells left out, as natively), and
    /// whether the assertion on the values fails. A missing group part is an empty one.
    mutating func compile(_ aggregate: AggregateRule) {
        let rule = "dataset:aggregate:\(aggregate.id)"
        let rows = rowExpressions
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
            let fails = Self.fails(
                try assertion.translate(aggregate.expression), whenUnknown: aggregate.failsWhenUnknown)
            let keys = aggregate.groupFields.map { index in
                let field = standard.fields[index]
                return "(CASE WHEN \(missing(field)) THEN '' ELSE \(cell(field)) END)"
            }
            let grouping = keys.isEmpty ? "" : " GROUP BY \(keys.joined(separator: ", "))"
            let groups =
                "SELECT hallmark_first, \(fails) AS hallmark_fails FROM (SELECT \(columns.joined(separator: ", ")) "
                + "FROM rows\(grouping)) AS hallmark_group"
            checks.append(
                SQLCheck(rule: rule, scope: .groups(query: groups), isError: aggregate.severity == .error))
        } catch {
            unchecked.append((rule, error.reason))
        }
    }

    /// `rows` and `completeness`, over every row of the table. A share is compared exactly
    /// (`filled × 100 < percent × rows`), and an empty table is complete, as natively.
    mutating func compileTableChecks() {
        let dataset = standard.dataset
        if dataset.minimumRows != nil || dataset.maximumRows != nil {
            let bounds = [
                dataset.minimumRows.map { "count(*) < \($0)" }, dataset.maximumRows.map { "count(*) > \($0)" },
            ]
            checks.append(
                SQLCheck(
                    rule: "dataset:rows", scope: .table(condition: bounds.compactMap { $0 }.joined(separator: " OR ")),
                    isError: true))
        }
        for requirement in dataset.completeness {
            guard let field = standard.fields.first(where: { $0.name == requirement.field }) else { continue }
            let filled = "count(*) FILTER (WHERE NOT \(missing(field)))"
            checks.append(
                SQLCheck(
                    rule: "dataset:completeness:\(field.name)",
                    scope: .table(condition: "\(filled) * 100 < \(requirement.percent) * count(*)"),
                    isError: field.severity == .error))
        }
    }
}
