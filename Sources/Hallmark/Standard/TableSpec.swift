/// How a table's bytes are laid out and how its header must match the fields: the standard's `table:`.
public struct TableSpec: Sendable {
    /// The CSV dialect (`table: dialect:`).
    public package(set) var dialect: CSVDialect
    /// Cell texts that mean "no value" (`table: missing:`, default: the empty cell). A missing cell fails only `required`.
    public package(set) var missingValues: [String]
    /// How the header row must match the fields (`table: fields-match:`, default ``FieldsMatch/exact``).
    public package(set) var fieldsMatch: FieldsMatch

    /// The defaults: comma-separated, double-quoted, a header row, the empty cell missing, an exact header.
    package init(dialect: CSVDialect = CSVDialect(), missingValues: [String] = [""], fieldsMatch: FieldsMatch = .exact)
    {
        self.dialect = dialect
        self.missingValues = missingValues
        self.fieldsMatch = fieldsMatch
    }
}
