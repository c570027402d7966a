/// One example of a finding: where it is, and the value (masked for sensitive fields).
public struct FindingExample: Sendable, Hashable {
    /// The record number, counting the header as row 1 (blank lines count; comment lines do not);
    /// `nil` for a finding about the whole table (`dataset:rows`, `dataset:completeness:NAME`).
    public var row: Int?
    /// The 1-based line on which the record starts; `nil` when ``row`` is.
    public var line: Int?
    /// The 1-based column, when the finding is about one cell.
    public var column: Int?
    /// The field, when the column has one.
    public var field: String?
    /// The cell's value; for `sensitive` fields only its shape (`### ### ####`).
    public var value: String?
}
