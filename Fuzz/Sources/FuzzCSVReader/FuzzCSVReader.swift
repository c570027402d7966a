// The CSV reader under every dialect. Byte 0 picks the dialect, byte 1 the feeding plan and limits,
// the rest is the table. Invariant: a table fed to a session in small chunks gives exactly the report
// of the same bytes given at once, so no parser state is lost at a chunk edge. Also: values of the
// sensitive field only ever appear as their shape.

import FuzzDriver
import FuzzSupport
import Hallmark

/// One input, as libFuzzer calls it: returns 0, or stops the process on a broken invariant.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count >= 2 else { return 0 }
    let input = UnsafeRawBufferPointer(start: start, count: count)
    let dialect = input[0]
    let plan = input[1]
    let data = Array(input[2...])
    let validator = cachedValidator(dialect: dialect, plan: plan)

    let whole = validator.validate(bytes: data)
    let session = validator.makeSession()
    // Chunk sizes cycle through 1...17 from an offset the input picks; odd chunks go in as a
    // non-contiguous collection (copied by `feed`), and plan bit 4 adds an empty feed after each.
    var offset = 0
    var index = Int(plan & 0x0F)
    while offset < data.count {
        let end = min(offset + 1 + index % 17, data.count)
        if index.isMultiple(of: 2) {
            session.feed(data[offset..<end])
        } else {
            session.feed(data[offset..<end].lazy.map { $0 })
        }
        if plan & 0x10 != 0 { session.feed([UInt8]()) }
        offset = end
        index += 1
    }
    expectSameReport(whole, session.finish(), "validate(bytes:) and a session fed in chunks")

    checkInvariants(whole, maxExamples: validator.options.maxExamples)
    checkSensitiveMasked(whole, headerRow: whole.table?.headerRow)
    checkRendering(whole)
    return 0
}

/// libFuzzer's driver, started from the entry point SwiftPM links (see FuzzDriver.h).
@_cdecl("FuzzCSVReader_main")
public func fuzzCSVReaderMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    hallmark_fuzz_main(argc, argv)
}

/// The sensitive field is `NHS`. Its values are reported only as their shape (`CellText.reported`):
/// digits `#`, letters `A`/`a`, other ASCII punctuation and spaces kept, anything else `*`, and `…`
/// when cut. Header findings (on the header's row) quote the label, not data, and are skipped.
private func checkSensitiveMasked(_ report: Report, headerRow: Int?) {
    for rule in report.findingsByRule {
        for example in rule.examples where example.field == "NHS" && (example.row ?? .max) > (headerRow ?? 0) {
            guard let value = example.value else { continue }
            let leaked = value.unicodeScalars.first { scalar in
                switch scalar {
                case "A", "a", "…": false
                case "0"..."9", "A"..."Z", "a"..."z": true
                default: scalar.value < 0x20 || scalar.value > 0x7E
                }
            }
            if let leaked {
                fuzzFailure(
                    "\(rule.ruleID) row \(example.row ?? 0) shows \(preview(leaked)) of sensitive NHS: \(preview(value))"
                )
            }
        }
    }
}

/// Compiling a standard costs far more than checking a small table; libFuzzer runs the harness on
/// one thread, so an unsynchronised cache is safe.
nonisolated(unsafe) private var validators: [UInt16: Validator] = [:]

private func cachedValidator(dialect: UInt8, plan: UInt8) -> Validator {
    let key = UInt16(dialect) << 8 | UInt16(plan & 0xE0)
    if let cached = validators[key] { return cached }
    let yaml = standardYAML(dialect: dialect, subset: plan & 0x80 != 0)
    let standard: Standard
    do {
        standard = try Standard(yaml: yaml, name: "fuzz-csv.yaml")
    } catch {
        fuzzFailure("the harness's own standard does not load: \(error)\n\(yaml)")
    }
    var options = Validator.Options()
    options.maxExamples = 3  // small, so that the cut-off falls inside the table and must survive chunking
    options.maxErrors = [nil, 1, 2, 5][Int(plan >> 5) & 3]
    let validator = Validator(standard: standard, options: options)
    validators[key] = validator
    return validator
}

/// A standard with one field of each kind of check, in the dialect the first byte picks:
/// bits 0–1 delimiter, 2 quoting, 3 header row, 4 comment lines, 5–6 line ending, 7 an escape
/// character, or, when cells are not quoted, a published spreadsheet's layout: a title line, blank
/// rows skipped, a footer, trimmed values and labels, a trailing empty column, and windows-1252
/// (even delimiters) or UTF-16 (odd ones), whose byte pairs chunks cut in half.
private func standardYAML(dialect byte: UInt8, subset: Bool) -> String {
    let delimiter = [",", ";", "\\t", "|"][Int(byte & 3)]
    let quoted = byte & 0x04 != 0
    var dialect = [
        "delimiter: \"\(delimiter)\"",
        quoted ? "quote: '\"'" : "quote: null",
        "has-header: \(byte & 0x08 != 0)",
        "line-ending: \(["any", "lf", "crlf", "cr"][Int(byte >> 5) & 3])",
    ]
    if byte & 0x10 != 0 { dialect.append("comment: \"#\"") }
    if byte & 0x80 != 0 && quoted { dialect.append("escape: \"\\\\\"") }
    var table = ""
    if byte & 0x80 != 0 && !quoted {
        dialect += [
            "header-row: 2", "skip-blank-rows: true", "encoding: \(byte & 1 == 0 ? "windows-1252" : "utf-16")",
        ]
        table = "footer: 'Total'\n  trim: true\n  header-match: trimmed\n  trailing-empty-column: allow"
    }
    return """
        hallmark: 1
        id: fuzz.csv-reader
        version: 1.0.0
        formats:
          nhs-number: { pattern: '[0-9]{10}', checksum: nhs-modulus-11 }
        table:
          dialect: { \(dialect.joined(separator: ", ")) }
          missing: ["", "NA"]
          fields-match: \(subset ? "subset" : "exact")
          \(table)
        fields:
          ID: { type: integer, min: 1, unique: true }
          CODE: { pattern: '[A-Z][0-9]{2}', required: true }
          NHS: { format: nhs-number, sensitive: true, unique: true }
          WHEN: { type: date }
          AMOUNT: { type: decimal, min: 0, scale: 2 }
          KIND: { values: [a, b, c], severity: warning }
        dataset:
          primary-key: [CODE, WHEN]
          completeness: { AMOUNT: 50% }

        """
}
