/// The concise summary a person reads in a terminal or CI log: one block per rule, worst first.
public struct TextSummaryWriter: ReportWriter {
    /// Examples shown per rule.
    public var examplesPerRule: Int

    /// Creates a writer showing up to `examplesPerRule` examples per rule (default 3).
    public init(examplesPerRule: Int = 3) {
        self.examplesPerRule = examplesPerRule
    }

    /// The verdict, the counts, then each rule with findings, worst first, with a few examples and its help.
    public func render(_ report: Report) -> String {
        // Everything from the standard or the data is escaped: a cell or a label cannot write
        // terminal escape sequences (clear the screen, print "all rows valid") into a CI log.
        let name = report.input.path ?? "input"
        let findings = report.totals.findings
        var lines: [String] = []
        lines.append(TextExcerpt.escaped(report.verdict(name: name)))
        let rowsWord = report.totals.rows == 1 ? "row" : "rows"
        lines.append(
            "  \(report.totals.rows) \(rowsWord), \(report.totals.rowsWithErrors) with errors · "
                + "\(findings.error) \(findings.error == 1 ? "error" : "errors"), "
                + "\(findings.warning) \(findings.warning == 1 ? "warning" : "warnings"), "
                + "\(findings.info) info · \(String(format3: report.timing.durationSeconds)) s")
        switch report.totals.stopReason {
        case .errorLimit?:
            lines.append(
                "  stopped early at the error limit: the counts cover the first \(report.totals.rows) \(rowsWord) only")
        case .timeout?:
            lines.append(
                "  stopped early when the time limit passed: the counts cover the first \(report.totals.rows) \(rowsWord) only, and the rest is unchecked"
            )
        case nil: break
        }
        if let reading = report.readingSummary { lines.append("  \(TextExcerpt.escaped(reading))") }
        for hint in report.hints { lines.append("  hint: \(TextExcerpt.escaped(hint))") }
        if let engine = report.engineSummary { lines.append("  \(TextExcerpt.escaped(engine))") }
        for line in report.notCheckedLines { lines.append("  \(TextExcerpt.escaped(line))") }
        for rule in report.findingsByRule {
            lines.append("")
            lines.append(
                "  \(rule.severity.rawValue.padding(7)) \(String(rule.count).leftPadding(7))  \(TextExcerpt.escaped(rule.ruleID))"
            )
            lines.append("                   \(TextExcerpt.escaped(rule.message))")
            if let threshold = rule.threshold {
                let rate = rule.rate.map { " (\($0)% of rows)" } ?? ""
                lines.append(
                    "                   fail-if \(threshold): \(rule.isWithinThreshold ? "within it\(rate), so it does not fail the run" : "crossed\(rate)")"
                )
            }
            if let suppression = rule.suppression {
                lines.append("                   suppressed: \(Self.describe(suppression))")
            }
            for example in rule.examples.prefix(examplesPerRule) {
                var place = example.place
                if let column = example.column { place += ", column \(column)" }
                if let value = example.value { place += ": \(quoted(value))" }
                if let note = example.note { place += " — \(TextExcerpt.escaped(note))" }
                if let suppression = example.suppression { place += " (suppressed: \(Self.describe(suppression)))" }
                lines.append("                   · \(place)")
            }
            let shown = min(examplesPerRule, rule.examples.count)
            if rule.count > shown {
                lines.append("                   · … \(rule.count - shown) more")
            }
            if let help = rule.help { lines.append("                   help: \(TextExcerpt.escaped(help))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ suppression: Suppression) -> String {
        TextExcerpt.escaped(
            "\(suppression.reason) — accepted by \(suppression.acceptedBy)"
                + (suppression.expires.map { " until \($0)" } ?? ""))
    }

    private func quoted(_ value: String) -> String {
        "\""
            + TextExcerpt.escaped(value).split(separator: "\"", omittingEmptySubsequences: false).joined(
                separator: "\\\"")
            + "\""
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
    fileprivate func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    /// Three decimal places without Foundation formatters.
    fileprivate init(format3 value: Double) {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        self = "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
