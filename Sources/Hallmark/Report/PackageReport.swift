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
    /// The resources left out, and why: no schema, inline data, a file that cannot be read, or the
    /// run's limits reached before them.
    public var skipped: [DataPackage.SkippedResource]
    /// Why the run stopped before checking every resource in full, when it did.
    public var stopReason: Report.StopReason?
    /// The resources whose files could not be read (``skipped`` says why).
    public var unreadable: [String] = []

    /// Creates a package report.
    public init(path: String, name: String?, resources: [Resource], skipped: [DataPackage.SkippedResource]) {
        self.path = path
        self.name = name
        self.resources = resources
        self.skipped = skipped
    }

    /// `true` when every resource was read and its report is valid, and the run was not cut short
    /// by its time limit: a resource not checked vouches for nothing.
    public var isValid: Bool {
        unreadable.isEmpty && stopReason != .timeout && resources.allSatisfy(\.report.isValid)
    }

    /// Whether every resource passes its ``Report/failOn``, all were read and the run was not cut
    /// short by its time limit; `nil` when none was judged against one.
    public var passed: Bool? {
        let verdicts = resources.compactMap(\.report.passed)
        guard !verdicts.isEmpty else { return nil }
        return verdicts.allSatisfy { $0 } && unreadable.isEmpty && stopReason != .timeout
    }

    /// The package's verdict line, agreeing with the exit status as a report's does.
    public var verdict: String {
        let total = resources.count + unreadable.count
        let count = total == 1 ? "1 resource" : "\(total) resources"
        let failing = resources.filter { !($0.report.passed ?? $0.report.isValid) }.count + unreadable.count
        var line =
            failing == 0
            ? "✓ \(path): \(total == 1 ? "1 resource meets its schema" : "\(count) meet their schemas")"
            : "✗ \(path): \(failing) of \(count) \(failing == 1 ? "does not meet its schema" : "do not meet their schemas")"
        if !unreadable.isEmpty { line += " (\(unreadable.count) could not be read)" }
        switch stopReason {
        case .timeout?: line += "; stopped when the time limit passed, the rest unchecked"
        case .errorLimit?: line += "; stopped at the error limit"
        case nil: break
        }
        return line
    }

    /// The report as an ordered JSON document: each resource's report as a single file's is written.
    package var jsonValue: JSONValue {
        .object([
            ("reportVersion", .string(Report.currentVersion)),
            ("valid", .bool(isValid)), ("passed", passed.map(JSONValue.bool) ?? .null),
            ("stopReason", stopReason.map { .string($0.rawValue) } ?? .null),
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
