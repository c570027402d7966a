/// One record as the parser assembled it: a buffer holding every cell's unescaped bytes, plus where
/// each cell lies in it.
///
/// The state machine writes cells back to back; the structural scan copies a record's raw bytes
/// whole and unescapes quoted cells where they lie, so cells need not be adjacent: each carries its
/// own start. The buffer is reused from record to record, so parsing allocates only when a record
/// is larger than any before it.
package struct CSVRecord: Sendable {
    /// How a record ended.
    package enum Terminator: Sendable, Equatable {
        case lf, crlf, cr, endOfInput
    }

    /// One cell: its content in ``bytes``, and where it ends in the raw input counted from the
    /// record's first byte. The content's length and the raw length together tell how many quote
    /// and escape bytes a cell had (see ``position(ofField:quote:)``). Records are at most 1 GiB,
    /// so 32 bits hold each.
    package struct Cell: Sendable, Equatable {
        package var start: UInt32
        package var end: UInt32
        package var rawEnd: UInt32
    }

    /// Every cell's content, and for a record the structural scan read, the delimiters and quotes
    /// around them: read cells through ``range(ofField:)``, never the buffer as a whole.
    package var bytes: [UInt8] = []
    package private(set) var cells: [Cell] = []
    /// Where the cell the state machine is filling starts in ``bytes``.
    private var openCellStart: UInt32 = 0
    /// 1-based line on which the record starts.
    package var startLine = 1
    package var terminator = Terminator.endOfInput
    /// The first cell (0-based) with a quote in the wrong place: `ab"c` or `"abc"def`.
    package var strayQuoteField: Int?
    /// The input ended inside a quoted cell; the last cell holds the rest of the input.
    package var isUnterminated = false
    /// The record passed the size limit; its stored bytes were cut short.
    package var isOversized = false
    /// Whether every byte of ``bytes`` is ASCII, when the structural scan read the record and so
    /// knows it already; `nil` when the state machine read it.
    package var isASCII: Bool?

    package init() {
        bytes.reserveCapacity(4096)
        cells.reserveCapacity(64)
    }

    package var fieldCount: Int { cells.count }

    package mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
        openCellStart = 0
        strayQuoteField = nil
        isUnterminated = false
        isOversized = false
        isASCII = nil
        terminator = .endOfInput
    }

    /// Ends the cell the state machine is filling: its content ends at the end of ``bytes``, and
    /// at `rawEnd` in the raw input.
    @inline(__always)
    package mutating func endField(rawEnd: Int) {
        let end = UInt32(truncatingIfNeeded: bytes.count)
        cells.append(Cell(start: openCellStart, end: end, rawEnd: UInt32(truncatingIfNeeded: rawEnd)))
        openCellStart = end
    }

    /// Adds cells whose content is already in ``bytes`` (the structural scan's), a batch at a time.
    @inline(__always)
    mutating func append(contentsOf cells: UnsafeBufferPointer<Cell>) {
        self.cells.append(contentsOf: cells)
    }

    /// The cells and the buffer, to rewrite in place (the structural scan's unescaping).
    mutating func withCellsAndBytes<Result>(
        _ body: (UnsafeMutableBufferPointer<Cell>, UnsafeMutableBufferPointer<UInt8>) -> Result
    ) -> Result {
        cells.withUnsafeMutableBufferPointer { cells in
            bytes.withUnsafeMutableBufferPointer { bytes in body(cells, bytes) }
        }
    }

    /// The range of cell `index` in ``bytes``.
    @inline(__always)
    package func range(ofField index: Int) -> Range<Int> {
        let cell = cells[index]
        return Int(cell.start)..<Int(cell.end)
    }

    /// Where cell `index` ends in the raw input, from the record's first byte.
    private func rawEnd(ofField index: Int) -> Int {
        Int(cells[index].rawEnd)
    }

    /// A blank row: one empty cell (an empty line), or every cell empty.
    package var isBlank: Bool { cells.allSatisfy { $0.start == $0.end } }

    /// Whether every cell holds only spaces and tabs (or nothing): blank once trimmed.
    package var isBlankWhenTrimmed: Bool {
        cells.allSatisfy { cell in
            bytes[Int(cell.start)..<Int(cell.end)].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        }
    }

    /// Cell `index` as text (for header labels and reported values, never the hot path).
    package func string(ofField index: Int) -> String {
        String(decoding: bytes[range(ofField: index)], as: UTF8.self)
    }

    /// The physical line and the column (in Unicode code points, from 1) where cell `index` starts
    /// in the raw input, for reports that point into the file (SARIF, annotations).
    ///
    /// Rebuilt from the cells' content and their raw lengths: what a quoted cell has beyond its
    /// content is its quotes, doubled quotes and escape bytes, all one code point each. Exact for
    /// every dialect, except that with an `escape` byte a multi-line cell's escapes after its last
    /// line break are not told apart from those before it.
    package func position(ofField index: Int, quote: UInt8?) -> (line: Int, column: Int) {
        var place = (line: startLine, column: 1)
        for field in 0..<min(index, fieldCount) { place = position(after: field, from: place, quote: quote) }
        return place
    }

    /// Where every cell starts, ``position(ofField:quote:)`` for each in one pass over the record:
    /// for a row with findings in many cells, whose positions one by one would cost the row's
    /// length each.
    package func positions(quote: UInt8?) -> [(line: Int, column: Int)] {
        var places = [(line: startLine, column: 1)]
        places.reserveCapacity(fieldCount)
        for field in 0..<max(fieldCount - 1, 0) {
            places.append(position(after: field, from: places[field], quote: quote))
        }
        return places
    }

    /// Where the cell after `field` starts, given where `field` starts.
    private func position(after field: Int, from start: (line: Int, column: Int), quote: UInt8?) -> (
        line: Int, column: Int
    ) {
        var (line, column) = start
        let content = bytes[range(ofField: field)]
        let rawStart = field == 0 ? 0 : rawEnd(ofField: field - 1) + 1
        let structure = rawEnd(ofField: field) - rawStart - content.count
        if let lastBreak = content.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            // Line breaks inside quotes: CRLF counts once, as the parser counts lines.
            var previous: UInt8 = 0
            for byte in content {
                if byte == 0x0A && previous != 0x0D || byte == 0x0D { line += 1 }
                previous = byte
            }
            // After the last break: the rest of the content, its doubled quotes, the closing quote.
            let rest = content[(lastBreak + 1)...]
            let doubled = quote.map { quote in rest.filter { $0 == quote }.count } ?? 0
            column = 1 + Self.codePoints(rest) + doubled + (structure > 0 ? 1 : 0)
        } else {
            column += Self.codePoints(content) + structure
        }
        column += 1  // the delimiter
        return (line, column)
    }

    /// UTF-8 lead bytes: code points, counting each invalid byte as one.
    private static func codePoints(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
    }
}
