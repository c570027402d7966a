internal import Crypto

#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// The report as one standalone HTML page: the verdict at the top, the rules with findings worst
/// first, each with its examples, help and where it is defined.
///
/// The page loads nothing and runs nothing: no external assets, no script, and a
/// Content-Security-Policy (`default-src 'none'`) that allows only its own style sheet, by hash,
/// so it can be published or attached as it is. Everything from the standard or the data is
/// escaped; sensitive values appear only as their shape. It reads on a phone as on a desktop.
public struct HTMLReportWriter: ReportWriter {
    /// Creates a writer.
    public init() {}

    /// The page, ending with a newline.
    public func render(_ report: Report) -> String {
        let name = report.input.path ?? "input"
        let verdict = report.verdict(name: name)
        var page = Self.head(title: verdict)
        page += "<header class=\"\(report.passed ?? report.isValid ? "pass" : "fail")\">\n"
        page += "<h1>\(HTMLText.escaped(verdict))</h1>\n" + summary(report) + "</header>\n<main>\n"
        page += findings(report, anchor: "rule") + "</main>\n<footer>\n" + footer(report) + "</footer>\n"
        return page + "</body>\n</html>\n"
    }

    /// One page for a data package: its verdict, then a section per resource with that resource's
    /// verdict, findings and provenance.
    public func render(package: PackageReport) -> String {
        let h = HTMLText.escaped
        var page = Self.head(title: package.verdict)
        page += "<header class=\"\(package.passed ?? package.isValid ? "pass" : "fail")\">\n"
        page += "<h1>\(h(package.verdict))</h1>\n"
        for skipped in package.skipped {
            page += "<p class=\"hint\">Skipped <code>\(h(skipped.name))</code>: \(h(skipped.reason))</p>\n"
        }
        page += "</header>\n<main>\n"
        for (index, resource) in package.resources.enumerated() {
            let report = resource.report
            let verdict = report.verdict(name: resource.name)
            page += "<section class=\"resource \(report.passed ?? report.isValid ? "pass" : "fail")\">\n"
            page += "<h2>\(h(verdict))</h2>\n" + summary(report)
            page += findings(report, anchor: "resource-\(index)-rule")
            page += "<div class=\"provenance\">\n" + footer(report) + "</div>\n</section>\n"
        }
        return page + "</main>\n</body>\n</html>\n"
    }

    private static func head(title: String) -> String {
        let styleHash = Data(SHA256.hash(data: Array(style.utf8))).base64EncodedString()
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-\(styleHash)'; base-uri 'none'; form-action 'none'">
            <title>\(HTMLText.escaped(title)) · Hallmark</title>
            <style>\(style)</style>
            </head>
            <body>

            """
    }

    /// The counts, how the run stopped, how the file was read, and hints.
    private func summary(_ report: Report) -> String {
        let h = HTMLText.escaped
        let totals = report.totals
        var html =
            "<p>\(totals.rows) rows, \(totals.rowsWithErrors) with errors · \(Self.counted(totals.findings.error, "error")), \(Self.counted(totals.findings.warning, "warning")), \(totals.findings.info) info</p>\n"
        switch totals.stopReason {
        case .errorLimit?:
            html +=
                "<p class=\"stopped\">Stopped early at the error limit: the counts cover the first \(totals.rows) rows only.</p>\n"
        case .timeout?:
            html +=
                "<p class=\"stopped\">Stopped early when the time limit passed: the counts cover the first \(totals.rows) rows only; the rest is unchecked.</p>\n"
        case nil: break
        }
        if let reading = report.readingSummary { html += "<p class=\"reading\">\(h(reading))</p>\n" }
        for hint in report.hints { html += "<p class=\"hint\">Hint: \(h(hint))</p>\n" }
        if let engine = report.engineSummary { html += "<p class=\"engine\">\(h(engine))</p>\n" }
        if !report.notChecked.isEmpty {
            html +=
                "<details class=\"not-checked\" open><summary>Not checked on this engine (\(report.notChecked.count))</summary><ul>\n"
            for rule in report.notChecked { html += "<li><code>\(h(rule.ruleID))</code>: \(h(rule.reason))</li>\n" }
            html += "</ul></details>\n"
        }
        return html
    }

    /// The rules with findings: a list linking to each, then a section each, anchored `ANCHOR-N`.
    private func findings(_ report: Report, anchor: String) -> String {
        let h = HTMLText.escaped
        var html = ""
        if report.findingsByRule.isEmpty {
            html += "<p>No findings: every rule in scope (\(report.scope.count)) passed.</p>\n"
        } else {
            html += "<nav aria-label=\"Rules with findings\"><ul>\n"
            for (index, rule) in report.findingsByRule.enumerated() {
                html +=
                    "<li class=\"\(rule.severity.rawValue)\"><a href=\"#\(anchor)-\(index)\"><span class=\"severity\">\(rule.severity.rawValue)</span> <code>\(h(rule.ruleID))</code> <span class=\"count\">\(rule.count)</span></a></li>\n"
            }
            html += "</ul></nav>\n"
        }
        for (index, rule) in report.findingsByRule.enumerated() {
            html += section(rule, id: "\(anchor)-\(index)")
        }
        return html
    }

    /// Which tool, standard and input, and when.
    private func footer(_ report: Report) -> String {
        let h = HTMLText.escaped
        let standard = "\(report.standard.id) \(report.standard.version)"
        return """
            <p>\(h(report.tool.name)) \(h(report.tool.version)) · standard \(h(standard))\(report.standard.title.map { " (\(h($0)))" } ?? "") from <code>\(h(report.standard.path))</code></p>
            <p>input <code>\(h(report.input.path ?? "input"))</code>, \(report.input.bytes) bytes, SHA-256 <code>\(h(report.input.sha256))</code> · started \(h(report.timing.startedAt)), \(report.timing.durationSeconds) s · \(report.scope.count) rules checked</p>

            """
    }

    private func section(_ rule: Report.RuleFindings, id: String) -> String {
        let h = HTMLText.escaped
        var html = """
            <section id="\(id)" class="rule \(rule.severity.rawValue)">
            <h2><span class="severity">\(rule.severity.rawValue)</span> <code>\(h(rule.ruleID))</code> <span class="count">\(Self.counted(rule.count, "finding"))</span></h2>
            <p>\(h(rule.message))</p>

            """
        if let suppression = rule.suppression {
            html += "<p class=\"suppressed\"><strong>Suppressed:</strong> \(h(suppression.summary))</p>\n"
        }
        if !rule.examples.isEmpty {
            html +=
                "<div class=\"scroll\"><table>\n<thead><tr><th>Row</th><th>Line</th><th>Column</th><th>Field</th><th>Value</th></tr></thead>\n<tbody>\n"
            for example in rule.examples {
                let cells = [
                    example.row.map { String($0) } ?? "whole table", example.line.map { String($0) } ?? "",
                    example.column.map { String($0) } ?? "", h(example.field ?? ""),
                ]
                html += "<tr>" + cells.map { "<td>\($0)</td>" }.joined()
                html += "<td class=\"value\">\(example.value.map { "<code>\(h($0))</code>" } ?? "")"
                if let note = example.note { html += " — \(h(note))" }
                if let suppression = example.suppression {
                    html += " <em class=\"suppressed\">suppressed: \(h(suppression.summary))</em>"
                }
                html += "</td></tr>\n"
            }
            html += "</tbody>\n</table></div>\n"
            if rule.count > rule.examples.count {
                html += "<p class=\"more\">… and \(rule.count - rule.examples.count) more.</p>\n"
            }
        }
        if let help = rule.help { html += "<p class=\"help\"><strong>Help:</strong> \(h(help))</p>\n" }
        if let location = rule.location { html += "<p class=\"where\">Defined at <code>\(h(location))</code></p>\n" }
        return html + "</section>\n"
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// The page's only style sheet; the Content-Security-Policy allows it by its SHA-256.
    static let style = """
        :root{color-scheme:light dark;--fail:#b3261e;--pass:#1e7b34;--warn:#8a5a00;--info:#3553a3;--line:#8884}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        header,main,footer{max-width:72rem;margin:0 auto;padding:1rem}
        header{border-bottom:4px solid var(--pass)}
        header.fail{border-color:var(--fail)}
        h1{font-size:1.4rem;margin:.2rem 0;overflow-wrap:anywhere}
        h2{font-size:1.1rem;margin:0 0 .4rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}
        code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
        nav ul{list-style:none;padding:0;margin:0 0 1rem;display:grid;gap:.25rem}
        nav a{display:flex;gap:.5rem;align-items:baseline;text-decoration:none;color:inherit;padding:.25rem .5rem;border-radius:.3rem;border:1px solid var(--line)}
        .severity{font-size:.75rem;font-weight:700;text-transform:uppercase;color:#fff;background:var(--fail);padding:0 .4rem;border-radius:.25rem}
        .warning .severity{background:var(--warn)}
        .info .severity{background:var(--info)}
        .count{margin-left:auto;font-variant-numeric:tabular-nums}
        .rule{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:.4rem;padding:.75rem 1rem;margin:1rem 0}
        .rule.warning{border-left-color:var(--warn)}
        .rule.info{border-left-color:var(--info)}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
        td.value{overflow-wrap:anywhere;min-width:8rem}
        .stopped{font-weight:600}
        .suppressed{opacity:.8}
        .help{margin-bottom:0}
        .where,.more,footer,.provenance{font-size:.85rem;opacity:.8}
        .resource{border-top:4px solid var(--pass);margin:1.5rem 0;padding-top:.5rem}
        .resource.fail{border-color:var(--fail)}
        @media (max-width:40rem){th:nth-child(2),td:nth-child(2){display:none}body{font-size:15px}}
        """
}

/// Text made inert in HTML: markup characters as entities, control characters escaped as in the summary.
package enum HTMLText {
    /// `text` safe inside an element or a double- or single-quoted attribute.
    package static func escaped(_ text: String) -> String {
        TextExcerpt.replacing(in: TextExcerpt.escaped(text), entity)
    }

    /// The entity for a character that means something in HTML (`&`, `<`, `>`, quotes), else `nil`.
    package static func entity(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        case "\"": "&quot;"
        case "'": "&#39;"
        default: nil
        }
    }
}
