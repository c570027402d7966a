/// One example of a finding: where it is, and the value (masked for sensitive fields).
public struct FindingExample: Sendable, Hashable {
    /// The record number in the file: each line above the table (`skip-rows`) counts as one, then
    /// the header (row 1 when nothing is skipped), then each record (blank lines count; comment
    /// lines do not);
    /// `nil` for a finding about the whole table (`dataset:rows`, `dataset:completeness:NAME`).
    public var row: Int?
    /// The 1-based line on which the record starts; `nil` when ``row`` is.
    public var line: Int?
    /// The 1-based column (the cell's position in the record), when the finding is about one cell.
    public var column: Int?
    /// The field, when the column has one.
    public var field: String?
    /// The cell's value; for `sensitive` fields only its shape (`### ### ####`).
    public var value: String?
    /// The identity of the record (or duplicate key, or header label) the finding is in, in hex:
    /// the same when rows are re-ordered or inserted above, so a finding can be matched from one
    /// run to the next. Built from the primary-key values, or else all the record's cells; values of
    /// `sensitive` fields enter only through a keyed HMAC (``Validator/Options/fingerprintKey``).
    /// `nil` for findings about the whole table.
    public var rowKey: String? = nil
    /// The suppression covering this finding, if one does (see ``Suppression``).
    public var suppression: Suppression? = nil
    /// Where the cell starts in the file: its physical line (differs from ``line`` after a quoted
    /// line break) and its column in Unicode code points from 1, for tools that point into the file
    /// (SARIF `startLine`/`startColumn`, annotations). `nil` when not about one cell of the record.
    public var cellLine: Int? = nil
    /// See ``cellLine``.
    public var cellColumn: Int? = nil
    /// What is wrong with this value in particular, when the rule's message cannot say:
    /// "there is no 31 September".
    public var note: String? = nil
}
