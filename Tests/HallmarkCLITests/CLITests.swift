import Foundation
import Testing

/// The package root, for the shipped Standards/ and Fixtures/.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The `hallmark` binary built beside this test bundle.
let binary: String = {
    let testBinary =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
    // On Linux the bundle is a single executable in the build folder; elsewhere it is a directory inside it.
    while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("hallmark").path),
        directory.path != "/"
    {
        directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("hallmark").path
}()

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `hallmark` with `arguments` from the package root.
func hallmark(_ arguments: String..., stdin: String? = nil) throws -> Run {
    try hallmark(arguments, stdin: stdin)
}

/// Runs `hallmark` with `arguments` from the package root, with `environment` added to this process's.
func hallmark(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}

private let standard = "Standards/nhs/practice-prescribing.yaml"

/// A fresh folder holding a standard, `s.yaml`, with the given body after its id and version; the
/// caller removes it.
private func folder(withStandard body: String) throws -> String {
    let directory = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try ("hallmark: 1\nid: t\nversion: 1.0.0\n" + body + "\n").write(
        toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
    return directory
}

@Suite("hallmark command line", .serialized)
struct CLITests {
    @Test("a valid file: exit 0 and a one-line verdict")
    func valid() throws {
        let run = try hallmark("validate", "Fixtures/prescribing/sample-valid.csv", "--standard", standard)
        #expect(run.status == 0)
        #expect(
            run.stdout.hasPrefix(
                "✓ Fixtures/prescribing/sample-valid.csv meets nhs.practice-prescribing 1.0.0\n  200 rows, 0 with errors"
            ))
        #expect(run.stderr.isEmpty)
    }

    @Test("--max-errors stops early and says so; --jobs and --max-errors reject nonsense")
    func maxErrorsAndJobs() throws {
        let stopped = try hallmark(
            "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--max-errors", "3", "--jobs", "2",
            "-f", "json")
        #expect(stopped.status == 1)
        #expect(stopped.stdout.contains("\"stoppedEarly\": true"))
        #expect(stopped.stdout.contains("\"error\": 3,"))
        let text = try hallmark(
            "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--max-errors", "3")
        #expect(text.stdout.contains("stopped early at the error limit: the counts cover the first 5 rows only"))
        let all = try hallmark(
            "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--jobs", "1", "-f", "json")
        #expect(all.stdout.contains("\"stoppedEarly\": false"))
        for bad in [["--jobs", "0"], ["--max-errors", "0"], ["--timeout", "0"], ["--timeout", "nan"]] {
            let run = try hallmark(["validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard] + bad)
            #expect(run.status == 2, "\(bad)")
        }
    }

    @Test("the verdict line agrees with the exit status, and the JSON says which threshold it was judged against")
    func verdictAgreesWithExit() throws {
        let directory = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("hallmark: 1\nid: t\nversion: 1.0.0\nfields:\n  A: { type: integer, severity: warning }\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/w.yaml"))
        try Data("A\nx\n".utf8).write(to: URL(fileURLWithPath: directory + "/w.csv"))
        let arguments = ["validate", directory + "/w.csv", "-s", directory + "/w.yaml", "--standards-root", directory]
        let strict = try hallmark(arguments + ["--fail-on", "warning"])
        #expect(
            strict.status == 1
                && strict.stdout.hasPrefix("✗ \(directory)/w.csv meets t 1.0.0, but fails --fail-on warning"))
        let lenient = try hallmark(arguments)
        #expect(lenient.status == 0 && lenient.stdout.hasPrefix("✓ \(directory)/w.csv meets t 1.0.0"))
        let json = try hallmark(arguments + ["--fail-on", "warning", "-f", "json"]).stdout
        #expect(json.contains("\"valid\": true,\n  \"failOn\": \"warning\",\n  \"passed\": false,"))
    }

    @Test("--timeout also ends a run waiting on a pipe nobody writes to")
    func timeoutOnStalledPipe() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["validate", "-", "-s", standard, "--timeout", "0.5", "-f", "json"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The pipe stays open and empty; the run must end on its own, well before we give up on it.
        let givingUp = Date().addingTimeInterval(30)
        while process.isRunning && Date() < givingUp { Thread.sleep(forTimeInterval: 0.05) }
        let ended = !process.isRunning
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(ended, "still waiting on the pipe after 30 s")
        #expect(process.terminationStatus == 4)
        let json = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(json.contains("\"stopReason\": \"timeout\"") && !json.contains("\"ruleId\": \"table:empty-file\""))
    }

    @Test("--report writes several formats in one run; at most one to standard output")
    func reports() throws {
        let directory = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try hallmark(
            "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--report",
            "json:\(directory)/r.json",
            "--report", "sarif:\(directory)/r.sarif", "--report", "junit:\(directory)/r.xml", "--report",
            "markdown:\(directory)/r.md", "--report", "github")
        #expect(run.status == 1)
        #expect(
            run.stdout.hasPrefix(
                "::error file=Fixtures/prescribing/sample-invalid.csv,line=26,title=dataset%3Aprimary-key::"))
        let json = try String(contentsOfFile: directory + "/r.json", encoding: .utf8)
        #expect(json.contains("\"reportVersion\": \"1.0\""))
        #expect(try String(contentsOfFile: directory + "/r.sarif", encoding: .utf8).contains("\"version\": \"2.1.0\""))
        #expect(
            try String(contentsOfFile: directory + "/r.xml", encoding: .utf8).contains("<testsuites name=\"hallmark\""))
        #expect(try String(contentsOfFile: directory + "/r.md", encoding: .utf8).hasPrefix("## ✗ "))
        // Files only: the summary still goes to standard output.
        let quiet = try hallmark(
            "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--report",
            "junit:\(directory)/q.xml")
        #expect(quiet.stdout.hasPrefix("✗ Fixtures/prescribing/sample-invalid.csv does not meet"))
        // --quiet silences the default summary, never a report asked for.
        let asked = try hallmark(
            "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "-q", "--report", "text:-")
        #expect(asked.stdout.hasPrefix("✗ Fixtures/prescribing/sample-invalid.csv does not meet"))
        for bad in [
            ["--report", "json", "--report", "sarif"], ["--report", "json", "--format", "json"], ["--report", "pdf"],
            ["--report", "json:Fixtures/prescribing/sample-invalid.csv"], ["--report", "html:./" + standard],
            ["--report", "json:\(directory)/same", "--report", "sarif:\(directory)/same"],
            ["--report", "json:/nonexistent/r.json"], ["--report", "json:\(directory)"],
        ] {
            let refused = try hallmark(["validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard] + bad)
            #expect(refused.status == 2, "\(bad)")
        }
    }

    @Test("tickets, diff, and --baseline with --fail-on new: only new problems fail")
    func ticketsAndBaseline() throws {
        let directory = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fixture = try String(contentsOfFile: "Fixtures/prescribing/sample-invalid.csv", encoding: .utf8)
        var lines = fixture.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The same problems, rows in another order, and the file under another name.
        let shuffled = [lines[0]] + lines[1..<26].reversed() + lines[26...]
        try Data(shuffled.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: directory + "/moved.csv"))
        let base = try hallmark(
            "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--dataset", "gp", "-q",
            "--report", "json:\(directory)/base.json")
        #expect(base.status == 1)
        let same = try hallmark(
            "validate", directory + "/moved.csv", "-s", standard, "--dataset", "gp", "-q", "--baseline",
            directory + "/base.json", "--fail-on", "new", "--report", "json:\(directory)/same.json", "--report",
            "sarif:\(directory)/same.sarif")
        #expect(same.status == 0, "\(same.stderr)")
        #expect(
            try String(contentsOfFile: directory + "/same.sarif", encoding: .utf8).contains(
                "\"baselineState\": \"unchanged\""))
        let diff = try hallmark("diff", directory + "/base.json", directory + "/same.json")
        #expect(
            diff.status == 0 && diff.stdout.hasPrefix("Tickets: 0 new, 17 unchanged, 0 updated, 0 absent"),
            "\(diff.stdout)")
        // One more bad practice code: a new finding on an existing ticket, whose count grew.
        lines.insert(lines[7], at: 20)
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: directory + "/worse.csv"))
        let worse = try hallmark(
            "validate", directory + "/worse.csv", "-s", standard, "--dataset", "gp", "-q", "--baseline",
            directory + "/base.json", "--fail-on", "new", "--report", "json:\(directory)/worse.json")
        #expect(worse.status == 1 && worse.stderr.contains("field:PRACTICE_CODE:format"))
        let worseDiff = try hallmark("diff", directory + "/base.json", directory + "/worse.json", "-f", "json")
        #expect(worseDiff.status == 1 && worseDiff.stdout.contains("\"state\": \"updated\""))
        // Accept every error ticket: the run passes; let one acceptance lapse: it fails and says why.
        let json =
            try JSONSerialization.jsonObject(
                with: try hallmark("tickets", directory + "/base.json", "-f", "json").stdout.data(using: .utf8)!)
            as! [String: Any]
        let errorTickets = (json["tickets"] as! [[String: Any]]).filter { $0["severity"] as? String == "error" }
        func suppressions(expires: String) -> String {
            "suppressions:\n"
                + errorTickets.map {
                    "  - { id: \($0["id"]!), reason: legacy, accepted-by: Jane, expires: \(expires) }\n"
                }
                .joined()
        }
        for (expires, status) in [("2999-01-01", Int32(0)), ("2000-01-01", 1)] {
            try Data(suppressions(expires: expires).utf8).write(to: URL(fileURLWithPath: directory + "/s.yaml"))
            let run = try hallmark(
                "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--dataset", "gp",
                "--suppressions", directory + "/s.yaml")
            #expect(run.status == status, "expires \(expires): \(run.stderr)")
            #expect(run.stdout.contains("suppressed: legacy — accepted by Jane") == (status == 0))
            #expect(run.stderr.contains("expired on 2000-01-01") == (status == 1))
        }
        let tickets = try hallmark("tickets", directory + "/base.json")
        #expect(
            tickets.status == 0 && tickets.stdout.hasPrefix("# Tickets: gp against nhs.practice\\-prescribing 1.0.0"))
        #expect(tickets.stdout.contains("**Suggested fix:**"))
        #expect(try hallmark("tickets", "Fixtures/prescribing/sample-valid.csv").status == 2)
        #expect(try hallmark("tickets", directory + "/nonexistent.json").status == 3)
        #expect(
            try hallmark("validate", "Fixtures/prescribing/sample-valid.csv", "-s", standard, "--fail-on", "new").status
                == 2)
    }

    @Test("the example GitHub Actions workflow's validate step works: first run, then against its baseline")
    func exampleWorkflow() throws {
        let workflow = try String(contentsOfFile: root + "/Examples/ci/github-actions.yml", encoding: .utf8)
        // The step's script: the indented block after `- name: Validate` / `run: |`, up to its `env:`.
        let lines = workflow.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.contains("- name: Validate") }) + 2
        let end = try #require(lines[start...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "env:" })
        let script = lines[start..<end].map { String($0.drop { $0 == " " }) }.joined(separator: "\n")
        let directory = NSTemporaryDirectory() + "hallmark-workflow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/standards", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (from, to) in [
            ("Fixtures/prescribing/sample-invalid.csv", "spend.csv"),
            ("Standards/nhs/practice-prescribing.yaml", "standards/p.yaml"),
        ] {
            try FileManager.default.copyItem(atPath: root + "/" + from, toPath: directory + "/" + to)
        }
        try FileManager.default.createDirectory(atPath: directory + "/uk", withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: root + "/Standards/uk") {
            try FileManager.default.copyItem(atPath: root + "/Standards/uk/" + file, toPath: directory + "/uk/" + file)
        }
        func step() throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-euo", "pipefail", "-c", script]
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] =
                URL(fileURLWithPath: binary).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
            environment["DATA"] = "spend.csv"
            environment["STANDARD"] = "standards/p.yaml"
            environment["DATASET"] = "gp"
            environment["GITHUB_STEP_SUMMARY"] = directory + "/summary.md"
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try step() == 1)  // no baseline yet: the errors fail the run
        #expect(FileManager.default.fileExists(atPath: directory + "/hallmark.sarif"))
        #expect(try String(contentsOfFile: directory + "/summary.md", encoding: .utf8).hasPrefix("## ✗ spend.csv"))
        try FileManager.default.createDirectory(atPath: directory + "/.hallmark", withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            atPath: directory + "/hallmark-report.json", toPath: directory + "/.hallmark/baseline.json")
        #expect(try step() == 0)  // against its own baseline: nothing new
    }

    @Test("--timeout stops with a partial report and exit 4, or 1 when what was checked has errors")
    func timeout() throws {
        let directory = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Every value costs the pattern its whole match limit, and is only a warning.
        try Data("hallmark: 1\nid: t\nversion: 1.0.0\nfields:\n  A: { pattern: '(a+)+$', severity: warning }\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/slow.yaml"))
        let evil = String(repeating: "a", count: 28) + "!\n"
        try Data(("A\n" + String(repeating: evil, count: 20_000)).utf8)
            .write(to: URL(fileURLWithPath: directory + "/slow.csv"))
        let run = try hallmark(
            "validate", directory + "/slow.csv", "-s", directory + "/slow.yaml", "--standards-root", directory,
            "--timeout", "0.3", "-f", "json")
        #expect(run.status == 4)
        #expect(run.stdout.contains("\"stopReason\": \"timeout\"") && run.stdout.contains("\"valid\": false"))
        let failing = try hallmark(
            "validate", directory + "/slow.csv", "-s", directory + "/slow.yaml", "--standards-root", directory,
            "--timeout", "0.3", "--fail-on", "warning")
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("stopped early when the time limit passed"))
    }

    @Test("an invalid file: exit 1 and a summary grouped by rule, worst first")
    func invalid() throws {
        let run = try hallmark("validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard)
        #expect(run.status == 1)
        #expect(
            run.stdout.hasPrefix(
                "✗ Fixtures/prescribing/sample-invalid.csv does not meet nhs.practice-prescribing 1.0.0\n  28 rows, 15 with errors · 17 errors, 0 warnings, 0 info"
            ))
        #expect(
            run.stdout.contains(
                "  error         1  field:ITEMS:type\n                   ITEMS must be an integer (digits with an optional sign)\n                   · row 4 (line 4), column 9: \"12a\""
            ))
        #expect(
            run.stdout.range(of: "error         1  table:blank-row")!.lowerBound
                > run.stdout.range(of: "field:YEAR_MONTH:type")!.lowerBound)
        #expect(!run.stdout.contains("9434765918"))
    }

    @Test("--format json --output writes the report and still prints the summary; --fail-on decides the exit")
    func jsonReport() throws {
        let output = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString).json"
        let run = try hallmark(
            "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--format", "json", "--output",
            output, "--fail-on", "never")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("✗ "))
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        #expect((report["totals"] as? [String: Any])?["rows"] as? Int == 28)
        #expect((report["input"] as? [String: Any])?["path"] as? String == "Fixtures/prescribing/sample-invalid.csv")
        #expect((report["rules"] as? [[String: Any]])?.count == 17)
    }

    @Test("--format json without --output prints only JSON; --fail-on warning counts warnings")
    func jsonToStdout() throws {
        // A quote inside an unquoted cell is a warning (stray-quote).
        let csv = try String(contentsOfFile: root + "/Fixtures/prescribing/sample-valid.csv", encoding: .utf8)
            .replacingOccurrences(of: "Cetirizine 75mg tablets", with: "Cetirizine 75mg \"tablets\"")
        let run = try hallmark("validate", "-", "-s", standard, "-f", "json", "--fail-on", "warning", stdin: csv)
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == true)
        #expect((report["input"] as? [String: Any])?["path"] as? String == "-")
    }

    @Test("a broken standard: exit 2 and located errors on stderr")
    func brokenStandard() throws {
        let path = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString).yaml"
        try Data("hallmark: 1\nid: x\nversion: 1.0.0\nfields:\n  A: { type: integr }\n".utf8).write(
            to: URL(fileURLWithPath: path))
        let run = try hallmark("validate", "Fixtures/prescribing/sample-valid.csv", "-s", path)
        #expect(run.status == 2)
        #expect(run.stderr == "\(path):5:14: error: unknown type 'integr' for field 'A' (did you mean 'integer'?)\n")
        #expect(run.stdout.isEmpty)
        let lint = try hallmark("lint", path)
        #expect(lint.status == 2)
        #expect(lint.stderr == run.stderr)
    }

    @Test("an unreadable input: exit 3 and a clear message")
    func unreadable() throws {
        let run = try hallmark("validate", "no/such/file.csv", "-s", standard)
        #expect(run.status == 3)
        #expect(run.stderr == "hallmark: cannot read 'no/such/file.csv': no such file or directory\n")
        let directory = try hallmark("validate", "Fixtures", "-s", standard)
        #expect(directory.status == 3)
        #expect(directory.stderr == "hallmark: cannot read 'Fixtures': it is a directory\n")
    }

    @Test("usage errors exit 2")
    func usage() throws {
        let missing = try hallmark("validate", "Fixtures/prescribing/sample-valid.csv")
        #expect(missing.status == 2)
        #expect(
            missing.stderr
                == "hallmark: give the standard with --standard FILE (a data package descriptor needs none)\n")
        #expect(try hallmark("validate", "x.csv", "-s", standard, "--fail-on", "sometimes").status == 2)
        #expect(try hallmark("frobnicate").status == 2)
        #expect(try hallmark("--help").status == 0)
    }

    @Test("--delimiter, --no-header, --encoding and --header-row read a file the standard describes otherwise")
    func dialectOverrides() throws {
        let directory = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let spec = directory + "/s.yaml"
        try "hallmark: 1\nid: t\nversion: 1.0.0\nfields:\n  CODE: { required: true }\n  AMOUNT: { type: integer }\n"
            .write(toFile: spec, atomically: true, encoding: .utf8)
        let file = directory + "/d.csv"
        // A title line, semicolons, windows-1252.
        try Data([UInt8]("Payments\nCODE;AMOUNT\nA;1\n".utf8) + [0xA3] + Array(";x\n".utf8))
            .write(to: URL(fileURLWithPath: file))

        let asIs = try hallmark("validate", file, "-s", spec, "--standards-root", directory)
        #expect(asIs.status == 1)
        #expect(asIs.stdout.contains("table:extra-label"))
        let overridden = try hallmark(
            "validate", file, "-s", spec, "--standards-root", directory, "--delimiter", ";", "--encoding", "cp1252",
            "--header-row", "2", "--format", "json")
        #expect(overridden.status == 1)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(overridden.stdout.utf8)) as? [String: Any])
        let rules = try #require(report["rules"] as? [[String: Any]])
        #expect(rules.map { $0["ruleId"] as? String } == ["field:AMOUNT:type"])
        let example = try #require((rules.first?["examples"] as? [[String: Any]])?.first)
        #expect(example["value"] as? String == "x")
        #expect(example["row"] as? Int == 4)
        let table = try #require(report["table"] as? [String: Any])
        #expect(table["encoding"] as? String == "windows-1252")
        #expect(table["headerRow"] as? Int == 2)

        let headerless = directory + "/h.csv"
        try "A,1\nB,2\n".write(toFile: headerless, atomically: true, encoding: .utf8)
        let data = try hallmark("validate", headerless, "-s", spec, "--standards-root", directory)
        #expect(data.status == 1)
        #expect(
            data.stdout.contains(
                "hint: the first row looks like data, not a header; if the file has none, try --no-header"))
        #expect(
            try hallmark("validate", headerless, "-s", spec, "--standards-root", directory, "--no-header").status == 0)

        let semicolons = directory + "/semi.csv"
        try "CODE;AMOUNT\nA;1\n".write(toFile: semicolons, atomically: true, encoding: .utf8)
        let hinted = try hallmark("validate", semicolons, "-s", spec, "--standards-root", directory)
        #expect(hinted.stdout.contains("hint: the file looks semicolon-delimited; try --delimiter ';'"))
        for bad in [["--delimiter", "ab"], ["--delimiter", "\""], ["--encoding", "ebcdic"], ["--header-row", "0"]] {
            #expect(try hallmark(["validate", file, "-s", spec] + bad).status == 2, "\(bad)")
        }
        // A delimiter the standard uses for comments would lose rows silently.
        let commented = directory + "/c.yaml"
        try "hallmark: 1\nid: t\nversion: 1.0.0\ntable: { dialect: { comment: '#' } }\nfields:\n  A:\n"
            .write(toFile: commented, atomically: true, encoding: .utf8)
        let clash = try hallmark(
            "validate", file, "-s", commented, "--standards-root", directory, "--delimiter", "#")
        #expect(clash.status == 2)
        #expect(
            clash.stderr.contains("--delimiter must differ from the standard's quote, escape and comment characters"))
    }

    @Test("--today fixes what today() means in rules, so a run can be repeated")
    func today() throws {
        let directory = try folder(
            withStandard: """
                fields:
                  D: { type: date }
                rules:
                  - { id: past, assert: D <= today(), message: no dates in the future }
                """)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "D\n2030-01-01\n".write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
        func run(_ today: String) throws -> Int32 {
            try hallmark(
                "validate", directory + "/d.csv", "-s", directory + "/s.yaml", "--standards-root", directory, "--today",
                today
            ).status
        }
        #expect(try run("2029-12-31") == 1)
        #expect(try run("2030-01-01") == 0)
        #expect(try run("2030-02-30") == 2)
    }

    @Test("--valid-rows, --invalid-rows (gzip) and --invalid-reasons split the input byte for byte")
    func rowFiles() throws {
        let directory = try folder(
            withStandard: """
                fields:
                  ID: { type: integer, required: true }
                  NOTE:
                  N: { type: integer, max: 9 }
                dataset: { primary-key: [ID] }
                """)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let header = "ID,NOTE,N\r\n"
        let rows = [
            "1,plain,3\r\n", "2,\"two\r\nlines\",4\n", "3,\"a,b\",12\r\n", "x,bad,1\n", "1,again,2\n", "6,last,1",
        ]
        try Data((header + rows.joined()).utf8).write(to: URL(fileURLWithPath: directory + "/d.csv"))
        for jobs in ["1", "2"] {
            let run = try hallmark(
                "validate", directory + "/d.csv", "-s", directory + "/s.yaml", "--standards-root", directory,
                "--jobs", jobs, "--block-size", "5", "--quiet", "--valid-rows", directory + "/ok.csv",
                "--invalid-rows", directory + "/bad.csv.gz", "--invalid-reasons", directory + "/why.csv")
            #expect(run.status == 1, "\(run.stderr)")
            let valid = try Data(contentsOf: URL(fileURLWithPath: directory + "/ok.csv"))
            #expect(valid == Data((header + rows[0] + rows[1] + rows[5]).utf8))
            let gunzip = Process()
            gunzip.executableURL = URL(fileURLWithPath: "/bin/sh")
            gunzip.arguments = ["-c", "gzip -dc '\(directory)/bad.csv.gz' > '\(directory)/bad.csv'"]
            try gunzip.run()
            gunzip.waitUntilExit()
            let invalid = try Data(contentsOf: URL(fileURLWithPath: directory + "/bad.csv"))
            #expect(invalid == Data((header + rows[2] + rows[3] + rows[4]).utf8))
            #expect(
                try String(contentsOfFile: directory + "/why.csv", encoding: .utf8)
                    == "row,line,rules\n4,5,field:N:max\n5,6,field:ID:type\n6,7,dataset:primary-key\n")
            let hidden = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
            #expect(hidden.isEmpty, "no temporary file is left behind: \(hidden)")
        }
        let clash = try hallmark(
            "validate", directory + "/d.csv", "-s", directory + "/s.yaml", "--standards-root", directory,
            "--valid-rows", directory + "/d.csv")
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("would overwrite the input or the standard"))
        let unreadable = try hallmark(
            "validate", directory + "/missing.csv", "-s", directory + "/s.yaml", "--standards-root", directory,
            "--valid-rows", directory + "/never.csv")
        #expect(unreadable.status == 3)
        #expect(!FileManager.default.fileExists(atPath: directory + "/never.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }.isEmpty)

        // A symbolic link is written through, as a report is, never replaced.
        try "old".write(toFile: directory + "/target.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.csv", withDestinationPath: "target.csv")
        let linked = try hallmark(
            "validate", directory + "/d.csv", "-s", directory + "/s.yaml", "--standards-root", directory, "--quiet",
            "--valid-rows", directory + "/link.csv")
        #expect(linked.status == 1)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/link.csv") == "target.csv")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: directory + "/target.csv"))
                == Data((header + rows[0] + rows[1] + rows[5]).utf8))
        let dash = try hallmark(
            "validate", directory + "/d.csv", "-s", directory + "/s.yaml", "--standards-root", directory,
            "--valid-rows", "-")
        #expect(dash.status == 2)
        #expect(dash.stderr.contains("--valid-rows needs a file name"))
    }

    @Test("no output may replace a file the standard reads: a referenced file, a library")
    func outputsSpareWhatTheStandardReads() throws {
        let directory = try folder(
            withStandard: """
                uses: [lib.yaml]
                fields:
                  A: { format: f }
                dataset: { foreign-keys: [{ fields: A, reference: { file: ref.csv, fields: 1, dialect: { has-header: false } } }] }
                """)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "hallmark: 1\nid: lib\nversion: 1.0.0\nformats:\n  f: { pattern: '[a-z]', example: a }\n".write(
            toFile: directory + "/lib.yaml", atomically: true, encoding: .utf8)
        try "a\nb\n".write(toFile: directory + "/ref.csv", atomically: true, encoding: .utf8)
        try "A\na\n".write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
        for arguments in [
            ["--valid-rows", directory + "/ref.csv"], ["--format", "json", "-o", directory + "/lib.yaml"],
        ] {
            let run = try hallmark(
                ["validate", directory + "/d.csv", "-s", directory + "/s.yaml", "--standards-root", directory]
                    + arguments)
            #expect(run.status == 2)
            #expect(run.stderr.contains("is a file the standard reads"))
        }
        #expect(try String(contentsOfFile: directory + "/ref.csv", encoding: .utf8) == "a\nb\n")
    }

    @Test(
        "the five cases of rules across fields and rows, end to end: clean files pass, planted ones fail with their rules",
        arguments: [
            (
                "Standards/nhs/ods-gp-practices.yaml", "Fixtures/ods/practices",
                ["rule:close-after-open", "field:Close Date:required-when"]
            ),
            (
                "Standards/local-government/local-authorities.yaml", "Fixtures/rules/local-authorities",
                ["field:region:required-when", "dataset:foreign-key:county-la", "rule:ends-after-start"]
            ),
            (
                "Standards/nhs/registered-patients.yaml", "Fixtures/rules/registered-patients",
                ["dataset:aggregate:bands-add-up", "dataset:aggregate:sexes-add-up"]
            ),
            (
                "Fixtures/rules/prescribing-practices/practices.yaml", "Fixtures/rules/prescribing-practices/pdpi",
                ["dataset:foreign-key:PRACTICE"]
            ),
            (
                "Standards/local-government/council-spend.yaml", "Fixtures/council-spend/payments-2026-06",
                ["field:Supplier Name:pattern"]
            ),
        ])
    func rulesAcrossRows(standard: String, fixture: String, planted: [String]) throws {
        let clean = try hallmark("validate", fixture + ".csv", "-s", standard, "--quiet")
        #expect(clean.status == 0, "\(clean.stderr)")
        let run = try hallmark("validate", fixture + "-planted.csv", "-s", standard, "--format", "json")
        #expect(run.status == 1)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let ids = Set(((report["rules"] as? [[String: Any]]) ?? []).compactMap { $0["ruleId"] as? String })
        for rule in planted { #expect(ids.contains(rule), "\(fixture): \(rule)") }
    }

    @Test("a data package: every resource against its own schema, one report, the exit status over all")
    func dataPackage() throws {
        let valid = try hallmark("validate", "Fixtures/datapackage/valid/datapackage.json")
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(
            valid.stdout.hasPrefix("✓ Fixtures/datapackage/valid/datapackage.json: 2 resources meet their schemas\n"))
        #expect(valid.stdout.contains("skipped 'notes': it has no schema"))

        let directory = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let invalid = try hallmark(
            "validate", "Fixtures/datapackage/invalid/datapackage.json", "--report", "json:\(directory)/r.json",
            "--report", "sarif:\(directory)/r.sarif", "--report", "text")
        #expect(invalid.status == 1)
        #expect(invalid.stdout.hasPrefix("✗ Fixtures/datapackage/invalid/datapackage.json: 1 of 2 resources"))
        #expect(invalid.stdout.contains("each row's practice must appear in column code of practices.csv"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/r.json")))
                as? [String: Any])
        #expect(
            (json["resources"] as? [[String: Any]])?.map { $0["name"] as? String } == ["practices", "prescriptions"])
        let sarif = try String(contentsOfFile: directory + "/r.sarif", encoding: .utf8)
        #expect(sarif.components(separatedBy: "\"automationDetails\"").count == 3)
        // Warnings do not fail it unless asked; --fail-on never passes it.
        #expect(
            try hallmark("validate", "Fixtures/datapackage/invalid/datapackage.json", "--fail-on", "never").status == 0)

        let lint = try hallmark("lint", "Fixtures/datapackage/valid/datapackage.json")
        #expect(lint.status == 0)
        #expect(
            lint.stdout.hasPrefix(
                "✓ Fixtures/datapackage/valid/datapackage.json: Frictionless data package — 2 tabular resources, 1 skipped\n  practices: "
            ))

        // Options that describe one table are refused; so is a standard.
        for extra in [["-s", standard], ["--delimiter", ";"], ["--valid-rows", directory + "/v.csv"]] {
            let refused = try hallmark(["validate", "Fixtures/datapackage/valid/datapackage.json"] + extra)
            #expect(refused.status == 2, "\(extra)")
            #expect(refused.stderr.contains("does not apply to a data package"), "\(refused.stderr)")
        }
        // A descriptor that is not JSON: its parser's located error; one that is not there: exit 3.
        try "{\"resources\": [\n".write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try hallmark("validate", directory + "/bad.json")
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix(directory + "/bad.json:2:1: error: "), "\(bad.stderr)")
        let gone = try hallmark("validate", directory + "/gone.json")
        #expect(gone.status == 3)
        #expect(gone.stderr.contains("cannot read data package"), "\(gone.stderr)")
        // No report may replace the schema file a resource names.
        let overwrite = try hallmark(
            "validate", "Fixtures/datapackage/valid/datapackage.json", "-f", "json", "-o",
            "Fixtures/datapackage/valid/practices.schema.json")
        #expect(overwrite.status == 2)
        #expect(overwrite.stderr.contains("is a file the package reads"), "\(overwrite.stderr)")
        // Nor through a hard link to it, in a package or for one file.
        let copy = directory + "/copy"
        try FileManager.default.copyItem(atPath: "\(root)/Fixtures/datapackage/valid", toPath: copy)
        try FileManager.default.linkItem(atPath: copy + "/practices.schema.json", toPath: copy + "/hard.json")
        let viaLink = try hallmark("validate", copy + "/datapackage.json", "-f", "json", "-o", copy + "/hard.json")
        #expect(viaLink.status == 2, "\(viaLink.stderr)")
        #expect(try String(contentsOfFile: copy + "/practices.schema.json", encoding: .utf8).contains("\"fields\""))
        try FileManager.default.linkItem(atPath: copy + "/practices.csv", toPath: copy + "/hard.csv")
        let single = try hallmark(
            "validate", copy + "/practices.csv", "-s", copy + "/practices.schema.json", "-o", copy + "/hard.csv",
            "--standards-root", copy)
        #expect(single.status == 2, "\(single.stderr)")

        // A broken package: located errors, exit 2.
        try #"{"resources": [{"name": "a", "path": "../../etc/passwd", "schema": {"fields": [{"name": "x"}]}}]}"#
            .write(toFile: directory + "/datapackage.json", atomically: true, encoding: .utf8)
        let broken = try hallmark("validate", directory + "/datapackage.json", "--standards-root", directory)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("datapackage.json:1:38: error: data file '../../etc/passwd' resolves outside"))
    }

    @Test("a data package's suppressions: each accepts a resource's ticket, unmatched only if it matches none")
    func dataPackageSuppressions() throws {
        let directory = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let package = "Fixtures/datapackage/invalid/datapackage.json"
        let first = try hallmark("validate", package, "-q", "--report", "json:\(directory)/package.json")
        #expect(first.status == 1)
        // The prescriptions resource's own report, as `hallmark tickets` reads one.
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/package.json")))
                as? [String: Any])
        let resources = try #require(document["resources"] as? [[String: Any]])
        let report = try JSONSerialization.data(withJSONObject: try #require(resources[1]["report"]))
        try report.write(to: URL(fileURLWithPath: directory + "/prescriptions.json"))
        let tickets = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try hallmark("tickets", directory + "/prescriptions.json", "-f", "json").stdout.utf8))
                as? [String: Any])
        let ids = (tickets["tickets"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.count == 4)
        for (expires, status) in [("2999-01-01", Int32(0)), ("2000-01-01", 1)] {
            let entries = (ids + ["0123456789abcdef0123456789abcdef"]).map {
                "  - { id: \($0), reason: legacy, accepted-by: Jane, expires: \(expires) }\n"
            }
            try Data(("suppressions:\n" + entries.joined()).utf8).write(
                to: URL(fileURLWithPath: directory + "/s.yaml"))
            let run = try hallmark("validate", package, "--suppressions", directory + "/s.yaml")
            #expect(run.status == status, "expires \(expires): \(run.stderr)")
            #expect(run.stdout.contains("suppressed: legacy") == (status == 0))
            // Said once, not per resource (an expired one is said as expired instead).
            #expect(
                run.stderr.components(separatedBy: "'0123456789abcdef0123456789abcdef' matches no ticket").count
                    == (status == 0 ? 2 : 1))
            #expect(run.stderr.contains("expired on 2000-01-01") == (status == 1))
        }
    }

    @Test("convert prints a Table Schema as a standard that lint takes; a Hallmark standard is refused")
    func convert() throws {
        let directory = try folder(withStandard: "fields:\n  A:")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"name": "t", "fields": [{"name": "n", "type": "integer", "constraints": {"minimum": 1}}]}"#.write(
            toFile: directory + "/schema.json", atomically: true, encoding: .utf8)
        let run = try hallmark("convert", directory + "/schema.json", "--standards-root", directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains("hallmark: 1\nid: t\nversion: 1.0.0\nfields:\n  n:\n    type: integer\n    min: 1\n"))
        try run.stdout.write(toFile: directory + "/converted.yaml", atomically: true, encoding: .utf8)
        #expect(try hallmark("lint", directory + "/converted.yaml", "--standards-root", directory).status == 0)
        let linted = try hallmark("lint", directory + "/schema.json", "--standards-root", directory)
        #expect(linted.stdout.contains("read from a Frictionless Table Schema"))
        let refused = try hallmark("convert", directory + "/s.yaml", "--standards-root", directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is a Hallmark standard already"))
    }

    @Test("lint: shipped standards and libraries pass")
    func lint() throws {
        let run = try hallmark(
            "lint", standard, "Standards/nhs/ods-gp-practices.yaml", "Standards/nhs/hscic-prescribing.yaml",
            "Standards/local-government/council-spend.yaml", "Standards/local-government/local-authorities.yaml",
            "Standards/nhs/registered-patients.yaml", "Standards/uk/identifiers.yaml",
            "Standards/international/identifiers.yaml", "Standards/codelists/iso.yaml", "Standards/codelists/uk.yaml")
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                ✓ Standards/nhs/practice-prescribing.yaml: nhs.practice-prescribing 1.0.0 (English practice-level prescribing) — 16 fields, 62 rules
                ✓ Standards/nhs/ods-gp-practices.yaml: nhs.ods-gp-practices 1.0.0 (NHS ODS GP practices (epraccur)) — 27 fields, 65 rules
                ✓ Standards/nhs/hscic-prescribing.yaml: nhs.hscic-practice-prescribing 1.0.0 (Practice-level prescribing (HSCIC layout, 2010–2018)) — 10 fields, 45 rules
                ✓ Standards/local-government/council-spend.yaml: uk.council-spend-over-500 1.0.0 (Council spending over £500) — 7 fields, 32 rules
                ✓ Standards/local-government/local-authorities.yaml: uk.local-authorities 1.0.0 (UK local authority names and codes) — 12 fields, 39 rules
                ✓ Standards/nhs/registered-patients.yaml: nhs.registered-patients-5-year-bands 1.0.0 (Patients registered at a GP practice, by sex and five-year age band) — 10 fields, 43 rules
                ✓ Standards/uk/identifiers.yaml: library — 30 formats, 0 code lists
                ✓ Standards/international/identifiers.yaml: library — 11 formats, 0 code lists
                ✓ Standards/codelists/iso.yaml: library — 0 formats, 4 code lists
                ✓ Standards/codelists/uk.yaml: library — 0 formats, 2 code lists

                """)
        #expect(run.stderr.isEmpty, "the shipped standards have no warnings: \(run.stderr)")
    }

    @Test("lint: a pattern that repeats a repetition is a located warning; --warnings-as-errors fails on it")
    func lintWarning() throws {
        let path = NSTemporaryDirectory() + "hallmark-cli-\(UUID().uuidString).yaml"
        try Data("hallmark: 1\nid: t\nversion: 1.0.0\nfields:\n  A: { pattern: '(a+)+$' }\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try hallmark("lint", path, "--standards-root", "/")
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("\(path):5:17: warning: pattern '(a+)+$' repeats a repetition (at offset 4)"))
        #expect(try hallmark("lint", path, "--standards-root", "/", "--warnings-as-errors").status == 2)
    }

    @Test("a report that cannot be written to standard output exits 3")
    func stdoutFailure() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["validate", "Fixtures/prescribing/sample-valid.csv", "-s", standard, "--format", "json"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        #expect(stderr.contains("cannot write the report to standard output"))
    }

    @Test("options out of range are usage errors, not traps")
    func optionRanges() throws {
        for option in [["--jobs", "4611686018427387904"], ["--block-size", "8589934592"], ["--max-examples=-1"]] {
            let run = try hallmark(["validate", "Fixtures/prescribing/sample-valid.csv", "-s", standard] + option)
            #expect(run.status == 2, "\(option)")
            #expect(run.stderr.contains("must be from"), "\(option): \(run.stderr)")
        }
    }

    @Test(
        "--key-memory and --memory-limit take sizes; the report is the same with every key spilled or set aside in --spill-directory"
    )
    func keyMemory() throws {
        let directory = NSTemporaryDirectory() + "hallmark-spill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func report(_ options: [String]) throws -> String {
            let run = try hallmark(
                ["validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "-f", "json"] + options)
            #expect(run.status == 1, "\(options): \(run.stderr)")
            // Only the timing differs from run to run.
            return run.stdout.split(separator: "\n").filter {
                !$0.contains("startedAt") && !$0.contains("durationSeconds")
            }
            .joined()
        }
        let inMemory = try report(["--key-memory", "1G"])
        #expect(inMemory.contains("repeats row"))
        #expect(try report(["--key-memory", "0", "--spill-directory", directory]) == inMemory)
        #expect(try report(["--key-memory", "64k"]) == inMemory)
        #expect(try report(["--memory-limit", "0", "--spill-directory", directory]) == inMemory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        for bad in ["-1", "12X", "G", "99999999999999G"] {
            let run = try hallmark(
                ["validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--key-memory=\(bad)"])
            #expect(run.status == 2, "\(bad)")
            #expect(run.stderr.contains("--key-memory must be a number of bytes"), "\(bad): \(run.stderr)")
            let limit = try hallmark(
                ["validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--memory-limit=\(bad)"])
            #expect(limit.status == 2 && limit.stderr.contains("--memory-limit must be a number of bytes"), "\(bad)")
        }
        let empty = try hallmark([
            "validate", "Fixtures/prescribing/sample-invalid.csv", "-s", standard, "--spill-directory", "",
        ])
        #expect(empty.status == 2 && empty.stderr.contains("--spill-directory must name a directory"))
    }

    @Test("--standards-root confines the files a standard names")
    func standardsRoot() throws {
        let inside = try hallmark("lint", standard, "--standards-root", "Standards")
        #expect(inside.status == 0)
        let outside = try hallmark("lint", standard, "--standards-root", "Standards/nhs")
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("resolves outside the standards root"))
    }

    @Test("a hostile cell cannot write terminal escapes into the summary")
    func terminalInjection() throws {
        let run = try hallmark(
            ["validate", "-", "-s", standard], stdin: "YEAR_MONTH\n\u{1B}[2J\u{1B}[1;1H✓ all rows valid\n")
        #expect(!run.stdout.contains("\u{1B}"))
        #expect(run.stdout.contains("\\u{1B}[2J"))
    }
}
