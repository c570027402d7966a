import CHallmarkScan
import Testing

@testable import Hallmark

/// Everything a parsed record carries, raw ends and where parsing stopped included.
private struct ScannedRecord: Equatable, CustomStringConvertible {
    var cells: [[UInt8]]
    var positions: [Int]
    var line: Int
    var terminator: CSVRecord.Terminator
    var strayQuoteField: Int?
    var unterminated: Bool
    var oversized: Bool
    /// Bytes of the whole input consumed when the record completed.
    var endOffset: Int
    /// The scan said the record was all ASCII, or not, and was wrong (the state machine says nothing).
    var wrongASCII: Bool

    var description: String {
        let text = cells.map { String(decoding: $0, as: UTF8.self) }
        return "\(text) lines \(positions) @\(line) \(terminator) end \(endOffset)"
            + "\(strayQuoteField.map { " stray@\($0)" } ?? "")\(unterminated ? " unterminated" : "")"
            + (oversized ? " oversized" : "") + (wrongASCII ? " wrongly (non-)ASCII" : "")
    }
}

/// Parses `bytes` in blocks of `chunkSize`, with the structural scan on or off.
private func records(
    _ bytes: [UInt8], chunkSize: Int, dialect: CSVDialect, scan: Bool, maxRecordBytes: Int = 64 << 20,
    maxRecordCells: Int = 100_000
) -> [ScannedRecord] {
    var parser = CSVParser(
        dialect: dialect, maxRecordBytes: maxRecordBytes, maxRecordCells: maxRecordCells, structuralScan: scan)
    var result: [ScannedRecord] = []
    feedInChunks(bytes, chunkSize: chunkSize, to: &parser) { record, consumed in
        let places = record.positions(quote: dialect.quote)
        result.append(
            ScannedRecord(
                cells: (0..<record.fieldCount).map { Array(record.bytes[record.range(ofField: $0)]) },
                positions: places.flatMap { [$0.line, $0.column] }, line: record.startLine,
                terminator: record.terminator, strayQuoteField: record.strayQuoteField,
                unterminated: record.isUnterminated, oversized: record.isOversized, endOffset: consumed,
                wrongASCII: record.isASCII.map { known in
                    record.bytes.withUnsafeBytes { known != CellText.isASCII($0) }
                } ?? false))
    }
    return result
}

@Suite("Structural scan: the parser's fast path reads exactly what the state machine reads")
struct CSVRecordScanTests {
    static let dialects: [(String, CSVDialect)] = {
        var semicolon = CSVDialect()
        semicolon.delimiter = UInt8(ascii: ";")
        semicolon.quote = UInt8(ascii: "'")
        var unquoted = CSVDialect()
        unquoted.quote = nil
        var undoubled = CSVDialect()
        undoubled.doubleQuote = false
        var commented = CSVDialect()
        commented.commentPrefix = UInt8(ascii: "#")
        var escaped = CSVDialect()
        escaped.escape = UInt8(ascii: "\\")
        var tab = CSVDialect()
        tab.delimiter = 0x09
        return [
            ("default", CSVDialect()), ("semicolon and single quote", semicolon), ("no quote", unquoted),
            ("no doubled quotes", undoubled), ("comments", commented), ("escape byte", escaped), ("tab", tab),
        ]
    }()

    /// Every parser test's input, and inputs whose records cross 64-byte chunks.
    static let inputs: [String] =
        CSVParserTests.cases.map(\.1) + [
            String(repeating: "abcdefghij,", count: 20) + "end\n" + String(repeating: "x", count: 130) + "\r\ny\n",
            "\"" + String(repeating: "q,", count: 40) + "\"\"z\",2\n3,\"" + String(repeating: "r", count: 63) + "\"\n",
            String(repeating: "a,", count: 31) + "\"b\nc\",d\n" + String(repeating: ",", count: 70) + "\n",
            "x\r" + String(repeating: "y", count: 62) + "\r\n\r\"q\"\"\"\r",
            "# note, \"quoted\nname;x\n'a;b';'c''d'\n\ttab\there\n",
        ]

    @Test("every parser test input, in every dialect and block size, gives identical records")
    func parserInputs() {
        for (name, dialect) in Self.dialects {
            for text in Self.inputs {
                let bytes = Array(text.utf8)
                let reference = records(bytes, chunkSize: max(bytes.count, 1), dialect: dialect, scan: false)
                for size in [max(bytes.count, 1), 1, 2, 7, 63, 64, 65] {
                    #expect(
                        records(bytes, chunkSize: size, dialect: dialect, scan: true) == reference,
                        "\(name): \(text.debugDescription) in blocks of \(size)")
                }
            }
        }
    }

    @Test("10,000 random inputs: the scan and the state machine give identical records")
    func randomInputs() {
        var generator = SplitMix(seed: 2026)
        // Mostly structure, so quotes land everywhere a cell can hold one.
        let alphabet: [UInt8] = Array("ab,,\"\"\n\r é;'\t#".utf8)
        for round in 0..<10_000 {
            let (name, dialect) = Self.dialects[round % Self.dialects.count]
            // Long enough to cross chunks: up to 300 bytes, some of them long runs of plain bytes.
            let length = generator.next(300)
            var bytes: [UInt8] = []
            while bytes.count < length {
                if generator.next(8) == 0 {
                    bytes += Array(repeating: UInt8(ascii: "x"), count: generator.next(70))
                } else {
                    bytes.append(alphabet[generator.next(alphabet.count)])
                }
            }
            let reference = records(bytes, chunkSize: max(bytes.count, 1), dialect: dialect, scan: false)
            let size = [max(bytes.count, 1), generator.next(80) + 1][round % 2]
            let scanned = records(bytes, chunkSize: size, dialect: dialect, scan: true)
            #expect(scanned == reference, "\(name): \(bytes) in blocks of \(size)")
            if scanned != reference { return }
        }
    }

    @Test("the size limits: a record over them is read by the state machine and flagged as before")
    func limits() {
        let dialect = CSVDialect()
        let inputs = [
            "abcdefghij,k\nab\n", "\"abcdefgh\"\"\",1\nx\n", "a,b,c,d\ne,f\n", "a,b,c\n", "1,2,3,4,5,6\n",
        ]
        for text in inputs {
            let bytes = Array(text.utf8)
            for (maxBytes, maxCells) in [(8, 100), (100, 3), (9, 4), (4, 2)] {
                let reference = records(
                    bytes, chunkSize: bytes.count, dialect: dialect, scan: false, maxRecordBytes: maxBytes,
                    maxRecordCells: maxCells)
                #expect(
                    records(
                        bytes, chunkSize: bytes.count, dialect: dialect, scan: true, maxRecordBytes: maxBytes,
                        maxRecordCells: maxCells) == reference, "\(text.debugDescription) \(maxBytes) \(maxCells)")
            }
        }
    }

    @Test(
        "the scan reads plain and well-quoted records itself, and declines the rest",
        arguments: [
            ("a,b,c\n", true), ("\"a,b\",\"c\"\"d\"\r\n", true), ("\"\",x\n", true), ("x\ry", true),
            (String(repeating: "long,", count: 40) + "\n", true),
            ("a\"b,c\n", false), ("\"a\"b,c\n", false), ("\"a\nb\",c\n", false), ("a,b", false), ("a,b\r", false),
            ("\"unclosed,c\n", false), ("\"a\"\"\n", false),
        ])
    func acceptsAndDeclines(text: String, accepted: Bool) {
        let scan = CSVRecordScan(dialect: CSVDialect(), maxRecordBytes: 1 << 20, maxRecordCells: 1000)
        var record = CSVRecord()
        let read = Array(text.utf8).withUnsafeBytes { scan?.read($0, from: 0, into: &record) }
        #expect((read != nil) == accepted, "\(text.debugDescription)")
        if read == nil { #expect(record.fieldCount == 0 && record.bytes.isEmpty) }
    }

    @Test("the scan knows whether a record is all ASCII, whatever follows the record in its chunk")
    func asciiFlag() throws {
        let scan = try #require(CSVRecordScan(dialect: CSVDialect(), maxRecordBytes: 1 << 20, maxRecordCells: 1000))
        let cases = [
            ("a,b\né\n", true), ("a,é\nb\n", false), (String(repeating: "x", count: 70) + ",é\n", false),
            ("\"q,é\"\n", false), ("\"q\"\"\",x\r\né", true),
        ]
        for (text, isASCII) in cases {
            var record = CSVRecord()
            let read = Array(text.utf8).withUnsafeBytes { scan.read($0, from: 0, into: &record) }
            #expect(read != nil && record.isASCII == isASCII, "\(text.debugDescription)")
        }
        // The state machine does not say.
        var record = CSVRecord()
        var parser = CSVParser(dialect: CSVDialect(), structuralScan: false)
        _ = Array("a,b\n".utf8).withUnsafeBytes { parser.parse($0, into: &record) }
        #expect(record.fieldCount == 2 && record.isASCII == nil)
    }

    @Test("the vector masks equal the portable loop's on random chunks of every length")
    func vectorMasks() {
        var generator = SplitMix(seed: 64)
        let alphabet: [UInt8] = [0x2C, 0x22, 0x0A, 0x0D, 0x41, 0x00, 0xFF, 0x3B]
        for round in 0..<5_000 {
            let length = round % 65
            // Always 64 bytes to point at; the scan is told to read only `length` of them.
            let bytes = (0..<64).map { _ in alphabet[generator.next(alphabet.count)] }
            let quote = alphabet[generator.next(alphabet.count)]
            let delimiter = alphabet[generator.next(alphabet.count)]
            var vector = hm_scan_masks()
            var portable = hm_scan_masks()
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress!
                hm_scan_chunk(base, length, delimiter, quote, Int32(round % 2), &vector)
                hm_scan_chunk_portable(base, length, delimiter, quote, Int32(round % 2), &portable)
            }
            #expect(
                [vector.delimiter, vector.quote, vector.line_break, vector.non_ascii]
                    == [portable.delimiter, portable.quote, portable.line_break, portable.non_ascii],
                "\(bytes.prefix(length))")
        }
    }

    @Test("prefix XOR: each bit is the parity of the bits at and below it")
    func prefixXOR() {
        var generator = SplitMix(seed: 1)
        for _ in 0..<1_000 {
            let bits = generator.next()
            var parity: UInt64 = 0
            var expected: UInt64 = 0
            for bit in 0..<64 {
                parity ^= bits >> UInt64(bit) & 1
                expected |= parity << UInt64(bit)
            }
            #expect(CSVRecordScan.prefixXOR(bits) == expected)
        }
    }
}
