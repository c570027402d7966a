/// Checks over the whole table rather than one row (`dataset:`).
public struct DatasetSpec: Sendable {
    /// Fields whose values together must be unique in every row, in order.
    public var primaryKey: [String]
    /// The fewest data rows the table may have.
    public var minimumRows: Int?
    /// The most data rows the table may have.
    public var maximumRows: Int?
    /// Per field, the smallest share of rows (0–100 %) that must have a value.
    public var completeness: [(field: String, percent: Double)]

    package var locations: [String: SourceLocation] = [:]

    /// Creates a dataset spec with no checks.
    public init(primaryKey: [String] = [], minimumRows: Int? = nil, maximumRows: Int? = nil,
                completeness: [(field: String, percent: Double)] = []) {
        self.primaryKey = primaryKey
        self.minimumRows = minimumRows
        self.maximumRows = maximumRows
        self.completeness = completeness
    }
}
