/// Receives every data row of a validation once it is judged, in input order, as the bytes it was
/// read as: the split behind `--valid-rows` and `--invalid-rows`, for an ingest service that loads
/// the good rows and sets the bad ones aside in the same pass.
///
/// A row is invalid when it has a finding of severity `error` from its cells, its row rules, a
/// foreign key looked up in a code list or file, or a key that repeats an earlier row's. Findings
/// known only once the whole table is read (foreign keys within the table, dataset counts) do not
/// move rows; the report still lists them. Rows of a footer and lines above the header are not
/// data and are not passed on.
///
/// Bytes are the record exactly as read, its line ending included (quoted line breaks and all):
/// for UTF-8 input, the file's own bytes, so the header and the rows of both classes, put back in
/// row order, are the input. Input in another encoding is passed on converted to UTF-8.
///
/// Calls come from the task that runs the validation, one at a time.
public protocol RowSink: AnyObject {
    /// The header row, before any data row; not called for a table without one.
    func takeHeader(_ bytes: UnsafeRawBufferPointer)
    /// One data row and its verdict.
    func take(_ row: JudgedRow)
}

/// A data row as a ``RowSink`` receives it. Its bytes are valid only during the call.
public struct JudgedRow {
    /// The row's number, counting every record from the top of the file (as in reports).
    public let row: Int
    /// The line the row starts on.
    public let line: Int
    /// The record's bytes, line ending included.
    public let bytes: UnsafeRawBufferPointer
    /// Whether the row has no finding of severity `error`.
    public var isValid: Bool { ruleIDs.isEmpty }
    /// The rules the row broke with severity `error`, in the order they were found.
    public let ruleIDs: [String]
}
