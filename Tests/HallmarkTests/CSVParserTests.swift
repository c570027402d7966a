import Testing

@testable import Hallmark

/// What a parsed record is, for comparison.
struct ParsedRecord: Equatable, CustomStringConvertible {
    var fields: [String]
    var line: Int
    var terminator: CSVRecord.Terminator
    var strayQuoteField: Int? = nil
    var unterminated = false

    var description: String {
        "\(fields) @\(line) \(terminator)\(strayQuoteField.map { " stray@\($0)" } ?? "")\(unterminated ? " unterminated" : "")"
    }
}

/// Parses `bytes` feeding the parser `chunkSize` bytes at a time.
func parseInChunks(_ bytes: [UInt8], chunkSize: Int, dialect: CSVDialect = CSVDialect()) -> [ParsedRecord] {
    var parser = CSVParser(dialect: dialect)
    var result: [ParsedRecord] = []
    feedInChunks(bytes, chunkSize: chunkSize, to: &parser) { record, _ in
        result.append(
            ParsedRecord(
                fields: (0..<record.fieldCount).map { record.string(ofField: $0) }, line: record.startLine,
                terminator: record.terminator, strayQuoteField: record.strayQuoteField,
                unterminated: record.isUnterminated))
    }
    return result
}

/// Feeds `bytes` to `parser` in blocks of `chunkSize`, as the reader hands it blocks, then finishes;
/// `take` gets each complete record and how many bytes of the whole input were consumed by then.
func feedInChunks(
    _ bytes: [UInt8], chunkSize: Int, to parser: inout CSVParser, take: (CSVRecord, _ consumed: Int) -> Void
) {
    var record = CSVRecord()
    var start = 0
    while start < bytes.count {
        let end = min(start + chunkSize, bytes.count)
        bytes[start..<end].withUnsafeBytes { chunk in
            var offset = 0
            while offset < chunk.count {
                let step = parser.parse(UnsafeRawBufferPointer(rebasing: chunk[offset...]), into: &record)
                offset += step.consumed
                if step.isComplete { take(record, start + offset) }
            }
        }
        start = end
    }
    if parser.finish(into: &record) { take(record, bytes.count) }
}

/// An independent, whole-input reference parser for the default dialect: simple rather than fast.
func referenceParse(_ text: [UInt8]) -> [ParsedRecord] {
    var input = text
    if input.starts(with: [0xEF, 0xBB, 0xBF]) { input.removeFirst(3) }
    var records: [ParsedRecord] = []
    var index = 0
    var line = 1
    while index < input.count {
        var fields: [String] = []
        var field: [UInt8] = []
        var stray: Int?
        let startLine = line
        var terminator = CSVRecord.Terminator.endOfInput
        var unterminated = false
        var done = false
        var atFieldStart = true
        while index < input.count && !done {
            let byte = input[index]
            if atFieldStart && byte == UInt8(ascii: "\"") {
                index += 1
                var closed = false
                while index < input.count {
                    let inner = input[index]
                    if inner == UInt8(ascii: "\"") {
                        if index + 1 < input.count && input[index + 1] == UInt8(ascii: "\"") {
                            field.append(inner)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if inner == 0x0A || (inner == 0x0D && (index + 1 >= input.count || input[index + 1] != 0x0A)) {
                        line += 1
                    }
                    field.append(inner)
                    index += 1
                }
                if !closed { unterminated = true }
                // Anything but a delimiter or line break after the closing quote is a stray.
                if closed, index < input.count, ![UInt8(ascii: ","), 0x0A, 0x0D].contains(input[index]), stray == nil {
                    stray = fields.count
                }
                atFieldStart = false
                continue
            }
            atFieldStart = false
            switch byte {
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
                atFieldStart = true
                index += 1
            case 0x0A:
                terminator = .lf
                index += 1
                line += 1
                done = true
            case 0x0D:
                if index + 1 < input.count && input[index + 1] == 0x0A {
                    terminator = .crlf
                    index += 2
                } else {
                    terminator = .cr
                    index += 1
                }
                line += 1
                done = true
            default:
                if byte == UInt8(ascii: "\"") && stray == nil { stray = fields.count }
                field.append(byte)
                index += 1
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        records.append(
            ParsedRecord(
                fields: fields, line: startLine, terminator: terminator, strayQuoteField: stray,
                unterminated: unterminated))
    }
    return records
}

@Suite("Streaming CSV parser")
struct CSVParserTests {
    static let cases: [(String, String)] = [
        ("plain LF", "a,b,c\n1,2,3\n"),
        ("CRLF", "a,b\r\n1,2\r\n"),
        ("CR only", "a,b\r1,2\r"),
        ("mixed endings", "a,b\n1,2\r\n3,4\r5,6"),
        ("no final newline", "a,b\n1,2"),
        ("quoted delimiter", "name,n\n\"Smith, J\",1\n"),
        ("doubled quotes", "q\n\"say \"\"hi\"\"\"\n"),
        ("quoted newlines", "a,b\n\"line 1\nline 2\r\nline 3\",x\n4,5\n"),
        ("quoted CR", "a\n\"x\ry\"\nz\n"),
        ("empty quoted", "a,b\n\"\",\"\"\n"),
        ("blank lines", "a\n\n\nb\n"),
        ("trailing delimiter", "a,b,\n1,2,\n"),
        ("BOM", "\u{FEFF}a,b\n1,2\n"),
        ("only a BOM", "\u{FEFF}"),
        ("empty", ""),
        ("header only", "a,b,c\n"),
        ("stray quote in cell", "a,b\nx\"y,2\n"),
        ("text after closing quote", "a,b\n\"x\"y,2\n"),
        ("unterminated quote", "a,b\n1,\"never closed\n2,3\n"),
        ("multi-byte", "名前,都市\n太郎,東京\n\"Zoë, \"\"Ω\"\"\",€\n"),
        ("CRLF at end, no data", "a\r\n"),
        ("lone CR then quote", "a\r\"b\"\r"),
    ]

    @Test("records, lines and flags match the reference parser", arguments: cases)
    func matchesReference(name: String, text: String) {
        let bytes = Array(text.utf8)
        let expected = referenceParse(bytes)
        #expect(parseInChunks(bytes, chunkSize: max(bytes.count, 1)) == expected, "\(name)")
    }

    @Test("every block size from 1 byte up gives the same records", arguments: cases)
    func everyChunkSize(name: String, text: String) {
        let bytes = Array(text.utf8)
        let whole = parseInChunks(bytes, chunkSize: max(bytes.count, 1))
        for size in 1...max(bytes.count, 1) {
            #expect(parseInChunks(bytes, chunkSize: size) == whole, "\(name) in blocks of \(size)")
        }
    }

    @Test("exact records for the tricky cases")
    func exactRecords() {
        let parsed = parseInChunks(Array("a,b\n\"x\ny\",\"q\"\"\"\r\n\n3,4\r5".utf8), chunkSize: 3)
        #expect(
            parsed == [
                ParsedRecord(fields: ["a", "b"], line: 1, terminator: .lf),
                ParsedRecord(fields: ["x\ny", "q\""], line: 2, terminator: .crlf),
                ParsedRecord(fields: [""], line: 4, terminator: .lf),
                ParsedRecord(fields: ["3", "4"], line: 5, terminator: .cr),
                ParsedRecord(fields: ["5"], line: 6, terminator: .endOfInput),
            ])
        #expect(
            parseInChunks(Array("a\n\"open\nstill".utf8), chunkSize: 2).last
                == ParsedRecord(fields: ["open\nstill"], line: 2, terminator: .endOfInput, unterminated: true))
    }

    @Test("a partial byte-order mark is data")
    func partialBOM() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0x41, 0x0A]
        for size in 1...4 {
            #expect(
                parseInChunks(bytes, chunkSize: size).map(\.fields) == [
                    [String(decoding: [0xEF, 0xBB, 0x41], as: UTF8.self)]
                ])
        }
    }

    @Test("dialects: delimiter, quote, escape, no double quote, comments")
    func dialects() {
        var dialect = CSVDialect()
        dialect.delimiter = UInt8(ascii: ";")
        dialect.quote = UInt8(ascii: "'")
        dialect.escape = UInt8(ascii: "\\")
        dialect.doubleQuote = false
        dialect.commentPrefix = UInt8(ascii: "#")
        let text = "# a comment\r\na;b\n'x;\\'y';2\n#another\n3;4\n"
        for size in 1...text.utf8.count {
            #expect(
                parseInChunks(Array(text.utf8), chunkSize: size, dialect: dialect) == [
                    ParsedRecord(fields: ["a", "b"], line: 2, terminator: .lf),
                    ParsedRecord(fields: ["x;'y", "2"], line: 3, terminator: .lf),
                    ParsedRecord(fields: ["3", "4"], line: 5, terminator: .lf),
                ])
        }
        var unquoted = CSVDialect()
        unquoted.quote = nil
        #expect(
            parseInChunks(Array("\"a\",b\n".utf8), chunkSize: 2, dialect: unquoted).map(\.fields) == [["\"a\"", "b"]])
    }

    @Test("a record over the size limit is cut short and flagged, keeping memory bounded")
    func oversized() {
        var parser = CSVParser(dialect: CSVDialect(), maxRecordBytes: 10)
        var record = CSVRecord()
        let bytes = Array(("\"" + String(repeating: "x", count: 100) + "\",y\nz\n").utf8)
        var records: [(Int, Bool)] = []
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let step = parser.parse(UnsafeRawBufferPointer(rebasing: buffer[offset...]), into: &record)
                offset += step.consumed
                if step.isComplete { records.append((record.bytes.count, record.isOversized)) }
            }
        }
        #expect(records.map(\.0) == [10, 1])
        #expect(records.map(\.1) == [true, false])
    }

    @Test("random inputs: streaming equals whole-input parsing and the reference")
    func randomInputs() {
        var generator = SplitMix(seed: 7)
        let alphabet: [UInt8] = Array("ab,\"\n\r é".utf8)
        for _ in 0..<300 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let whole = parseInChunks(bytes, chunkSize: max(bytes.count, 1))
            #expect(whole == referenceParse(bytes), "\(bytes)")
            let size = Int(generator.next() % 5) + 1
            #expect(parseInChunks(bytes, chunkSize: size) == whole, "\(bytes) in blocks of \(size)")
        }
    }

    @Test("where each cell starts: all of a record's at once equal each one alone")
    func cellPositionsAtOnce() {
        var generator = SplitMix(seed: 8)
        let alphabet: [UInt8] = Array("ab,\"\n\r é".utf8)
        var checked = 0
        for _ in 0..<300 {
            let bytes = (0..<generator.next(40)).map { _ in alphabet[generator.next(alphabet.count)] }
            var parser = CSVParser(dialect: CSVDialect())
            var record = CSVRecord()
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let step = parser.parse(UnsafeRawBufferPointer(rebasing: buffer[offset...]), into: &record)
                    offset += step.consumed
                    guard step.isComplete || offset == buffer.count else { continue }
                    let places = record.positions(quote: UInt8(ascii: "\""))
                    #expect(places.count == max(record.fieldCount, 1))
                    for field in 0..<record.fieldCount {
                        let alone = record.position(ofField: field, quote: UInt8(ascii: "\""))
                        #expect(places[field] == alone, "\(bytes) field \(field)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 500)
    }
}

/// A small deterministic generator, so random tests repeat exactly.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
