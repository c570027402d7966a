/// The result of validating one table: what was checked, what failed, and examples of each failure.
///
/// Versioned (``reportVersion``); within a major version, members are only ever added. The JSON
/// form (``JSONReportWriter``) keeps the member names of report format 1.0 (`valid`, `rules`, `ruleId`).
public struct Report: Sendable, Equatable {
    /// The report format's version.
    public static let currentVersion = "1.0"
    /// The version of Hallmark that wrote reports.
    public static let toolVersion = "0.1.0"

    /// The format version this report follows (``currentVersion`` when written).
    public var reportVersion: String
    /// `true` when no finding has severity `error` and the whole input was checked (JSON `valid`):
    /// a run stopped by its time limit vouches for nothing.
    public var isValid: Bool
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
    /// The findings of each rule that had any, worst first: by severity, then count, then id (JSON `rules`).
    public var findingsByRule: [RuleFindings]
    /// The id of every rule that was checked, findings or not: what ``isValid`` vouches for.
    public var scope: [String]
    /// How the table was read: its encoding, where its header was, and which rows were not data
    /// (JSON `table`); `nil` in a report decoded from a writer that did not say.
    public var table: TableInfo? = nil
    /// Advice on reading the file, when its bytes suggest the standard's dialect does not fit:
    /// "the file looks semicolon-delimited; try --delimiter ';'".
    public var hints: [String] = []
    /// The least severe finding that fails the run (`--fail-on`), when it was judged against one
    /// (JSON `failOn`); see ``passed``.
    public var failOn: Severity? = nil
    /// Where the table was checked, when an SQL engine checked it where it lives rather than
    /// Hallmark reading a file (JSON `engine`).
    public var engine: Engine? = nil
    /// The standard's rules this run did not check, each with why (JSON `notChecked`): an engine
    /// that cannot check a rule as exactly as Hallmark's own pass lists it here rather than passing
    /// it. ``isValid`` vouches for ``scope`` only.
    public var notChecked: [NotChecked] = []

    /// Whether the run passes ``failOn`` (JSON `passed`): no unsuppressed finding at or above it,
    /// and the whole input checked. `nil` when it was not judged against one.
    public var passed: Bool? {
        failOn.map { unsuppressedFindings(atOrAbove: $0) == 0 && totals.stopReason != .timeout }
    }

    /// The verdict line every human-readable report starts with: whether the data meets the
    /// standard and, when a threshold was set, whether the run passes it, so that it always agrees
    /// with the exit status (`✓` exactly when the run passes).
    public func verdict(name: String) -> String {
        let standard = "\(self.standard.id) \(self.standard.version)"
        let meets = isValid ? "\(name) meets \(standard)" : "\(name) does not meet \(standard)"
        guard let passed, let failOn else { return (isValid ? "✓ " : "✗ ") + meets }
        if passed && !isValid { return "✓ \(meets), but every error is suppressed" }
        if !passed && isValid { return "✗ \(meets), but fails --fail-on \(failOn.rawValue)" }
        return (passed ? "✓ " : "✗ ") + meets
    }

    /// The SQL engine that checked a table where it lives (`hallmark validate --engine`).
    public struct Engine: Sendable, Equatable {
        /// The engine: `postgres`, `duckdb`, `spark`.
        public var name: String
        /// The table, as the query named it.
        public var table: String
        /// What the examples' ``FindingExample/row`` is: a row-id column's value (`column ID`), or
        /// the row's number in the engine's scan order from 2 (`row number`).
        public var rowIdentity: String

        /// An engine's run on `table`, its rows named by `rowIdentity`.
        public init(name: String, table: String, rowIdentity: String) {
            self.name = name
            self.table = table
            self.rowIdentity = rowIdentity
        }
    }

    /// A rule that was not checked: "not checked on this engine".
    public struct NotChecked: Sendable, Equatable {
        /// The rule's id.
        public var ruleID: String
        /// Why it was not checked.
        public var reason: String

        /// The rule `ruleID`, not checked for `reason`.
        public init(ruleID: String, reason: String) {
            self.ruleID = ruleID
            self.reason = reason
        }
    }

    /// The program and version that wrote the report.
    public struct Tool: Sendable, Equatable {
        /// `hallmark`.
        public var name: String
        /// Its version, ``Report/toolVersion``.
        public var version: String
    }

    /// Which standard, and where it was loaded from.
    public struct StandardInfo: Sendable, Equatable {
        /// The standard's `id:`.
        public var id: String
        /// The standard's `version:`.
        public var version: String
        /// The standard's `title:`, when it has one.
        public var title: String?
        /// The file it was loaded from.
        public var path: String
    }

    /// The input's name, size and SHA-256.
    public struct Input: Sendable, Equatable {
        /// The path or name given; `-` for standard input, `nil` when none was given.
        public var path: String?
        /// Bytes read, as stored (compressed bytes, for gzip).
        public var bytes: Int
        /// SHA-256 of every byte read, in lower-case hex.
        public var sha256: String
        /// The dataset's stable name (`--dataset`, or the standard's `dataset: id:`), which scopes
        /// ticket and finding ids; never a local path. `nil` when neither names one: ids are then
        /// scoped to the standard.
        public var dataset: String? = nil
    }

    /// How the table was read.
    public struct TableInfo: Sendable, Equatable {
        /// The encoding the file was read in (`utf-8`, `windows-1252`, …).
        public var encoding: String
        /// The physical line of the header row (after `skip-rows`), or `nil` for a table without
        /// one, or whose file ended before it.
        public var headerRow: Int?
        /// Lines above the table that were skipped (`skip-rows`, `header-row`, `--header-row`).
        public var linesSkipped: Int = 0
        /// Blank rows left out under `skip-blank-rows`.
        public var blankRowsSkipped: Int
        /// The rows that ended the table (`table: footer:`), when it had some.
        public var footer: Footer?

        /// Rows after the data that matched the standard's footer, and every row after them.
        public struct Footer: Sendable, Equatable {
            /// The footer's first row.
            public var row: Int
            /// The line it starts on.
            public var line: Int
            /// How many rows it has (none of them checked).
            public var rows: Int
        }
    }

    /// When validation started and how long it took.
    public struct Timing: Sendable, Equatable {
        /// ISO 8601, UTC.
        public var startedAt: String
        /// Wall-clock seconds, to the microsecond.
        public var durationSeconds: Double
    }

    /// Counts over the whole table.
    public struct Totals: Sendable, Equatable {
        /// Data rows (records after the header, blank ones included).
        public var rows: Int
        /// Data rows with at least one finding of severity `error`.
        public var rowsWithErrors: Int
        /// Findings of each severity.
        public var findings: SeverityCounts
        /// Why the pass stopped before the end of the input, or `nil` when it read it all. Every
        /// count then covers the input only up to where it stopped, dataset checks (rows,
        /// completeness) are not run, and ``Report/isValid`` is `false`. Reaching
        /// ``Validator/Options/maxErrors`` on the last row is not stopping early.
        public var stopReason: StopReason?

        /// Whether the pass stopped before the end of the input (see ``stopReason``).
        public var stoppedEarly: Bool { stopReason != nil }
    }

    /// Why a pass stopped before the end of its input.
    public enum StopReason: String, Sendable, Equatable {
        /// ``Validator/Options/maxErrors`` errors were found (JSON `max-errors`).
        case errorLimit = "max-errors"
        /// ``Validator/Options/timeout`` passed (JSON `timeout`).
        case timeout
    }

    /// Findings per severity.
    public struct SeverityCounts: Sendable, Equatable {
        /// Findings of severity `error`.
        public var error: Int
        /// Findings of severity `warning`.
        public var warning: Int
        /// Findings of severity `info`.
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

    /// One rule's findings: its exact count and the first examples.
    public struct RuleFindings: Sendable, Equatable {
        /// The rule's stable id, such as `field:POSTCODE:format` (JSON `ruleId`).
        public var ruleID: String
        /// The kind of check: `required`, `type`, `pattern`, `extra-cell`, …
        public var check: String
        /// How much each finding matters.
        public var severity: Severity
        /// The field the rule belongs to, if any.
        public var field: String?
        /// Exactly how many findings the rule had.
        public var count: Int
        /// What the data must be.
        public var message: String
        /// The standard's guidance, when it gives some.
        public var help: String?
        /// Where the rule is written in the standard, `file:line:column`.
        public var location: String?
        /// The first findings, in input order.
        public var examples: [FindingExample]
        /// The ids the rule had before its field was renamed (`previous-names:`), oldest first
        /// (JSON `previousRuleIds`, SARIF `deprecatedIds`): its ticket keeps the oldest one's identity.
        public var previousRuleIDs: [String] = []
        /// The suppression covering the whole rule's ticket, if one does.
        public var suppression: Suppression? = nil
        /// The regular expression of a `pattern` or `format` rule (see ``Rule/pattern``).
        public var pattern: String? = nil
        /// The rule's `fail-if:` threshold as written (`> 1%`), when it has one (JSON `threshold`).
        public var threshold: String? = nil
        /// The findings as a percentage of the data rows, when the rule has a threshold (JSON `rate`).
        public var rate: Double? = nil
        /// Whether the findings stay within the rule's threshold: counted and reported, they do not
        /// fail the run (JSON `withinThreshold`).
        public var isWithinThreshold = false
    }

    /// Findings at or above `severity`, such as a CI job's `--fail-on` threshold.
    public func findings(atOrAbove severity: Severity) -> Int { totals.findings.atOrAbove(severity) }
}
