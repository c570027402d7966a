/// The report as GitHub-flavoured Markdown: a CI job summary (`$GITHUB_STEP_SUMMARY`), or a pull
/// request comment that a CI step can find again by its hidden marker and update in place.
///
/// The verdict and totals come first, then one section per rule with findings, worst first, with
/// a table of examples and the rule's help. Everything from the standard or the data is escaped, so
/// a cell cannot add HTML, links, mentions or table columns. Rules that do not fit the variant's size
/// budget are counted at the end instead of cut mid-table.
public struct MarkdownReportWriter: ReportWriter {
    /// Where the Markdown goes, which sets its size budget and its examples per rule.
    public enum Variant: Sendable {
        /// A job summary: under 1 MiB (GitHub's limit per step), 10 examples per rule.
        case jobSummary
        /// A pull-request comment: under 64 KB (GitHub's limit), 3 examples per rule, starting with
        /// ``MarkdownReportWriter/commentMarker`` so a CI step can update one comment.
        case pullRequestComment
    }

    /// The hidden first line of a pull-request comment, followed by the standard's id and the
    /// dataset, so that a CI step finds and updates one comment per standard and dataset.
    public static let commentMarker = "<!-- hallmark-report"

    /// Text for inside an HTML comment: letters, digits and `._:/-` kept, anything else (which could
    /// end the comment or defeat a search) as `_`, and no `--` (which HTML comments may not hold).
    static func commentSafe(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(120) {
            let allowed =
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "._:/-".unicodeScalars.contains(scalar)
            kept.append(allowed && !(scalar == "-" && kept.last == "-") ? scalar : "_")
        }
        return String(kept)
    }

    /// The variant written.
    public var variant: Variant

    /// Creates a writer for `variant` (default: a job summary).
    public init(variant: Variant = .jobSummary) {
        self.variant = variant
    }

    /// The largest output, in UTF-8 bytes.
    public var budget: Int {
        switch variant {
        case .jobSummary: 1 << 20
        case .pullRequestComment: 64_000
        }
    }

    private var examplesPerRule: Int {
        switch variant {
        case .jobSummary: 10
        case .pullRequestComment: 3
        }
    }

    /// The Markdown, ending with a newline, at most ``budget`` bytes.
    public func render(_ report: Report) -> String {
        var head = ""
        if variant == .pullRequestComment {
            // Escaped, the id has no `-` left unescaped, so it cannot close the comment (`-->`).
            head +=
                "\(Self.commentMarker) \(Self.commentSafe(report.standard.id)) \(Self.commentSafe(report.datasetID)) -->\n"
        }
        return head + body(report, name: report.input.path ?? "input", level: 2, budget: budget - head.utf8.count)
    }

    /// The package's verdict, then each resource's report a heading level down, as many whole as
    /// fit in ``budget``; a pull-request comment carries one marker, for the package.
    public func render(package: PackageReport) -> String {
        let md = MarkdownText.escaped
        var text = ""
        if variant == .pullRequestComment {
            text += "\(Self.commentMarker) package \(Self.commentSafe(package.name ?? package.path)) -->\n"
        }
        text += "## \(package.verdict.prefix(2))\(md(String(package.verdict.dropFirst(2))))\n\n"
        for skipped in package.skipped { text += "- skipped **\(md(skipped.name))**: \(md(skipped.reason))\n" }
        if !package.skipped.isEmpty { text += "\n" }
        let reserve = 200
        for (index, resource) in package.resources.enumerated() {
            let section = body(
                resource.report, name: resource.name, level: 3, budget: budget - text.utf8.count - reserve)
            guard text.utf8.count + section.utf8.count + reserve <= budget else {
                text += "_\(package.resources.count - index) more resources are not shown here; see the JSON report._\n"
                break
            }
            text += section + "\n"
        }
        return text
    }

    /// One report under a heading of `level` (`##` is 2), its rule sections a level below, within `budget`.
    private func body(_ report: Report, name: String, level: Int, budget: Int) -> String {
        let md = MarkdownText.escaped
        var head = ""
        // The verdict's mark and words are Hallmark's; the name and standard inside it are escaped.
        let verdict = report.verdict(name: name)
        head += "\(String(repeating: "#", count: level)) \(verdict.prefix(2))\(md(String(verdict.dropFirst(2))))\n\n"
        let totals = report.totals
        head += "| rows | rows with errors | errors | warnings | info |\n|---:|---:|---:|---:|---:|\n"
        head += "| \(totals.rows) | \(totals.rowsWithErrors) | \(totals.findings.error) | \(totals.findings.warning) "
        head += "| \(totals.findings.info) |\n\n"
        switch totals.stopReason {
        case .errorLimit?:
            head += "> **Stopped early** at the error limit: the counts cover the first \(totals.rows) rows only.\n\n"
        case .timeout?:
            head +=
                "> **Stopped early** when the time limit passed: the counts cover the first \(totals.rows) rows only.\n\n"
        case nil: break
        }
        if let reading = report.readingSummary { head += "_\(md(reading))_\n\n" }
        for hint in report.hints { head += "> **Hint:** \(md(hint))\n\n" }
        if let engine = report.engineSummary { head += "_\(md(engine))_\n\n" }
        if !report.notChecked.isEmpty {
            // Listed before the findings, a line per reason: what the verdict does not cover must
            // not fall off the budget.
            let groups = report.notCheckedByReason
            head += "**Not checked on this engine** (\(report.notChecked.count)):\n\n"
            for group in groups.prefix(20) {
                head += "- \(md(group.rules.joined(separator: ", "))): \(md(group.reason))\n"
            }
            if groups.count > 20 { head += "- and \(groups.count - 20) more reasons; see the JSON report\n" }
            head += "\n"
        }

        var sections: [String] = []
        var used = head.utf8.count
        // Room for the closing line that counts what did not fit.
        let reserve = 200
        for (index, rule) in report.findingsByRule.enumerated() {
            let section = self.section(rule, level: level + 1)
            guard used + section.utf8.count + reserve <= budget else {
                let rest = report.findingsByRule.count - index
                let findings = report.findingsByRule[index...].reduce(0) { $0 + $1.count }
                sections.append(
                    "_\(rest) more rules with \(findings) findings are not shown here; see the JSON report._\n")
                break
            }
            sections.append(section)
            used += section.utf8.count
        }
        if report.findingsByRule.isEmpty {
            sections.append("No findings: every rule in scope (\(report.scope.count)) passed.\n")
        }
        return head + sections.joined(separator: "\n")
    }

    private func section(_ rule: Report.RuleFindings, level: Int) -> String {
        let md = MarkdownText.escaped
        let noun = rule.count == 1 ? "finding" : "findings"
        var text =
            "\(String(repeating: "#", count: level)) \(rule.severity.rawValue) · \(md(rule.ruleID)) · \(rule.count) \(noun)\n\n\(md(rule.message))\n\n"
        if let suppression = rule.suppression { text += "**Suppressed:** \(md(suppression.summary))\n\n" }
        let shown = rule.examples.prefix(examplesPerRule)
        if !shown.isEmpty {
            text += "| row | line | column | field | value |\n|---:|---:|---:|---|---|\n"
            for example in shown {
                let row: String = example.row.map { String($0) } ?? "whole table"
                let line: String = example.line.map { String($0) } ?? ""
                let column: String = example.column.map { String($0) } ?? ""
                var value = example.value.map(md) ?? ""
                if let note = example.note { value += " — \(md(note))" }
                if let suppression = example.suppression { value += " _(suppressed: \(md(suppression.summary)))_" }
                let cells: [String] = [row, line, column, example.field.map(md) ?? "", value]
                text += "| " + cells.joined(separator: " | ") + " |\n"
            }
            if rule.count > shown.count { text += "\n… and \(rule.count - shown.count) more.\n" }
            if rule.help != nil { text += "\n" }
        }
        if let help = rule.help { text += "**Help:** \(md(help))\n" }
        return text
    }
}

/// Text from a standard or data made inert in Markdown: no HTML, links, emphasis, mentions or table cells.
package enum MarkdownText {
    /// `text` with control characters escaped (as in the text summary), line breaks as spaces,
    /// HTML-significant characters as entities, and Markdown punctuation backslash-escaped. `@` and
    /// `#` become entities so a value cannot mention a person or link an issue in a comment.
    package static func escaped(_ text: String) -> String {
        TextExcerpt.replacing(in: TextExcerpt.escaped(text)) { scalar in
            if let entity = HTMLText.entity(scalar) { return entity }
            return switch scalar {
            case "@": "&#64;"
            case "#": "&#35;"
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "|", "~", "!", "+", "-", ":": "\\" + String(scalar)
            default: nil
            }
        }
    }
}
