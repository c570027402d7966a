/// The report as JUnit XML, for the test tabs of GitLab, Jenkins, Azure DevOps and GitHub test reporters.
///
/// One test suite, named after the standard, with one test case per rule in scope, passing rules
/// included, so the tab shows what was checked. A rule whose findings are at or above
/// ``failOn`` is a failure whose message gives the count and whose text lists the examples; a rule
/// with less severe findings passes and lists them in its `system-out`. Test case names are the
/// rule ids, unique within a standard.
public struct JUnitReportWriter: ReportWriter {
    /// The least severe finding that fails its test case (`nil`: none fails), as `--fail-on`.
    /// Suppressed findings never fail one.
    public var failOn: Severity?
    /// When given, exactly these rules fail (such as those `--fail-on new` fails on), instead of ``failOn``.
    public var failingRuleIDs: Set<String>?

    /// Creates a writer; see ``failOn`` (default: errors fail) and ``failingRuleIDs``.
    public init(failOn: Severity? = .error, failingRuleIDs: Set<String>? = nil) {
        self.failOn = failOn
        self.failingRuleIDs = failingRuleIDs
    }

    /// JUnit XML, ending with a newline.
    public func render(_ report: Report) -> String {
        let suite = self.suite(report, name: "\(report.standard.id) \(report.standard.version)")
        return Self.document([suite], time: report.timing.durationSeconds)
    }

    /// JUnit XML with one test suite per resource, named after it.
    /// A resource whose file could not be read is a suite with one test case in error, which says why.
    public func render(package: PackageReport) -> String {
        var suites = package.resources.map { suite($0.report, name: $0.name) }
        for skipped in package.skipped where package.unreadable.contains(skipped.name) {
            let name = XMLText.attribute(skipped.name)
            var xml =
                "  <testsuite name=\"\(name)\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n"
            xml += "    <testcase classname=\"\(name)\" name=\"hallmark:file-read\" time=\"0\">\n"
            xml +=
                "      <error message=\"\(XMLText.attribute(skipped.reason))\" type=\"unreadable\"/>\n    </testcase>\n"
            suites.append(Suite(xml: xml + "  </testsuite>\n", tests: 1, failures: 0, errors: 1))
        }
        return Self.document(suites, time: package.resources.reduce(0) { $0 + $1.report.timing.durationSeconds })
    }

    /// The suites in `<testsuites>`, whose counts are their sums.
    private static func document(_ suites: [Suite], time: Double) -> String {
        let tests = suites.reduce(0) { $0 + $1.tests }
        let failures = suites.reduce(0) { $0 + $1.failures }
        let errors = suites.reduce(0) { $0 + $1.errors }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml +=
            "<testsuites name=\"hallmark\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(time)\">\n"
        return xml + suites.map(\.xml).joined() + "</testsuites>\n"
    }

    private struct Suite {
        var xml: String
        var tests: Int
        var failures: Int
        var errors: Int
    }

    private func suite(_ report: Report, name: String) -> Suite {
        let findings = Dictionary(uniqueKeysWithValues: report.findingsByRule.map { ($0.ruleID, $0) })
        let suite = XMLText.attribute(name)
        // A run stopped by its time limit left rules unchecked: one more test case says so, in error.
        let incomplete = report.totals.stopReason == .timeout
        let failing = report.scope.filter { id in findings[id].map(fails) ?? false }.count
        let tests = report.scope.count + report.notChecked.count + (incomplete ? 1 : 0)
        let errors = incomplete ? 1 : 0
        let seconds = String(report.timing.durationSeconds)
        var xml = "  <testsuite name=\"\(suite)\" tests=\"\(tests)\" failures=\"\(failing)\" errors=\"\(errors)\""
        xml +=
            " skipped=\"\(report.notChecked.count)\" time=\"\(seconds)\" timestamp=\"\(XMLText.attribute(report.timing.startedAt))\">\n"
        xml += "    <properties>\n"
        for (name, value) in [
            ("input", report.input.path ?? "input"), ("input.sha256", report.input.sha256),
            ("rows", String(report.totals.rows)), ("valid", String(report.isValid)),
            ("stopReason", report.totals.stopReason?.rawValue ?? "none"),
        ] + (report.engine.map { [("engine", $0.name), ("table", $0.table), ("rowIdentity", $0.rowIdentity)] } ?? []) {
            xml += "      <property name=\"\(name)\" value=\"\(XMLText.attribute(value))\"/>\n"
        }
        xml += "    </properties>\n"
        if incomplete {
            let message = "stopped when the time limit passed: \(report.totals.rows) rows checked, the rest unchecked"
            xml += "    <testcase classname=\"\(suite)\" name=\"hallmark:whole-input-checked\" time=\"0\">\n"
            xml += "      <error message=\"\(XMLText.attribute(message))\" type=\"timeout\"/>\n    </testcase>\n"
        }
        // A rule an engine could not check is skipped, with why: never a pass.
        for rule in report.notChecked {
            xml += "    <testcase classname=\"\(suite)\" name=\"\(XMLText.attribute(rule.ruleID))\" time=\"0\">\n"
            let message = "not checked on this engine: \(rule.reason)"
            xml += "      <skipped message=\"\(XMLText.attribute(message))\"/>\n    </testcase>\n"
        }
        for id in report.scope {
            let name = XMLText.attribute(id)
            let open = "    <testcase classname=\"\(suite)\" name=\"\(name)\" time=\"0\""
            guard let rule = findings[id] else {
                xml += open + "/>\n"
                continue
            }
            xml += open + ">\n"
            let noun = rule.count == 1 ? "finding" : "findings"
            let summary = "\(rule.count) \(rule.severity.rawValue) \(noun): \(rule.message)"
            if fails(rule) {
                xml += "      <failure message=\"\(XMLText.attribute(summary))\" type=\"\(rule.severity.rawValue)\">"
                xml += XMLText.content(lines: details(rule)) + "</failure>\n"
            } else {
                xml += "      <system-out>" + XMLText.content(lines: [summary] + details(rule)) + "</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n"
        return Suite(xml: xml, tests: tests, failures: failing, errors: errors)
    }

    private func fails(_ rule: Report.RuleFindings) -> Bool {
        if let failingRuleIDs { return failingRuleIDs.contains(rule.ruleID) }
        guard let failOn, rule.unsuppressedCount > 0 else { return false }
        return rule.severity >= failOn
    }

    /// One line per example, then the rest's count, the help and where the rule is defined.
    private func details(_ rule: Report.RuleFindings) -> [String] {
        var lines = rule.examples.map { example -> String in
            var place = example.place
            if let column = example.column { place += ", column \(column)" }
            if let field = example.field { place += " [\(field)]" }
            if let value = example.value { place += ": \"\(value)\"" }
            if let note = example.note { place += " — \(note)" }
            if let suppression = example.suppression { place += " (suppressed: \(suppression.reason))" }
            return place
        }
        if rule.count > rule.examples.count { lines.append("… and \(rule.count - rule.examples.count) more") }
        if let suppression = rule.suppression {
            lines.append("suppressed: \(suppression.reason), accepted by \(suppression.acceptedBy)")
        }
        if let help = rule.help { lines.append("help: \(help)") }
        if let location = rule.location { lines.append("rule defined at \(location)") }
        return lines
    }
}

/// Text made safe for XML 1.0.
package enum XMLText {
    /// Lines of character data: markup characters as entities; controls within a line escaped as
    /// in the text summary (XML 1.0 cannot carry most of them at all, even as character references).
    package static func content(lines: [String]) -> String {
        lines.map { escape(TextExcerpt.escaped($0), quotes: false) }.joined(separator: "\n")
    }

    /// An attribute value (in double quotes).
    package static func attribute(_ text: String) -> String {
        escape(TextExcerpt.escaped(text), quotes: true)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        TextExcerpt.replacing(in: text) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"" where quotes: "&quot;"
            case "'" where quotes: "&apos;"
            // Noncharacters XML 1.0 forbids.
            case "\u{FFFE}", "\u{FFFF}": "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: nil
            }
        }
    }
}
