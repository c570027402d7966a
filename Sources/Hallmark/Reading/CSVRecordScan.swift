internal import CHallmarkScan

/// The parser's fast path: a whole record read 64 bytes at a time from bit masks of its delimiters,
/// quotes and line breaks, as simdjson and simdcsv read, instead of byte by byte through the state
/// machine.
///
/// Which bytes lie inside quotes is the running parity of the quotes before them (a prefix XOR of
/// the quote mask), so delimiters and line breaks inside quoted cells are told apart without a
/// branch per byte. The record's raw bytes are then copied in one go and each quoted cell is
/// unescaped where it lies.
///
/// It reads only the records whose every cell is plain or properly quoted, that fit in the input
/// at hand, and that stay on one line. Anything else (a stray or unclosed quote, a line break
/// inside quotes, a record cut off by the end of the input, a record past the size limits) it
/// declines, before writing anything, and the state machine, which remains the reference, reads
/// that record. So the two give identical records on every input, which the tests check.
struct CSVRecordScan {
    private let delimiter: UInt8
    private let quote: UInt8
    private let hasQuote: Int32
    private let doubleQuote: Bool
    private let maxRecordBytes: Int
    private let maxRecordCells: Int

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    /// The scan for `dialect`, or nil when the dialect needs the state machine for every record:
    /// an escape byte makes quote parity meaningless, and a delimiter that is also a quote or a
    /// line break is read only by the state machine's order of precedence.
    init?(dialect: CSVDialect, maxRecordBytes: Int, maxRecordCells: Int) {
        guard dialect.escape == nil, dialect.delimiter != Self.lf, dialect.delimiter != Self.cr,
            dialect.delimiter != dialect.quote
        else { return nil }
        delimiter = dialect.delimiter
        quote = dialect.quote ?? 0
        hasQuote = dialect.quote == nil ? 0 : 1
        doubleQuote = dialect.doubleQuote
        self.maxRecordBytes = maxRecordBytes
        self.maxRecordCells = maxRecordCells
    }

    /// Whether the scan compares bytes with vector instructions on this CPU.
    static var isVectorized: Bool { hm_scan_is_vectorized() != 0 }

    /// Reads the record that starts at `start` into `record`, which must be empty.
    ///
    /// - Returns: where the record's line ending ends in `input`, and what it was; nil when the
    ///   state machine must read this record, with `record` left empty.
    func read(_ input: UnsafeRawBufferPointer, from start: Int, into record: inout CSVRecord) -> (
        consumed: Int, terminator: CSVRecord.Terminator
    )? {
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let count = input.count
        var masks = hm_scan_masks()
        var chunk = start
        // What the previous chunk hands on: its last byte was inside quotes (all ones), was a
        // delimiter (so bit 0 starts a cell), or closed a quote (so a quote at bit 0 is a doubled one).
        var insideCarry: UInt64 = 0
        var startCarry: UInt64 = 1
        var closeCarry: UInt64 = 0
        var cellStart = start
        var hasQuotes = false
        var nonASCII: UInt64 = 0
        // Cells gather here and go to the record a batch at a time: an append per cell checked
        // the record's array for uniqueness, a call into the runtime for every cell.
        return withUnsafeTemporaryAllocation(of: CSVRecord.Cell.self, capacity: Self.cellBatch) { pending in
            var pendingCount = 0
            func add(_ cell: CSVRecord.Cell) {
                if pendingCount == Self.cellBatch {
                    record.append(contentsOf: UnsafeBufferPointer(pending))
                    pendingCount = 0
                }
                pending[pendingCount] = cell
                pendingCount += 1
            }
            while chunk < count {
                let length = min(64, count - chunk)
                hm_scan_chunk(base + chunk, length, delimiter, quote, hasQuote, &masks)
                let inside = Self.prefixXOR(masks.quote) ^ insideCarry
                let breaks = masks.line_break & ~inside
                let delimiters = masks.delimiter & ~inside
                let closings = masks.quote & ~inside
                // A quote opens a cell's quoting only at the cell's start, or doubles the quote just closed.
                let misplaced =
                    masks.quote & inside & ~((delimiters << 1) | startCarry | (closings << 1) | closeCarry)
                // The record ends at the first line break outside quotes (bits past `length` are zero).
                let endBit = breaks.trailingZeroBitCount
                let before: UInt64 = endBit >= 64 ? ~0 : (1 << UInt64(endBit)) &- 1
                if (misplaced | (masks.line_break & inside)) & before != 0 || chunk + endBit - start > maxRecordBytes {
                    return decline(&record)
                }
                hasQuotes = hasQuotes || masks.quote & before != 0
                nonASCII |= masks.non_ascii & before
                var cellEnds = delimiters & before
                while cellEnds != 0 {
                    let end = chunk + cellEnds.trailingZeroBitCount
                    guard record.fieldCount + pendingCount < maxRecordCells - 1 else { return decline(&record) }
                    add(Self.cell(from: cellStart - start, to: end - start))
                    cellStart = end + 1
                    cellEnds &= cellEnds &- 1
                }
                if endBit < 64 {
                    let end = chunk + endBit
                    let terminator: CSVRecord.Terminator
                    var consumed = end + 1
                    if base[end] == Self.lf {
                        terminator = .lf
                    } else if end + 1 < count {
                        terminator = base[end + 1] == Self.lf ? .crlf : .cr
                        if terminator == .crlf { consumed += 1 }
                    } else {
                        // A CR at the end of the input: whether an LF follows is not known yet.
                        return decline(&record)
                    }
                    add(Self.cell(from: cellStart - start, to: end - start))
                    record.append(contentsOf: UnsafeBufferPointer(rebasing: pending[..<pendingCount]))
                    record.bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                    if hasQuotes && !unescapeQuotedCells(&record) { return decline(&record) }
                    record.isASCII = nonASCII == 0
                    return (consumed, terminator)
                }
                if length < 64 { return decline(&record) }  // the input ends inside the record
                insideCarry = inside >> 63 == 0 ? 0 : ~0
                startCarry = delimiters >> 63
                closeCarry = closings >> 63
                chunk += 64
            }
            return decline(&record)
        }
    }

    /// Cells gathered before they go to the record.
    private static let cellBatch = 32

    private func decline(_ record: inout CSVRecord) -> (consumed: Int, terminator: CSVRecord.Terminator)? {
        record.reset()
        return nil
    }

    /// A cell whose content is, for now, all of its raw bytes.
    @inline(__always)
    private static func cell(from start: Int, to end: Int) -> CSVRecord.Cell {
        CSVRecord.Cell(
            start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: end),
            rawEnd: UInt32(truncatingIfNeeded: end))
    }

    /// Bit i is the parity of the set bits at and below i: set from an opening quote up to (not
    /// including) its closing quote.
    @inline(__always)
    static func prefixXOR(_ bits: UInt64) -> UInt64 {
        var bits = bits
        bits ^= bits << 1
        bits ^= bits << 2
        bits ^= bits << 4
        bits ^= bits << 8
        bits ^= bits << 16
        bits ^= bits << 32
        return bits
    }

    /// Narrows each quoted cell to its content, turning doubled quotes into one where they lie;
    /// false when a cell is not quoted as the state machine would read it whole (`"ab"c`, a
    /// quote alone, a doubled quote where doubling is off).
    private func unescapeQuotedCells(_ record: inout CSVRecord) -> Bool {
        let quote = quote
        let doubleQuote = doubleQuote
        return record.withCellsAndBytes { cells, bytes in
            for index in cells.indices {
                var cell = cells[index]
                let start = Int(cell.start)
                let end = Int(cell.end)
                guard start < end, bytes[start] == quote else { continue }
                guard end - start >= 2, bytes[end - 1] == quote else { return false }
                let contentEnd = end - 1
                var read = start + 1
                // Most quoted cells quote only a comma: nothing moves until the first doubled quote.
                while read < contentEnd && bytes[read] != quote { read += 1 }
                var write = read
                while read < contentEnd {
                    let byte = bytes[read]
                    if byte == quote {
                        guard doubleQuote, read + 1 < contentEnd, bytes[read + 1] == quote else { return false }
                        read += 1
                    }
                    bytes[write] = byte
                    write += 1
                    read += 1
                }
                cell.start = UInt32(truncatingIfNeeded: start + 1)
                cell.end = UInt32(truncatingIfNeeded: write)
                cells[index] = cell
            }
            return true
        }
    }
}
