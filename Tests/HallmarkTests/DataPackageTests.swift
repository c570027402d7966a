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

        let valid = try await package.validate()
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
            invalid.verdict.hasPrefix("✗ ") && invalid.verdict.hasSuffix("1 of 2 resources do not meet their schemas"))
    }

    @Test("each resource's report is the same for any --jobs and block size")
    func exactForAnySplit() async throws {
        let package = try DataPackage(contentsOfFile: fixtures + "/invalid/datapackage.json", root: fixtures)
        let reference = try await package.validate()
        for (jobs, blockSize) in [(1, 1), (2, 7), (4, 64)] {
            var options = Validator.Options()
            options.jobs = jobs
            options.blockSize = blockSize
            let report = try await package.validate(options: options)
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
              {"name": "six", "path": "missing.csv", "schema": "nothing.json"}
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
                "datapackage.json:10:27: error: cannot read data file 'missing.csv' (looked for 'missing.csv', relative to the file that names it): no such file or directory",
                "datapackage.json:10:52: error: cannot read schema 'nothing.json' (looked for 'nothing.json', relative to the file that names it): no such file or directory",
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
}
