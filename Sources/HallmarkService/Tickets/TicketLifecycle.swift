internal import Hallmark

/// What publishing one run does to a dataset's tickets: which open, which reopen, which are only
/// seen again and which the run fixes. Pure, so that every store applies the same rules.
struct TicketLifecycle {
    /// A ticket the store already has.
    struct Known: Sendable {
        var id: String
        var status: TicketStatus
        var standardID: String
        var ruleID: String
    }

    /// What happens to one ticket.
    enum Change: Sendable, Equatable {
        /// First seen in this run.
        case opened
        /// Fixed before, back in this run.
        case reopened
        /// Seen again in the status it had.
        case seen
        /// Open or acknowledged before, absent from this run.
        case fixed
    }

    /// The changes to make, current tickets first in report order, then the ones the run fixes.
    ///
    /// A ticket is fixed only when the run could have seen it: the run checked the whole table
    /// (it did not stop early), under the same standard, with the ticket's rule in its scope.
    static func changes(known: [Known], report: Report, current: [Ticket]) -> [(id: String, change: Change)] {
        let byID = Dictionary(known.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [(id: String, change: Change)] = []
        var present: Set<String> = []
        for ticket in current where present.insert(ticket.id).inserted {
            switch byID[ticket.id]?.status {
            case nil: result.append((ticket.id, .opened))
            case .fixed: result.append((ticket.id, .reopened))
            default: result.append((ticket.id, .seen))
            }
        }
        guard !report.totals.stoppedEarly else { return result }
        let scope = Set(report.scope)
        for ticket in known where !present.contains(ticket.id) && ticket.status.isActive {
            if ticket.standardID == report.standard.id && scope.contains(ticket.ruleID) {
                result.append((ticket.id, .fixed))
            }
        }
        return result
    }
}
