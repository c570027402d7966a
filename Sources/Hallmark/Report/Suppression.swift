/// A publisher's decision to accept a ticket or a finding for now: it is still reported, marked
/// suppressed with the reason, but does not fail the run (see `SuppressionList`).
public struct Suppression: Sendable, Hashable {
    /// The ticket or finding id suppressed.
    public var id: String
    /// Why it is accepted.
    public var reason: String
    /// Who accepted it.
    public var acceptedBy: String
    /// The last day it holds (`YYYY-MM-DD`), when it expires.
    public var expires: String?

    /// Creates a suppression.
    public init(id: String, reason: String, acceptedBy: String, expires: String? = nil) {
        self.id = id
        self.reason = reason
        self.acceptedBy = acceptedBy
        self.expires = expires
    }

    /// `reason — accepted by NAME until DATE`, for writers.
    public var summary: String {
        "\(reason) — accepted by \(acceptedBy)" + (expires.map { " until \($0)" } ?? "")
    }

    var jsonValue: JSONValue {
        .object([
            ("id", .string(id)), ("reason", .string(reason)), ("acceptedBy", .string(acceptedBy)),
            ("expires", expires.map(JSONValue.string)),
        ])
    }
}

extension Report {
    /// Findings at or above `severity` that no suppression covers: what `--fail-on` counts.
    public func unsuppressedFindings(atOrAbove severity: Severity) -> Int {
        findingsByRule.reduce(0) { total, rule in rule.severity >= severity ? total + rule.unsuppressedCount : total }
    }
}

extension Report.RuleFindings {
    /// Findings no suppression covers: none when the rule's ticket is suppressed, else the count
    /// less the suppressed examples.
    /// Findings within the rule's threshold (``isWithinThreshold``) fail nothing either.
    public var unsuppressedCount: Int {
        suppression != nil || isWithinThreshold ? 0 : count - examples.filter { $0.suppression != nil }.count
    }
}
