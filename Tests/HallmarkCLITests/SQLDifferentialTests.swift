import Foundation
import Testing

/// The first of `candidates` that is a Python able to import `module`.
private func python(importing module: String, from candidates: [String?]) -> String? {
    candidates.compactMap { $0 }.first { python in
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import \(module)"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// A Python that can import duckdb: `HALLMARK_TEST_PYTHON`, the venv `scripts/test` makes, or the system's.
private let duckdbPython = python(
    importing: "duckdb",
    from: [
        ProcessInfo.processInfo.environment["HALLMARK_TEST_PYTHON"], root + "/.build/test-venv/bin/python",
        root + "/.build/bench-venv/bin/python", "/usr/bin/python3",
    ])

/// The benchmark's generator of synthetic prescribing files (beside the project in CI, not in a user's clone).
private let benchmarkGenerator = root + "/../shared/bench/gen_prescribing.py"

/// A Python that can import pyspark, with a Java runtime to run it: `HALLMARK_TEST_SPARK_PYTHON` or
/// `.build/spark-venv` (not made by scripts/test: Spark is a 400 MB download; see CONTRIBUTING).
private let sparkPython =
    FileManager.default.isExecutableFile(atPath: "/usr/bin/java")
    ? python(
        importing: "pyspark",
        from: [
            ProcessInfo.processInfo.environment["HALLMARK_TEST_SPARK_PYTHON"], root + "/.build/spark-venv/bin/python",
        ])
    : nil

private let postgresServer = ProcessInfo.processInfo.environment["HALLMARK_TEST_POSTGRES"]

/// The sanitizer the suite runs under (`scripts/sanitize` sets `HALLMARK_SANITIZER`), or `nil`.
/// The differentials against other engines then skip: they compare what SQL text finds, which a
/// sanitizer does not look at, and spend most of the sanitizer runs' time in the engines; the
/// plain `swift test` of the same CI run runs them.
private let sanitizer = ProcessInfo.processInfo.environment["HALLMARK_SANITIZER"]
private let notUnderSanitizer = Testing.ConditionTrait.enabled(
    if: sanitizer == nil, "under \(sanitizer ?? "a sanitizer"): the engine differentials run in the plain swift test")
private let psql = ["/usr/bin/psql", "/usr/local/bin/psql"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// The shipped fixtures whose files load into a table as they are (UTF-8, comma, a header on line 1).
private let fixtures: [(standard: String, file: String)] = [
    ("Standards/nhs/practice-prescribing.yaml", "Fixtures/prescribing/sample-valid.csv"),
    ("Standards/nhs/practice-prescribing.yaml", "Fixtures/prescribing/sample-invalid.csv"),
    ("Standards/local-government/local-authorities.yaml", "Fixtures/rules/local-authorities.csv"),
    ("Standards/local-government/local-authorities.yaml", "Fixtures/rules/local-authorities-planted.csv"),
    ("Standards/nhs/registered-patients.yaml", "Fixtures/rules/registered-patients.csv"),
    ("Standards/nhs/registered-patients.yaml", "Fixtures/rules/registered-patients-planted.csv"),
    // A foreign key to a headerless file, whose keys the query carries.
    ("Fixtures/rules/prescribing-practices/practices.yaml", "Fixtures/rules/prescribing-practices/pdpi.csv"),
    ("Fixtures/rules/prescribing-practices/practices.yaml", "Fixtures/rules/prescribing-practices/pdpi-planted.csv"),
    ("Fixtures/datapackage/invalid/practices.schema.json", "Fixtures/datapackage/invalid/practices.csv"),
    // Values at the edge of every check the translation covers.
    ("Fixtures/sql/edge-cases.yaml", "Fixtures/sql/edge-cases.csv"),
    // Every operator and function of row rules the translation covers, over missing and invalid cells.
    ("Fixtures/sql/rules.yaml", "Fixtures/sql/rules.csv"),
    // Check digits: valid identifiers, near misses, wrong lengths and impossible dates.
    ("Fixtures/sql/checksums.yaml", "Fixtures/sql/checksums.csv"),
    // cell-findings: all: each check a cell fails, none after a failed type.
    ("Fixtures/sql/all-findings.yaml", "Fixtures/sql/all-findings.csv"),
    // Codes in force on a date, a year-month and a year.
    ("Fixtures/sql/in-force.yaml", "Fixtures/sql/in-force.csv"),
    // Dates, year-months and years in fixed-width layouts, with bounds, values, unique, a rule and codes in force.
    ("Fixtures/sql/layouts.yaml", "Fixtures/sql/layouts.csv"),
]

/// The date both engines take for `today()`.
private let today = "2026-06-30"

/// The native engine and the SQL `hallmark sql` prints, run in another engine, on the same files:
/// every rule the SQL checks has the same count and the same first example rows.
@Suite("hallmark sql: the same findings in another engine", .serialized)
struct SQLDifferentialTests {
    /// Runs one fixture through `engine` and compares with `hallmark validate`'s JSON report;
    /// returns how many rules were compared.
    private func compare(_ standard: String, _ file: String, engine: String, python: String, extra: [String] = [])
        throws -> Int
    {
        let query = try Self.query(standard, engine: engine)
        defer { try? FileManager.default.removeItem(atPath: query.path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [root + "/scripts/run_sql.py", engine, file.hasPrefix("/") ? file : root + "/" + file, query.path] + extra
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(errors)")
        return try check(data, of: query, standard: standard, file: file, engine: engine)
    }

    /// The query `hallmark sql` prints for `standard` on table `t` in `engine`, in a temporary file
    /// (the caller removes it), with the rules it checks in column order.
    private static func query(_ standard: String, engine: String) throws -> (
        path: String, text: String, checked: [String]
    ) {
        let sql = try hallmark(
            "sql", standard, "--dialect", engine, "--table", "t", "--row-id", "__row", "--today", today)
        #expect(sql.status == 0, "\(sql.stderr)")
        let checked = sql.stdout.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("-- count_"), let colon = line.range(of: ": ") else { return nil }
            return String(line[colon.upperBound...])
        }
        let path = NSTemporaryDirectory() + "hallmark-sql-\(UUID().uuidString).sql"
        try sql.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, sql.stdout, checked)
    }

    /// Compares an engine's row for `query` with the native report of `file`: each checked rule's
    /// count and example rows, and the report made from the row; returns how many rules were compared.
    private func check(
        _ data: Data, of query: (path: String, text: String, checked: [String]), standard: String, file: String,
        engine: String
    ) throws -> Int {
        let native = try hallmark(
            "validate", file, "-s", standard, "-f", "json", "--max-examples", "20", "--today", today)
        let findings = try Self.findings(inReport: native.stdout)
        let checked = query.checked
        let sql = (stdout: query.text, status: Int32(0))
        let result = try #require(
            try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
        #expect(result["error"] == nil, "\(engine) \(file): \(result["error"] ?? "")")
        for (index, rule) in checked.enumerated() {
            let count = (result["count_\(index)"] as? NSNumber)?.intValue ?? -1
            let rows = (result["rows_\(index)"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
            let expected = findings[rule].map { (count: $0.count, rows: $0.rows) } ?? (count: 0, rows: [])
            #expect(count == expected.count, "\(engine) \(file) \(rule): \(count) findings, natively \(expected.count)")
            #expect(rows == expected.rows, "\(engine) \(file) \(rule): rows \(rows), natively \(expected.rows)")
        }
        // The report made from the engine's row: the native report's counts, examples and finding
        // identities for every checked rule, and the rest listed as not checked.
        let resultPath = NSTemporaryDirectory() + "hallmark-sql-\(UUID().uuidString).json"
        try data.write(to: URL(fileURLWithPath: resultPath))
        defer { try? FileManager.default.removeItem(atPath: resultPath) }
        let fromEngine = try hallmark(
            "validate", "-s", standard, "--from-engine", resultPath, "-f", "json", "--max-examples", "20", "--today",
            today)
        #expect([0, 1].contains(fromEngine.status), "\(fromEngine.stderr)")
        let engineReport = try #require(
            try JSONSerialization.jsonObject(with: Data(fromEngine.stdout.utf8)) as? [String: Any])
        let inEngine = try Self.findings(inReport: fromEngine.stdout)
        for rule in checked {
            let expected = findings[rule] ?? (0, [], [])
            let found = inEngine[rule] ?? (0, [], [])
            #expect(found.count == expected.count, "\(engine) \(file) \(rule): report counts \(found.count)")
            #expect(found.rows == expected.rows, "\(engine) \(file) \(rule): report rows \(found.rows)")
            #expect(found.rowKeys == expected.rowKeys, "\(engine) \(file) \(rule): row keys differ from the file's")
        }
        #expect(engineReport["scope"] as? [String] == checked)
        let notChecked = (engineReport["notChecked"] as? [[String: Any]] ?? []).compactMap { $0["ruleId"] as? String }
        let listed = sql.stdout.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("-- not checked on this engine: ") else { return nil }
            let rest = line.dropFirst("-- not checked on this engine: ".count)
            return rest.range(of: ": ").map { String(rest[..<$0.lowerBound]) }
        }
        #expect(notChecked == listed)
        // Rows with errors are the file's when the engine checked every rule the file's findings
        // came from (a table has no header, blank or short rows to find; a rule not checked here
        // may have none in the file).
        let nativeReport = try #require(
            try JSONSerialization.jsonObject(with: Data(native.stdout.utf8)) as? [String: Any])
        let structural = (nativeReport["rules"] as? [[String: Any]] ?? []).contains {
            ($0["ruleId"] as? String)?.hasPrefix("table:") == true
        }
        if listed.allSatisfy({ findings[$0] == nil }) && !structural {
            let rowsWithErrors = { (report: [String: Any]) in
                (report["totals"] as? [String: Any])?["rowsWithErrors"] as? Int
            }
            #expect(
                rowsWithErrors(engineReport) == rowsWithErrors(nativeReport),
                "\(engine) \(file): rows with errors \(rowsWithErrors(engineReport) ?? -1), natively \(rowsWithErrors(nativeReport) ?? -1)"
            )
        }
        return checked.count
    }

    /// Each rule's count, example rows and example row keys in a JSON report.
    static func findings(inReport json: String) throws -> [String: (count: Int, rows: [Int], rowKeys: [String])] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var findings: [String: (count: Int, rows: [Int], rowKeys: [String])] = [:]
        for rule in report["rules"] as? [[String: Any]] ?? [] {
            let examples = rule["examples"] as? [[String: Any]] ?? []
            findings[rule["ruleId"] as? String ?? ""] = (
                rule["count"] as? Int ?? 0, examples.compactMap { $0["row"] as? Int },
                examples.map { $0["rowKey"] as? String ?? "none" }
            )
        }
        return findings
    }

    @Test("hallmark sql lists what it checks and what it cannot, and refuses nonsense")
    func command() throws {
        let run = try hallmark(
            "sql", "Standards/nhs/practice-prescribing.yaml", "--dialect", "postgres", "--table", "rx")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("-- Hallmark "))
        #expect(run.stdout.contains("\n-- count_0, rows_0: field:YEAR_MONTH:required\n"))
        // A field's name cannot end a comment and run as SQL.
        let directory = NSTemporaryDirectory() + "hallmark-sql-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "hallmark: 1\nid: evil\nversion: 1.0.0\nfields:\n  \"a\\nDROP TABLE t; --\": { required: true }\n".write(
            toFile: directory + "/evil.yaml", atomically: true, encoding: .utf8)
        let evil = try hallmark("sql", directory + "/evil.yaml", "--dialect", "postgres", "--table", "t")
        #expect(evil.status == 0, "\(evil.stderr)")
        #expect(evil.stdout.contains("\n-- count_0, rows_0: field:a\\nDROP TABLE t; --:required\n"), "\(evil.stdout)")
        // A referenced file's keys go into the query up to a limit; past it the key is not checked.
        for (count, inlined) in [(100_000, true), (100_001, false)] {
            try (0..<count).map { "K\($0)\n" }.joined().write(
                toFile: directory + "/ref.csv", atomically: true, encoding: .utf8)
            try
                "hallmark: 1\nid: fk\nversion: 1.0.0\nfields:\n  a: {}\ndataset:\n  foreign-keys:\n    - fields: a\n      reference: { file: ref.csv, fields: [1], dialect: { has-header: false } }\n"
                .write(toFile: directory + "/fk.yaml", atomically: true, encoding: .utf8)
            let keys = try hallmark(
                "sql", directory + "/fk.yaml", "--dialect", "duckdb", "--table", "t", "--standards-root", directory)
            #expect(keys.status == 0, "\(keys.stderr)")
            #expect(keys.stdout.contains("('K99999')") == inlined)
            #expect(
                keys.stdout.contains(
                    "not checked on this engine: dataset:foreign-key:a: ref.csv has more than 100000 keys") != inlined)
        }
        // A fixed-width layout is checked; a file's structure is listed as not checked, never passed.
        #expect(run.stdout.contains(": field:YEAR_MONTH:type\n") && run.stdout.contains(": field:YEAR_MONTH:min\n"))
        #expect(
            run.stdout.contains(
                "-- not checked on this engine: table:extra-cell: about a file's bytes, lines and header, which only 'hallmark validate' reads"
            ))
        try
            "hallmark: 1\nid: loose\nversion: 1.0.0\nfields:\n  d: { type: date, layout: D/M/YYYY, values: [1/2/2020] }\n"
            .write(toFile: directory + "/loose.yaml", atomically: true, encoding: .utf8)
        let loose = try hallmark("sql", directory + "/loose.yaml", "--dialect", "postgres", "--table", "t")
        #expect(
            loose.stdout.contains(
                "-- not checked on this engine: field:d:type: layouts other than fixed-width digits (YYYY, YY, MM, DD) and literals are not translated to SQL yet"
            ))
        #expect(loose.stdout.contains("-- not checked on this engine: field:d:values: values of dates in a layout"))
        // A pattern the engines cannot read as PCRE2 does: where it is written, and what in it.
        try "hallmark: 1\nid: p\nversion: 1.0.0\nfields:\n  a: { pattern: '(?=x)y' }\n  b: { pattern: '\\p{Lu}+' }\n"
            .write(toFile: directory + "/p.yaml", atomically: true, encoding: .utf8)
        let patterns = try hallmark("sql", directory + "/p.yaml", "--dialect", "spark", "--table", "t")
        #expect(
            patterns.stdout.contains("p.yaml:5:8: the group (?=… in the pattern has no equivalent"),
            "\(patterns.stdout)")
        #expect(patterns.stdout.contains("p.yaml:6:8: the escape \\p in the pattern"), "\(patterns.stdout)")
        #expect(run.stdout.contains("FROM rx\n") && run.stdout.hasSuffix(";\n"))
        #expect(
            try hallmark("sql", "Standards/nhs/practice-prescribing.yaml", "--dialect", "oracle", "--table", "t").status
                == 2)
        #expect(try hallmark("sql", "nope.yaml", "--dialect", "duckdb", "--table", "t").status == 2)
    }

    @Test(
        "DuckDB: every checked rule's count and example rows as the native engine's, on the shipped fixtures",
        .enabled(if: duckdbPython != nil, "no Python with duckdb: run scripts/test, which makes .build/test-venv"),
        notUnderSanitizer)
    func duckdb() throws {
        var compared = 0
        for (standard, file) in fixtures {
            compared += try compare(standard, file, engine: "duckdb", python: duckdbPython!)
        }
        #expect(compared > 100)
    }

    @Test(
        "PostgreSQL: every checked rule's count and example rows as the native engine's, on the shipped fixtures",
        .enabled(
            if: postgresServer != nil && psql != nil,
            "needs HALLMARK_TEST_POSTGRES (scripts/with-postgres, which scripts/test runs) and psql"))
    func postgres() throws {
        var compared = 0
        for (standard, file) in fixtures {
            compared += try compare(
                standard, file, engine: "postgres", python: "/usr/bin/python3", extra: [postgresServer!])
        }
        #expect(compared > 100)
    }
    @Test(
        "--from-engine refuses a row of another standard, counts past the table's rows, and example rows named twice",
        .enabled(if: duckdbPython != nil, "no Python with duckdb: run scripts/test, which makes .build/test-venv"))
    func fromEngineRefuses() throws {
        let (standard, file) = fixtures[1]
        let query = try Self.query(standard, engine: "duckdb")
        defer { try? FileManager.default.removeItem(atPath: query.path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: duckdbPython!)
        process.arguments = [root + "/scripts/run_sql.py", "duckdb", root + "/" + file, query.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let row = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let path = NSTemporaryDirectory() + "hallmark-result-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        func run(_ changed: [String: Any]) throws -> Run {
            try JSONSerialization.data(withJSONObject: changed).write(to: URL(fileURLWithPath: path))
            return try hallmark("validate", "-s", standard, "--from-engine", path, "--today", today)
        }
        #expect(try run(row).status == 1)
        // `hallmark report` is the same, named for what it does; it needs the result.
        let reported = try hallmark("report", "--from-engine", path, "-s", standard, "--today", today, "-f", "json")
        #expect(reported.status == 1 && reported.stdout.contains("\"engine\""), "\(reported.stderr)")
        #expect(try hallmark("report", "-s", standard).status == 2)
        var other = row
        other["hallmark_checks"] = "0123456789abcdef"
        #expect(try run(other).stderr.contains("not of this query"))
        var inflated = row
        inflated["count_0"] = Int.max
        let tooMany = try run(inflated)
        #expect(tooMany.status == 2 && tooMany.stderr.contains("count_0"), "\(tooMany.stderr)")
        var twice = row
        let examples = try #require(row["examples"] as? String)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(examples.utf8)) as? [[Any]])
        twice["examples"] = String(
            decoding: try JSONSerialization.data(withJSONObject: rows + [rows[0]]), as: UTF8.self)
        #expect(try run(twice).stderr.contains("two rows with id"))
        #expect(try run(["hallmark_engine": "oracle"]).status == 2)
        // Over the size limit: refused before it is read.
        try Data(repeating: 0x20, count: (64 << 20) + 1).write(to: URL(fileURLWithPath: path))
        let huge = try hallmark("report", "--from-engine", path, "-s", standard)
        #expect(huge.status == 2 && huge.stderr.contains("over the limit"), "\(huge.stderr)")
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try hallmark("validate", "-s", standard, "--from-engine", path).stderr.contains("not JSON"))
    }

    @Test(
        "Spark: every checked rule's count and example rows as the native engine's, on the shipped fixtures and the 100,000-row file",
        .enabled(
            if: sparkPython != nil,
            "no Python with pyspark and a Java runtime: python3 -m venv .build/spark-venv && .build/spark-venv/bin/pip install pyspark==4.0.5"
        ), notUnderSanitizer)
    func spark() throws {
        let directory = NSTemporaryDirectory() + "hallmark-spark-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // One Spark session for every fixture, and the 100,000-row benchmark file where its
        // generator is beside the project: starting one takes seconds.
        var cases = fixtures
        if FileManager.default.fileExists(atPath: benchmarkGenerator) {
            cases.append(
                ("Standards/nhs/practice-prescribing.yaml", try generateBenchmarkFile(rows: 100_000, in: directory)))
        }
        var queries: [(path: String, text: String, checked: [String])] = []
        var jobs: [[String: String]] = []
        for (index, (standard, file)) in cases.enumerated() {
            let query = try Self.query(standard, engine: "spark")
            queries.append(query)
            jobs.append([
                "csv": file.hasPrefix("/") ? file : root + "/" + file, "sql": query.path,
                "out": directory + "/\(index).json",
            ])
        }
        defer { for query in queries { try? FileManager.default.removeItem(atPath: query.path) } }
        let manifest = directory + "/manifest.json"
        try JSONSerialization.data(withJSONObject: jobs).write(to: URL(fileURLWithPath: manifest))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sparkPython!)
        process.arguments = [root + "/scripts/run_sql.py", "spark-batch", manifest]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(errors.suffix(3000))")
        var compared = 0
        for (index, (standard, file)) in cases.enumerated() {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/\(index).json"))
            compared += try check(data, of: queries[index], standard: standard, file: file, engine: "spark")
        }
        #expect(compared > 100)
    }

    @Test("hallmark spark-job writes every name and path as inert Python: a hostile field name stays a string")
    func sparkJobLiterals() throws {
        let directory = NSTemporaryDirectory() + "hallmark-spark-evil-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let names = ["a\"\"\"\nimport os #", "b\\\\'\r\u{2028}é", "c`d"]
        let fields = names.map {
            "  \"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\u{2028}", with: "\\u2028"))\": {}"
        }
        try ("hallmark: 1\nid: evil\nversion: 1.0.0\nfields:\n" + fields.joined(separator: "\n") + "\n").write(
            toFile: directory + "/evil.yaml", atomically: true, encoding: .utf8)
        let job = try hallmark(
            "spark-job", directory + "/evil.yaml", "--input", "/data/x\ny.csv", "-o", directory + "/job.py")
        try #require(job.status == 0, "\(job.stderr)")
        // Parsed, not run: the constants must be exactly the names and the path.
        let check = """
            import ast, json, sys
            tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
            values = {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)}
            print(json.dumps([values["FIELDS"], values["INPUT"], "import os" in values["QUERY"]]))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", check, directory + "/job.py"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
        #expect(parsed[0] as? [String] == names)
        #expect(parsed[1] as? String == "/data/x\ny.csv")
        // In Spark SQL a name is an identifier in backticks, a backtick in it doubled.
        let query = try hallmark("sql", directory + "/evil.yaml", "--dialect", "spark", "--table", "t")
        #expect(query.stdout.contains("`c``d`"))
    }

    @Test(
        "hallmark spark-job: the job reads the file, numbers its records and writes the row --from-engine reports as the file's",
        .enabled(
            if: sparkPython != nil,
            "no Python with pyspark and a Java runtime: python3 -m venv .build/spark-venv && .build/spark-venv/bin/pip install pyspark==4.0.5"
        ), notUnderSanitizer)
    func sparkJob() throws {
        let (standard, file) = (
            "Standards/nhs/registered-patients.yaml", "Fixtures/rules/registered-patients-planted.csv"
        )
        let directory = NSTemporaryDirectory() + "hallmark-spark-job-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let job = try hallmark(
            "spark-job", standard, "--input", root + "/" + file, "--today", today, "-o", directory + "/job.py")
        #expect(job.status == 0, "\(job.stderr)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sparkPython!)
        process.arguments = [directory + "/job.py", "--master", "local[2]", "--output", directory + "/result.json"]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(errors.suffix(3000))")
        let native = try Self.findings(
            inReport: try hallmark(
                "validate", file, "-s", standard, "-f", "json", "--max-examples", "20", "--today", today
            ).stdout)
        let run = try hallmark(
            "validate", "-s", standard, "--from-engine", directory + "/result.json", "-f", "json", "--today", today)
        #expect(run.status == 1, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((report["engine"] as? [String: Any])?["name"] as? String == "spark")
        let found = try Self.findings(inReport: run.stdout)
        let scope = try #require(report["scope"] as? [String])
        #expect(found.values.reduce(0) { $0 + $1.count } > 0)
        for rule in scope {
            let expected = native[rule] ?? (0, [], [])
            let got = found[rule] ?? (0, [], [])
            #expect(got.count == expected.count && got.rows == expected.rows, "\(rule)")
            #expect(got.rowKeys == expected.rowKeys, "\(rule): row keys")
        }
        // Refused: a table and a file at once, neither, a row id for a file.
        #expect(try hallmark("spark-job", standard).status == 2)
        #expect(try hallmark("spark-job", standard, "--table", "t", "--input", file).status == 2)
        #expect(try hallmark("spark-job", standard, "--input", file, "--row-id", "id").status == 2)
        // A dialect Spark's CSV reader cannot follow: refused for a file, fine for a table.
        try "hallmark: 1\nid: c\nversion: 1.0.0\ntable: { dialect: { comment: \"#\" } }\nfields:\n  a: {}\n".write(
            toFile: directory + "/comments.yaml", atomically: true, encoding: .utf8)
        let comments = try hallmark(
            "spark-job", directory + "/comments.yaml", "--input", "x.csv", "--standards-root", directory)
        #expect(comments.status == 2 && comments.stderr.contains("comment lines"), "\(comments.stderr)")
        #expect(
            try hallmark("spark-job", directory + "/comments.yaml", "--table", "t", "--standards-root", directory)
                .status
                == 0)
    }

    @Test(
        "hallmark validate --engine postgres: the native report's findings from a table in the server, read-only, its errors located",
        .enabled(
            if: postgresServer != nil && psql != nil,
            "needs HALLMARK_TEST_POSTGRES (scripts/with-postgres, which scripts/test runs) and psql"))
    func engine() throws {
        let url = postgresServer!
        let cases = [fixtures[1], fixtures[3], fixtures[7], fixtures[10]]
        for (index, (standard, file)) in cases.enumerated() {
            let table = "engine_\(index)_\(UInt32.random(in: 0...UInt32.max))"
            try load(file, into: table, url: url)
            defer { _ = try? psqlRun(url, "DROP TABLE \"\(table)\"") }
            let native = try Self.findings(
                inReport: try hallmark(
                    "validate", file, "-s", standard, "-f", "json", "--max-examples", "20", "--today", today
                ).stdout)
            // The URL from the environment, as the help advises: no password on the command line.
            let run = try hallmark(
                [
                    "validate", "-s", standard, "--engine", "postgres", "--table", table, "--row-id", "__row",
                    "-f", "json", "--max-examples", "20", "--today", today,
                ], environment: ["HALLMARK_ENGINE_URL": url])
            #expect([0, 1].contains(run.status), "\(run.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let engine = report["engine"] as? [String: Any]
            #expect(engine?["name"] as? String == "postgres" && engine?["rowIdentity"] as? String == "column __row")
            let found = try Self.findings(inReport: run.stdout)
            let scope = try #require(report["scope"] as? [String])
            #expect(scope.count > 5)
            for rule in scope {
                let expected = native[rule] ?? (0, [], [])
                let got = found[rule] ?? (0, [], [])
                #expect(got.count == expected.count && got.rows == expected.rows, "\(file) \(rule)")
                #expect(got.rowKeys == expected.rowKeys, "\(file) \(rule): row keys")
            }
        }
        // A wrong password: exit 3, the server's reason, and the password never repeated.
        let wrong = url.replacingOccurrences(of: "hallmark:", with: "hallmark:not-the-password-")
        let refused = try hallmark(
            "validate", "-s", fixtures[0].standard, "--engine", "postgres", "--connection", wrong, "--table", "t")
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("cannot connect to PostgreSQL") && !refused.stderr.contains("not-the-password"))
        // Whatever --table names, the check writes nothing: the transaction is read-only.
        let probe = "probe_\(UInt32.random(in: 0...UInt32.max))"
        try load(fixtures[1].file, into: probe, url: url)
        defer { _ = try? psqlRun(url, "DROP TABLE \"\(probe)\"; DROP SEQUENCE \"\(probe)_sequence\"") }
        try psqlRun(url, "CREATE SEQUENCE \"\(probe)_sequence\"")
        let writing = try hallmark(
            "validate", "-s", fixtures[1].standard, "--engine", "postgres", "--connection", url, "--table",
            "(SELECT *, nextval('\(probe)_sequence') AS taken FROM \"\(probe)\") AS probe")
        #expect(writing.status == 3)
        #expect(writing.stderr.contains("read-only transaction"), "\(writing.stderr)")
        #expect(try psqlRun(url, "SELECT is_called FROM \"\(probe)_sequence\"").hasPrefix("f"))
        // No table, no engine, both a file and an engine: usage errors.
        #expect(try hallmark("validate", "-s", fixtures[0].standard, "--engine", "postgres").status == 2)
        #expect(
            try hallmark("validate", fixtures[0].file, "-s", fixtures[0].standard, "--from-engine", "x.json").status
                == 2)
        #expect(try hallmark("validate", "-s", fixtures[0].standard, "--table", "t").status == 2)
    }

    /// A synthetic prescribing file of `rows` rows from the benchmark's generator (seed 42), in `directory`.
    private func generateBenchmarkFile(rows: Int, in directory: String) throws -> String {
        let file = directory + "/rx_\(rows).csv"
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = [
            "python3", benchmarkGenerator, "--rows", String(rows), "--seed", "42", "--error-rate", "0.001",
        ]
        try #require(FileManager.default.createFile(atPath: file, contents: nil))
        generator.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        generator.standardError = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0, "gen_prescribing.py failed")
        return file
    }

    /// Loads `file` into a new table in the server.
    private func load(_ file: String, into table: String, url: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [root + "/scripts/run_sql.py", "postgres-load", root + "/" + file, table, url]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    /// Runs one statement through psql; its output.
    @discardableResult
    private func psqlRun(_ url: String, _ statement: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql!)
        process.arguments = [url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", statement]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "psql: \(statement)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "the 100,000-row benchmark file: the same counts and example rows in DuckDB and PostgreSQL as natively",
        .enabled(
            if: FileManager.default.fileExists(atPath: benchmarkGenerator),
            "needs ../shared/bench/gen_prescribing.py beside the project (present in CI)"),
        .enabled(
            if: duckdbPython != nil && postgresServer != nil && psql != nil,
            "needs .build/test-venv with duckdb and HALLMARK_TEST_POSTGRES (scripts/test makes both)"))
    func benchmarkFile() throws {
        let directory = NSTemporaryDirectory() + "hallmark-sql-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try generateBenchmarkFile(rows: 100_000, in: directory)
        let standard = "Standards/nhs/practice-prescribing.yaml"
        let inDuckDB = try compare(standard, file, engine: "duckdb", python: duckdbPython!)
        let inPostgres = try compare(
            standard, file, engine: "postgres", python: "/usr/bin/python3", extra: [postgresServer!])
        #expect(inDuckDB > 20 && inPostgres == inDuckDB)
    }
}
