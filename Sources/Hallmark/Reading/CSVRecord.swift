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
    package var fieldEnds: [Int] = []
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

    /// The range of cell `index` in ``bytes``.
    @inline(__always)
    package func range(ofField index: Int) -> Range<Int> {
        (index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]
    }

    /// A blank row: one empty cell (an empty line), or every cell empty.
    package var isBlank: Bool { bytes.isEmpty }

    /// Cell `index` as text (for header labels and reported values, never the hot path).
    package func string(ofField index: Int) -> String {
        String(decoding: bytes[range(ofField: index)], as: UTF8.self)
    }
}
