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
    /// The text encoding; version 1 of the language reads UTF-8.
    public package(set) var encoding = "utf-8"

    /// The default dialect: RFC 4180 with a header row and any line ending.
    package init() {}

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
