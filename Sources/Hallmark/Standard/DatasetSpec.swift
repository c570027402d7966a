/// Checks over the whole table rather than one row (`dataset:`), and the dataset's name.
public struct DatasetSpec: Sendable {
    /// The dataset's stable name (`id:`), which scopes ticket and finding ids when a run names none
    /// (`--dataset`); for a standard written for one dataset.
    public package(set) var id: String?
    /// Fields whose values together must be unique in every row, in order (`primary-key:`).
    public package(set) var primaryKey: [String] = []
    /// Sets of fields whose values together must be unique, beside the primary key
    /// (`unique-keys: [[A, B], …]`); unlike the primary key, a row missing a part is not checked.
    public package(set) var uniqueKeys: [[String]] = []
    /// Whether a row that repeats an earlier row exactly, cell for cell, is a finding
    /// (`duplicate-rows: true`; default `false`).
    public package(set) var rejectsDuplicateRows = false
    /// Fields whose values must appear elsewhere (`foreign-keys:`), in the standard's order.
    public package(set) var foreignKeys: [ForeignKey] = []
    /// Checks on values computed over the table or groups of its rows (`aggregates:`).
    public package(set) var aggregates: [AggregateRule] = []
    /// The fewest data rows the table may have (`rows: min:`).
    public package(set) var minimumRows: Int?
    /// The most data rows the table may have (`rows: max:`).
    public package(set) var maximumRows: Int?
    /// The fields that must have a value in a share of rows (`completeness:`), in the standard's order.
    public package(set) var completeness: [CompletenessRequirement] = []

    /// Where each check is written, by key (`primary-key`, `rows`, `completeness:FIELD`).
    package var locations: [String: SourceLocation] = [:]

    /// A spec with no checks.
    package init() {}
}

/// The smallest share of rows in which a field must have a value (an entry of `completeness:`).
public struct CompletenessRequirement: Sendable, Hashable {
    /// The field's name.
    public let field: String
    /// The share, from 0 to 100 %.
    public let percent: Double
}
