/// A rule over several fields of a row (`rules:` in a standard): an expression that must hold,
/// optionally only on rows where a condition holds. Its findings' rule id is `rule:ID`.
///
/// ```yaml
/// rules:
///   - id: close-after-open
///     when: '`Close Date` is not missing'
///     assert: '`Close Date` >= `Open Date`'
///     message: A practice cannot close before it opens.
///     fields: [Close Date]
/// ```
public struct RowRule: Sendable {
    /// The rule's id, unique in the standard (`close-after-open`).
    public let id: String
    /// The expression every row must satisfy, as written (`assert:`).
    public let assertion: String
    /// The condition under which the rule applies, as written (`when:`), or `nil` for every row.
    public let condition: String?
    /// What the data must be, for a publisher.
    public let message: String
    /// Guidance for fixing a finding.
    public let help: String?
    /// How much a finding matters (default `error`).
    public let severity: Severity
    /// The fields a finding points at (`fields:`; default: the first field the assertion names).
    public let fields: [String]
    /// Whether a row on which the assertion's value is unknown, because a value it needs is
    /// missing or invalid, fails the rule (`unknown: fail`) rather than passing (the default).
    public let failsWhenUnknown: Bool
    /// Where the rule is written.
    public let location: SourceLocation
    /// How many findings it may have before they fail the run (`fail-if:`), if it has a limit.
    public let threshold: Threshold?

    package let expression: Expression
    package let guardExpression: Expression?

    package init(
        id: String, assertion: String, condition: String?, message: String, help: String?, severity: Severity,
        fields: [String], failsWhenUnknown: Bool, location: SourceLocation, expression: Expression,
        guardExpression: Expression?, threshold: Threshold? = nil
    ) {
        self.threshold = threshold
        self.id = id
        self.assertion = assertion
        self.condition = condition
        self.message = message
        self.help = help
        self.severity = severity
        self.fields = fields
        self.failsWhenUnknown = failsWhenUnknown
        self.location = location
        self.expression = expression
        self.guardExpression = guardExpression
    }
}
