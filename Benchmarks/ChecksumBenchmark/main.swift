// The cost of each part of a pass on its own, on one core: the CSV parser (cells and megabytes
// per second), each value syntax and checksum, patterns through their byte automaton and through
// PCRE2's JIT (millions of cells per second, checked straight from a byte buffer as the validator
// does, nothing allocated per cell), and row rules (nanoseconds per rule per row, over a
// sequential pass of in-memory rows with and without them).
//
//   swift run -c release checksum-benchmark [CELLS]      (default 2,000,000 cells per check)
import Hallmark

let cells = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 2_000_000
let samples: [(Checksum, [String])] = [
    (.nhsModulus11, ["9434765919", "4010232137", "9990001111", "9434765918"]),
    (.luhn, ["79927398713", "4111111111111111", "5500005555555559"]),
    (.iso7064Mod97_10, ["5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55"]),
    (.iban, ["GB82WEST12345698765432", "DE89370400440532013000", "MT84MALT011000012345MTLCAST001S"]),
    (.iso7064Mod11_2, ["0000-0002-1825-0097", "0000-0002-1694-233X"]),
    (.isbn10, ["0306406152", "080442957X"]),
    (.isbn, ["978-0-306-40615-7", "0306406152"]),
    (.gtin, ["4006381333931", "73513537", "10614141000415"]),
    (.issn, ["0378-5955", "1050-124X"]),
    (.ukVAT, ["GB980780684", "434031494", "GD001"]),
    (.chi, ["0101011237", "1404561234"]),
    (.verhoeff, ["2363", "1428570"]),
    (.damm, ["5724", "1234566"]),
    (.isin, ["US0378331005", "AU0000XVGZA3"]),
]

print("| checksum | million cells/s | ns per cell |")
print("|---|---:|---:|")
for (checksum, values) in samples {
    let (perSecond, passed) = measure(values) { checksum.isValid($0) }
    print(
        "| \(checksum.rawValue) | \(String(format: perSecond / 1e6, digits: 1)) | \(String(format: 1e9 / perSecond, digits: 1)) |"
    )
    precondition(passed > 0)
}

/// Cells a second, and how many of them `check` passed, over `values` back to back in one buffer
/// as a record holds them.
func measure(_ values: [String], _ check: (UnsafeRawBufferPointer) -> Bool) -> (perSecond: Double, passed: Int) {
    var buffer: [UInt8] = []
    var ranges: [Range<Int>] = []
    for value in values {
        ranges.append(buffer.count..<buffer.count + value.utf8.count)
        buffer.append(contentsOf: value.utf8)
    }
    let start = ContinuousClock.now
    var passed = 0
    buffer.withUnsafeBytes { bytes in
        for index in 0..<cells where check(UnsafeRawBufferPointer(rebasing: bytes[ranges[index % ranges.count]])) {
            passed += 1
        }
    }
    return (Double(cells) / seconds(ContinuousClock.now - start), passed)
}

let patterns: [(String, [String])] = [
    ("[A-Z][0-9]{5}", ["A81001", "B82005", "a81001", "A8100"]),
    ("[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}", ["SW1A 1AA", "M1 1AE", "B33 8TH", "HD58AB"]),
    ("[0-9]{4}[0-9A-Z]{5,11}", ["0407010H0AAAMAM", "0501013B0AAABAB", "1001"]),
    ("[EJKLMNSW][0-9]{8}", ["E06000001", "W06000022", "X06000001"]),
    (
        "GIR|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]([0-9]|[ABEHMNPRV-Y])?|[0-9][A-HJKPS-UW])",
        ["SW1A", "M1", "EC1A", "QA1"]
    ),
]
print()
print("| pattern | automaton: million cells/s | PCRE2 JIT: million cells/s | speed-up |")
print("|---|---:|---:|---:|")
for (source, values) in patterns {
    let automaton = try CompiledPattern(source)
    let pcre = try CompiledPattern(source, automaton: false)
    precondition(automaton.automaton != nil, "\(source) has no automaton")
    let viaAutomaton = PatternMatcher(automaton)
    let viaPCRE = PatternMatcher(pcre)
    let fast = measure(values) { viaAutomaton.match($0) == .match }
    let slow = measure(values) { viaPCRE.match($0) == .match }
    precondition(fast.passed == slow.passed && fast.passed > 0)
    print(
        "| `\(source.count > 40 ? String(source.prefix(37)) + "…" : source)` | \(String(format: fast.perSecond / 1e6, digits: 1)) | \(String(format: slow.perSecond / 1e6, digits: 1)) | \(String(format: fast.perSecond / slow.perSecond, digits: 1))× |"
    )
}

// The parser on rows shaped like the prescribing benchmark's (one quoted cell with doubled quotes
// in every tenth row), about 20 MB.
func prescribingRow(named name: String) -> String {
    "201401,Y62,QHO,Y28451,\(name),NR99 8WL,0304010JAAAFEAM,Cetirizine 100micrograms/dose oral solution,29,400,11600,243.37,234.65584,ml,2014-01-22,9993880434\n"
}
let plainRow = prescribingRow(named: "ELM TREE PRACTICE")
let quotedRow = prescribingRow(named: "\"THE \"\"ELM TREE\"\" PRACTICE\"")
let table = Array((0..<120_000).map { $0 % 10 == 0 ? quotedRow : plainRow }.joined().utf8)
/// Cells a second and bytes a second of the parser over `table`, with or without the structural scan.
func parse(_ table: [UInt8], structuralScan: Bool) -> (cellsPerSecond: Double, bytesPerSecond: Double) {
    var parser = CSVParser(dialect: CSVDialect(), structuralScan: structuralScan)
    var record = CSVRecord()
    var parsedCells = 0
    let start = ContinuousClock.now
    table.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
            let step = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]), into: &record)
            offset += step.consumed
            if step.isComplete { parsedCells += record.fieldCount }
        }
    }
    let elapsed = seconds(ContinuousClock.now - start)
    precondition(parsedCells == 120_000 * 16)
    return (Double(parsedCells) / elapsed, Double(table.count) / elapsed)
}
print()
print("| CSV parser, prescribing-shaped rows | million cells/s | MB/s |")
print("|---|---:|---:|")
for (name, scan) in [
    ("structural scan (\(CSVParser.scanIsVectorized ? "AVX2" : "portable loop"))", true),
    ("state machine alone", false),
] {
    let speed = parse(table, structuralScan: scan)
    print(
        "| \(name) | \(String(format: speed.cellsPerSecond / 1e6, digits: 1)) | \(String(format: speed.bytesPerSecond / 1e6, digits: 0)) |"
    )
}

let syntaxes: [(String, [String], (UnsafeRawBufferPointer) -> Bool)] = [
    ("integer", ["29", "400", "-11600", "12x"], { IntegerSyntax.parse($0) != nil }),
    ("decimal (syntax and scale)", ["243.37", "234.65584", "-0.5", "1e3"], { DecimalNumber.scan($0) != nil }),
    ("exact number (value, for rules)", ["243.37", "234.65584", "-0.5", "12"], { ExactNumber.parse($0) != nil }),
    ("number (double)", ["243.37", "2.5e-3", "NaN", "x"], { FloatSyntax.parse($0) != nil }),
    ("date (ISO 8601)", ["2014-01-22", "2024-02-29", "2023-02-29", "22/01/2014"], { ISOTemporal.date($0) != nil }),
]
print()
print("| value syntax | million cells/s | ns per cell |")
print("|---|---:|---:|")
for (name, values, check) in syntaxes {
    let (perSecond, passed) = measure(values, check)
    precondition(passed > 0)
    print("| \(name) | \(String(format: perSecond / 1e6, digits: 1)) | \(String(format: 1e9 / perSecond, digits: 1)) |")
}

// Row rules: one core, a sequential pass over in-memory rows, with and without each rule, so a
// rule's cost is the difference. The two passes are timed in turn, seven times each, and the best
// of each kept: on a shared machine whose speed drifts, a baseline timed once at the start made
// some rules' costs come out negative.
let ruleFields = """
    fields:
      NIC: { type: decimal }
      ACTUAL_COST: { type: decimal }
      ITEMS: { type: integer }
      QUANTITY: { type: integer }
      DISPENSED_DATE: { type: date }
      PRACTICE_NAME: { type: string }
    """
let ruleRows = Array(
    ("NIC,ACTUAL_COST,ITEMS,QUANTITY,DISPENSED_DATE,PRACTICE_NAME\n"
        + (0..<200_000).map {
            "\(243 + $0 % 50).37,234.6558\($0 % 10),\(29 + $0 % 7),400,2014-01-\(10 + $0 % 19),THE ELM TREE PRACTICE\n"
        }
        .joined()).utf8)
let rules: [(String, String)] = [
    ("the least a rule costs: true", "true"),
    ("one comparison: ITEMS <= QUANTITY", "ITEMS <= QUANTITY"),
    (
        "arithmetic: ACTUAL_COST <= NIC * 2 + 1 and ITEMS <= QUANTITY",
        "ACTUAL_COST <= NIC * 2 + 1 and ITEMS <= QUANTITY"
    ),
    (
        "dates: year(D) * 100 + month(D) >= 201401 and D <= today()",
        "year(DISPENSED_DATE) * 100 + month(DISPENSED_DATE) >= 201401 and DISPENSED_DATE <= today()"
    ),
    (
        "text: length(trim(NAME)) > 2 and not starts-with(upper(NAME), \"XX\")",
        "length(trim(PRACTICE_NAME)) > 2 and not starts-with(upper(PRACTICE_NAME), \"XX\")"
    ),
]
func validator(_ rules: [String]) throws -> Validator {
    let yaml =
        "hallmark: 1\nid: rules-benchmark\nversion: 1.0.0\n" + ruleFields + "\n"
        + (rules.isEmpty
            ? ""
            : "rules:\n"
                + rules.enumerated().map { "  - { id: r\($0), assert: '\($1)', message: m }" }.joined(separator: "\n"))
    var options = Validator.Options()
    options.today = "2026-06-30"
    return Validator(standard: try Standard(yaml: yaml), options: options)
}
func passSeconds(_ validator: Validator) -> Double {
    let start = ContinuousClock.now
    let report = validator.validate(bytes: ruleRows)
    precondition(report.totals.rows == 200_000)
    return seconds(ContinuousClock.now - start)
}
/// The best time of a pass without rules and of one with `rule`, timed in turn.
func bestInTurn(_ rule: String) throws -> (plain: Double, ruled: Double) {
    let plain = try validator([])
    let ruled = try validator([rule])
    var best = (plain: Double.infinity, ruled: Double.infinity)
    for _ in 0..<7 {
        best.plain = min(best.plain, passSeconds(plain))
        best.ruled = min(best.ruled, passSeconds(ruled))
    }
    return best
}
print()
print("| row rule (200,000 rows, one core) | ns per row |")
print("|---|---:|")
var plainBest = Double.infinity
var costs: [(String, Double)] = []
for (name, expression) in rules {
    let best = try bestInTurn(expression)
    plainBest = min(plainBest, best.plain)
    costs.append((name, best.ruled - best.plain))
}
print("| the pass without rules (6 typed fields) | \(String(format: plainBest / 200_000 * 1e9, digits: 0)) |")
for (name, cost) in costs {
    print("| + \(name) | \(String(format: cost / 200_000 * 1e9, digits: 0)) |")
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

extension String {
    init(format value: Double, digits: Int) {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        self = "\(rounded)"
    }
}
