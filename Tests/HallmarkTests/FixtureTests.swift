import Foundation
import Testing

@testable import Hallmark

@Suite("Shipped fixtures against the shipped prescribing standard")
struct FixtureTests {
    let validator: Validator

    init() throws {
        validator = Validator(
            standard: try Standard(
                contentsOfFile: packageRoot + "/Standards/nhs/practice-prescribing.yaml", root: packageRoot))
    }

    @Test("the valid sample is valid")
    func validSample() async throws {
        let report = try await validator.validate(fileAt: packageRoot + "/Fixtures/prescribing/sample-valid.csv")
        #expect(report.isValid)
        #expect(report.findingsByRule.isEmpty)
        #expect(report.totals.rows == 200)
    }

    @Test("the invalid sample has exactly its planted findings")
    func invalidSample() async throws {
        let report = try await validator.validate(fileAt: packageRoot + "/Fixtures/prescribing/sample-invalid.csv")
        let located = report.findingsByRule.flatMap { rule in
            rule.examples.map {
                "\(rule.ruleID) row \($0.row.map(String.init) ?? "-") col \($0.column.map(String.init) ?? "-") \($0.value ?? "∅")"
            }
        }
        #expect(
            Set(located) == [
                "field:ITEMS:type row 4 col 9 12a",
                "field:ITEMS:min row 5 col 9 -3",
                "field:DISPENSED_DATE:type row 6 col 15 2014-02-30",
                "field:POSTCODE:format row 7 col 6 TS181HU",
                "field:PRACTICE_CODE:format row 8 col 4 a81001",
                "field:BNF_CODE:format row 9 col 7 0407010H0AAAMAM0",
                "field:UNIT_OF_MEASURE:codes row 10 col 14 tablets",
                "field:NHS_NUMBER:format row 11 col 16 ##########",
                "field:PRACTICE_NAME:required row 12 col 5 ",
                "field:NIC:scale row 13 col 12 12.345",
                "field:YEAR_MONTH:type row 14 col 1 201413",
                "dataset:primary-key row 26 col - YEAR_MONTH=201401, PRACTICE_CODE=M55906, BNF_CODE=0304010RBAAQEBC",
                "table:blank-row row 27 col - ∅",
                // Masked: the row has an extra cell after the sensitive NHS_NUMBER.
                "table:extra-cell row 28 col 17 AAAAA",
                "table:missing-cell row 29 col 15 ∅",
                "field:DISPENSED_DATE:required row 29 col 15 ∅",
                "field:NHS_NUMBER:required row 29 col 16 ∅",
            ])
        #expect(report.findingsByRule.allSatisfy { $0.count == $0.examples.count })
        #expect(
            report.totals
                == Report.Totals(
                    // The blank row is an error: the standard requires values it does not have.
                    rows: 28, rowsWithErrors: 15, findings: .init(error: 17, warning: 0, info: 0), stopReason: nil))
        #expect(!report.isValid)
    }

    @Test("streamed in chunks of any size, the report is the same")
    func chunkedEqualsWhole() async throws {
        let bytes = try FileByteSource.readAll(
            path: packageRoot + "/Fixtures/prescribing/sample-invalid.csv", maxBytes: 1 << 30)
        let whole = validator.validate(bytes: bytes)
        for size in [1, 2, 3, 7, 64, 1000] {
            let session = validator.makeSession()
            var start = 0
            while start < bytes.count {
                session.feed(Array(bytes[start..<min(start + size, bytes.count)]))
                start += size
            }
            let report = session.finish()
            #expect(report.findingsByRule == whole.findingsByRule, "chunks of \(size)")
            #expect(report.input.sha256 == whole.input.sha256)
        }
    }
}

@Suite("JSON report")
struct ReportTests {
    @Test("version, standard, input hash, totals, rules and scope, in order")
    func jsonContent() throws {
        let report = try validate(
            "A\nx\n", against: standardYAML(fields: "  A: { type: integer, help: Whole numbers. }"))
        let json = JSONReportWriter().render(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["reportVersion"] as? String == "1.0")
        #expect(object["valid"] as? Bool == false)
        #expect((object["standard"] as? [String: Any])?["id"] as? String == "test")
        let input = try #require(object["input"] as? [String: Any])
        // SHA-256 of "A\nx\n".
        #expect(input["sha256"] as? String == "5c0c6ba11396be0f27c43ed14a14da01d89288e54ffd70554b0ee21033eaacc6")
        #expect(input["bytes"] as? Int == 4)
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(rules.first?["ruleId"] as? String == "field:A:type")
        #expect(rules.first?["help"] as? String == "Whole numbers.")
        #expect(rules.first?["location"] as? String == "standard.yaml:6:8")
        #expect((object["scope"] as? [String])?.contains("table:extra-cell") == true)
        let keys = json.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(
            keys == [
                "reportVersion", "valid", "failOn", "passed", "tool", "standard", "input", "timing", "totals", "table",
                "rules", "scope",
            ])
    }

    @Test("the text summary shows the first examples and how many more there are")
    func summaryMore() throws {
        let report = try validate(
            "A\n" + String(repeating: "x\n", count: 5), against: standardYAML(fields: "  A: { type: integer }"),
            maxExamples: 4)
        let text = TextSummaryWriter(examplesPerRule: 2).render(report)
        #expect(
            text.contains(
                "· row 2 (line 2), column 1: \"x\"\n                   · row 3 (line 3), column 1: \"x\"\n                   · … 3 more\n"
            ))
        // Only four examples were kept, so even a writer showing five says one more.
        #expect(TextSummaryWriter(examplesPerRule: 5).render(report).contains("· … 1 more\n"))
        let all = try validate(
            "A\n" + String(repeating: "x\n", count: 5), against: standardYAML(fields: "  A: { type: integer }"))
        #expect(!TextSummaryWriter(examplesPerRule: 5).render(all).contains("more"))
    }

    @Test("the SHA-256 is the file's")
    func sha256() throws {
        let report = try validate("", against: standardYAML(fields: "  A:"))
        #expect(report.input.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

@Suite("The JSON report, pinned")
struct GoldenReportTests {
    /// The invalid sample's report, byte for byte, with the run's time and the machine's paths fixed.
    /// A change here is a change to report format 1.0: regenerate with HALLMARK_UPDATE_GOLDEN=1 only on purpose.
    @Test("the invalid sample's JSON report matches Fixtures/prescribing/sample-invalid.report.json")
    func goldenReport() async throws {
        let validator = Validator(
            standard: try Standard(
                contentsOfFile: packageRoot + "/Standards/nhs/practice-prescribing.yaml", root: packageRoot))
        var report = try await validator.validate(fileAt: packageRoot + "/Fixtures/prescribing/sample-invalid.csv")
        report.timing = Report.Timing(startedAt: "2026-01-01T00:00:00Z", durationSeconds: 0.5)
        report.input.path = "Fixtures/prescribing/sample-invalid.csv"
        report.standard.path = "Standards/nhs/practice-prescribing.yaml"
        let rendered = JSONReportWriter().render(report).replacingOccurrences(of: packageRoot + "/", with: "")
        let goldenPath = packageRoot + "/Fixtures/prescribing/sample-invalid.report.json"
        if ProcessInfo.processInfo.environment["HALLMARK_UPDATE_GOLDEN"] == "1" {
            try Data(rendered.utf8).write(to: URL(fileURLWithPath: goldenPath))
        }
        let golden = try String(contentsOfFile: goldenPath, encoding: .utf8)
        #expect(rendered == golden)
    }
}
