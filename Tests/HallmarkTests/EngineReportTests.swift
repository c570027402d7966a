import Foundation
import Testing

@testable import Hallmark

/// A standard with every kind of example an engine's report makes: field checks on a sensitive and
/// a trimmed field, a unique field read by meaning, a composite unique key, a foreign key within
/// the table, a row rule, a grouped aggregate and a table-wide one.
private let standardText = standardYAML(
    fields: """
          ID: { type: integer, unique: true }
          NHS: { format: nhs-number, sensitive: true }
          CODE: { values: [A, B], trim: true }
          PARENT:
          AMOUNT: { type: decimal }
        """,
    extra: """
        uses: [Standards/uk/identifiers.yaml]
        rules:
          - id: positive
            assert: AMOUNT > 0
            message: AMOUNT must be above 0
        dataset:
          unique-keys: [[CODE, AMOUNT]]
          foreign-keys:
            - fields: PARENT
              reference: { fields: ID }
          aggregates:
            - id: per-code
              group-by: CODE
              values: { spent: { sum: AMOUNT } }
              assert: spent < 100
              message: each code's AMOUNT must add up to under 100
            - id: total
              values: { ids: { count: ID } }
              assert: ids < 3
              message: fewer than 3 rows
        """)

private let rows: [[String?]] = [
    ["1", "9434765919", "A", "", "10.00"],
    ["01", "9434765910", " B ", "7", "-1"],
    ["3", "9434765919", "C", "1", "10.0"],
    ["4", "", "A", "9", "10.0"],
    ["5", "9434765919", "B", "", "200"],
]

/// The CSV of `rows`, a header first.
private var csv: String {
    "ID,NHS,CODE,PARENT,AMOUNT\n" + rows.map { $0.map { $0 ?? "" }.joined(separator: ",") + "\n" }.joined()
}

private let sarifSchema = packageRoot + "/../shared/schemas/sarif-schema-2.1.0.json"
private let schemaPython = testPython(importing: ["jsonschema"])

@Suite("Reports of tables an engine checked")
struct EngineReportTests {
    /// What an engine that counted exactly as the native pass would send: its counts and example
    /// rows, and those rows' cells.
    private func counts(from native: Report, notChecked: [String] = []) -> EngineCounts {
        let rules = native.scope.filter { !notChecked.contains($0) }.map { id in
            let rule = native.rule(id)
            let rows = rule?.examples.compactMap(\.row)
            return (
                id: id,
                result: EngineCounts.RuleCount(
                    count: rule?.count ?? 0, rows: rule?.examples.first?.row == nil ? nil : rows)
            )
        }
        var cells: [Int: [String?]] = [:]
        for (index, row) in rows.enumerated() { cells[index + 2] = row }
        return EngineCounts(
            engine: Report.Engine(name: "postgres", table: "t", rowIdentity: "column __row"), rows: rows.count,
            rowsWithErrors: native.totals.rowsWithErrors, rules: rules, cells: cells,
            notChecked: notChecked.map { Report.NotChecked(ruleID: $0, reason: "a test") })
    }

    @Test(
        "the examples an engine's counts make have the file's values, masks and row keys, with and without a fingerprint key"
    )
    func sameExamplesAsTheFile() throws {
        // Without a primary key a row's key is all its cells; with one, its key's values.
        let keyed = standardText.replacingOccurrences(
            of: "  unique-keys: [[CODE, AMOUNT]]", with: "  primary-key: [ID]\n  unique-keys: [[CODE, AMOUNT]]")
        for (standard, key) in [
            (try loadStandard(standardText), nil), (try loadStandard(standardText), Array("secret".utf8)),
            (try loadStandard(keyed), nil),
        ] {
            var options = Validator.Options()
            options.fingerprintKey = key
            let native = Validator(standard: standard, options: options).validate(bytes: Array(csv.utf8))
            let engine = try Report(
                standard: standard, counts: counts(from: native), maxExamples: 20, fingerprintKey: key, dataset: nil,
                duration: .zero)
            let kinds = [
                "field:ID:unique", "field:NHS:format", "field:CODE:values", "dataset:unique-key:CODE+AMOUNT",
                "dataset:foreign-key:PARENT", "rule:positive", "dataset:aggregate:per-code", "dataset:aggregate:total",
            ]
            for id in kinds {
                let file = try #require(native.rule(id), "\(id) has no findings in the file")
                let table = try #require(engine.rule(id), "\(id) has no findings from the engine")
                #expect(table.count == file.count, "\(id)")
                #expect(table.examples.map(\.row) == file.examples.map(\.row), "\(id)")
                #expect(table.examples.map(\.rowKey) == file.examples.map(\.rowKey), "\(id): row keys")
                #expect(table.examples.map(\.field) == file.examples.map(\.field), "\(id): fields")
                #expect(engine.findingIDs(of: table) == native.findingIDs(of: file), "\(id): finding ids")
                #expect(engine.ticketID(of: table) == native.ticketID(of: file), "\(id): ticket")
                #expect(table.examples.allSatisfy { $0.line == nil }, "\(id): a table has no lines")
            }
            for id in kinds where id != "dataset:aggregate:total" {
                #expect(
                    engine.rule(id)?.examples.map(\.value) == native.rule(id)?.examples.map(\.value), "\(id): values")
            }
            #expect(engine.rule("field:NHS:format")?.examples.first?.value == "##########")
            #expect(engine.engine?.name == "postgres" && engine.notChecked.isEmpty)
            #expect(engine.scope == native.scope && engine.totals.findings == native.totals.findings)
            #expect(engine.input.path == "t" && engine.input.bytes == 0)
        }
    }

    @Test("an engine's counts that do not fit the standard are refused with why")
    func refusesCountsOfAnotherStandard() throws {
        let standard = try loadStandard(standardText)
        let native = Validator(standard: standard).validate(bytes: Array(csv.utf8))
        var unknown = counts(from: native)
        unknown.rules.append((id: "field:GONE:type", result: EngineCounts.RuleCount(count: 1, rows: [2])))
        #expect(throws: EngineResultError.self) {
            try Report(
                standard: standard, counts: unknown, maxExamples: 20, fingerprintKey: nil, dataset: nil, duration: .zero
            )
        }
        var missingCells = counts(from: native)
        missingCells.cells = [:]
        #expect(throws: EngineResultError.self) {
            try Report(
                standard: standard, counts: missingCells, maxExamples: 20, fingerprintKey: nil, dataset: nil,
                duration: .zero)
        }
    }

    @Test("rules not checked for one reason share a line, reasons in the order first given, in text and Markdown")
    func notCheckedGroupedByReason() throws {
        let standard = try loadStandard(standardText)
        let native = Validator(standard: standard).validate(bytes: Array(csv.utf8))
        var counts = counts(from: native, notChecked: ["field:NHS:format", "field:ID:type"])
        counts.notChecked = [
            Report.NotChecked(ruleID: "table:a", reason: "about bytes"),
            Report.NotChecked(ruleID: "field:NHS:format", reason: "a test"),
            Report.NotChecked(ruleID: "table:b", reason: "about bytes"),
            Report.NotChecked(ruleID: "field:ID:type", reason: "a test"),
        ]
        let report = try Report(
            standard: standard, counts: counts, maxExamples: 20, fingerprintKey: nil, dataset: nil, duration: .zero)
        #expect(
            report.notCheckedLines == [
                "not checked on this engine: table:a, table:b: about bytes",
                "not checked on this engine: field:NHS:format, field:ID:type: a test",
            ])
        let text = TextSummaryWriter().render(report)
        #expect(text.contains("not checked on this engine: table:a, table:b: about bytes"))
        let markdown = MarkdownReportWriter().render(report)
        #expect(markdown.contains("**Not checked on this engine** (4):"))
        let listed = markdown.split(separator: "\n").filter { $0.hasPrefix("- ") && $0.contains("about bytes") }
        #expect(listed.count == 1 && listed[0].hasSuffix(": about bytes"))
        #expect(
            listed[0].contains(MarkdownText.escaped("table:a")) && listed[0].contains(MarkdownText.escaped("table:b")))
    }

    @Test("every writer says where the table was checked and which rules were not; JUnit skips them, SARIF notifies")
    func writersSayWhatWasNotChecked() throws {
        let standard = try loadStandard(standardText)
        let native = Validator(standard: standard).validate(bytes: Array(csv.utf8))
        let report = try Report(
            standard: standard, counts: counts(from: native, notChecked: ["field:NHS:format"]), maxExamples: 20,
            fingerprintKey: nil, dataset: nil, duration: .zero)
        for (name, writer) in ReportWriterTests.writers {
            let output = writer.render(report)
            let id = name.hasPrefix("markdown") ? MarkdownText.escaped("field:NHS:format") : "field:NHS:format"
            #expect(output.contains(id), "\(name)")
            if name != "json" && name != "sarif" && name != "junit" {
                #expect(
                    output.contains("not checked on this engine") || output.contains("Not checked on this engine"),
                    "\(name)")
                #expect(output.contains("checked in postgres, table t"), "\(name)")
                #expect(!output.contains("(line 0)") && !output.contains("line nil"), "\(name)")
            }
        }
        let junit = JUnitReportWriter().render(report)
        #expect(junit.contains("skipped=\"1\""))
        #expect(junit.contains("<skipped message=\"not checked on this engine: a test\"/>"))
        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(SARIFReportWriter().render(report).utf8)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        let notices = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notices.contains { ($0["associatedRule"] as? [String: Any])?["id"] as? String == "field:NHS:format" })
        // JSON keeps both through a round trip.
        let decoded = try Report(json: Array(JSONReportWriter().render(report).utf8))
        #expect(decoded.engine == report.engine && decoded.notChecked == report.notChecked)
        #expect(!report.scope.contains("field:NHS:format"))
    }

    @Test(
        "SARIF of a table an engine checked validates against the OASIS SARIF 2.1.0 JSON Schema",
        .enabled(
            if: FileManager.default.fileExists(atPath: sarifSchema) && schemaPython != nil,
            "needs ../shared/schemas/sarif-schema-2.1.0.json and .build/test-venv (scripts/test)"))
    func sarifSchemaValid() throws {
        let standard = try loadStandard(standardText)
        let native = Validator(standard: standard).validate(bytes: Array(csv.utf8))
        let report = try Report(
            standard: standard, counts: counts(from: native, notChecked: ["field:NHS:format"]), maxExamples: 20,
            fingerprintKey: nil, dataset: nil, duration: .zero)
        let path = try makeTemporaryDirectory() + "/report.sarif"
        try write(SARIFReportWriter().render(report), to: path)
        let checked = try runProcess(schemaPython!, [packageRoot + "/scripts/check_json_schema.py", sarifSchema, path])
        #expect(checked.status == 0, "\(checked.output)")
    }
}
