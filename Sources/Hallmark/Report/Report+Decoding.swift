#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// A JSON report that cannot be read back: not JSON, not a report, or a major version this Hallmark does not read.
public struct ReportDecodingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with where in the document when known.
    public var message: String
    /// The message.
    public var description: String { message }
}

extension Report {
    /// Reads back a report written by ``JSONReportWriter`` (format 1.x; members added by later
    /// minor versions are ignored), for comparing runs and making tickets.
    public init(json: [UInt8]) throws(ReportDecodingError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json))
        } catch let DecodingError.dataCorrupted(context) {
            throw ReportDecodingError(message: "not JSON: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReportDecodingError(
                message: "not a Hallmark report: no '\(key.stringValue)' at \(Self.path(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ReportDecodingError(message: "not a Hallmark report: wrong type at \(Self.path(context))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ReportDecodingError(message: "not a Hallmark report: null at \(Self.path(context))")
        } catch {
            throw ReportDecodingError(message: "not a Hallmark report")
        }
        // What the schema promises and comparisons rely on.
        if let rule = document.rules.first(where: { $0.count < 1 || $0.examples.count > $0.count }) {
            throw ReportDecodingError(
                message: "not a Hallmark report: rule \(TextExcerpt.quoted(rule.ruleId)) has count \(rule.count)")
        }
        let sizes = [document.totals.rows, document.totals.rowsWithErrors, document.input.bytes]
        let counts = [document.totals.findings.error, document.totals.findings.warning, document.totals.findings.info]
        if (sizes + counts).contains(where: { $0 < 0 }) {
            throw ReportDecodingError(message: "not a Hallmark report: a negative count in its totals")
        }
        guard document.reportVersion.split(separator: ".").first == "1" else {
            throw ReportDecodingError(
                message: "report format \(TextExcerpt.quoted(document.reportVersion)); this Hallmark reads 1.x")
        }
        let totals = document.totals
        self.init(
            reportVersion: document.reportVersion, isValid: document.valid,
            tool: Tool(name: document.tool.name, version: document.tool.version),
            standard: StandardInfo(
                id: document.standard.id, version: document.standard.version, title: document.standard.title,
                path: document.standard.path),
            input: Input(
                path: document.input.path, bytes: document.input.bytes, sha256: document.input.sha256,
                dataset: document.input.dataset),
            timing: Timing(startedAt: document.timing.startedAt, durationSeconds: document.timing.durationSeconds),
            totals: Totals(
                rows: totals.rows, rowsWithErrors: totals.rowsWithErrors,
                findings: SeverityCounts(
                    error: totals.findings.error, warning: totals.findings.warning, info: totals.findings.info),
                stopReason: totals.stopReason.flatMap(StopReason.init(rawValue:))),
            findingsByRule: document.rules.map { rule in
                RuleFindings(
                    ruleID: rule.ruleId, check: rule.check, severity: rule.severity, field: rule.field,
                    count: rule.count, message: rule.message, help: rule.help, location: rule.location,
                    examples: rule.examples.map {
                        FindingExample(
                            row: $0.row, line: $0.line, column: $0.column, field: $0.field, value: $0.value,
                            rowKey: $0.rowKey, suppression: $0.suppression?.model, cellLine: $0.cellLine,
                            cellColumn: $0.cellColumn, note: $0.note)
                    }, previousRuleIDs: rule.previousRuleIds ?? [], suppression: rule.suppression?.model,
                    pattern: rule.pattern, threshold: rule.threshold, rate: rule.rate,
                    isWithinThreshold: rule.withinThreshold ?? false)
            },
            scope: document.scope,
            table: document.table.map { table in
                TableInfo(
                    encoding: table.encoding, headerRow: table.headerRow, linesSkipped: table.linesSkipped ?? 0,
                    blankRowsSkipped: table.blankRowsSkipped,
                    footer: table.footer.map { TableInfo.Footer(row: $0.row, line: $0.line, rows: $0.rows) })
            }, hints: document.hints ?? [], failOn: document.failOn,
            engine: document.engine.map { Engine(name: $0.name, table: $0.table, rowIdentity: $0.rowIdentity) },
            notChecked: (document.notChecked ?? []).map { NotChecked(ruleID: $0.ruleId, reason: $0.reason) })
    }

    private static func path(_ context: DecodingError.Context) -> String {
        "/" + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
    }

    /// The JSON document's shape (see `Schemas/report-1.0.schema.json`).
    private struct Document: Decodable {
        struct Tool: Decodable { var name: String, version: String }
        struct Standard: Decodable { var id: String, version: String, title: String?, path: String }
        struct Input: Decodable { var path: String?, bytes: Int, sha256: String, dataset: String? }
        struct Timing: Decodable { var startedAt: String, durationSeconds: Double }
        struct Counts: Decodable { var error: Int, warning: Int, info: Int }
        struct Totals: Decodable {
            var rows: Int, rowsWithErrors: Int, findings: Counts, stopReason: String?
        }
        struct Suppression: Decodable {
            var id: String, reason: String, acceptedBy: String, expires: String?
            var model: Hallmark.Suppression {
                Hallmark.Suppression(id: id, reason: reason, acceptedBy: acceptedBy, expires: expires)
            }
        }
        struct Example: Decodable {
            var row: Int?, line: Int?, column: Int?, field: String?, value: String?, rowKey: String?
            var suppression: Suppression?
            var cellLine: Int?, cellColumn: Int?, note: String?
        }
        struct Rule: Decodable {
            var ruleId: String, previousRuleIds: [String]?, check: String, severity: Severity, field: String?,
                count: Int, message: String
            var help: String?, location: String?, examples: [Example], suppression: Suppression?
            var pattern: String?, threshold: String?, rate: Double?, withinThreshold: Bool?
        }
        struct Footer: Decodable { var row: Int, line: Int, rows: Int }
        struct Table: Decodable {
            var encoding: String, headerRow: Int?, linesSkipped: Int?, blankRowsSkipped: Int, footer: Footer?
        }
        struct Engine: Decodable { var name: String, table: String, rowIdentity: String }
        struct NotChecked: Decodable { var ruleId: String, reason: String }
        var table: Table?
        var hints: [String]?
        var engine: Engine?
        var notChecked: [NotChecked]?
        var reportVersion: String
        var valid: Bool
        var failOn: Severity?
        var tool: Tool
        var standard: Standard
        var input: Input
        var timing: Timing
        var totals: Totals
        var rules: [Rule]
        var scope: [String]
    }
}
