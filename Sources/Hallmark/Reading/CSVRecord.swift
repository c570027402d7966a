/// One record as the parser assembled it: unescaped cell bytes back to back, plus where each cell ends.
///
/// The buffer is reused from record to record, so parsing allocates only when a record is larger
/// than any before it.
package struct CSVRecord: Sendable {
    /// How a record ended.
    package enum Terminator: Sendable, Equatable {
        case lf, crlf, cr, endOfInput
    }

    package var bytes: [UInt8] = []
    /// Where each cell ends: its content's end in ``bytes`` (low 32 bits) and its end in the raw
    /// input counted from the record's first byte (high 32 bits), packed so that the parser appends
    /// once per cell. The two together tell how many quote and escape bytes a cell had (see
    /// ``position(ofField:quote:)``). Records are at most 1 GiB, so both fit.
    package private(set) var fieldEnds: [UInt64] = []
    /// 1-based line on which the record starts.
    package var startLine = 1
    package var terminator = Terminator.endOfInput
    /// The first cell (0-based) with a quote in the wrong place: `ab"c` or `"abc"def`.
    package var strayQuoteField: Int?
    /// The input ended inside a quoted cell; the last cell holds the rest of the input.
    package var isUnterminated = false
    /// The record passed the size limit; its stored bytes were cut short.
    package var isOversized = false

    package init() {
        bytes.reserveCapacity(4096)
        fieldEnds.reserveCapacity(64)
    }

    package var fieldCount: Int { fieldEnds.count }

    package mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        strayQuoteField = nil
        isUnterminated = false
        isOversized = false
        terminator = .endOfInput
    }

    /// Ends the current cell: its content ends at the end of ``bytes``, and at `rawEnd` in the raw input.
    @inline(__always)
    package mutating func endField(rawEnd: Int) {
        fieldEnds.append(UInt64(truncatingIfNeeded: bytes.count) | UInt64(truncatingIfNeeded: rawEnd) << 32)
    }

    /// The range of cell `index` in ``bytes``.
    @inline(__always)
    package func range(ofField index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(fieldEnds[index - 1] & 0xFFFF_FFFF))..<Int(fieldEnds[index] & 0xFFFF_FFFF)
    }

    /// Where cell `index` ends in the raw input, from the record's first byte.
    private func rawEnd(ofField index: Int) -> Int {
        Int(fieldEnds[index] >> 32)
    }

    /// A blank row: one empty cell (an empty line), or every cell empty.
    package var isBlank: Bool { bytes.isEmpty }

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
