import Foundation
import Testing

@testable import Hallmark

private let toolsPython = testPython(importing: ["jsonschema", "junitparser"])
private let sarifSchema = packageRoot + "/../shared/schemas/sarif-schema-2.1.0.json"
private let fixtures = packageRoot + "/Fixtures/datapackage"

/// A folder holding a package: `datapackage.json` and the files given, by name.
private func packageFolder(_ descriptor: String, files: [String: String] = [:]) throws -> String {
    let directory = try makeTemporaryDirectory()
    try write(descriptor, to: directory + "/datapackage.json")
    for (name, text) in files { try write(text, to: directory + "/" + name) }
    return directory
}

/// The located messages of a package that must fail to load.
private func packageErrors(_ descriptor: String, files: [String: String] = [:]) throws -> [String] {
    let directory = try packageFolder(descriptor, files: files)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
        _ = try DataPackage(contentsOfFile: directory + "/datapackage.json", root: directory)
        Issue.record("the package loaded")
        return []
    } catch {
        return error.diagnostics.map {
            $0.description.replacingOccurrences(of: directory + "/", with: "").replacingOccurrences(
                of: PathResolver.canonical(directory), with: "ROOT")
        }
    }
}

@Suite("Frictionless data packages")
struct DataPackageTests {
    @Test("the shipped package: two tabular resources, a schema file, a foreign key between them, a skipped file")
    func fixture() async throws {
        let package = try DataPackage(contentsOfFile: fixtures + "/valid/datapackage.json", root: fixtures)
        #expect(package.name == "gp-prescribing-sample")
        #expect(package.resources.map(\.name) == ["practices", "prescriptions"])
        #expect(package.resources.map(\.standard.id) == ["practices", "prescriptions"])
        #expect(package.resources[0].path == fixtures + "/valid/practices.csv")
        #expect(package.skipped == [.init(name: "notes", reason: "it has no schema, so it is not a tabular resource")])
        // The foreign key is one to the other resource's file, read with that resource's dialect.
        let key = try #require(package.resources[1].standard.dataset.foreignKeys.first)
        #expect(key.fields == ["practice"])
        #expect(key.keys?.count == 3)

        let valid = await package.validate()
        #expect(valid.isValid)
        #expect(valid.resources.map(\.report.totals.rows) == [3, 4])

        let invalid = try await DataPackage(contentsOfFile: fixtures + "/invalid/datapackage.json", root: fixtures)
            .validate()
        #expect(!invalid.isValid)
        #expect(invalid.resources[0].report.isValid)
        #expect(
            invalid.resources[1].report.counts == [
                "dataset:foreign-key:practice": 1, "dataset:primary-key": 1, "field:items:min": 1,
                "field:month:type": 1,
            ])
        #expect(
            invalid.verdict.hasPrefix("✗ ") && invalid.verdict.hasSuffix("1 of 2 resources does not meet its schema")
        )
    }

    @Test("each resource's report is the same for any --jobs and block size")
    func exactForAnySplit() async throws {
        let package = try DataPackage(contentsOfFile: fixtures + "/invalid/datapackage.json", root: fixtures)
        let reference = await package.validate()
        for (jobs, blockSize) in [(1, 1), (2, 7), (4, 64)] {
            var options = Validator.Options()
            options.jobs = jobs
            options.blockSize = blockSize
            let report = await package.validate(options: options)
            #expect(
                report.resources.map(\.report.withoutTiming) == reference.resources.map(\.report.withoutTiming),
                "jobs \(jobs), blocks of \(blockSize)")
        }
    }

    @Test("a referenced resource is read with its own dialect and encoding")
    func referencedDialect() async throws {
        let directory = try packageFolder(
            """
            {"resources": [
              {"name": "codes", "path": "codes.txt", "encoding": "windows-1252",
               "dialect": {"delimiter": "|", "quoteChar": "'"},
               "schema": {"fields": [{"name": "code"}, {"name": "label"}]}},
              {"name": "uses", "path": "uses.csv",
               "schema": {"fields": [{"name": "code"}],
                          "foreignKeys": [{"fields": ["code"], "reference": {"resource": "codes", "fields": ["code"]}}]}}
            ]}
            """,
            files: ["uses.csv": "code\nCAFÉ\nA|B\nX\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // "CAFÉ" in windows-1252 (É is 0xC9), and a quoted code holding the delimiter.
        try Data(Array("code|label\nCAF".utf8) + [0xC9] + Array("|coffee\n'A|B'|both\n".utf8)).write(
            to: URL(fileURLWithPath: directory + "/codes.txt"))
        let report = try await DataPackage(contentsOfFile: directory + "/datapackage.json", root: directory).validate()
        #expect(report.resources[1].report.counts == ["dataset:foreign-key:code": 1])
        #expect(report.resources[1].report.rule("dataset:foreign-key:code")?.examples.map(\.value) == ["X"])
    }

    @Test("what a package cannot be read as is a located error, never dropped")
    func locatedErrors() throws {
        let schema = #"{"fields": [{"name": "a"}]}"#
        let found = try packageErrors(
            """
            {"resources": [
              {"name": "one", "path": "one.csv", "schema": \(schema)},
              {"name": "two", "path": ["a.csv", "b.csv"], "schema": \(schema)},
              {"name": "three", "path": "https://example.org/x.csv", "schema": \(schema)},
              {"name": "one", "path": "one.csv", "schema": \(schema)},
              {"path": "one.csv"},
              {"name": "four", "path": "one.csv", "schema": "../outside.json"},
              {"name": "five", "path": "one.csv", "schema": {"fields": [{"name": "a"}],
                "foreignKeys": [{"fields": "a", "reference": {"resource": "onee", "fields": "a"}}]}},
              {"name": "six", "path": "missing.csv", "schema": "nothing.json"},
              {"name": "seven", "path": "one.csv", "schema": []},
              {"name": "eight", "path": "one.csv", "schema": "one.csv"}
            ]}
            """, files: ["one.csv": "a\n1\n"])
        #expect(
            found == [
                "datapackage.json:3:27: error: resource 'two' has a list of files (a multipart resource) as its path; Hallmark reads one file per resource",
                "datapackage.json:4:29: error: resource 'three' is remote ('https://example.org/x.csv'); Hallmark reads only local files",
                "datapackage.json:5:12: error: two resources are named 'one'",
                "datapackage.json:6:3: error: a resource needs a 'name'",
                "datapackage.json:7:49: error: schema '../outside.json' resolves outside the standards root 'ROOT'; files a standard names must be inside it (set it with --standards-root or root:)",
                "datapackage.json:9:63: error: the package has no resource 'onee' (did you mean 'one'?)",
                "datapackage.json:10:52: error: cannot read schema 'nothing.json' (looked for 'nothing.json', relative to the file that names it): no such file or directory",
                "datapackage.json:11:50: error: the schema of resource 'seven' must be a Table Schema (a mapping with 'fields') or the path of a file holding one, not a list",
                "one.csv:1:1: error: the schema of resource 'eight' must be a Table Schema (a mapping with 'fields') or the path of a file holding one, not 'a 1'",
            ], "\(found)")
    }

    @Test("one report with a section per resource in every format")
    func writers() async throws {
        let report = try await DataPackage(contentsOfFile: fixtures + "/invalid/datapackage.json", root: fixtures)
            .validate()
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONReportWriter().render(package: report).utf8))
                as? [String: Any])
        #expect(json["valid"] as? Bool == false)
        let resources = try #require(json["resources"] as? [[String: Any]])
        #expect(resources.map { $0["name"] as? String } == ["practices", "prescriptions"])
        #expect(((resources[1]["report"] as? [String: Any])?["valid"]) as? Bool == false)
        #expect((json["skipped"] as? [[String: Any]])?.first?["name"] as? String == "notes")

        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(SARIFReportWriter().render(package: report).utf8))
                as? [String: Any])
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        #expect(
            runs.map { ($0["automationDetails"] as? [String: Any])?["id"] as? String } == [
                "practices/", "prescriptions/",
            ])
        #expect(runs.map { ($0["results"] as? [Any])?.count } == [0, 4])

        let junit = JUnitReportWriter().render(package: report)
        #expect(junit.components(separatedBy: "<testsuite ").count - 1 == 2)
        #expect(junit.contains("<testsuite name=\"prescriptions\""))

        let html = HTMLReportWriter().render(package: report)
        #expect(html.components(separatedBy: "<!doctype html>").count == 2)
        #expect(html.contains("id=\"resource-1-rule-0\"") && !html.contains("id=\"rule-0\""))

        let text = TextSummaryWriter().render(package: report)
        #expect(text.hasPrefix("✗ ") && text.contains("── resource 'prescriptions' ──"))
        #expect(text.contains("skipped 'notes': it has no schema"))
    }

    @Test(
        "a package's JSON validates against Schemas/package-report-1.0.schema.json and its SARIF against SARIF 2.1.0; its JUnit reads back with junitparser",
        .enabled(
            if: FileManager.default.fileExists(atPath: sarifSchema) && toolsPython != nil,
            "needs ../shared/schemas/sarif-schema-2.1.0.json and .build/test-venv (scripts/test)"))
    func writersReadBack() async throws {
        let report = try await DataPackage(contentsOfFile: fixtures + "/invalid/datapackage.json", root: fixtures)
            .validate()
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(SARIFReportWriter().render(package: report), to: directory + "/package.sarif")
        let checked = try runProcess(
            toolsPython!, [packageRoot + "/scripts/check_json_schema.py", sarifSchema, directory + "/package.sarif"])
        #expect(checked.status == 0, "\(checked.output)")
        try write(JSONReportWriter().render(package: report), to: directory + "/package.json")
        let json = try runProcess(
            toolsPython!,
            [
                packageRoot + "/scripts/check_json_schema.py", packageRoot + "/Schemas/package-report-1.0.schema.json",
                directory + "/package.json",
            ])
        #expect(json.status == 0, "\(json.output)")
        // The schema can fail: a resource without its report is refused.
        try write(
            #"{"reportVersion": "1.0", "valid": true, "passed": null, "package": {"path": "p"}, "resources": [{"name": "a"}], "skipped": []}"#,
            to: directory + "/broken.json")
        let broken = try runProcess(
            toolsPython!,
            [
                packageRoot + "/scripts/check_json_schema.py", packageRoot + "/Schemas/package-report-1.0.schema.json",
                directory + "/broken.json",
            ])
        #expect(broken.status == 1)
        try write(JUnitReportWriter().render(package: report), to: directory + "/package.xml")
        let read = try runProcess(toolsPython!, [packageRoot + "/scripts/read_junit.py", directory + "/package.xml"])
        #expect(read.status == 0, "\(read.output)")
        let suites = try read.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["suite"] as? String
        }
        #expect(Set(suites) == ["practices", "prescriptions"])
    }

    @Test("a resource that cannot be read is reported as such, and the others are still checked")
    func unreadableResource() async throws {
        let schema = #"{"fields": [{"name": "a", "type": "integer"}]}"#
        let directory = try packageFolder(
            """
            {"resources": [
              {"name": "one", "path": "one.csv", "schema": \(schema)},
              {"name": "gone", "path": "gone.csv", "schema": \(schema)},
              {"name": "folder", "path": "sub", "schema": \(schema)},
              {"name": "two", "path": "two.csv", "schema": \(schema)}
            ]}
            """, files: ["one.csv": "a\n1\n", "two.csv": "a\nx\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        let report = try await DataPackage(contentsOfFile: directory + "/datapackage.json").validate()
        #expect(report.resources.map(\.name) == ["one", "two"])
        #expect(report.unreadable == ["gone", "folder"])
        #expect(report.skipped.map(\.name) == ["gone", "folder"])
        #expect(report.skipped.first?.reason.hasPrefix("not checked: cannot read") == true)
        #expect(!report.isValid && report.resources[1].report.counts == ["field:a:type": 1])
        #expect(report.verdict.hasSuffix("3 of 4 resources do not meet their schemas (2 could not be read)"))
        // The CI formats say so too: a suite in error, a run that did not succeed.
        let junit = JUnitReportWriter().render(package: report)
        #expect(junit.components(separatedBy: "type=\"unreadable\"").count == 3)
        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(SARIFReportWriter().render(package: report).utf8))
                as? [String: Any])
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        #expect(runs.count == 4)
        let failed = runs.filter {
            (($0["invocations"] as? [[String: Any]])?.first?["executionSuccessful"] as? Bool) == false
        }
        #expect(failed.count == 2)
    }

    @Test("--max-errors and --timeout bound the whole run, not each resource")
    func runLimits() async throws {
        let schema = #"{"fields": [{"name": "a", "type": "integer"}]}"#
        let bad = "a\n" + String(repeating: "x\n", count: 3)
        let directory = try packageFolder(
            """
            {"resources": [
              {"name": "r1", "path": "r.csv", "schema": \(schema)},
              {"name": "r2", "path": "r.csv", "schema": \(schema)},
              {"name": "r3", "path": "r.csv", "schema": \(schema)}
            ]}
            """, files: ["r.csv": bad])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let package = try DataPackage(contentsOfFile: directory + "/datapackage.json")
        var options = Validator.Options()
        options.maxErrors = 5
        let limited = await package.validate(options: options)
        #expect(limited.resources.map(\.report.totals.findings.error) == [3, 2])
        #expect(limited.stopReason == .errorLimit)
        #expect(limited.skipped.map(\.name) == ["r3"])
        options.maxErrors = nil
        options.timeout = .zero
        let timed = await package.validate(options: options)
        #expect(timed.stopReason == .timeout && !timed.isValid)
        #expect(timed.resources.isEmpty && timed.skipped.count == 3)
    }

    @Test("foreign keys to another resource: by name into a headerless file, its missing values, tsv, once per file")
    func referencesBetweenResources() async throws {
        let directory = try packageFolder(
            """
            {"resources": [
              {"name": "codes", "path": "codes.csv", "dialect": {"header": false},
               "schema": {"fields": [{"name": "label"}, {"name": "code"}], "missingValues": ["", "-"]}},
              {"name": "tabbed", "path": "tabbed.tsv", "format": "tsv",
               "schema": {"fields": [{"name": "code"}, {"name": "n", "type": "integer"}]}},
              {"name": "uses", "path": "uses.csv",
               "schema": {"fields": [{"name": "code"}],
                 "foreignKeys": [{"fields": "code", "reference": {"resource": "codes", "fields": "code"}}]}},
              {"name": "uses-too", "path": "uses.csv",
               "schema": {"fields": [{"name": "code"}],
                 "foreignKeys": [{"fields": "code", "reference": {"resource": "codes", "fields": "code"}}]}},
              {"name": "notes", "path": "notes.md"}
            ]}
            """,
            files: [
                "codes.csv": "Alpha,A\nBeta,B\nNone,-\n", "tabbed.tsv": "code\tn\nA\t1\nB\tx\n",
                "uses.csv": "code\nA\n-\nC\n", "notes.md": "notes\n",
            ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Three keys in the referenced file, read once for both resources that refer to it.
        var limits = Standard.Limits()
        limits.maxReferenceKeys = 3
        let package = try DataPackage(contentsOfFile: directory + "/datapackage.json", limits: limits)
        let report = await package.validate()
        let counts = report.resources.map(\.report.counts)
        // `-` is a missing value in codes.csv, so no key: the row with `-` refers to nothing. The
        // tab-separated file reads as two columns.
        #expect(
            counts == [
                [:], ["field:n:type": 1], ["dataset:foreign-key:code": 2], ["dataset:foreign-key:code": 2],
            ], "\(counts)")
        // A foreign key to a resource without a schema is an error where it is written.
        let found = try packageErrors(
            """
            {"resources": [
              {"name": "notes", "path": "notes.md"},
              {"name": "uses", "path": "uses.csv", "schema": {"fields": [{"name": "code"}],
                "foreignKeys": [{"fields": "code", "reference": {"resource": "notes", "fields": "code"}}]}}
            ]}
            """, files: ["notes.md": "x\n", "uses.csv": "code\nA\n"])
        #expect(found.count == 1 && found[0].contains("resource 'notes' has no schema"), "\(found)")
        let none = try packageErrors(#"{"resources": [{"name": "notes", "path": "notes.md"}]}"#)
        #expect(
            none == [
                "datapackage.json:1:15: error: the package has no tabular resource to validate (one with a 'schema' and a 'path'), so nothing would be checked"
            ])
    }

    @Test("many resources: CI formats keep their limits, and names from the descriptor are escaped")
    func manyResources() async throws {
        let schema = #"{"fields": [{"name": "a", "type": "integer"}]}"#
        let names = (0..<25).map { "r\($0)" } + ["<img src=x onerror=alert(1)>[x](javascript:alert(1))"]
        let resources = names.map { name in
            #"{"name": "\#(name)", "path": "r.csv", "schema": \#(schema)}"#
        }
        let directory = try packageFolder(
            #"{"resources": [\#(resources.joined(separator: ", "))]}"#, files: ["r.csv": "a\nx\ny\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = try await DataPackage(contentsOfFile: directory + "/datapackage.json").validate()
        #expect(report.resources.count == 26)

        let comment = MarkdownReportWriter(variant: .pullRequestComment).render(package: report)
        #expect(comment.utf8.count <= 64_000)
        #expect(comment.hasPrefix(MarkdownReportWriter.commentMarker))
        #expect(comment.components(separatedBy: MarkdownReportWriter.commentMarker).count == 2)
        let summary = MarkdownReportWriter().render(package: report)
        #expect(!summary.contains("<img") && !summary.contains("](javascript"))
        #expect(summary.contains("### ✗ "))

        let annotations = GitHubAnnotationsWriter().render(package: report)
        let errors = annotations.split(separator: "\n").filter { $0.hasPrefix("::error ") }
        #expect(errors.count == GitHubAnnotationsWriter.annotationsPerLevel)
        #expect(annotations.components(separatedBy: "::stop-commands::").count == 2)

        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(SARIFReportWriter().render(package: report).utf8))
                as? [String: Any])
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        #expect(runs.count == SARIFReportWriter.maxRuns)
        let rest = (runs.last?["properties"] as? [String: Any])?["resourcesNotInThisFile"] as? [String]
        #expect(rest?.count == 26 - SARIFReportWriter.maxRuns + 1)
        #expect(!TextSummaryWriter().render(package: report).contains("\u{1B}"))
    }
}
