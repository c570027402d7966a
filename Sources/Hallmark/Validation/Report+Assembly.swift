#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

extension Report {
    /// The report of a finished pass: rules with findings worst first, counts per severity, the scope.
    init(
        compiled: CompiledStandard, tally: FindingTally, dataRows: Int, rowsWithErrors: Int, stopReason: StopReason?,
        input: Input, startedAt: Date, duration: Duration
    ) {
        self.init(
            compiled: compiled, counts: tally.counts, examples: tally.examples, dataRows: dataRows,
            rowsWithErrors: rowsWithErrors, stopReason: stopReason, input: input, startedAt: startedAt,
            duration: duration)
    }

    /// The report of rule `i`'s `counts[i]` findings, `examples[i]` the first: rules with findings
    /// worst first, counts per severity; `scope` is every rule checked (default: all of them).
    init(
        compiled: CompiledStandard, counts ruleCounts: [Int], examples: [[FindingExample]], dataRows: Int,
        rowsWithErrors: Int, stopReason: StopReason?, input: Input, startedAt: Date, duration: Duration,
        scope: [String]? = nil
    ) {
        let standard = compiled.standard
        var counts = SeverityCounts(error: 0, warning: 0, info: 0)
        var findings: [RuleFindings] = []
        var failingErrors = 0
        for (index, rule) in compiled.rules.enumerated() where ruleCounts[index] > 0 {
            let count = ruleCounts[index]
            let within = rule.threshold.map { !$0.isCrossed(count: count, rows: dataRows) } ?? false
            if rule.severity == .error && !within { failingErrors += count }
            switch rule.severity {
            case .error: counts.error += count
            case .warning: counts.warning += count
            case .info: counts.info += count
            }
            findings.append(
                RuleFindings(
                    ruleID: rule.id, check: rule.check, severity: rule.severity, field: rule.field,
                    count: count, message: rule.message, help: rule.help,
                    location: rule.location?.description, examples: examples[index],
                    previousRuleIDs: rule.previousIDs, pattern: rule.pattern, threshold: rule.threshold?.description,
                    rate: rule.threshold.map { _ in
                        dataRows == 0 ? 0 : (Double(count) * 100 / Double(dataRows) * 1e4).rounded() / 1e4
                    }, isWithinThreshold: within))
        }
        findings.sort { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            if a.count != b.count { return a.count > b.count }
            return a.ruleID < b.ruleID
        }
        let seconds = duration.seconds
        self.init(
            reportVersion: Self.currentVersion, isValid: failingErrors == 0 && stopReason != .timeout,
            tool: Tool(name: "hallmark", version: Self.toolVersion),
            standard: StandardInfo(
                id: standard.id, version: standard.version, title: standard.title, path: standard.path),
            input: Input(
                path: input.path, bytes: input.bytes, sha256: input.sha256,
                dataset: input.dataset ?? standard.dataset.id),
            timing: Timing(startedAt: startedAt.formatted(.iso8601), durationSeconds: (seconds * 1e6).rounded() / 1e6),
            totals: Totals(
                rows: dataRows, rowsWithErrors: rowsWithErrors, findings: counts, stopReason: stopReason),
            findingsByRule: findings, scope: scope ?? compiled.rules.map(\.id))
    }
}
