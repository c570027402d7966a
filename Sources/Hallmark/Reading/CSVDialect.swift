/// How a CSV file is written: its delimiter, quoting, header and line endings (a standard's `table: dialect:`).
public struct CSVDialect: Sendable, Hashable {
    /// The byte between cells (default `,`).
    public package(set) var delimiter: UInt8 = 0x2C
    /// The byte that quotes a cell (default `"`), or `nil` when cells are never quoted.
    public package(set) var quote: UInt8? = 0x22
    /// Whether a doubled quote inside a quoted cell stands for one quote (default `true`).
    public package(set) var doubleQuote = true
    /// A byte that makes the next byte literal inside a quoted cell (default none).
    public package(set) var escape: UInt8?
    /// Whether the first record is a header row (`has-header:`, default `true`).
    public package(set) var hasHeader = true
    /// Lines starting with this byte are skipped (default none).
    public package(set) var commentPrefix: UInt8?
    /// The line ending the file must use; ``LineEnding/any`` accepts LF, CRLF and CR alike.
    public package(set) var lineEnding: LineEnding = .any
    /// The text encoding (default UTF-8); other encodings are read as UTF-8 (see ``TextEncoding``).
    public package(set) var encoding = TextEncoding.utf8
    /// Physical lines above the header (or, without one, above the first data row) that are not
    /// part of the table: a title block (`skip-rows:`, or `header-row:` less one; default 0).
    /// They are checked by nothing, and rows and lines keep the file's numbers.
    public package(set) var skipRows = 0
    /// Whether blank rows are left out of the table rather than reported (`skip-blank-rows:`,
    /// default `false`).
    public package(set) var skipBlankRows = false

    /// The default dialect: RFC 4180 with a header row and any line ending.
    package init() {}

    /// The dialect with one run's overrides applied (`hallmark validate --delimiter …`).
    ///
    /// - Parameters:
    ///   - delimiter: the byte between cells.
    ///   - hasHeader: whether the first row of the table is a header.
    ///   - encoding: the text encoding.
    ///   - headerRow: the physical line the header is on (1 for the first); lines above it are skipped.
    public func overriding(
        delimiter: UInt8? = nil, hasHeader: Bool? = nil, encoding: TextEncoding? = nil, headerRow: Int? = nil
    ) -> CSVDialect {
        var dialect = self
        if let delimiter { dialect.delimiter = delimiter }
        if let hasHeader { dialect.hasHeader = hasHeader }
        if let encoding { dialect.encoding = encoding }
        if let headerRow { dialect.skipRows = max(headerRow - 1, 0) }
        return dialect
    }

    /// Record terminators a dialect can require (`line-ending:`).
    public enum LineEnding: String, Sendable, CaseIterable {
        /// LF, CRLF and CR alike.
        case any
        /// A line feed.
        case lf
        /// A carriage return and a line feed.
        case crlf
        /// A carriage return alone.
        case cr
    }
}
