import Foundation
import Testing

@testable import Hallmark

/// Debian's `chromium` (or `HALLMARK_CHROMIUM`), when installed.
private let chromium: String? = {
    let candidates = [
        ProcessInfo.processInfo.environment["HALLMARK_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser",
    ]
    return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// What headless Chromium made of a page: its console and network complaints, and its DOM.
private struct BrowserVisit {
    var complaints: [String]
    var dom: String

    /// Opens `path` with the network cut off (every host resolves to nothing), logging the console.
    init(_ path: String, screenshot: String? = nil, width: Int = 1280, height: Int = 900) throws {
        var arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=\(width),\(height)",
            "--user-data-dir=" + (try makeTemporaryDirectory()),
        ]
        arguments += screenshot.map { ["--screenshot=\($0)"] } ?? ["--dump-dom"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = arguments + ["file://" + path]
        let output = Pipe()
        process.standardOutput = output
        // Standard error to a file: Chromium is chatty there, and a full pipe would stall it.
        let errorPath = try makeTemporaryDirectory() + "/stderr.txt"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorData = FileManager.default.contents(atPath: errorPath) ?? Data()
        dom = String(decoding: outputData, as: UTF8.self)
        // Console messages, CSP refusals and failed loads; Chromium's own start-up noise is not about the page.
        complaints = String(decoding: errorData, as: UTF8.self).split(separator: "\n").map(String.init).filter {
            $0.contains("CONSOLE") || $0.contains("Refused to") || $0.contains("ERR_NAME_NOT_RESOLVED")
                || $0.contains("Content Security Policy")
        }
    }
}

@Suite(
    "The HTML report in a real headless Chromium",
    .enabled(if: chromium != nil, "no chromium: scripts/test installs Debian's chromium (scripts/install-deps --test)"))
struct HTMLReportTests {
    @Test("the page loads nothing, runs nothing, logs nothing, and shows the verdict and every rule")
    func clean() throws {
        let standard = try Standard(
            contentsOfFile: packageRoot + "/Standards/nhs/practice-prescribing.yaml", root: packageRoot + "/Standards")
        let report = Validator(standard: standard).validate(
            bytes: Array(
                try String(contentsOfFile: packageRoot + "/Fixtures/prescribing/sample-invalid.csv", encoding: .utf8)
                    .utf8), inputName: "sample-invalid.csv")
        let directory = try makeTemporaryDirectory()
        let path = directory + "/report.html"
        try write(HTMLReportWriter().render(report), to: path)
        let visit = try BrowserVisit(path)
        #expect(visit.complaints.isEmpty, "\(visit.complaints)")
        #expect(visit.dom.contains("✗ sample-invalid.csv does not meet nhs.practice-prescribing 1.0.0"))
        for rule in report.findingsByRule { #expect(visit.dom.contains(rule.ruleID)) }

        // Screenshots at phone and desktop widths, kept for a person to look at.
        let shots = packageRoot + "/.build/html-screenshots"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        for (name, width, height) in [("phone", 390, 844), ("desktop", 1280, 900)] {
            let visit = try BrowserVisit(path, screenshot: "\(shots)/\(name).png", width: width, height: height)
            #expect(visit.complaints.isEmpty, "\(name): \(visit.complaints)")
            #expect(FileManager.default.fileExists(atPath: "\(shots)/\(name).png"))
        }
    }

    @Test("hostile values stay text: no element, no script, no request")
    func hostile() throws {
        let standard = try loadStandard(
            standardYAML(fields: "  A: { type: integer, help: '<img src=https://x.test/h>' }"))
        let cells = [
            "<script>console.error('ran')</script>", "<img src=x onerror=console.error(1)>",
            "\"><iframe src=https://x.test>", "<style>@import 'https://x.test/a.css'</style>", "\u{202E}evil",
        ]
        let csv = "A\n" + cells.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: "\n")
        let report = Validator(standard: standard).validate(bytes: Array(csv.utf8), inputName: "<b>name</b>.csv")
        let path = try makeTemporaryDirectory() + "/hostile.html"
        try write(HTMLReportWriter().render(report), to: path)
        let visit = try BrowserVisit(path)
        #expect(visit.complaints.isEmpty, "\(visit.complaints)")
        for tag in ["<script", "<img", "<iframe", "<b>"] { #expect(!visit.dom.contains(tag), "\(tag)") }
        #expect(visit.dom.contains("&lt;script&gt;console.error('ran')&lt;/script&gt;"))
    }

    @Test("the check itself sees a script, a blocked style and an outside request (so it can fail)")
    func checkCanFail() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/bad.html"
        try write(
            """
            <!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'">
            <style>body{color:red}</style></head><body><img src="https://x.test/i.png"></body></html>
            """, to: path)
        #expect(!(try BrowserVisit(path).complaints.isEmpty))
        try write("<!doctype html><script>console.error('boom')</script>", to: path)
        #expect(try BrowserVisit(path).complaints.contains { $0.contains("boom") })
    }
}
