/// Two runs' tickets and findings side by side: what is new, what is unchanged, what changed and
/// what is gone (fixed), by identity, never by row number.
///
/// Ticket counts are exact. Findings are compared over the examples each report kept (`--max-examples`),
/// so a finding beyond a report's examples is not seen; raise the limit to compare more of them.
public struct RunComparison: Sendable {
    /// How a ticket or finding compares with the baseline.
    public enum State: String, Sendable, CaseIterable {
        /// Only in the current run.
        case new
        /// In both, the same.
        case unchanged
        /// In both, with another count (a ticket) or value (a finding).
        case updated
        /// Only in the baseline: fixed, or no longer checked.
        case absent
    }

    /// A ticket's state, with its findings'.
    public struct TicketChange: Sendable {
        /// The current ticket, or the baseline's when it is ``State/absent``.
        public var ticket: Ticket
        /// How the ticket compares.
        public var state: State
        /// Its count in the baseline, when it was there.
        public var baselineCount: Int?
        /// Each finding of either run's examples, current ones first.
        public var findings: [(finding: Ticket.Finding, state: State)]
    }

    /// Every ticket of either run: current ones in report order, then absent ones.
    public var tickets: [TicketChange]

    /// Compares `current` with `baseline`.
    public init(baseline: Report, current: Report) {
        let before = Dictionary(
            Ticket.tickets(of: baseline).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [TicketChange] = []
        var seen: Set<String> = []
        for ticket in Ticket.tickets(of: current) {
            seen.insert(ticket.id)
            guard let old = before[ticket.id] else {
                changes.append(TicketChange(ticket: ticket, state: .new, findings: ticket.findings.map { ($0, .new) }))
                continue
            }
            let oldFindings = Dictionary(old.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var findings: [(finding: Ticket.Finding, state: State)] = ticket.findings.map { finding in
                guard let previous = oldFindings[finding.id] else { return (finding, .new) }
                return (finding, previous.example.value == finding.example.value ? .unchanged : .updated)
            }
            let current = Set(ticket.findings.map(\.id))
            findings += old.findings.filter { !current.contains($0.id) }.map { ($0, .absent) }
            let changed = old.count != ticket.count || findings.contains { $0.state != .unchanged }
            changes.append(
                TicketChange(
                    ticket: ticket, state: changed ? .updated : .unchanged, baselineCount: old.count, findings: findings
                ))
        }
        for ticket in Ticket.tickets(of: baseline) where !seen.contains(ticket.id) {
            changes.append(
                TicketChange(
                    ticket: ticket, state: .absent, baselineCount: ticket.count,
                    findings: ticket.findings.map { ($0, .absent) }))
        }
        tickets = changes
    }

    /// Tickets at or above `severity` that are new, or whose count grew, not counting suppressed
    /// findings: what `--fail-on new` fails on.
    public func worsened(atOrAbove severity: Severity = .error) -> [TicketChange] {
        tickets.filter { change in
            guard change.ticket.severity >= severity, change.ticket.unsuppressedCount > 0 else { return false }
            switch change.state {
            case .new: return true
            case .updated: return change.ticket.unsuppressedCount > (change.baselineCount ?? 0)
            case .unchanged, .absent: return false
            }
        }
    }

    /// How many tickets are in each state.
    public var counts: [State: Int] {
        Dictionary(grouping: tickets, by: \.state).mapValues(\.count)
    }
}
