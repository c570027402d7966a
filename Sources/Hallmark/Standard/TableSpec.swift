/// How a table's bytes are laid out and how its header must match the fields: the standard's `table:`.
public struct TableSpec: Sendable {
    /// The CSV dialect (`table: dialect:`).
    public package(set) var dialect: CSVDialect
    /// Cell texts that mean "no value" (`table: missing:`, default: the empty cell). A missing cell fails only `required`.
    public package(set) var missingValues: [String]
    /// How the header row must match the fields (`table: fields-match:`, default ``FieldsMatch/exact``).
    public package(set) var fieldsMatch: FieldsMatch
    /// How a header label is compared with a field's name (`table: header-match:`, default ``HeaderMatch/exact``).
    public package(set) var headerMatch: HeaderMatch = .exact
    /// Whether every line may end with one more, empty, cell: a file whose lines all end with the
    /// delimiter (`table: trailing-empty-column: allow`; default `false`, the column is reported).
    public package(set) var allowsTrailingEmptyColumn = false
    /// The rows that end the table, such as a "Total" line (`table: footer:`), or `nil` when every row is data.
    public package(set) var footer: FooterSpec?
    /// Whether each field's values are checked with leading and trailing spaces removed, unless the
    /// field says otherwise (`table: trim:`, default `false`).
    public package(set) var trim = false
    /// Whether a value with leading or trailing spaces is a `whitespace` finding, unless the field
    /// says otherwise (`table: whitespace: report`; default `allow`).
    public package(set) var reportsPadding = false
    /// Whether a cell that fails several of its field's checks gives every failure or only the
    /// first, most specific one (`table: cell-findings:`, default ``CellFindings/first``).
    public package(set) var cellFindings: CellFindings = .first

    /// The defaults: comma-separated, double-quoted, a header row, the empty cell missing, an exact header.
    package init(dialect: CSVDialect = CSVDialect(), missingValues: [String] = [""], fieldsMatch: FieldsMatch = .exact)
    {
        self.dialect = dialect
        self.missingValues = missingValues
        self.fieldsMatch = fieldsMatch
    }
}

/// How a header label is compared with a field's name (`table: header-match:`).
public enum HeaderMatch: String, Sendable, CaseIterable {
    /// Byte for byte.
    case exact
    /// After removing leading and trailing spaces from the label (`BNF NAME   ` is `BNF NAME`).
    case trimmed
    /// Trimmed, and without regard to ASCII case (`Postcode` is `POSTCODE`).
    case caseInsensitive = "case-insensitive"

    /// The form of a label or name that two must share to match.
    func key(_ label: String) -> String {
        switch self {
        case .exact: return label
        case .trimmed: return HeaderMatch.trimmed(label)
        case .caseInsensitive: return HeaderMatch.trimmed(label).lowercased()
        }
    }

    /// The form two labels share when they differ only in case or spacing (`Supplier  Name` and
    /// `SUPPLIER NAME`): trimmed, lower-cased, each run of spaces one space.
    static func loose(_ label: String) -> String {
        trimmed(label).lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// `label` without leading or trailing spaces and tabs.
    static func trimmed(_ label: String) -> String {
        let scalars = label.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}

/// Whether a cell failing several checks is reported once or for each (`table: cell-findings:`).
public enum CellFindings: String, Sendable, CaseIterable {
    /// One finding per cell: the first check it fails, in the order type, bounds, format, pattern,
    /// length, values, codes (a fused cell such as `E12345 ,N81646` is one finding, not five).
    case first
    /// A finding for every check the cell fails.
    case all
}

/// The rows that end a table (`table: footer:`): the first row whose first non-blank cell matches
/// ``pattern`` and every row after it. They are not data: the report counts them
/// (``Report/TableInfo/footer``) and checks none of them.
public struct FooterSpec: Sendable {
    /// A whole-value pattern for the footer's first cell, such as `(Grand )?Total`.
    public var pattern: String { compiled.source }
    /// The most rows a footer may have (`max-rows:`, default 10): a "footer" found earlier than
    /// that in a table (a subtotal line mid-table) is reported, since the rows after it go unchecked.
    public let maxRows: Int
    package let compiled: CompiledPattern

    package init(pattern: CompiledPattern, maxRows: Int) {
        self.maxRows = maxRows
        compiled = pattern
    }
}
