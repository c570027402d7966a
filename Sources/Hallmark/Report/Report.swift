#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The result of validating one table: what was checked, what failed, and examples of each failure.
///
/// Versioned (``reportVersion``) and published as a JSON Schema (`Schemas/report.schema.json`);
/// fields are only ever added within a major version.
public struct Report: Sendable, Codable, Equatable {
    /// The report format's version.
    public static let currentVersion = "1.0"
    /// The version of Hallmark that wrote reports.
    public static let toolVersion = "0.1.0"

    /// The format version this report follows (``currentVersion`` when written).
    public var reportVersion: String
    /// `true` when no finding has severity `error`.
    public var valid: Bool
    /// What wrote the report.
    public var tool: Tool
    /// The standard applied.
    public var standard: StandardInfo
    /// What was read.
    public var input: Input
    /// When and for how long.
    public var timing: Timing
    /// Row and finding counts.
    public var totals: Totals
    /// Rules with findings, worst first: by severity, then count, then id.
    public var rules: [RuleSummary]
    /// The id of every rule that was checked, findings or not: what `valid` vouches for.
    public var scope: [String]

    /// The program and version that wrote the report.
    public struct Tool: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
    }

    /// Which standard, and where it was loaded from.
    public struct StandardInfo: Sendable, Codable, Equatable {
        public var id: String
        public var version: String
        public var title: String?
        public var path: String
    }

    /// The input's name, size and SHA-256.
    public struct Input: Sendable, Codable, Equatable {
        /// The path or name given; `-` for standard input, `nil` when none was given.
        public var path: String?
        public var bytes: Int
        /// SHA-256 of every byte read, in lower-case hex.
        public var sha256: String
    }

    /// When validation started and how long it took.
    public struct Timing: Sendable, Codable, Equatable {
        /// ISO 8601, UTC.
        public var startedAt: String
        public var durationSeconds: Double
    }

    /// Counts over the whole table.
    public struct Totals: Sendable, Codable, Equatable {
        /// Data rows (records after the header, blank ones included).
        public var rows: Int
        /// Data rows with at least one finding of severity `error`.
        public var rowsWithErrors: Int
        /// Findings of each severity.
        public var findings: SeverityCounts
        /// `true` when ``Validator/Options/maxErrors`` stopped the pass before the end of the input:
        /// every count then covers the input only up to the row where the limit was reached, dataset
        /// checks (rows, completeness) are not run, and `valid` is `false`. Reaching the limit on the
        /// last row is not stopping early.
        public var stoppedEarly: Bool
    }

    /// Findings per severity.
    public struct SeverityCounts: Sendable, Codable, Equatable {
        public var error: Int
        public var warning: Int
        public var info: Int

        /// Findings at or above `severity`.
        public func atOrAbove(_ severity: Severity) -> Int {
            switch severity {
            case .error: return error
            case .warning: return error + warning
            case .info: return error + warning + info
            }
        }
    }

    /// One rule's findings.
    public struct RuleSummary: Sendable, Codable, Equatable {
        public var ruleId: String
        public var check: String
        public var severity: Severity
        public var field: String?
        /// Exactly how many findings the rule had.
        public var count: Int
        public var message: String
        public var help: String?
        /// Where the rule is written in the standard, `file:line:column`.
        public var location: String?
        /// The first findings, in input order.
        public var examples: [FindingExample]
    }

    /// Findings at or above `severity`, such as a CI job's `--fail-on` threshold.
    public func findings(atOrAbove severity: Severity) -> Int { totals.findings.atOrAbove(severity) }

    init(compiled: CompiledStandard, tally: FindingTally, dataRows: Int, rowsWithErrors: Int, stoppedEarly: Bool,
         input: Input, startedAt: Date, duration: Duration) {
        let standard = compiled.standard
        var counts = SeverityCounts(error: 0, warning: 0, info: 0)
        var summaries: [RuleSummary] = []
        for (index, rule) in compiled.rules.enumerated() where tally.counts[index] > 0 {
            let count = tally.counts[index]
            switch rule.severity {
            case .error: counts.error += count
            case .warning: counts.warning += count
            case .info: counts.info += count
            }
            summaries.append(RuleSummary(ruleId: rule.id, check: rule.check, severity: rule.severity, field: rule.field,
                                         count: count, message: rule.message, help: rule.help,
                                         location: rule.location?.description, examples: tally.examples[index]))
        }
        summaries.sort { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            if a.count != b.count { return a.count > b.count }
            return a.ruleId < b.ruleId
        }
        reportVersion = Self.currentVersion
        valid = counts.error == 0
        tool = Tool(name: "hallmark", version: Self.toolVersion)
        self.standard = StandardInfo(id: standard.id, version: standard.version, title: standard.title, path: standard.path)
        self.input = input
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        timing = Timing(startedAt: startedAt.formatted(.iso8601), durationSeconds: (seconds * 1e6).rounded() / 1e6)
        totals = Totals(rows: dataRows, rowsWithErrors: rowsWithErrors, findings: counts, stoppedEarly: stoppedEarly)
        rules = summaries
        scope = compiled.rules.map(\.id)
    }
}
