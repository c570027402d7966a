import Foundation
import Testing

@testable import Hallmark

private let toolsPython = testPython(importing: ["jsonschema", "junitparser"])
private let sarifSchema = packageRoot + "/../shared/schemas/sarif-schema-2.1.0.json"

/// A report full of hostile values: markup, quotes, workflow commands, line breaks, bidi overrides,
/// terminal escapes, a 1 MB cell and a sensitive value that must never appear.
private func hostileReport() throws -> Report {
    let standard = try loadStandard(
        standardYAML(
            fields: "  ID: { type: integer, help: \"<b>bold</b> @octocat #1\" }\n  NHS: { sensitive: true }\n  NOTE:",
            extra: "table: { fields-match: exact }"))
    let hostile = [
        "<script>alert(1)</script>", "say \"\"hi\"\" & 'bye'", "%0A::error::injected", "x\r\n::warning::y",
        "\u{202E}evil", "\u{1B}[2J\u{1B}]0;t\u{07}", String(repeating: "m", count: 1 << 20), "[link](http://x)",
        "a|b|c", "@octocat", "--><!--",
    ]
    var csv = "ID,NHS,NOTE\n"
    for value in hostile { csv += "\"\(value.replacingOccurrences(of: "\"", with: "\"\""))\",9434765919,n\n" }
    csv += "1,9434765919,extra,\"\(hostile[0])\"\n"
    return Validator(standard: standard).validate(bytes: Array(csv.utf8), inputName: "in<put>|%0A.csv")
}

@Suite("Report writers: SARIF, JUnit, Markdown, GitHub annotations")
struct ReportWriterTests {
    static let writers: [(String, any ReportWriter)] = [
        ("sarif", SARIFReportWriter()), ("junit", JUnitReportWriter()), ("markdown", MarkdownReportWriter()),
        ("markdown-comment", MarkdownReportWriter(variant: .pullRequestComment)), ("github", GitHubAnnotationsWriter()),
        ("html", HTMLReportWriter()), ("json", JSONReportWriter()), ("text", TextSummaryWriter()),
    ]

    @Test("no writer lets a hostile value through raw, nor a sensitive one at all")
    func hostileValues() throws {
        let report = try hostileReport()
        #expect(report.rule("field:ID:type")?.count == 11)
        for (name, writer) in Self.writers {
            let output = writer.render(report)
            #expect(!output.contains("9434765919"), "\(name): sensitive value")
            #expect(
                !output.unicodeScalars.contains {
                    $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E || $0 == "\r"
                },
                "\(name): control character")
            #expect(output.utf8.count < 200_000, "\(name): \(output.utf8.count) bytes for a 1 MB cell")
            // Markup matters where a browser renders the output; JSON, SARIF and logs are data.
            if ["junit", "markdown", "markdown-comment", "html"].contains(name) {
                #expect(!output.contains("<script>") && !output.contains("<b>"), "\(name): markup")
            }
        }
    }

    @Test("every human-readable writer says how the table was read, its hints, and each example's note")
    func readingHintsAndNotes() throws {
        let standard = try loadStandard(
            standardYAML(
                fields: "  D: { type: date, layout: DD/MM/YYYY }\n  N:",
                extra: "table: { dialect: { header-row: 2, encoding: windows-1252 }, footer: Total }"))
        let bytes: [UInt8] = Array("title\nD,N\n31/06/2012,".utf8) + [0xA3] + Array("\nTotal,\n".utf8)
        let report = Validator(standard: standard).validate(bytes: bytes, inputName: "in.csv")
        let reading = "read as windows-1252 · header on line 2 · a footer of 1 row from row 4 (line 4), not checked"
        #expect(report.readingSummary == reading)
        for (name, writer) in Self.writers where name != "json" {
            #expect(writer.render(report).contains("there is no 31 June"), "\(name): note")
        }
        for (name, writer) in Self.writers where ["text", "markdown", "html"].contains(name) {
            #expect(writer.render(report).contains("header on line 2"), "\(name): how it was read")
        }
        let hinted = Validator(standard: try loadStandard(standardYAML(fields: "  A:\n  B:")))
            .validate(bytes: Array("A;B\n1;2\n".utf8))
        for (name, writer) in Self.writers where ["text", "markdown", "markdown-comment", "html"].contains(name) {
            #expect(writer.render(hinted).contains("looks semicolon"), "\(name): hint")
        }
    }

    @Test("SARIF: rules in scope, one located result per example, fingerprints and baseline state")
    func sarif() throws {
        let report = try hostileReport()
        let text = SARIFReportWriter(sourceRoot: FileManager.default.currentDirectoryPath, baseline: report).render(
            report)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let rules = try #require(
            (run["tool"] as? [String: Any]).flatMap { ($0["driver"] as? [String: Any])?["rules"] as? [[String: Any]] })
        #expect(rules.map { $0["id"] as? String } == report.scope)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(
            results.count
                == report.findingsByRule.reduce(0) { $0 + $1.examples.count + ($1.count > $1.examples.count ? 1 : 0) })
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
        let first = try #require(results.first { $0["ruleId"] as? String == "field:ID:type" })
        let location = try #require((first["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 2)
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "in%3Cput%3E%7C%250A.csv")
        #expect(((location["logicalLocations"] as? [[String: Any]])?.first?["name"] as? String) == "row 2, ID")
        let fingerprints = try #require(first["partialFingerprints"] as? [String: String])
        let typeRule = try #require(report.rule("field:ID:type"))
        #expect(fingerprints["hallmarkFinding/v1"] == report.findingIDs(of: typeRule).first)
        #expect(fingerprints["hallmarkTicket/v1"] == report.ticketID(of: typeRule))
        #expect(first["baselineState"] as? String == "unchanged")
    }

    @Test(
        "SARIF validates against the OASIS SARIF 2.1.0 JSON Schema",
        .enabled(
            if: FileManager.default.fileExists(atPath: sarifSchema) && toolsPython != nil,
            "needs ../shared/schemas/sarif-schema-2.1.0.json and .build/test-venv (scripts/test)"))
    func sarifSchemaValid() throws {
        let report = try hostileReport()
        let path = try makeTemporaryDirectory() + "/report.sarif"
        try write(
            SARIFReportWriter(sourceRoot: FileManager.default.currentDirectoryPath, baseline: report).render(report),
            to: path)
        let checked = try runProcess(toolsPython!, [packageRoot + "/scripts/check_json_schema.py", sarifSchema, path])
        #expect(checked.status == 0, "\(checked.output)")
    }

    @Test("each cell finding says where the cell starts: physical line and column in code points")
    func cellPositions() throws {
        let standard = try loadStandard(
            standardYAML(fields: "  A:\n  B:\n  C: { type: integer }", extra: "table: { dialect: { comment: '#' } }"))
        // Row 2: quotes, a doubled quote and multi-byte text before C. Row 3: a quoted line break
        // (CRLF) in A, a comment line before it. Row 4: "x" then text after the closing quote.
        let csv = "A,B,C\n\"é,\"\"\",名前,x1\n# note\n\"l1\r\nl\"\"2\",b,x2\n\"a\"bc,d,x3\n"
        let report = Validator(standard: standard).validate(bytes: Array(csv.utf8))
        let places = try #require(report.rule("field:C:type")).examples.map { [$0.line, $0.cellLine, $0.cellColumn] }
        // "é,""",名前,x1 → C at column 1 + 6 (the quoted cell) + 1 + 2 (two code points) + 1 = 11.
        // "l1<CRLF>l""2",b,x2 → starts on line 4; C on line 5 after l""2", + b, → column 9.
        #expect(places == [[2, 2, 11], [4, 5, 9], [6, 6, 9]], "\(places)")
        let sarif = SARIFReportWriter().render(report)
        #expect(sarif.contains("\"startLine\": 5,\n") && sarif.contains("\"startColumn\": 9\n"))
        #expect(GitHubAnnotationsWriter().render(report).contains("::error line=5,col=9,title="))
        // However the input is cut, the positions are the same.
        for piece in [1, 3, 7] {
            let session = Validator(standard: standard).makeSession()
            let bytes = Array(csv.utf8)
            for start in stride(from: 0, to: bytes.count, by: piece) {
                session.feed(bytes[start..<min(start + piece, bytes.count)])
            }
            #expect(session.finish().withoutTiming == report.withoutTiming, "pieces of \(piece)")
        }
    }

    @Test("SARIF keeps within GitHub's 25,000 results and says how many it left out")
    func sarifCap() throws {
        let standard = try loadStandard(
            standardYAML(fields: "  A: { type: integer }\n  B: { type: integer }\n  C: { type: integer }"))
        let rows = String(repeating: "x,y,z\n", count: 9000)
        var options = Validator.Options()
        options.maxExamples = 10_000
        let report = Validator(standard: standard, options: options).validate(bytes: Array(("A,B,C\n" + rows).utf8))
        let text = SARIFReportWriter().render(report)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.count == SARIFReportWriter.maxResults)
        #expect(
            (run["properties"] as? [String: Any])?["resultsOmitted"] as? Int == 27_000 - SARIFReportWriter.maxResults)
    }

    @Test(
        "JUnit is read back by junitparser: one test case per rule in scope, failures for errors",
        .enabled(if: toolsPython != nil, "no Python with junitparser: run scripts/test, which makes .build/test-venv"))
    func junit() throws {
        let report = try hostileReport()
        let path = try makeTemporaryDirectory() + "/report.xml"
        try write(JUnitReportWriter().render(report), to: path)
        let read = try runProcess(toolsPython!, [packageRoot + "/scripts/read_junit.py", path])
        #expect(read.status == 0, "\(read.output)")
        let cases = try read.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(cases.map { $0["name"] as? String } == report.scope)
        let failed = cases.filter { $0["result"] as? String == "failure" }.compactMap { $0["name"] as? String }
        #expect(Set(failed) == Set(report.findingsByRule.filter { $0.severity == .error }.map(\.ruleID)))
        #expect(cases.first?["failures"] as? Int == failed.count)
        let typeCase = try #require(cases.first { $0["name"] as? String == "field:ID:type" })
        #expect((typeCase["message"] as? String)?.hasPrefix("11 error findings: ID must be an integer") == true)
        #expect(
            (typeCase["text"] as? String)?.contains("row 2 (line 2), column 1 [ID]: \"<script>alert(1)</script>\"")
                == true)
        // Warnings pass unless the threshold says otherwise.
        let strict = JUnitReportWriter(failOn: .warning).render(report)
        #expect(strict.components(separatedBy: "<failure ").count - 1 == report.findingsByRule.count)
    }

    @Test("Markdown stays inside its budget, keeps whole sections and marks the comment")
    func markdownBudget() throws {
        let fields = (0..<300).map { "  F\($0): { type: integer }" }.joined(separator: "\n")
        let standard = try loadStandard(standardYAML(fields: fields))
        let header = (0..<300).map { "F\($0)" }.joined(separator: ",")
        let row = (0..<300).map { _ in String(repeating: "v", count: 150) }.joined(separator: ",")
        let report = Validator(standard: standard).validate(
            bytes: Array((header + "\n" + String(repeating: row + "\n", count: 20)).utf8))
        let comment = MarkdownReportWriter(variant: .pullRequestComment).render(report)
        #expect(comment.utf8.count <= 64_000)
        #expect(comment.hasPrefix(MarkdownReportWriter.commentMarker))
        #expect(comment.contains("more rules with") && comment.contains("are not shown here"))
        let summary = MarkdownReportWriter().render(report)
        #expect(summary.utf8.count <= 1 << 20 && summary.utf8.count > comment.utf8.count)
        #expect(!summary.contains("are not shown here"))
    }

    @Test("every writer agrees with the exit status: suppressed findings, --fail-on new, a run cut short")
    func agreeWithExitStatus() throws {
        var report = try hostileReport()
        let typeRule = try #require(report.findingsByRule.firstIndex { $0.ruleID == "field:ID:type" })
        report.findingsByRule[typeRule].suppression = Suppression(id: "x", reason: "legacy <ids>", acceptedBy: "Jane")
        let suppressedID = report.findingsByRule[typeRule].ruleID
        // JUnit: a suppressed rule passes; with explicit failing rules, exactly those fail.
        let junit = JUnitReportWriter().render(report)
        #expect(!junit.contains("name=\"\(suppressedID)\" time=\"0\">\n      <failure"))
        #expect(junit.contains("suppressed: legacy &lt;ids&gt;, accepted by Jane"))
        let onlyNew = JUnitReportWriter(failingRuleIDs: ["table:extra-cell"]).render(report)
        #expect(onlyNew.components(separatedBy: "<failure ").count == 2)
        // Annotations: an accepted finding is a notice; Markdown and HTML say it is suppressed.
        let annotations = GitHubAnnotationsWriter().render(report)
        #expect(!annotations.contains("::error file=in<put>|%250A.csv,line=2,col=1,title=field%3AID%3Atype"))
        #expect(annotations.contains("::notice file=in<put>|%250A.csv,line=2,col=1,title=field%3AID%3Atype"))
        #expect(MarkdownReportWriter().render(report).contains("**Suppressed:** legacy &lt;ids&gt; — accepted by Jane"))
        #expect(
            HTMLReportWriter().render(report).contains(
                "<strong>Suppressed:</strong> legacy &lt;ids&gt; — accepted by Jane"))
        // A run cut short by its time limit: JUnit has an error, SARIF an unsuccessful execution.
        var options = Validator.Options()
        options.timeout = .zero
        let cut = Validator(standard: try loadStandard(standardYAML(fields: "  A:")), options: options)
            .validate(bytes: Array("A\n1\n".utf8))
        #expect(
            JUnitReportWriter().render(cut).contains(
                "<error message=\"stopped when the time limit passed: 0 rows checked"))
        let sarif = SARIFReportWriter().render(cut)
        #expect(
            sarif.contains("\"executionSuccessful\": false") && sarif.contains("stopped when the time limit passed"))
        // The sticky comment's marker names the standard and dataset as they are, safely.
        report.standard.id = "nhs.practice-prescribing"
        report.input.dataset = "gp --> x"
        #expect(
            MarkdownReportWriter(variant: .pullRequestComment).render(report)
                .hasPrefix("<!-- hallmark-report nhs.practice-prescribing gp_-___x -->\n"))
    }

    @Test("GitHub annotations: capped per level, data encoded, the summary behind stop-commands")
    func github() throws {
        let report = try hostileReport()
        let output = GitHubAnnotationsWriter().render(report)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let stop = try #require(lines.firstIndex { $0.hasPrefix("::stop-commands::") })
        let token = String(lines[stop].dropFirst("::stop-commands::".count))
        #expect(token.count >= 32)
        let end = try #require(lines.lastIndex(of: "::\(token)::"))
        let annotations = lines[..<stop]
        #expect(annotations.filter { $0.hasPrefix("::error ") }.count == GitHubAnnotationsWriter.annotationsPerLevel)
        #expect(
            annotations.allSatisfy {
                $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ")
            })
        #expect(annotations.contains { $0.contains("%250A::error::injected") })
        #expect(annotations.first?.hasPrefix("::error file=in<put>|%250A.csv,line=") == true)
        #expect(annotations.contains { $0.contains("x\\r\\n::warning::y") })
        #expect(lines[stop + 1..<end].allSatisfy { !$0.hasPrefix("::") })
        #expect(GitHubAnnotationsWriter().render(report) != output)  // a fresh token each time
    }
}
