/// Who changed a ticket: the service's own name, or the publishing organisation's.
enum TicketActor {
    /// The service itself, when a run opens, fixes or reopens a ticket.
    static let service = "hallmark"
}

/// Where a ticket is in its life: open → acknowledged → fixed, won't fix (with a reason) or expected.
///
/// A run that no longer contains an open or acknowledged ticket fixes it; a later run that
/// contains a fixed ticket again reopens it. Won't fix and expected are the publisher's decisions
/// and stay until the publisher changes them.
public enum TicketStatus: String, Sendable, Codable, CaseIterable {
    /// Reported and not yet answered.
    case open
    /// The publisher has seen it.
    case acknowledged
    /// Gone from the latest run, or marked fixed by the publisher.
    case fixed
    /// The publisher will not fix it; a reason is required.
    case wontFix = "wont-fix"
    /// The data is right and the standard too strict for it; a reason is required.
    case expected

    /// Whether a publisher must say why when setting it.
    public var needsReason: Bool { self == .wontFix || self == .expected }

    /// Whether the ticket still asks for work (open or acknowledged).
    public var isActive: Bool { self == .open || self == .acknowledged }

    /// The words a page shows.
    public var label: String {
        switch self {
        case .open: return "open"
        case .acknowledged: return "acknowledged"
        case .fixed: return "fixed"
        case .wontFix: return "won't fix"
        case .expected: return "expected"
        }
    }
}
