import Foundation
import Testing

@testable import Hallmark

/// The package's root folder, for the shipped Standards/ and Fixtures/.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A fresh folder under the system's temporary directory.
func makeTemporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "hallmark-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Loads a standard from inline YAML; locations read `standard.yaml:LINE:COLUMN`.
func loadStandard(_ yaml: String, root: String? = packageRoot) throws -> Standard {
    try Standard(yaml: yaml, name: "standard.yaml", root: root)
}

/// The diagnostics a broken standard produces, one string each.
func diagnostics(of yaml: String, root: String? = packageRoot) -> [String] {
    do {
        _ = try Standard(yaml: yaml, name: "standard.yaml", root: root)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

/// The messages (without locations) of a standard that must fail to load; records an issue when it loads.
func loadFailure(_ load: () throws(StandardError) -> Standard) -> [String] {
    do {
        _ = try load()
        Issue.record("the standard loaded")
        return []
    } catch {
        return error.diagnostics.map(\.message)
    }
}

/// The codes of a broken standard's diagnostics, in order.
func codes(of yaml: String, root: String? = packageRoot) -> [String] {
    do {
        _ = try Standard(yaml: yaml, name: "standard.yaml", root: root)
        return []
    } catch {
        return error.diagnostics.map(\.code.rawValue)
    }
}

/// A minimal standard around the given `fields:` body (indented two spaces).
func standardYAML(fields: String, extra: String = "") -> String {
    """
    hallmark: 1
    id: test
    version: 1.0.0
    \(extra)
    fields:
    \(fields)
    """
}

/// Validates CSV text against inline YAML.
func validate(_ csv: String, against yaml: String, maxExamples: Int = 20) throws -> Report {
    var options = Validator.Options()
    options.maxExamples = maxExamples
    return Validator(standard: try loadStandard(yaml), options: options).validate(
        bytes: Array(csv.utf8), inputName: "data.csv")
}

extension Report {
    /// Finding counts by rule id, for compact assertions.
    var counts: [String: Int] {
        Dictionary(uniqueKeysWithValues: findingsByRule.map { ($0.ruleID, $0.count) })
    }

    func rule(_ id: String) -> RuleFindings? { findingsByRule.first { $0.ruleID == id } }
}

extension FindingExample {
    /// The example without its row key and cell position, to compare with one written out in a test.
    var withoutKeyAndPlace: FindingExample {
        var example = self
        example.rowKey = nil
        example.cellLine = nil
        example.cellColumn = nil
        return example
    }
}

/// A Python that can import every one of `modules`: `HALLMARK_TEST_PYTHON`, the venv `scripts/test`
/// makes (`.build/test-venv`), or the system's `python3`; `nil` when none can.
func testPython(importing modules: [String]) -> String? {
    let candidates = [
        ProcessInfo.processInfo.environment["HALLMARK_TEST_PYTHON"], packageRoot + "/.build/test-venv/bin/python",
        "/usr/bin/python3",
    ]
    return candidates.compactMap { $0 }.first { python in
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? runProcess(python, ["-c", modules.map { "import \($0)" }.joined(separator: "; ")]).status) == 0
    }
}

/// Runs a program to its end; its exit status and what it printed (standard error after standard output).
func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Validates bytes through the file path (the parallel pass) at jobs 1 to 4 and block sizes down
/// to 1 byte, and through a session fed in small pieces, and expects the same findings, totals and
/// table every way; returns the sequential report.
func validateEveryWay(
    _ bytes: [UInt8], against standard: Standard, sourceLocation: Testing.SourceLocation = #_sourceLocation
) async throws -> Report {
    let whole = Validator(standard: standard).validate(bytes: bytes, inputName: "data.csv")
    let path = try makeTemporaryDirectory() + "/data.csv"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    for (jobs, blockSize) in [(1, 4 << 20), (2, 1), (3, 7), (4, 64)] {
        var options = Validator.Options()
        options.jobs = jobs
        options.blockSize = blockSize
        let report = try await Validator(standard: standard, options: options).validate(fileAt: path)
        let setting = "jobs \(jobs), blocks of \(blockSize)"
        #expect(report.findingsByRule == whole.findingsByRule, "\(setting)", sourceLocation: sourceLocation)
        #expect(report.totals == whole.totals, "\(setting)", sourceLocation: sourceLocation)
        #expect(report.table == whole.table, "\(setting)", sourceLocation: sourceLocation)
    }
    for size in [1, 2, 5] {
        let session = Validator(standard: standard).makeSession()
        for start in stride(from: 0, to: bytes.count, by: size) {
            session.feed(bytes[start..<min(start + size, bytes.count)])
        }
        let report = session.finish()
        #expect(report.findingsByRule == whole.findingsByRule, "pieces of \(size)", sourceLocation: sourceLocation)
        #expect(report.table == whole.table, "pieces of \(size)", sourceLocation: sourceLocation)
    }
    return whole
}

/// ``validateEveryWay(_:against:sourceLocation:)`` for CSV text and a standard in inline YAML.
func validateEveryWay(
    _ csv: String, against yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) async throws -> Report {
    try await validateEveryWay(Array(csv.utf8), against: try loadStandard(yaml), sourceLocation: sourceLocation)
}
