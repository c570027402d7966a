// What every harness checks, whatever its input: the report's own consistency, its two renderings,
// and equality of two reports made from the same input by different paths.

import Dispatch
import Foundation
import Hallmark

/// Stops the run. libFuzzer takes the trap as a crash, prints this message and saves the input.
public func fuzzFailure(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("fuzz invariant violated: \(message)", file: file, line: line)
}

// MARK: - Text shown to people

/// Characters that text shown to people must never contain raw (see SecurityAndLimits.md): C0
/// controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates.
public func isUnsafeForDisplay(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}

/// The first character of `text` that must have been escaped; line feeds are allowed when the
/// text is a multi-line rendering.
public func firstUnsafeScalar(in text: String, allowingLineFeeds: Bool = false) -> Unicode.Scalar? {
    // Scans UTF-8 bytes rather than decoded scalars (several times faster in an instrumented build):
    // in valid UTF-8 these controls start with a byte below 0x20 or 0x7F, 0xC2 (C1) or 0xE2 (U+2xxx).
    var text = text
    return text.withUTF8 { bytes -> Unicode.Scalar? in
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F {
                if !(allowingLineFeeds && byte == 0x0A) { return Unicode.Scalar(byte) }
            } else if byte == 0xC2 || byte == 0xE2 {
                let end = min(index + (byte == 0xC2 ? 2 : 3), bytes.count)
                let scalar = String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars.first!
                if isUnsafeForDisplay(scalar) { return scalar }
            }
            index += 1
        }
        return nil
    }
}

/// A short, escaped preview of some text for a failure message (the text itself may be huge).
public func preview(_ value: Any, limit: Int = 160) -> String {
    let text = String(describing: value)
    let escaped = text.unicodeScalars.prefix(limit).map { scalar in
        isUnsafeForDisplay(scalar) ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }.joined()
    return text.unicodeScalars.count > limit ? escaped + "…" : escaped
}

// MARK: - Comparing reports

/// Whether two reports are equal apart from when they were made and how long they took.
public func equalIgnoringTiming(_ a: Report, _ b: Report) -> Bool {
    var b = b
    b.timing = a.timing  // Timing has no public initializer: copy one side's into the other.
    return a == b
}

/// Where two reports first differ, in a line short enough for a crash message.
public func firstDifference(_ a: Report, _ b: Report) -> String {
    func differ<T: Equatable>(_ name: String, _ x: T, _ y: T) -> String? {
        x == y ? nil : "\(name): \(preview(x)) ≠ \(preview(y))"
    }
    let top: [String?] = [
        differ("reportVersion", a.reportVersion, b.reportVersion),
        differ("isValid", a.isValid, b.isValid),
        differ("standard", a.standard, b.standard),
        differ("input", a.input, b.input),
        differ("totals", a.totals, b.totals),
        differ("scope", a.scope, b.scope),
        differ("rules with findings", a.findingsByRule.map(\.ruleID), b.findingsByRule.map(\.ruleID)),
    ]
    if let first = top.compactMap({ $0 }).first { return first }
    for (x, y) in zip(a.findingsByRule, b.findingsByRule) where x != y {
        if x.count != y.count { return "\(x.ruleID) count: \(x.count) ≠ \(y.count)" }
        if x.examples.count != y.examples.count {
            return "\(x.ruleID) examples: \(x.examples.count) ≠ \(y.examples.count)"
        }
        if let index = x.examples.indices.first(where: { x.examples[$0] != y.examples[$0] }) {
            return "\(x.ruleID) example \(index): \(preview(x.examples[index])) ≠ \(preview(y.examples[index]))"
        }
        return "\(x.ruleID): \(preview(x)) ≠ \(preview(y))"
    }
    return equalIgnoringTiming(a, b) ? "no difference" : "timing only"
}

/// Fails unless `a` and `b` are equal apart from their timing (and the effects of known bugs).
public func expectSameReport(_ a: Report, _ b: Report, _ what: String) {
    if !equalIgnoringTiming(a, b) { fuzzFailure("\(what) differ: \(firstDifference(a, b))") }
}

// MARK: - A report's own consistency

/// Checks what every report promises (Report.swift, FindingExample.swift): exact counts that add up
/// to the totals, at most `maxExamples` examples per rule in input order, each placed and keyed,
/// rules worst first, and unique rule ids.
public func checkInvariants(_ report: Report, maxExamples: Int) {
    var sums: [Severity: Int] = [:]
    var seen: Set<String> = []
    let scope = Set(report.scope)
    if scope.count != report.scope.count { fuzzFailure("scope repeats a rule id: \(preview(report.scope))") }
    for rule in report.findingsByRule {
        sums[rule.severity, default: 0] += rule.count
        if !seen.insert(rule.ruleID).inserted { fuzzFailure("rule \(preview(rule.ruleID)) listed twice") }
        if !scope.contains(rule.ruleID) { fuzzFailure("rule \(preview(rule.ruleID)) has findings but is not in scope") }
        if rule.count < 1 { fuzzFailure("rule \(preview(rule.ruleID)) listed with count \(rule.count)") }
        if rule.examples.count > min(rule.count, maxExamples) {
            fuzzFailure("rule \(preview(rule.ruleID)): \(rule.examples.count) examples for \(rule.count) findings")
        }
        // Rows and lines are 1-based, and absent together (a finding about the whole table). The
        // row key names the record, key or label a finding is in: only findings about the whole
        // table, such as an empty file's, have none.
        for example in rule.examples {
            let keyed = example.rowKey != nil
            if keyed == (example.row == nil) {
                fuzzFailure("rule \(preview(rule.ruleID)): row and row key do not agree in \(preview(example))")
            }
            let placed =
                switch (example.row, example.line) {
                case (let row?, let line?): row >= 1 && line >= 1
                case (nil, nil): example.column == nil
                default: false
                }
            if !placed || (example.column ?? 1) < 1 {
                fuzzFailure("rule \(preview(rule.ruleID)): example at \(preview(example))")
            }
        }
        let rows = rule.examples.compactMap(\.row)
        for (earlier, later) in zip(rows, rows.dropFirst()) where later < earlier {
            fuzzFailure("rule \(preview(rule.ruleID)): examples out of input order, row \(earlier) then \(later)")
        }
    }
    let totals = report.totals.findings
    if sums[.error, default: 0] != totals.error || sums[.warning, default: 0] != totals.warning
        || sums[.info, default: 0] != totals.info
    {
        fuzzFailure("rule counts \(sums) do not add up to totals \(totals)")
    }
    if report.isValid != (totals.error == 0) { fuzzFailure("isValid \(report.isValid) with \(totals.error) errors") }
    if report.totals.rowsWithErrors > report.totals.rows || report.totals.rowsWithErrors < 0 {
        fuzzFailure("\(report.totals.rowsWithErrors) rows with errors of \(report.totals.rows) rows")
    }
    // Worst first: severity, then count, then id.
    for (a, b) in zip(report.findingsByRule, report.findingsByRule.dropFirst()) {
        let ordered =
            a.severity != b.severity
            ? a.severity > b.severity : a.count != b.count ? a.count > b.count : a.ruleID < b.ruleID
        if !ordered { fuzzFailure("rules out of order: \(preview(a.ruleID)) before \(preview(b.ruleID))") }
    }
}

/// Renders the report both ways: neither may contain a raw control or bidirectional character
/// (values from the data and the standard are escaped), and the JSON must read back as the report.
public func checkRendering(_ report: Report) {
    let json = JSONReportWriter().render(report)
    if let scalar = firstUnsafeScalar(in: json, allowingLineFeeds: true) {
        fuzzFailure("JSON report contains raw U+\(String(scalar.value, radix: 16, uppercase: true))")
    }
    do {
        let readBack = try Report(json: Array(json.utf8))
        if readBack != report { fuzzFailure("JSON report reads back different: \(firstDifference(report, readBack))") }
    } catch {
        fuzzFailure("JSON report does not read back: \(error); \(preview(json))")
    }
    let text = TextSummaryWriter().render(report)
    if let scalar = firstUnsafeScalar(in: text, allowingLineFeeds: true) {
        fuzzFailure("text summary contains raw U+\(String(scalar.value, radix: 16, uppercase: true))")
    }
}

// MARK: - Async from a libFuzzer callback

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?  // written by the task before it signals, read after the wait
}

/// Runs `operation` to completion from synchronous code. libFuzzer calls the harness on its own
/// thread, outside the cooperative pool, so blocking that thread on a semaphore is safe.
public func runBlocking<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await operation()
        done.signal()
    }
    done.wait()
    return box.value!
}
