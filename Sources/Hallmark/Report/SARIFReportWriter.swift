#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// The report as SARIF 2.1.0, for code-scanning tabs (GitHub, GitLab, Azure DevOps) and SARIF viewers.
///
/// One run: the standard's rules with findings become `tool.driver.rules` (message, help, default
/// level), every rule checked is listed so a viewer knows what was in scope, and each example
/// becomes a result located at the data file's line where its record starts, with a logical
/// location naming the row and field. When a rule has more findings than examples, one more result
/// without a line carries the rest as its `occurrenceCount`. At most ``maxResults`` results are
/// written (GitHub keeps 25,000 per run); the run's properties say how many were left out.
public struct SARIFReportWriter: ReportWriter {
    /// The most results one run carries; GitHub code scanning keeps at most 25,000.
    public static let maxResults = 25_000

    /// The directory the data file's path is made relative to (`--source-root`), such as the
    /// repository's root, so code scanning can link the result to the file; `nil` keeps the path as given.
    public var sourceRoot: String?
    /// The run compared against (`--baseline`): each result then has a `baselineState` (`new`,
    /// `unchanged` or `updated`), by finding id.
    public var baseline: Report?

    /// Creates a writer; see ``sourceRoot`` and ``baseline``.
    public init(sourceRoot: String? = nil, baseline: Report? = nil) {
        self.sourceRoot = sourceRoot
        self.baseline = baseline
    }

    /// SARIF 2.1.0 JSON, ending with a newline.
    public func render(_ report: Report) -> String {
        var output = JSONOutput()
        output.value(document(report), indent: 0)
        output.text.append("\n")
        return output.text
    }

    /// The most runs one log carries: GitHub code scanning refuses a file with more than 20.
    public static let maxRuns = 20

    /// SARIF 2.1.0 JSON with one run per resource, each with its resource's name as its
    /// `automationDetails` id, so code scanning keeps the runs apart. A package of more than
    /// ``maxRuns`` resources is written as its first ``maxRuns`` − 1 runs and one more whose
    /// properties name the resources left out, so the file is still accepted.
    /// A resource whose file could not be read is a run whose execution did not succeed, saying why.
    public func render(package: PackageReport) -> String {
        var runs = package.resources.map { (name: $0.name, run: run($0.report, category: $0.name)) }
        for skipped in package.skipped where package.unreadable.contains(skipped.name) {
            let notification: JSONValue = .object([
                ("level", .string("error")), ("message", .object([("text", .string(skipped.reason))])),
            ])
            let invocation: JSONValue = .object([
                ("executionSuccessful", .bool(false)), ("toolExecutionNotifications", .array([notification])),
            ])
            runs.append((skipped.name, Self.bareRun(id: skipped.name, [("invocations", .array([invocation]))])))
        }
        var kept = runs.map(\.run)
        if runs.count > Self.maxRuns {
            let left = runs.dropFirst(Self.maxRuns - 1).map { JSONValue.string($0.name) }
            kept = Array(kept.prefix(Self.maxRuns - 1))
            kept.append(
                Self.bareRun(
                    id: "hallmark-package-rest", [("properties", .object([("resourcesNotInThisFile", .array(left))]))]))
        }
        var output = JSONOutput()
        output.value(Self.log(kept), indent: 0)
        output.text.append("\n")
        return output.text
    }

    /// A run with no results, named `id`, with `members` of its own: a resource that could not be
    /// read, or the resources past ``maxRuns``.
    private static func bareRun(id: String, _ members: [(String, JSONValue)]) -> JSONValue {
        let driver: JSONValue = .object([("name", .string("hallmark")), ("version", .string(Report.toolVersion))])
        return .object(
            [
                ("automationDetails", .object([("id", .string(id + "/"))])), ("tool", .object([("driver", driver)])),
                ("results", .array([])),
            ] + members)
    }

    private func document(_ report: Report) -> JSONValue {
        Self.log([run(report, category: nil)])
    }

    private static func log(_ runs: [JSONValue]) -> JSONValue {
        .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")), ("version", .string("2.1.0")),
            ("runs", .array(runs)),
        ])
    }

    private func run(_ report: Report, category: String?) -> JSONValue {
        let withFindings = Dictionary(uniqueKeysWithValues: report.findingsByRule.map { ($0.ruleID, $0) })
        let ruleIndex = Dictionary(uniqueKeysWithValues: report.scope.enumerated().map { ($1, $0) })
        let rules = report.scope.map { id in withFindings[id].map(Self.descriptor) ?? .object([("id", .string(id))]) }
        let artifact = artifactLocation(report.input.path)

        // Finding id to value, for baselineState.
        var before: [String: String?]?
        if let baseline {
            before = [:]
            for rule in baseline.findingsByRule {
                for (id, example) in zip(baseline.findingIDs(of: rule), rule.examples) { before?[id] = example.value }
            }
        }
        var results: [JSONValue] = []
        var omitted = 0
        for rule in report.findingsByRule {
            let index = ruleIndex[rule.ruleID].map(JSONValue.int)
            let ticket = report.ticketID(of: rule)
            for (example, id) in zip(rule.examples, report.findingIDs(of: rule)) {
                guard results.count < Self.maxResults else {
                    omitted += 1
                    continue
                }
                var state: String?
                if let before {
                    state = before[id].map { $0 == example.value ? "unchanged" : "updated" } ?? "new"
                }
                results.append(
                    Self.result(
                        rule, index: index, example: example, artifact: artifact,
                        fingerprints: .object([
                            ("hallmarkFinding/v1", .string(id)), ("hallmarkTicket/v1", .string(ticket)),
                        ]),
                        baselineState: state, suppression: example.suppression ?? rule.suppression))
            }
            let rest = rule.count - rule.examples.count
            if rest > 0 {
                guard results.count < Self.maxResults else {
                    omitted += 1
                    continue
                }
                results.append(
                    .object([
                        ("ruleId", .string(rule.ruleID)), ("ruleIndex", index), ("level", .string(Self.level(rule))),
                        ("message", .object([("text", .string("\(rule.message) (\(rest) more findings like this)"))])),
                        (
                            "locations",
                            .array([.object([("physicalLocation", .object([("artifactLocation", artifact)]))])])
                        ),
                        ("occurrenceCount", .int(rest)),
                    ]))
            }
        }

        return .object([
            ("automationDetails", category.map { .object([("id", .string($0 + "/"))]) }),
            (
                "tool",
                .object([
                    (
                        "driver",
                        .object([
                            ("name", .string(report.tool.name)), ("version", .string(report.tool.version)),
                            ("semanticVersion", .string(report.tool.version)),
                            ("rules", .array(rules)),
                        ])
                    )
                ])
            ),
            (
                "originalUriBaseIds",
                sourceRoot.map { root in .object([("SRCROOT", .object([("uri", .string(Self.directoryURI(root)))]))]) }
            ),
            (
                "artifacts",
                .array([
                    .object([
                        ("location", artifact), ("length", .int(report.input.bytes)),
                        ("hashes", .object([("sha-256", .string(report.input.sha256))])),
                    ])
                ])
            ),
            (
                "invocations",
                .array([
                    .object([
                        // Findings are results, not a failed execution; a run cut short by its time
                        // limit did not do what was asked, and says so.
                        ("executionSuccessful", .bool(report.totals.stopReason != .timeout)),
                        ("startTimeUtc", .string(report.timing.startedAt)),
                        ("toolExecutionNotifications", Self.notifications(report)),
                    ])
                ])
            ),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
            (
                "properties",
                .object([
                    (
                        "standard",
                        .object([("id", .string(report.standard.id)), ("version", .string(report.standard.version))])
                    ),
                    ("valid", .bool(report.isValid)), ("rows", .int(report.totals.rows)),
                    ("stopReason", report.totals.stopReason.map { .string($0.rawValue) } ?? .null),
                    ("resultsOmitted", .int(omitted)),
                    (
                        "engine",
                        report.engine.map {
                            .object([
                                ("name", .string($0.name)), ("table", .string($0.table)),
                                ("rowIdentity", .string($0.rowIdentity)),
                            ])
                        }
                    ),
                ])
            ),
        ])
    }

    private static func descriptor(_ rule: Report.RuleFindings) -> JSONValue {
        var help = rule.help.map { "\($0)\n\n" } ?? ""
        if let location = rule.location { help += "Defined at \(location)." }
        return .object([
            ("id", .string(rule.ruleID)),
            ("deprecatedIds", rule.previousRuleIDs.isEmpty ? nil : .array(rule.previousRuleIDs.map(JSONValue.string))),
            ("name", .string(rule.check)),
            ("shortDescription", .object([("text", .string(rule.message))])),
            ("fullDescription", .object([("text", .string(rule.message))])),
            (
                "help",
                help.isEmpty
                    ? nil : .object([("text", .string(help)), ("markdown", .string(MarkdownText.escaped(help)))])
            ),
            ("defaultConfiguration", .object([("level", .string(level(rule)))])),
            (
                "properties",
                .object([
                    ("field", rule.field.map(JSONValue.string)),
                    ("standardLocation", rule.location.map(JSONValue.string)),
                ])
            ),
        ])
    }

    private static func result(
        _ rule: Report.RuleFindings, index: JSONValue?, example: FindingExample, artifact: JSONValue,
        fingerprints: JSONValue, baselineState: String?, suppression: Suppression?
    ) -> JSONValue {
        var text = rule.message
        if let value = example.value {
            // "… must be unique.: "x"" reads badly: the value follows the message's own last word.
            if text.hasSuffix(".") { text.removeLast() }
            text += ": \"\(value)\""
        }
        if let note = example.note { text += " — \(note)" }
        var place: [String] = []
        if let row = example.row { place.append("row \(row)") }
        if let field = example.field {
            place.append(field)
        } else if let column = example.column {
            place.append("column \(column)")
        }
        let region: JSONValue? = (example.cellLine ?? example.line).map { line in
            .object([("startLine", .int(line)), ("startColumn", example.cellColumn.map(JSONValue.int))])
        }
        let logical: JSONValue? =
            place.isEmpty
            ? nil
            : .array([
                .object([
                    ("name", .string(place.joined(separator: ", "))),
                    ("fullyQualifiedName", .string(place.joined(separator: "/"))), ("kind", .string("element")),
                ])
            ])
        return .object([
            ("ruleId", .string(rule.ruleID)), ("ruleIndex", index), ("level", .string(level(rule))),
            ("message", .object([("text", .string(text))])),
            (
                "locations",
                .array([
                    .object([
                        ("physicalLocation", .object([("artifactLocation", artifact), ("region", region)])),
                        ("logicalLocations", logical),
                    ])
                ])
            ),
            ("partialFingerprints", fingerprints), ("baselineState", baselineState.map(JSONValue.string)),
            (
                "suppressions",
                suppression.map { suppression in
                    .array([
                        .object([
                            ("kind", .string("external")), ("status", .string("accepted")),
                            ("justification", .string(suppression.reason)),
                            (
                                "properties",
                                .object([
                                    ("acceptedBy", .string(suppression.acceptedBy)),
                                    ("expires", suppression.expires.map(JSONValue.string)),
                                ])
                            ),
                        ])
                    ])
                }
            ),
        ])
    }

    /// A notification when the pass stopped before the end of the input, and one per rule an
    /// engine did not check (its rule named by `associatedRule`).
    private static func notifications(_ report: Report) -> JSONValue? {
        let rows = report.totals.rows
        var notifications: [JSONValue] = []
        func notify(_ level: String, _ text: String, rule: String? = nil) {
            notifications.append(
                .object([
                    ("level", .string(level)), ("message", .object([("text", .string(text))])),
                    ("associatedRule", rule.map { .object([("id", .string($0))]) }),
                ]))
        }
        switch report.totals.stopReason {
        case .errorLimit?:
            notify("warning", "stopped early at the error limit: the results cover the first \(rows) rows only")
        case .timeout?: notify("error", "stopped when the time limit passed: \(rows) rows checked, the rest unchecked")
        case nil: break
        }
        for rule in report.notChecked {
            notify("warning", "not checked on this engine: \(rule.reason)", rule: rule.ruleID)
        }
        return notifications.isEmpty ? nil : .array(notifications)
    }

    /// SARIF levels: `error`, `warning`, `note`.
    private static func level(_ rule: Report.RuleFindings) -> String {
        switch rule.severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// The data file as an artifact location: relative to ``sourceRoot`` when it lies inside it.
    private func artifactLocation(_ path: String?) -> JSONValue {
        guard let path, path != "-" else { return .object([("uri", .string("stdin"))]) }
        if let sourceRoot, let relative = RepositoryPath.relative(path, to: sourceRoot) {
            return .object([("uri", .string(Self.percentEncoded(relative))), ("uriBaseId", .string("SRCROOT"))])
        }
        return .object([("uri", .string(Self.percentEncoded(path)))])
    }

    private static func directoryURI(_ root: String) -> String {
        "file://" + percentEncoded(RepositoryPath.absolute(root).trimmingSuffix("/") + "/")
    }

    /// A path as a URI reference: bytes outside RFC 3986's unreserved set and `/` are %-encoded.
    static func percentEncoded(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.count > 1 && text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}

/// Paths of data files as a repository sees them.
package enum RepositoryPath {
    /// `path` relative to the folder `root`, when it lies inside it.
    package static func relative(_ path: String, to root: String) -> String? {
        let root = absolute(root).trimmingSuffix("/") + "/"
        let file = absolute(path)
        return file.hasPrefix(root) ? String(file.dropFirst(root.count)) : nil
    }

    /// `path` made absolute against the current directory.
    package static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath.trimmingSuffix("/") + "/"
            + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }
}
