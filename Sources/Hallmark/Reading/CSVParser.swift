/// A streaming CSV state machine over bytes, after BurntSushi's csv-core, with a fast path that
/// reads whole records from bit masks (``CSVRecordScan``).
///
/// Feed it input in blocks of any size, down to one byte; it fills a caller-owned ``CSVRecord``
/// and says when one is complete. It never fails: quoting problems are flagged on the record
/// for the validator to report. LF, CRLF and CR all end a record; each is counted as one line,
/// inside quoted cells too, so line numbers are exact. A UTF-8 byte-order mark at the very start
/// is skipped.
package struct CSVParser: Sendable {
    private enum State: UInt8 {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted, escapeInQuoted, afterCR, comment, commentAfterCR
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    private let doubleQuote: Bool
    private let comment: UInt8?
    private let maxRecordBytes: Int
    private let maxRecordCells: Int
    /// The fast path, where the dialect allows it; the state machine reads every record it declines.
    private let scan: CSVRecordScan?
    /// What a byte means to the state machine, after csv-core: every byte value falls in one class.
    private enum ByteClass: UInt8 {
        case other, delimiter, quote, escape, cr, lf
    }
    /// The class of each byte value under this dialect.
    private var classes = [ByteClass](repeating: .other, count: 256)

    private var state = State.recordStart
    private var line = 1
    private var previousWasCR = false
    private var bomMatched = 0
    private var bomDone = false
    private var recordPending = false
    /// Bytes of the current record consumed by earlier calls, and where it began in this one: so
    /// each cell's end in the raw input is known (``CSVRecord/Cell/rawEnd``) however input is cut.
    private var rawBefore = 0
    private var recordBase = 0

    /// - Parameters:
    ///   - dialect: delimiter, quoting and comment rules.
    ///   - maxRecordBytes: a record larger than this keeps only its first bytes and is flagged
    ///     oversized, so a runaway quote cannot take all memory.
    ///   - maxRecordCells: a record with more cells than this keeps only its first cells and is
    ///     flagged oversized, so a line of empty cells cannot take all memory either.
    ///   - midStream: the input starts inside a stream, just after a line break: no byte-order
    ///     mark is looked for, and lines count from 1 for the caller to rebase.
    ///   - structuralScan: whether whole records may be read by ``CSVRecordScan``; off, the state
    ///     machine reads every byte (the reference the tests compare the scan with).
    package init(
        dialect: CSVDialect, maxRecordBytes: Int = 64 << 20, maxRecordCells: Int = 100_000, midStream: Bool = false,
        structuralScan: Bool = true
    ) {
        scan =
            structuralScan
            ? CSVRecordScan(dialect: dialect, maxRecordBytes: maxRecordBytes, maxRecordCells: maxRecordCells) : nil
        doubleQuote = dialect.doubleQuote
        comment = dialect.commentPrefix
        self.maxRecordBytes = maxRecordBytes
        self.maxRecordCells = maxRecordCells
        // Later assignments win: a quote that is also the escape byte acts as a quote.
        classes[Int(dialect.delimiter)] = .delimiter
        if let escape = dialect.escape { classes[Int(escape)] = .escape }
        if let quote = dialect.quote { classes[Int(quote)] = .quote }
        classes[Int(Self.lf)] = .lf
        classes[Int(Self.cr)] = .cr
        bomDone = midStream
    }

    /// Whether the structural scan compares bytes with vector instructions (AVX2) on this CPU.
    package static var scanIsVectorized: Bool { CSVRecordScan.isVectorized }

    /// Whether the parser stands between records with nothing pending: the input so far ended
    /// with a line break outside quotes. A block ending here can be followed by one parsed on its own.
    package var isBetweenRecords: Bool { state == .recordStart && !previousWasCR && bomDone }

    /// The line the parser has reached (1-based).
    package var currentLine: Int { line }

    /// Parses from the start of `input` until a record completes or the input runs out.
    ///
    /// - Returns: how many bytes were used, and whether `record` now holds a complete record.
    ///   Call again with the rest of the input; a record is reset when the next one begins.
    package mutating func parse(_ input: UnsafeRawBufferPointer, into record: inout CSVRecord) -> (
        consumed: Int, isComplete: Bool
    ) {
        var index = 0
        let count = input.count
        if !bomDone {
            while index < count && !bomDone {
                if input[index] == Self.byteOrderMark[bomMatched] {
                    bomMatched += 1
                    index += 1
                    if bomMatched == 3 { bomDone = true }
                } else {
                    bomDone = true
                    // A partial mark was data after all: parse its bytes before the rest.
                    if bomMatched > 0 {
                        let partial = Self.byteOrderMark[0..<bomMatched]
                        bomMatched = 0
                        let complete = partial.withUnsafeBytes { bytes in
                            var used = 0
                            var done = false
                            while used < bytes.count {
                                let step = parseBytes(UnsafeRawBufferPointer(rebasing: bytes[used...]), into: &record)
                                used += step.consumed
                                done = done || step.isComplete
                            }
                            return done
                        }
                        // The partial mark is at most two bytes of the first cell; it cannot finish a record.
                        assert(!complete)
                    }
                }
            }
            if index == count { return (index, false) }
        }
        let result = parseBytes(UnsafeRawBufferPointer(rebasing: input[index...]), into: &record)
        return (index + result.consumed, result.isComplete)
    }

    /// Ends the input. Returns `true` when a last record (with no line ending) was completed.
    package mutating func finish(into record: inout CSVRecord) -> Bool {
        if !bomDone && bomMatched > 0 {
            bomDone = true
            let partial = Array(Self.byteOrderMark[0..<bomMatched])
            bomMatched = 0
            _ = partial.withUnsafeBytes { parseBytes($0, into: &record) }
        }
        bomDone = true
        switch state {
        case .recordStart, .comment, .commentAfterCR:
            return false
        case .fieldStart, .unquoted, .quoteInQuoted:
            endField(&record, rawEnd: rawBefore)
        case .quoted, .escapeInQuoted:
            endField(&record, rawEnd: rawBefore)
            record.isUnterminated = true
        case .afterCR:
            record.terminator = .cr
            state = .recordStart
            recordPending = true
            return true
        }
        record.terminator = .endOfInput
        state = .recordStart
        recordPending = true
        return true
    }

    @inline(__always)
    private mutating func endField(_ record: inout CSVRecord, rawEnd: Int) {
        if record.isOversized { return }
        if record.fieldCount >= maxRecordCells {
            record.isOversized = true
            return
        }
        record.endField(rawEnd: rawEnd)
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8, _ record: inout CSVRecord) {
        if record.isOversized { return }
        if record.bytes.count >= maxRecordBytes {
            record.isOversized = true
            return
        }
        record.bytes.append(byte)
    }

    @inline(__always)
    private mutating func flagStrayQuote(_ record: inout CSVRecord) {
        if record.strayQuoteField == nil { record.strayQuoteField = record.fieldCount }
    }

    private mutating func parseBytes(_ input: UnsafeRawBufferPointer, into record: inout CSVRecord) -> (
        consumed: Int, isComplete: Bool
    ) {
        if recordPending {
            record.reset()
            recordPending = false
        }
        recordBase = 0
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            // A CR followed by anything but LF was a line break of its own.
            if previousWasCR && byte != Self.lf { line += 1 }
            previousWasCR = false
            let byteClass = classes[Int(byte)]

            switch state {
            case .recordStart:
                if let comment, byte == comment {
                    state = .comment
                    break
                }
                if let scan, let read = scan.read(input, from: index, into: &record) {
                    record.startLine = line
                    record.terminator = read.terminator
                    recordPending = true
                    // The scan reads only records on one line, and sees what follows a CR.
                    line += 1
                    return (read.consumed, true)
                }
                record.startLine = line
                rawBefore = 0
                recordBase = index
                state = .fieldStart
                continue  // the same byte, now at the start of the first cell (line already counted)
            case .fieldStart:
                switch byteClass {
                case .quote:
                    state = .quoted
                case .delimiter, .cr, .lf:
                    if endCell(byteClass, &record, at: index) {
                        return completeRecord(.lf, consumedThrough: index, &record)
                    }
                case .other, .escape:
                    state = .unquoted
                    continue  // the same byte starts the cell's run of plain bytes
                }
            case .unquoted:
                switch byteClass {
                case .other, .escape:
                    // A run of plain bytes (an escape byte is plain outside quotes): copy it in one go.
                    var end = index + 1
                    while end < count && classes[Int(input[end])] == .other { end += 1 }
                    appendRun(input, index..<end, &record)
                    index = end
                    continue
                case .quote:  // a quote inside an unquoted cell
                    flagStrayQuote(&record)
                    append(byte, &record)
                case .delimiter, .cr, .lf:
                    if endCell(byteClass, &record, at: index) {
                        return completeRecord(.lf, consumedThrough: index, &record)
                    }
                }
            case .quoted:
                switch byteClass {
                case .other, .delimiter:
                    var end = index + 1
                    while end < count, case let next = classes[Int(input[end])], next == .other || next == .delimiter {
                        end += 1
                    }
                    appendRun(input, index..<end, &record)
                    index = end
                    continue
                case .quote:
                    state = .quoteInQuoted
                case .escape:
                    state = .escapeInQuoted
                case .cr, .lf:  // a line break inside quotes is data
                    append(byte, &record)
                }
            case .escapeInQuoted:
                append(byte, &record)
                state = .quoted
            case .quoteInQuoted:
                switch byteClass {
                case .quote where doubleQuote:
                    append(byte, &record)
                    state = .quoted
                case .delimiter, .cr, .lf:
                    if endCell(byteClass, &record, at: index) {
                        return completeRecord(.lf, consumedThrough: index, &record)
                    }
                default:  // "abc"def: keep the bytes, flag the cell
                    flagStrayQuote(&record)
                    append(byte, &record)
                    state = .unquoted
                }
            case .afterCR:
                if byte == Self.lf {
                    return completeRecord(.crlf, consumedThrough: index, &record)
                }
                // A lone CR ended the record; this byte belongs to the next one.
                return completeRecord(.cr, consumedThrough: index - 1, &record)
            case .comment:
                if byte == Self.cr { state = .commentAfterCR } else if byte == Self.lf { state = .recordStart }
            case .commentAfterCR:
                state = .recordStart
                if byte != Self.lf { continue }
            }
            if byte == Self.lf { line += 1 }
            previousWasCR = byte == Self.cr
            index += 1
        }
        rawBefore += index - recordBase
        return (index, false)
    }

    /// Ends the cell at a delimiter, CR or LF (the byte at `index`); returns `true` when an LF
    /// also ends the record. A CR ends it only once the next byte shows whether an LF follows.
    @inline(__always)
    private mutating func endCell(_ byteClass: ByteClass, _ record: inout CSVRecord, at index: Int) -> Bool {
        endField(&record, rawEnd: rawBefore + index - recordBase)
        switch byteClass {
        case .lf: return true
        case .cr: state = .afterCR
        default: state = .fieldStart
        }
        return false
    }

    @inline(__always)
    private mutating func appendRun(_ input: UnsafeRawBufferPointer, _ range: Range<Int>, _ record: inout CSVRecord) {
        if record.isOversized { return }
        let room = maxRecordBytes - record.bytes.count
        let start = input.baseAddress!.assumingMemoryBound(to: UInt8.self) + range.lowerBound
        if range.count > room {
            record.bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: max(room, 0)))
            record.isOversized = true
            return
        }
        // Typed, so the append is one memcpy rather than a byte-by-byte sequence copy.
        record.bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: range.count))
    }

    private mutating func completeRecord(
        _ terminator: CSVRecord.Terminator, consumedThrough index: Int, _ record: inout CSVRecord
    ) -> (consumed: Int, isComplete: Bool) {
        record.terminator = terminator
        state = .recordStart
        recordPending = true
        // A lone CR's line break was counted when the byte after it arrived.
        if terminator == .lf || terminator == .crlf { line += 1 }
        return (index + 1, true)
    }
}
