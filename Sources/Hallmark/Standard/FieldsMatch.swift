/// How the header row must match the standard's fields (`table: fields-match:`).
public enum FieldsMatch: String, Sendable, CaseIterable {
    /// Every field, in the standard's order, and no other column.
    case exact
    /// Every field, in the standard's order; other columns may sit between them and are not checked.
    case ordered
    /// Columns in any order; fields that are not `required` may be absent; no other column.
    case subset
    /// Every field and no other column, in any order (Table Schema's `equal`).
    case anyOrder = "any-order"
    /// Every field, in any order; other columns may stand among them and are not checked (Table
    /// Schema's `subset`).
    case extraColumns = "extra-columns"
    /// At least one field, in any order; other fields may be absent and other columns present,
    /// unchecked (Table Schema's `partial`).
    case partial

    /// Whether columns the standard does not name are allowed (and go unchecked).
    var allowsOtherColumns: Bool { self == .ordered || self == .extraColumns || self == .partial }

    /// Whether the fields must come in the standard's order.
    var isOrdered: Bool { self == .exact || self == .ordered }
}
