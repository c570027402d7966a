/// A check on values computed over the whole table, or over each group of rows (an entry of
/// `dataset: aggregates:`). Its findings' rule id is `dataset:aggregate:ID`, one per group whose
/// values fail the assertion.
///
/// ```yaml
/// dataset:
///   aggregates:
///     - id: bands-add-up
///       group-by: [ORG_CODE, SEX]
///       values:
///         bands: { sum: NUMBER_OF_PATIENTS, where: 'AGE != "ALL"' }
///         all: { sum: NUMBER_OF_PATIENTS, where: 'AGE = "ALL"' }
///       assert: bands = all
///       message: The five-year age bands must add up to the ALL row.
/// ```
public struct AggregateRule: Sendable {
    /// What a value computes over the rows of a group.
    public enum Function: String, Sendable, CaseIterable {
        /// The sum of an integer or decimal field (exact); unknown over no values.
        case sum
        /// The smallest value of a number or temporal field; unknown over no values.
        case min
        /// The largest value of a number or temporal field; unknown over no values.
        case max
        /// The mean of an integer or decimal field, to 18 decimal places; unknown over no values.
        case mean
        /// The number of rows where the field has a valid value.
        case count
        /// The number of different values of the field (compared byte for byte, trimmed where the field trims).
        case distinctCount = "distinct-count"

        /// The type of the value it computes over a field of type `field`.
        package func resultType(over field: FieldType) -> FieldType {
            switch self {
            case .sum, .mean: .decimal
            case .count, .distinctCount: .integer
            case .min, .max: field
            }
        }
    }

    /// One named value (an entry of `values:`).
    public struct Value: Sendable {
        /// The name the assertion uses.
        public let name: String
        /// What it computes.
        public let function: Function
        /// The field it is computed over.
        public let field: String
        /// The rows it counts, as written (`where:`), or `nil` for every row.
        public let condition: String?

        package let fieldIndex: Int
        package let guardExpression: Expression?
    }

    /// The rule's id, unique among the standard's aggregates.
    public let id: String
    /// The fields whose values together make a group, or empty for the whole table.
    public let groupBy: [String]
    /// The values computed per group.
    public let values: [Value]
    /// The expression each group's values must satisfy, as written (`assert:`).
    public let assertion: String
    /// What the data must be, for a publisher.
    public let message: String
    /// Guidance for fixing a finding.
    public let help: String?
    /// How much a finding matters (default `error`).
    public let severity: Severity
    /// Whether a group on which the assertion is unknown (a value over no rows) fails (`unknown: fail`).
    public let failsWhenUnknown: Bool
    /// Where the rule is written.
    public let location: SourceLocation

    /// The assertion, over the values by their place in ``values``.
    package let expression: Expression
    package let groupFields: [Int]

    package init(
        id: String, groupBy: [String], values: [Value], assertion: String, message: String, help: String?,
        severity: Severity, failsWhenUnknown: Bool, location: SourceLocation, expression: Expression,
        groupFields: [Int]
    ) {
        self.id = id
        self.groupBy = groupBy
        self.values = values
        self.assertion = assertion
        self.message = message
        self.help = help
        self.severity = severity
        self.failsWhenUnknown = failsWhenUnknown
        self.location = location
        self.expression = expression
        self.groupFields = groupFields
    }
}
