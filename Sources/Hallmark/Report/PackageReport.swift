/// The result of validating a Frictionless Data Package: one ``Report`` per tabular resource, in
/// the descriptor's order, and the resources that were not validated.
public struct PackageReport: Sendable, Equatable {
    /// One resource's report.
    public struct Resource: Sendable, Equatable {
        /// The resource's `name`.
        public var name: String
        /// Its data file checked against its schema.
        public var report: Report

        /// Creates a resource's entry.
        public init(name: String, report: Report) {
            self.name = name
            self.report = report
        }
    }

    /// The descriptor's path, as given.
    public var path: String
    /// The package's `name`, when it has one.
    public var name: String?
    /// The tabular resources' reports, in the descriptor's order.
    public var resources: [Resource]
    /// The resources left out, and why.
    public var skipped: [DataPackage.SkippedResource]

    /// Creates a package report.
    public init(path: String, name: String?, resources: [Resource], skipped: [DataPackage.SkippedResource]) {
        self.path = path
        self.name = name
        self.resources = resources
        self.skipped = skipped
    }

    /// `true` when every resource's report is valid.
    public var isValid: Bool { resources.allSatisfy(\.report.isValid) }

    /// Whether every resource passes its ``Report/failOn``; `nil` when none was judged against one.
    public var passed: Bool? {
        let verdicts = resources.compactMap(\.report.passed)
        return verdicts.isEmpty ? nil : verdicts.allSatisfy { $0 }
    }

    /// The package's verdict line, agreeing with the exit status as a report's does.
    public var verdict: String {
        let count = resources.count == 1 ? "1 resource" : "\(resources.count) resources"
        let failing = resources.filter { !($0.report.passed ?? $0.report.isValid) }.count
        if failing == 0 { return "✓ \(path): \(count) meet their schemas" }
        return "✗ \(path): \(failing) of \(count) do not meet their schemas"
    }

    /// The report as an ordered JSON document: each resource's report as a single file's is written.
    package var jsonValue: JSONValue {
        .object([
            ("reportVersion", .string(Report.currentVersion)),
            ("valid", .bool(isValid)), ("passed", passed.map(JSONValue.bool) ?? .null),
            ("package", .object([("path", .string(path)), ("name", name.map(JSONValue.string))])),
            (
                "resources",
                .array(resources.map { .object([("name", .string($0.name)), ("report", $0.report.jsonValue)]) })
            ),
            (
                "skipped",
                .array(skipped.map { .object([("name", .string($0.name)), ("reason", .string($0.reason))]) })
            ),
        ])
    }
}

extension ReportWriter {
    /// Renders a data package's report: by default each resource's report in turn, under a line
    /// naming it, after the package's verdict. Formats with a structure of their own (JSON, SARIF,
    /// JUnit, HTML) render one document instead.
    public func render(package: PackageReport) -> String {
        var text = TextExcerpt.escaped(package.verdict) + "\n"
        for skipped in package.skipped {
            text += "  skipped \(TextExcerpt.quoted(skipped.name)): \(TextExcerpt.escaped(skipped.reason))\n"
        }
        for resource in package.resources {
            text += "\n── resource \(TextExcerpt.quoted(resource.name)) ──\n" + render(resource.report)
        }
        return text
    }
}
