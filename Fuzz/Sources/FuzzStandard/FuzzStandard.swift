// The input is a standard's YAML, loaded as text with no root, as a service receiving standards from
// strangers would. A standard that loads is applied to a small table built from its own fields; one
// that does not must explain itself in short, escaped, located messages, as must its warnings.

import FuzzDriver
import FuzzSupport
import Hallmark

/// Loader messages quote excerpts of at most 60 characters (paths 240) and at most eight codes
/// (SecurityAndLimits.md); escaping can make an excerpt six times longer. Far above any real message,
/// far below a message that echoes its input.
private let longestDiagnostic = 1_000

/// One input, as libFuzzer calls it: returns 0, or stops the process on a broken invariant.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStandard(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let yaml = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let standard: Standard
    do {
        standard = try Standard(yaml: yaml, name: "fuzz.yaml")
    } catch {
        if !error.diagnostics.contains(where: { $0.severity == .error }) {
            fuzzFailure("a standard was rejected without an error: \(preview(error.diagnostics))")
        }
        check(error.diagnostics)
        if let scalar = firstUnsafeScalar(in: error.description, allowingLineFeeds: true) {
            fuzzFailure("raw U+\(String(scalar.value, radix: 16, uppercase: true)) in \(preview(error.description))")
        }
        return 0
    }
    // Advice about a standard that loads (a pattern prone to backtracking) is held to the same rules.
    if let advice = standard.warnings.first(where: { $0.severity != .warning }) {
        fuzzFailure("a loaded standard has a warning of severity \(advice.severity): \(preview(advice))")
    }
    check(standard.warnings)
    let validator = Validator(standard: standard)
    let ids = validator.rules.map(\.id)
    if Set(ids).count != ids.count { fuzzFailure("two rules share an id: \(preview(ids))") }
    let report = validator.validate(bytes: sampleTable(for: standard))
    checkInvariants(report, maxExamples: validator.options.maxExamples)
    checkRendering(report)
    return 0
}

/// libFuzzer's driver, started from the entry point SwiftPM links (see FuzzDriver.h).
@_cdecl("FuzzStandard_main")
public func fuzzStandardMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    hallmark_fuzz_main(argc, argv)
}

/// Each message is short, escaped and located (SecurityAndLimits.md: messages quote excerpts).
private func check(_ diagnostics: [StandardDiagnostic]) {
    for diagnostic in diagnostics {
        let text = diagnostic.description
        if text.count > longestDiagnostic {
            fuzzFailure("a \(text.count)-character diagnostic: \(preview(text))")
        }
        if let scalar = firstUnsafeScalar(in: text) {
            fuzzFailure("raw U+\(String(scalar.value, radix: 16, uppercase: true)) in diagnostic \(preview(text))")
        }
        if let location = diagnostic.location, location.line < 1 || location.column < 1 {
            fuzzFailure("diagnostic located at \(location): \(preview(text))")
        }
    }
}

/// A header of the standard's field names, then rows that give every field a value of its type, no
/// value, a wrong value, and the first row again (for `unique` and primary keys).
private func sampleTable(for standard: Standard) -> [UInt8] {
    let dialect = standard.table.dialect
    let separator = String(UnicodeScalar(dialect.delimiter))
    func row(_ cell: (FieldSpec) -> String) -> String {
        standard.fields.map(cell).joined(separator: separator) + "\n"
    }
    let typical = row { typicalValue(of: $0.type) }
    var table = dialect.hasHeader ? row(\.name) : ""
    table += typical + row { _ in "" } + row { _ in "x" } + typical
    return Array(table.utf8)
}

private func typicalValue(of type: FieldType) -> String {
    switch type {
    case .integer: "42"
    case .decimal: "3.50"
    case .number: "6.02e23"
    case .boolean: "true"
    case .date: "2024-02-29"
    case .time: "12:34:56"
    case .datetime: "2024-02-29T12:34:56Z"
    case .year: "2024"
    case .yearmonth: "2024-02"
    case .string: "A1"
    case .duration: "P1Y2M"
    case .geopoint: "\"-1.5, 54.5\""
    case .object: "\"{\"\"a\"\": 1}\""
    case .array: "[1]"
    case .geojson: "\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [1, 2]}\""
    case .topojson: "\"{\"\"type\"\": \"\"LineString\"\", \"\"arcs\"\": [0]}\""
    case .list: "a"
    case .uri: "https://example.org/a"
    case .base64: "dGVzdA=="
    }
}
