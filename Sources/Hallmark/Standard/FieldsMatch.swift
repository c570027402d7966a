/// How the header row must match the standard's fields (`table: fields-match:`).
public enum FieldsMatch: String, Sendable, CaseIterable {
    /// Every field, in the standard's order, and no other column.
    case exact
    /// Every field, in the standard's order; other columns may sit between them and are not checked.
    case ordered
    /// Columns in any order; fields that are not `required` may be absent; no other column.
    case subset
}
