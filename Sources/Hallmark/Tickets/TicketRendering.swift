/// The output formats of `hallmark tickets` and `hallmark diff`.
public enum TicketFormat: String, Sendable, CaseIterable {
    /// For people in a terminal (`diff` only; `tickets` writes Markdown for it).
    case text
    /// For an issue tracker or a pull-request comment.
    case markdown
    /// For machines: a feedback service, a tracker's API.
    case json
}

extension Ticket {
    /// `tickets` in `format` (text is written as Markdown), ending with a newline.
    public static func render(_ tickets: [Ticket], of report: Report, as format: TicketFormat) -> String {
        switch format {
        case .json:
            var output = JSONOutput()
            output.value(
                .object([
                    (
                        "standard",
                        .object([("id", .string(report.standard.id)), ("version", .string(report.standard.version))])
                    ),
                    ("dataset", .string(report.datasetID)), ("tickets", .array(tickets.map(\.jsonValue))),
                ]), indent: 0)
            return output.text + "\n"
        case .markdown, .text:
            let md = MarkdownText.escaped
            var text =
                "# Tickets: \(md(report.datasetID)) against \(md(report.standard.id)) \(md(report.standard.version))\n\n"
            if tickets.isEmpty { text += "No tickets: nothing to fix.\n" }
            for ticket in tickets {
                text += "## \(md(ticket.title))\n\n"
                text += "- **Ticket** `\(ticket.id)` · \(ticket.severity.rawValue) · rule \(md(ticket.ruleID))"
                text += ticket.field.map { " · field \(md($0))" } ?? ""
                text += "\n"
                if let fix = ticket.suggestedFix { text += "- **Suggested fix:** \(md(fix))\n" }
                if let location = ticket.ruleLocation { text += "- **Rule defined at** \(md(location))\n" }
                if !ticket.findings.isEmpty {
                    text += "\n| finding | row | column | value |\n|---|---:|---:|---|\n"
                    for finding in ticket.findings {
                        let example = finding.example
                        let row: String = example.row.map { String($0) } ?? "whole table"
                        let column: String = example.column.map { String($0) } ?? ""
                        text += "| `\(finding.id.prefix(12))` | \(row) | \(column) | \(example.value.map(md) ?? "") |\n"
                    }
                    if ticket.count > ticket.findings.count {
                        text += "\n… and \(ticket.count - ticket.findings.count) more.\n"
                    }
                }
                text += "\n"
            }
            return text
        }
    }

    var jsonValue: JSONValue {
        .object([
            ("id", .string(id)), ("ruleId", .string(ruleID)), ("severity", .string(severity.rawValue)),
            ("field", field.map(JSONValue.string)), ("title", .string(title)), ("count", .int(count)),
            ("message", .string(message)), ("suggestedFix", suggestedFix.map(JSONValue.string)),
            ("ruleLocation", ruleLocation.map(JSONValue.string)),
            (
                "findings",
                .array(findings.map { .object([("id", .string($0.id)), ("example", $0.example.jsonValue)]) })
            ),
        ])
    }
}

extension RunComparison {
    /// The comparison in `format`, ending with a newline: the counts per state, then each ticket
    /// that is not unchanged, with its findings' states.
    public func render(as format: TicketFormat) -> String {
        let counts = State.allCases.map { "\(self.counts[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
        switch format {
        case .json:
            var output = JSONOutput()
            output.value(
                .object([
                    ("counts", .object(State.allCases.map { ($0.rawValue, .int(self.counts[$0, default: 0])) })),
                    (
                        "tickets",
                        .array(
                            tickets.map { change in
                                .object([
                                    ("state", .string(change.state.rawValue)),
                                    ("baselineCount", change.baselineCount.map(JSONValue.int)),
                                    ("ticket", change.ticket.jsonValue),
                                    (
                                        "findings",
                                        .array(
                                            change.findings.map {
                                                .object([
                                                    ("id", .string($0.finding.id)),
                                                    ("state", .string($0.state.rawValue)),
                                                ])
                                            })
                                    ),
                                ])
                            })
                    ),
                ]), indent: 0)
            return output.text + "\n"
        case .text, .markdown:
            let markdown = format == .markdown
            func escape(_ text: String) -> String { markdown ? MarkdownText.escaped(text) : TextExcerpt.escaped(text) }
            var lines = [markdown ? "## Compared with the baseline: \(counts) tickets" : "Tickets: \(counts)"]
            for change in tickets where change.state != .unchanged {
                let was = change.baselineCount.map { " (was \($0))" } ?? ""
                let state = change.state.rawValue
                let marker =
                    markdown ? "- **\(state)**" : "  " + state + String(repeating: " ", count: max(0, 9 - state.count))
                let now = change.state == .absent ? 0 : change.ticket.count
                let noun = now == 1 ? "finding" : "findings"
                lines.append(
                    "\(marker) \(escape(change.ticket.ruleID)): \(now) \(noun)\(was) · ticket \(change.ticket.id.prefix(12))"
                )
                let moved = change.findings.filter { $0.state != .unchanged }
                for (finding, state) in moved.prefix(5) {
                    let row = finding.example.row.map { "row \($0)" } ?? "whole table"
                    lines.append(
                        (markdown ? "  - " : "             · ") + "\(state.rawValue) \(finding.id.prefix(12)) (\(row))")
                }
                if moved.count > 5 {
                    lines.append((markdown ? "  - " : "             · ") + "… \(moved.count - 5) more")
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
