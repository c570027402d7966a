/// How a table's bytes are laid out and how its header must match the fields: the standard's `table:`.
public struct TableSpec: Sendable {
    /// The CSV dialect.
    public var dialect: Dialect
    /// Cell texts that mean "no value" (default: the empty cell). A missing cell fails only `required`.
    public var missingValues: [String]
    /// How the header row must match the fields.
    public var headerPolicy: HeaderPolicy

    /// Creates a table spec with the defaults: comma-separated, double-quoted, header row, exact header.
    public init(dialect: Dialect = Dialect(), missingValues: [String] = [""], headerPolicy: HeaderPolicy = .exact) {
        self.dialect = dialect
        self.missingValues = missingValues
        self.headerPolicy = headerPolicy
    }
}

/// How the header row must match the standard's fields (`table: header:`).
public enum HeaderPolicy: String, Sendable, CaseIterable {
    /// Every field, in the standard's order, and no other column.
    case exact
    /// Every field, in the standard's order; other columns may sit between them and are not checked.
    case ordered
    /// Columns in any order; fields that are not `required` may be absent; no other column.
    case subset
}

/// A CSV dialect (`table: dialect:`).
public struct Dialect: Sendable, Hashable {
    /// The byte between cells (default `,`).
    public var delimiter: UInt8 = 0x2C
    /// The byte that quotes a cell (default `"`), or `nil` when cells are never quoted.
    public var quote: UInt8? = 0x22
    /// Whether a doubled quote inside a quoted cell stands for one quote (default `true`).
    public var doubleQuote = true
    /// A byte that makes the next byte literal inside a quoted cell (default none).
    public var escape: UInt8?
    /// Whether the first record is a header row (default `true`).
    public var hasHeader = true
    /// Lines starting with this byte are skipped (default none).
    public var commentPrefix: UInt8?
    /// The line ending the file must use; `.any` accepts LF, CRLF and CR alike.
    public var lineEnding: LineEnding = .any
    /// The text encoding; version 1 of the language reads UTF-8.
    public var encoding = "utf-8"

    /// Creates the default dialect: RFC 4180 with any line ending.
    public init() {}

    /// Record terminators a dialect can require.
    public enum LineEnding: String, Sendable, CaseIterable {
        case any, lf, crlf, cr
    }
}
