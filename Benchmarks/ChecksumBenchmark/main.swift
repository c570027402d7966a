// The per-cell cost of each checksum: millions of cells per second, checked straight from a byte
// buffer as the validator does. (The algorithms use only the stack: nothing is allocated per cell.)
//
//   swift run -c release checksum-benchmark [CELLS]      (default 2,000,000 cells per algorithm)
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
    // One buffer of cells back to back, as a record holds them.
    var buffer: [UInt8] = []
    var ranges: [Range<Int>] = []
    for value in values {
        ranges.append(buffer.count..<buffer.count + value.utf8.count)
        buffer.append(contentsOf: value.utf8)
    }
    let start = ContinuousClock.now
    var passed = 0
    buffer.withUnsafeBytes { bytes in
        for index in 0..<cells {
            if checksum.isValid(UnsafeRawBufferPointer(rebasing: bytes[ranges[index % ranges.count]])) { passed += 1 }
        }
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let perSecond = Double(cells) / seconds
    print(
        "| \(checksum.rawValue) | \(String(format: perSecond / 1e6, digits: 1)) | \(String(format: 1e9 / perSecond, digits: 1)) |"
    )
    precondition(passed > 0)
}

extension String {
    init(format value: Double, digits: Int) {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        self = "\(rounded)"
    }
}
