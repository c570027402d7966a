public import Hallmark

extension SQLQuery {
    /// The report of `result`, a row this query returned: the same rules, counts, messages and
    /// ticket ids as `hallmark validate` gives a file with the table's rows, examples named by the
    /// engine's row ids, and every rule the engine did not check in ``Report/notChecked``.
    ///
    /// - Parameters:
    ///   - fingerprintKey: the secret sensitive values enter finding ids under, as
    ///     ``Validator/Options/fingerprintKey``.
    ///   - dataset: the dataset's stable name, which scopes ids (default: the standard's).
    ///   - duration: how long the engine took.
    /// - Throws: ``SQLResultError`` when the result is of another query (another standard or
    ///   version, engine or Hallmark), lacks a count or an example row's cells, or counts more
    ///   than its table holds.
    public func report(
        from result: SQLResult, fingerprintKey: [UInt8]? = nil, dataset: String? = nil, duration: Duration = .zero
    ) throws(SQLResultError) -> Report {
        guard result.checks == fingerprint, result.dialect == dialect else {
            throw SQLResultError(
                message:
                    "the result is not of this query: it is of another standard or version, engine, or Hallmark; run the query 'hallmark sql' prints now"
            )
        }
        // Counts no table of `row_count` rows can have are refused: they would make a report
        // that claims more than the table holds (and sums past the largest integer).
        guard result.rowsWithErrors <= result.rowCount else {
            throw SQLResultError(message: "the result has more rows with errors than rows")
        }
        var rules: [(id: String, result: EngineCounts.RuleCount)] = []
        for (index, rule) in checkedRules.enumerated() {
            guard let count = result.counts[index] else {
                throw SQLResultError(message: "the result has no count_\(index) (\(rule))")
            }
            let rows = result.rows[index]
            guard count <= max(result.rowCount, 1), (rows?.count ?? 0) <= count else {
                throw SQLResultError(
                    message:
                        "the result's count_\(index) (\(rule)) is \(count), with \(rows?.count ?? 0) example rows, in \(result.rowCount) rows"
                )
            }
            rules.append((rule, EngineCounts.RuleCount(count: count, rows: rows)))
        }
        let counts = EngineCounts(
            engine: Report.Engine(name: dialect.rawValue, table: result.table, rowIdentity: result.rowIdentity),
            rows: result.rowCount, rowsWithErrors: result.rowsWithErrors, rules: rules, cells: result.cells,
            notChecked: uncheckedRules.map { Report.NotChecked(ruleID: $0.rule, reason: $0.reason) })
        do {
            return try Report(
                standard: standard, counts: counts, maxExamples: maxExamples, fingerprintKey: fingerprintKey,
                dataset: dataset, duration: duration)
        } catch {
            throw SQLResultError(message: error.message)
        }
    }
}
