/// How much a finding matters. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    /// Worth knowing; never fails a run unless `--fail-on info`.
    case info
    /// Probably wrong; fails a run with `--fail-on warning`.
    case warning
    /// Wrong: the table does not meet the standard.
    case error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    /// Whether `lhs` matters less than `rhs`.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
