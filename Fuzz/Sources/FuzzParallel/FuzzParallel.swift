// The parallel file path against itself and against the sequential one. Byte 0 picks the block size
// and standard (plain, headerless with comments, a published spreadsheet in windows-1252 with a
// title block and footer, UTF-16 under a title line), byte 1 the limits, the rest is the file. The same file validated with one worker and
// 4 MiB blocks, with three workers and blocks of 1–64 bytes (so records, quotes and CRLFs straddle
// block edges), and as bytes in memory must give one report (CONTRIBUTING.md: "the report never
// depends on jobs or the block size").

import Foundation
import FuzzDriver
import FuzzSupport
import Hallmark

/// One input, as libFuzzer calls it: returns 0, or stops the process on a broken invariant.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParallel(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count >= 2 else { return 0 }
    let input = UnsafeRawBufferPointer(start: start, count: count)
    let shape = input[0]
    let limits = input[1]
    let data = Data(input[2...])

    var options = Validator.Options()
    options.maxErrors = [nil, 1, 2, 3, 5, 8, 13, 40][Int(limits & 7)]
    options.maxExamples = [20, 0, 1, 3][Int(limits >> 3) & 3]
    if limits & 0x20 != 0 { options.maxRecordBytes = 16 }  // oversized records, split across blocks
    if limits & 0x40 != 0 { options.maxRecordCells = 4 }
    let standard = standards[Int(shape >> 6) & 3]

    var sequential = options
    sequential.jobs = 1
    var parallel = options
    parallel.jobs = 3
    parallel.blockSize = 1 + Int(shape & 0x3F)
    let path = NSTemporaryDirectory() + "hallmark-fuzz-parallel-\(getpid()).csv"

    // Gzip (1F 8B) is inflated by the file path only; anything else must match the in-memory path.
    let isGzip = data.starts(with: [0x1F, 0x8B])
    let memory = Validator(standard: standard, options: options).validate(bytes: Array(data), inputName: path)

    // One file per process (libFuzzer's -fork and -jobs run several), rewritten for every input.
    guard FileManager.default.createFile(atPath: path, contents: data) else {
        fuzzFailure("cannot write \(path)")
    }
    defer { unlink(path) }

    let one = validate(path, with: Validator(standard: standard, options: sequential))
    let three = validate(path, with: Validator(standard: standard, options: parallel))
    switch (one, three) {
    case (.success(let a), .success(let b)):
        expectSameReport(a, b, "jobs 1 with 4 MiB blocks and jobs 3 with \(parallel.blockSize)-byte blocks")
        if !isGzip { expectSameReport(a, memory, "validate(fileAt:) and validate(bytes:)") }
        checkInvariants(a, maxExamples: options.maxExamples)
        checkStop(a, maxErrors: options.maxErrors)
        checkRendering(a)
    case (.failure(let a), .failure(let b)):
        if a.code != b.code { fuzzFailure("jobs 1 threw \(a.code), jobs 3 threw \(b.code)") }
    case (.success, .failure(let error)):
        fuzzFailure("jobs 1 gave a report, jobs 3 threw \(error)")
    case (.failure(let error), .success):
        fuzzFailure("jobs 1 threw \(error), jobs 3 gave a report")
    }
    return 0
}

/// libFuzzer's driver, started from the entry point SwiftPM links (see FuzzDriver.h).
@_cdecl("FuzzParallel_main")
public func fuzzParallelMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    hallmark_fuzz_main(argc, argv)
}

private func validate(_ path: String, with validator: Validator) -> Result<Report, InputError> {
    runBlocking {
        do throws(InputError) {
            return .success(try await validator.validate(fileAt: path))
        } catch {
            return .failure(error)
        }
    }
}

/// `maxErrors` stops the pass after the row in which that many errors were found, so a report that
/// stopped early has at least that many; no other reason to stop applies here (no timeout is set).
private func checkStop(_ report: Report, maxErrors: Int?) {
    guard let reason = report.totals.stopReason else { return }
    guard reason == .errorLimit, let maxErrors else { fuzzFailure("stopped early (\(reason)) without maxErrors") }
    if report.totals.findings.error < maxErrors {
        fuzzFailure("stopped early with \(report.totals.findings.error) errors, limit \(maxErrors)")
    }
}

/// Two fixed standards (loaded once): the default dialect with a header, and one without a header
/// that has comment lines, a backslash escape and CRLF line endings, so their state crosses blocks too.
private let standards: [Standard] = [
    load(dialect: "{ has-header: true }"),
    load(dialect: ##"{ has-header: false, comment: "#", escape: "\\", line-ending: crlf }"##),
    // A published spreadsheet: a title block, blank rows, a footer, windows-1252, written-out amounts.
    load(
        dialect: "{ header-row: 3, skip-blank-rows: true, encoding: windows-1252 }",
        table: "footer: { pattern: '(Grand )?Total', max-rows: 3 }\n  trim: true\n  header-match: case-insensitive\n"
            + "  trailing-empty-column: allow",
        amount: "{ type: decimal, min: 0, currency: '£', group-char: ',', negative: parentheses }"),
    load(
        dialect: "{ encoding: utf-16, skip-rows: 1, has-header: false }",
        table: "cell-findings: all\n  whitespace: report",
        amount: "{ type: number, percent: true, decimal-char: ',', group-char: ' ' }"),
]

private func load(dialect: String, table: String = "", amount: String = "{ type: decimal, min: 0 }") -> Standard {
    let yaml = """
        hallmark: 1
        id: fuzz.parallel
        version: 1.0.0
        formats:
          nhs-number: { pattern: '[0-9]{10}', checksum: nhs-modulus-11 }
        table:
          dialect: \(dialect)
          missing: ["", "NA"]
          \(table)
        fields:
          ID: { type: integer, min: 1, unique: true }
          CODE: { pattern: '[A-Z][0-9]{3}', required: true }
          NOTE: { max-length: 40 }
          NHS: { format: nhs-number, sensitive: true }
          AMOUNT: \(amount)
        dataset:
          primary-key: [CODE, AMOUNT]
          rows: { max: 40 }
          completeness: { NOTE: 90% }

        """
    do {
        return try Standard(yaml: yaml, name: "fuzz-parallel.yaml")
    } catch {
        fuzzFailure("the harness's own standard does not load: \(error)")
    }
}
