/// A check the validator runs, with its stable id: `field:POSTCODE:format`, `table:extra-cell`,
/// `dataset:primary-key`. Ids are never renamed; reports, tickets and baselines key on them.
public struct Rule: Sendable, Hashable, Codable {
    /// The stable id.
    public let id: String
    /// The kind of check: `required`, `type`, `min`, `pattern`, `extra-cell`, `primary-key`, …
    public let check: String
    /// How much a finding matters.
    public let severity: Severity
    /// The field the rule belongs to, if any.
    public let field: String?
    /// What the data must be, in words a publisher can act on.
    public let message: String
    /// The standard's guidance, when it gives some.
    public let help: String?
    /// Where the rule is written in the standard (table-structure rules have none).
    public let location: SourceLocation?
    /// The ids it had under the field's `previous-names`, oldest first.
    public var previousIDs: [String] = []
    /// The regular expression an identifier-format rule matches, for tools (messages show the
    /// format's example instead).
    public var pattern: String? = nil
    /// How many findings the rule may have before they fail the run (`fail-if:`), if it has a limit.
    public var threshold: Threshold? = nil
}
