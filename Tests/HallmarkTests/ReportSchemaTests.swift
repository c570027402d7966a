import Foundation
import Testing

@testable import Hallmark

private let schemaPython = testPython(importing: ["jsonschema"])

/// The JSON report against its published schema, `Schemas/report-1.0.schema.json`, checked by a real
/// JSON Schema validator (Python's `jsonschema`, draft 2020-12).
@Suite(
    "The JSON report meets its published schema",
    .enabled(if: schemaPython != nil, "no Python with jsonschema: run scripts/test, which makes .build/test-venv"))
struct ReportSchemaTests {
    /// A standard with a rule of nearly every kind, and data that breaks each of them at least once.
    static let everyKind = """
        hallmark: 1
        id: every.kind
        version: 1.0.0
        title: Every kind
        uses: [uk/health.yaml]
        table: { fields-match: exact, dialect: { line-ending: lf } }
        fields:
          ID: { type: integer, required: true, unique: true, min: 1, help: "A whole number." }
          CODE: { values: [A, B], min-length: 1, max-length: 1 }
          NHS: { format: nhs-number, sensitive: true }
          WHEN: { type: date }
          NOTE: { pattern: '[a-z]*', severity: warning }
        dataset:
          primary-key: [ID]
          rows: { min: 100 }
          completeness: { NOTE: 100% }
        """

    static let everyKindData =
        "ID,CODE,NHS,WHEN,NOTE\r\n1,A,9434765919,2024-01-31,ok\r\n1,C,9434765910,2024-02-30,BAD\n"
        + "x,AB,\"943 476 5919\",2024-13-01,\n\n3,A,9434765919,2024-01-01,a,extra\n4,B\n"
        + "5,\"A\"x,9434765919,2024-01-01,ok\n6,\u{1B}[2J<script>,\u{202E}9434765919,2024-01-01,\"open\n"

    /// Reports of every shape: valid, invalid, empty, headerless, stopped early both ways, hostile.
    func reports() async throws -> [(String, Report)] {
        let standard = try loadStandard(Self.everyKind, root: packageRoot + "/Standards")
        var reports: [(String, Report)] = []
        reports.append(("every-kind", Validator(standard: standard).validate(bytes: Array(Self.everyKindData.utf8))))
        var stopped = Validator.Options()
        stopped.maxErrors = 2
        reports.append(
            (
                "max-errors",
                Validator(standard: standard, options: stopped).validate(
                    bytes: Array(Self.everyKindData.utf8), inputName: "data.csv")
            ))
        var timedOut = Validator.Options()
        timedOut.timeout = .zero
        reports.append(
            ("timeout", Validator(standard: standard, options: timedOut).validate(bytes: Array("ID\n1\n".utf8))))
        reports.append(("empty", Validator(standard: standard).validate(bytes: [], inputName: "empty.csv")))
        let headerless = try loadStandard(
            standardYAML(
                fields: "  A: { type: integer }",
                extra: "table: { dialect: { has-header: false } }\ndataset: { rows: { min: 1 } }"))
        reports.append(("headerless-empty", Validator(standard: headerless).validate(bytes: [])))
        reports.append(("headerless", Validator(standard: headerless).validate(bytes: Array("1\nx\n".utf8))))
        let prescribing = try Standard(
            contentsOfFile: packageRoot + "/Standards/nhs/practice-prescribing.yaml", root: packageRoot + "/Standards")
        for name in ["sample-valid", "sample-invalid"] {
            let path = packageRoot + "/Fixtures/prescribing/\(name).csv"
            reports.append((name, try await Validator(standard: prescribing).validate(fileAt: path)))
        }
        // A table an engine checked: no lines, the engine named, rules it could not check listed.
        let native = reports[0].1
        let counts = EngineCounts(
            engine: Report.Engine(name: "duckdb", table: "read_csv('x.csv')", rowIdentity: "row number"), rows: 7,
            rowsWithErrors: 3,
            rules: native.scope.dropFirst(2).map { id in
                (id: id, result: EngineCounts.RuleCount(count: native.rule(id)?.count ?? 0, rows: nil))
            }, cells: [:],
            notChecked: native.scope.prefix(2).map { Report.NotChecked(ruleID: $0, reason: "not translated") })
        reports.append(
            (
                "engine",
                try Report(
                    standard: standard, counts: counts, maxExamples: 20, fingerprintKey: nil, dataset: nil,
                    duration: .milliseconds(5))
            ))
        return reports
    }

    @Test("every report shape validates against the schema")
    func reportsValidate() async throws {
        let directory = try makeTemporaryDirectory()
        var paths: [String] = []
        for (name, report) in try await reports() {
            let path = directory + "/\(name).json"
            try write(JSONReportWriter().render(report), to: path)
            paths.append(path)
        }
        let checked = try runProcess(
            schemaPython!,
            [packageRoot + "/scripts/check_json_schema.py", packageRoot + "/Schemas/report-1.0.schema.json"] + paths)
        #expect(checked.status == 0, "\(checked.output)")
        // The shapes are really there: the schema is not checking empty documents.
        let every = try String(contentsOfFile: directory + "/every-kind.json", encoding: .utf8)
        for id in [
            "table:extra-cell", "table:missing-cell", "table:blank-row", "table:stray-quote",
            "table:unterminated-quote", "table:line-ending", "field:ID:type", "field:CODE:values", "field:NHS:format",
            "field:WHEN:type", "field:NOTE:pattern", "dataset:primary-key", "dataset:rows", "dataset:completeness:NOTE",
        ] {
            #expect(every.contains("\"ruleId\": \"\(id)\""), "\(id)")
        }
        #expect(!every.contains("9434765919") && !every.contains("\u{1B}") && !every.contains("\u{202E}"))
    }

    @Test("the schema rejects a report that breaks it")
    func schemaCanFail() throws {
        let directory = try makeTemporaryDirectory()
        let report = try String(
            contentsOfFile: packageRoot + "/Fixtures/prescribing/sample-invalid.report.json", encoding: .utf8)
        let broken = [
            report.replacingOccurrences(of: "\"valid\": false", with: "\"valid\": \"no\""),
            report.replacingOccurrences(of: "\"severity\": \"error\"", with: "\"severity\": \"fatal\""),
            report.replacingOccurrences(of: "\"row\": 26", with: "\"row\": 0"),
            report.replacingOccurrences(of: "\"stopReason\": null", with: "\"stopReason\": \"tired\""),
            report.replacingOccurrences(
                of: "\"reportVersion\": \"1.0\",", with: "\"reportVersion\": \"1.0\", \"x\": 1,"),
        ]
        for (index, text) in broken.enumerated() {
            #expect(text != report)
            let path = directory + "/broken-\(index).json"
            try write(text, to: path)
            let checked = try runProcess(
                schemaPython!,
                [packageRoot + "/scripts/check_json_schema.py", packageRoot + "/Schemas/report-1.0.schema.json", path])
            #expect(checked.status == 1, "broken \(index) passed")
        }
    }
}
