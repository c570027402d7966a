/// A problem for a publisher to fix: one rule of a standard broken in one dataset, with a title a
/// publisher understands, the exact count, a few examples and the rule's help as the suggested fix.
///
/// Its ``id`` and its findings' ids survive re-runs (see ``Report/ticketID(of:)``), so feedback,
/// baselines and suppressions attach to something stable.
public struct Ticket: Sendable, Equatable {
    /// The ticket's identity, 32 hex digits.
    public var id: String
    /// The rule broken, such as `field:POSTCODE:format`.
    public var ruleID: String
    /// How much it matters.
    public var severity: Severity
    /// The field, for a field's rule.
    public var field: String?
    /// One line for a ticket list: `12 findings: POSTCODE must be a valid UK postcode`.
    public var title: String
    /// Exactly how many findings the rule had.
    public var count: Int
    /// What the data must be.
    public var message: String
    /// The standard's help for the rule, as the suggested fix.
    public var suggestedFix: String?
    /// Where the rule is written in the standard.
    public var ruleLocation: String?
    /// The report's examples, each with its finding id.
    public var findings: [Finding]
    /// The suppression covering the whole ticket, if one does.
    public var suppression: Suppression?
    /// Findings no suppression covers (see ``Report/RuleFindings/unsuppressedCount``).
    public var unsuppressedCount: Int

    /// One example of the problem, with the identity that survives re-runs.
    public struct Finding: Sendable, Equatable {
        /// The finding's identity, 32 hex digits.
        public var id: String
        /// Where it is and the value (masked for sensitive fields).
        public var example: FindingExample
    }

    /// The tickets of a report, worst first, as its rules are.
    public static func tickets(of report: Report) -> [Ticket] {
        report.findingsByRule.map { rule in
            let noun = rule.count == 1 ? "finding" : "findings"
            return Ticket(
                id: report.ticketID(of: rule), ruleID: rule.ruleID, severity: rule.severity, field: rule.field,
                title: "\(rule.count) \(noun): \(rule.message)", count: rule.count, message: rule.message,
                suggestedFix: rule.help, ruleLocation: rule.location,
                findings: zip(report.findingIDs(of: rule), rule.examples).map { Finding(id: $0, example: $1) },
                suppression: rule.suppression, unsuppressedCount: rule.unsuppressedCount)
        }
    }
}
