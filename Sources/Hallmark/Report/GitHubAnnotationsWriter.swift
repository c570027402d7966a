/// The report as GitHub Actions workflow commands: an annotation per example (`::error file=…,line=…,
/// title=…::message`) on the data file's line, then the text summary.
///
/// GitHub shows at most 10 annotations of each level per step (50 per job), so the first examples
/// of each level are annotated and one notice counts the rest. Data cannot inject a workflow
/// command: in annotations `%`, CR and LF are %-encoded (and `:` and `,` in properties), and the
/// summary, which quotes cells, is printed between `::stop-commands::TOKEN` and `::TOKEN::` with
/// a random token, so no line of it is read as a command.
public struct GitHubAnnotationsWriter: ReportWriter {
    /// Annotations of one level GitHub shows per step.
    public static let annotationsPerLevel = 10

    private let token: String
    /// The directory the data file's path is made relative to (`--source-root`), so GitHub can put
    /// annotations on the file in the pull request; `nil` keeps the path as given.
    public var sourceRoot: String?

    /// Creates a writer with a fresh random stop-commands token; see ``sourceRoot``.
    public init(sourceRoot: String? = nil) {
        self.sourceRoot = sourceRoot
        var generator = SystemRandomNumberGenerator()
        token = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }

    /// The workflow commands, then the summary, ending with a newline.
    public func render(_ report: Report) -> String {
        var shown: [Severity: Int] = [:]
        var notShown = 0
        let lines = annotations(report, shown: &shown, notShown: &notShown)
        return finish(lines, notShown: notShown, summary: TextSummaryWriter().render(report))
    }

    /// Every resource's annotations within one step's limits (the first examples of each level
    /// across the package), then the package's summary.
    public func render(package: PackageReport) -> String {
        var shown: [Severity: Int] = [:]
        var notShown = 0
        let lines = package.resources.flatMap { annotations($0.report, shown: &shown, notShown: &notShown) }
        return finish(lines, notShown: notShown, summary: TextSummaryWriter().render(package: package))
    }

    /// The notice counting what was not annotated, and the summary where no line is read as a command.
    private func finish(_ annotations: [String], notShown: Int, summary: String) -> String {
        var lines = annotations
        if notShown > 0 {
            lines.append(
                "::notice title=hallmark::\(Self.data("\(notShown) more findings are not annotated; see the summary and the JSON report"))"
            )
        }
        lines.append("::stop-commands::\(token)")
        lines.append(summary.trimmingSuffixNewline())
        lines.append("::\(token)::")
        return lines.joined(separator: "\n") + "\n"
    }

    /// An annotation per example while `shown` is under each level's limit; the rest are counted in `notShown`.
    private func annotations(_ report: Report, shown: inout [Severity: Int], notShown: inout Int) -> [String] {
        let file = report.input.path.map { path in
            path == "-" ? "stdin" : sourceRoot.flatMap { RepositoryPath.relative(path, to: $0) } ?? path
        }
        var lines: [String] = []
        for rule in report.findingsByRule {
            let command =
                switch rule.severity {
                case .error: "error"
                case .warning: "warning"
                case .info: "notice"
                }
            for example in rule.examples {
                guard shown[rule.severity, default: 0] < Self.annotationsPerLevel else {
                    notShown += 1
                    continue
                }
                shown[rule.severity, default: 0] += 1
                // An accepted finding is a notice, not an error: it does not fail the run.
                let suppression = example.suppression ?? rule.suppression
                var properties: [String] = []
                if let file { properties.append("file=\(Self.property(file))") }
                if let line = example.cellLine ?? example.line { properties.append("line=\(line)") }
                if let column = example.cellColumn { properties.append("col=\(column)") }
                properties.append("title=\(Self.property(rule.ruleID))")
                var message = rule.message
                if let row = example.row {
                    message += " (row \(row)" + (example.column.map { ", column \($0)" } ?? "") + ")"
                }
                if let value = example.value { message += ": \"\(value)\"" }
                if let note = example.note { message += " — \(note)" }
                if let suppression { message += " (suppressed: \(suppression.summary))" }
                // Within its fail-if threshold, a finding fails nothing either.
                if let threshold = rule.threshold, rule.isWithinThreshold {
                    message += " (within its threshold, fail-if \(threshold))"
                }
                let level = suppression == nil && !rule.isWithinThreshold ? command : "notice"
                lines.append("::\(level) \(properties.joined(separator: ","))::\(Self.data(message))")
            }
            notShown += rule.count - rule.examples.count
        }
        return lines
    }

    /// A command's message: `%`, CR and LF encoded, control characters escaped.
    static func data(_ text: String) -> String {
        TextExcerpt.replacing(in: TextExcerpt.escaped(text)) { scalar in
            switch scalar {
            case "%": "%25"
            case "\r": "%0D"
            case "\n": "%0A"
            default: nil
            }
        }
    }

    /// A command's property value: as ``data(_:)``, and `:` and `,` encoded too.
    static func property(_ text: String) -> String {
        TextExcerpt.replacing(in: data(text)) { scalar in
            switch scalar {
            case ":": "%3A"
            case ",": "%2C"
            default: nil
            }
        }
    }
}

extension String {
    fileprivate func trimmingSuffixNewline() -> String {
        hasSuffix("\n") ? String(dropLast()) : self
    }
}
