/// The SQL engines a standard compiles to, and how each spells what differs between them.
public enum SQLDialect: String, Sendable, CaseIterable {
    case postgres
    case duckdb
    /// Spark SQL (3.4 or later; 4.x with its ANSI mode on), as `hallmark spark-job` runs it.
    case spark

    /// `name` as a quoted identifier: `"PRACTICE CODE"`, a quote inside doubled (Spark:
    /// `` `PRACTICE CODE` ``, a backtick doubled).
    func identifier(_ name: String) -> String {
        switch self {
        case .postgres, .duckdb: "\"" + Self.doubling("\"", in: name) + "\""
        case .spark: "`" + Self.doubling("`", in: name) + "`"
        }
    }

    /// `text` as a string literal. PostgreSQL and DuckDB read backslashes in a standard string
    /// literal as themselves, and a quote inside doubled; Spark reads a backslash as an escape, so
    /// both are escaped with one.
    func literal(_ text: String) -> String {
        switch self {
        case .postgres, .duckdb:
            return "'" + Self.doubling("'", in: text) + "'"
        case .spark:
            var out = "'"
            for scalar in text.unicodeScalars {
                if scalar == "\\" || scalar == "'" { out.unicodeScalars.append("\\") }
                out.unicodeScalars.append(scalar)
            }
            return out + "'"
        }
    }

    /// `text` with each `quote` written twice, as SQL escapes a quote inside quotes. By Unicode
    /// scalar: a quote followed by a combining mark is one `Character`, and must still be doubled.
    private static func doubling(_ quote: Unicode.Scalar, in text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == quote { out.unicodeScalars.append(quote) }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Whether all of `value` matches `pattern` (a regular expression in the engine's flavour).
    func matchesWhole(_ value: String, _ pattern: String) -> String {
        switch self {
        case .postgres: "\(value) ~ \(literal("^(?:" + pattern + ")$"))"
        case .duckdb: "regexp_full_match(\(value), \(literal(pattern)))"
        // Java's `$` also matches before a final line break; `\z` only at the end.
        case .spark: "(\(value) RLIKE \(literal("^(?:" + pattern + ")\\z")))"
        }
    }

    /// The number of characters (Unicode scalars) in `value`.
    func length(_ value: String) -> String {
        switch self {
        case .postgres, .spark: "char_length(\(value))"
        case .duckdb: "length(\(value))"
        }
    }

    /// The 1-based place of `needle` in `text`, 0 when it is not there (standard SQL, which
    /// every engine reads alike).
    static func position(of needle: String, in text: String) -> String {
        "position(\(needle) IN \(text))"
    }

    /// The element at 1-based `index` of the list of integer `values`.
    func element(of values: [Int], at index: String) -> String {
        let list = values.map(String.init).joined(separator: ", ")
        switch self {
        case .postgres, .duckdb: return "(ARRAY[\(list)])[\(index)]"
        case .spark: return "element_at(array(\(list)), \(index))"
        }
    }

    /// `value` without the leading `characters` (a literal's text).
    func trimLeading(_ value: String, characters: String) -> String {
        switch self {
        case .postgres, .duckdb: "ltrim(\(value), \(literal(characters)))"
        case .spark: "trim(LEADING \(literal(characters)) FROM \(value))"
        }
    }

    /// `value` without the trailing `characters` (a literal's text).
    func trimTrailing(_ value: String, characters: String) -> String {
        switch self {
        case .postgres, .duckdb: "rtrim(\(value), \(literal(characters)))"
        case .spark: "trim(TRAILING \(literal(characters)) FROM \(value))"
        }
    }

    /// `Σ term(place)` for `place` from 1 to `count` (an integer expression, 0 for none).
    func sum(from count: String, _ term: (String) -> String) -> String {
        let place = "hallmark_place"
        switch self {
        case .postgres, .duckdb:
            return "(SELECT sum(\(term(place))) FROM generate_series(1, \(count)) AS hallmark_places(\(place)))"
        case .spark:
            // `sequence(1, 0)` counts down; an empty text's sum is none.
            return "(CASE WHEN \(count) < 1 THEN NULL ELSE "
                + "aggregate(sequence(1, \(count)), CAST(0 AS BIGINT), (hallmark_sum, \(place)) -> hallmark_sum + \(term(place))) END)"
        }
    }

    /// The ids of the rows (`hallmark_row`, or `column`) where `condition` holds, ascending.
    func rowIDs(_ column: String = "hallmark_row", where condition: String) -> String {
        switch self {
        case .postgres, .duckdb: "array_agg(\(column) ORDER BY \(column)) FILTER (WHERE \(condition))"
        case .spark: "sort_array(collect_list(\(column)) FILTER (WHERE \(condition)))"
        }
    }

    /// An array of row ids that is `NULL`.
    var noRowIDs: String {
        switch self {
        case .postgres, .duckdb: "CAST(NULL AS BIGINT[])"
        case .spark: "CAST(NULL AS ARRAY<BIGINT>)"
        }
    }

    /// A query with a row per element of the array columns `arrays` of the one-row `table`.
    func elements(of arrays: [String], in table: String) -> String {
        switch self {
        case .postgres, .duckdb:
            return arrays.map { "SELECT unnest(\($0)) FROM \(table)" }.joined(separator: " UNION ")
        case .spark:
            // One read of the table: Spark computes a common table expression once per reference.
            let all = arrays.map { "coalesce(\($0), array())" }.joined(separator: ", ")
            return "SELECT explode(flatten(array(\(all)))) FROM \(table)"
        }
    }

    /// Rows numbered in the order the engine reads them, from `first` (2 after a header, as a
    /// file's data rows are).
    func rowNumber(from first: Int) -> String {
        switch self {
        case .postgres, .duckdb: "row_number() OVER () + \(first - 1)"
        // Spark numbers rows only in an order: the one it reads them in.
        case .spark: "row_number() OVER (ORDER BY monotonically_increasing_id()) + \(first - 1)"
        }
    }

    /// How a common table expression read twice is computed once (`materialized`) or inlined;
    /// Spark's are always inlined.
    func commonTable(materialized: Bool) -> String {
        switch self {
        case .postgres, .duckdb: materialized ? "MATERIALIZED " : "NOT MATERIALIZED "
        case .spark: ""
        }
    }

    /// The days from date `start` to date `end`.
    func days(from start: String, to end: String) -> String {
        switch self {
        case .postgres, .duckdb: "(\(end) - \(start))"
        case .spark: "datediff(\(end), \(start))"
        }
    }

    /// Whether `value` is one of the rows of `values` (`('a'), ('b')`, a row of literals each).
    func isAmong(_ value: String, rows values: String) -> String {
        switch self {
        case .postgres, .duckdb: "\(value) IN (VALUES \(values))"
        case .spark: "\(value) IN (SELECT * FROM VALUES \(values))"
        }
    }

    /// `value` with its ASCII letters in upper case and every other character as it is (the
    /// engines' `upper` follows the locale, so `é` would become `É`).
    func asciiUppercase(_ value: String) -> String {
        "translate(\(value), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"
    }

    /// `value` without the leading and trailing `characters`.
    func trim(_ value: String, characters: String) -> String {
        switch self {
        case .postgres: "btrim(\(value), \(literal(characters)))"
        case .duckdb: "trim(\(value), \(literal(characters)))"
        case .spark: "trim(BOTH \(literal(characters)) FROM \(value))"
        }
    }

    /// `value`, known to be an integer's digits, as an integer.
    func integer(_ value: String) -> String {
        "CAST(\(value) AS BIGINT)"
    }

    /// `value`, known to be a number in Hallmark's grammar, as a number that compares exactly
    /// where the engine can (PostgreSQL's `numeric`), else as a double.
    func number(_ value: String) -> String {
        switch self {
        case .postgres: "CAST(\(value) AS NUMERIC)"
        case .duckdb, .spark: "CAST(\(value) AS DOUBLE)"
        }
    }

    /// The first `count` elements of an array.
    func firstElements(_ array: String, _ count: Int) -> String {
        switch self {
        case .postgres, .duckdb: "(\(array))[1:\(count)]"
        case .spark: "slice(\(array), 1, \(count))"
        }
    }

    /// `value` as text.
    func text(_ value: String) -> String {
        switch self {
        case .postgres: "CAST(\(value) AS TEXT)"
        case .duckdb: "CAST(\(value) AS VARCHAR)"
        case .spark: "CAST(\(value) AS STRING)"
        }
    }

    /// The JSON text of an array holding, per row in `order`, the array of `texts` (`NULL` for no rows).
    func jsonRows(_ texts: [String], orderedBy order: String) -> String {
        // An array constructor, not json_build_array: PostgreSQL passes a function at most 100 arguments.
        let row = texts.joined(separator: ", ")
        switch self {
        case .postgres: return "CAST(json_agg(ARRAY[\(row)] ORDER BY \(order)) AS TEXT)"
        case .duckdb: return "CAST(to_json(list([\(row)] ORDER BY \(order))) AS VARCHAR)"
        // Unordered: the rows are read back by their ids.
        case .spark: return "to_json(collect_list(array(\(row))))"
        }
    }
}
