public import Hallmark

/// A standard compiled to one SQL query over a table: in one scan, each checked rule's finding
/// count, its first example rows (by row id) and the number of rows with an error.
///
/// The query returns one row with, for the rule at place `N` of ``checkedRules``, the columns
/// `count_N` and `rows_N` (an array of row ids, ascending), then `rows_with_errors`, `row_count`
/// and `examples` (the example rows' cells, as JSON text); columns named `hallmark_…` say which
/// query made the row, so ``report(from:fingerprintKey:dataset:duration:)`` can refuse another's.
/// Comments at its top name the rule of each `N` and every rule not checked. Rules the engine
/// cannot check as exactly as the native engine are in ``uncheckedRules`` with the reason:
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
    /// What names a row in the examples: `column NAME` for a row-id column, or `row number`.
    public let rowIdentity: String
    /// The standard compiled.
    public let standard: Standard
    /// The engine it is for.
    public let dialect: SQLDialect
    /// The table, as SQL.
    public let table: String
    /// Example rows each rule keeps.
    public let maxExamples: Int
    /// The query as one statement without its final `;`, for an API that runs a statement (Spark's
    /// `sql()`, a subquery) rather than a script.
    public var statement: String {
        var text = text
        while let last = text.last, last == ";" || last.isWhitespace { text.removeLast() }
        return text
    }
    /// What the query checks, as its `hallmark_checks` column says (``SQLCompiler/fingerprint``).
    let fingerprint: String

    /// Compiles `standard`'s checks on `table`, whose columns hold the fields' text (as loaded from
    /// the file: every column text, a missing value empty or `NULL`).
    ///
    /// - Parameters:
    ///   - rowID: a column that numbers the rows (as the file's row numbers do: the header is
    ///     row 1); `nil` numbers them in the table's order from 2 (from 1 for a standard without a
    ///     header), which only an ordered load keeps.
    ///   - maxExamples: how many example rows each rule keeps.
    ///   - today: the date rules read as `today()`, as `YYYY-MM-DD` (the native engine's
    ///     ``Validator/Options/today``); `nil` leaves it to the engine's current date.
    public init(
        standard: Standard, dialect: SQLDialect, table: String, rowID: String? = nil, maxExamples: Int = 20,
        today: String? = nil
    ) {
        var compiler = SQLCompiler(standard: standard, dialect: dialect, today: today)
        compiler.compile()
        let rowExpression =
            rowID.map(dialect.identifier) ?? dialect.rowNumber(from: standard.table.dialect.hasHeader ? 2 : 1)
        rowIdentity = rowID.map { "column \($0)" } ?? "row number"
        text = compiler.query(
            table: table, rowExpression: rowExpression, rowIdentity: rowIdentity, maxExamples: maxExamples,
            isRowIDColumn: rowID != nil)
        checkedRules = compiler.checks.map(\.rule)
        uncheckedRules = compiler.unchecked
        fingerprint = compiler.fingerprint
        self.standard = standard
        self.dialect = dialect
        self.table = table
        self.maxExamples = maxExamples
    }
}
