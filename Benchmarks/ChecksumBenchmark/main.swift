// The per-cell cost of each checksum, and of patterns through their byte automaton and through
// PCRE2's JIT: millions of cells per second, checked straight from a byte buffer as the validator
// does. (Nothing is allocated per cell.)
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
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (Double(cells) / seconds, passed)
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

extension String {
    init(format value: Double, digits: Int) {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        self = "\(rounded)"
    }
}
