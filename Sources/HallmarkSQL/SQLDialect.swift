/// The SQL engines a standard compiles to, and how each spells what differs between them.
public enum SQLDialect: String, Sendable, CaseIterable {
    case postgres
    case duckdb

    /// `name` as a quoted identifier: `"PRACTICE CODE"`, a quote inside doubled.
    func identifier(_ name: String) -> String {
        "\"" + Self.doubling("\"", in: name) + "\""
    }

    /// `text` as a string literal, a quote inside doubled. Both engines read backslashes in a
    /// standard string literal as themselves.
    func literal(_ text: String) -> String {
        "'" + Self.doubling("'", in: text) + "'"
    }

    /// `text` with each `quote` written twice, as SQL escapes a quote inside quotes.
    private static func doubling(_ quote: Character, in text: String) -> String {
        var out = ""
        for character in text {
            if character == quote { out.append(quote) }
            out.append(character)
        }
        return out
    }

    /// Whether all of `value` matches `pattern` (a regular expression in the engine's flavour).
    func matchesWhole(_ value: String, _ pattern: String) -> String {
        switch self {
        case .postgres: "\(value) ~ \(literal("^(?:" + pattern + ")$"))"
        case .duckdb: "regexp_full_match(\(value), \(literal(pattern)))"
        }
    }

    /// The number of characters (Unicode scalars) in `value`.
    func length(_ value: String) -> String {
        switch self {
        case .postgres: "char_length(\(value))"
        case .duckdb: "length(\(value))"
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
        case .duckdb: "CAST(\(value) AS DOUBLE)"
        }
    }

    /// The first `count` elements of an array (1-based, as both engines count).
    func firstElements(_ array: String, _ count: Int) -> String {
        "(\(array))[1:\(count)]"
    }

    /// `value` as text.
    func text(_ value: String) -> String {
        switch self {
        case .postgres: "CAST(\(value) AS TEXT)"
        case .duckdb: "CAST(\(value) AS VARCHAR)"
        }
    }

    /// The JSON text of an array holding, per row in `order`, the array of `texts` (`NULL` for no rows).
    func jsonRows(_ texts: [String], orderedBy order: String) -> String {
        // An array constructor, not json_build_array: PostgreSQL passes a function at most 100 arguments.
        let row = texts.joined(separator: ", ")
        switch self {
        case .postgres: return "CAST(json_agg(ARRAY[\(row)] ORDER BY \(order)) AS TEXT)"
        case .duckdb: return "CAST(to_json(list([\(row)] ORDER BY \(order))) AS VARCHAR)"
        }
    }
}
