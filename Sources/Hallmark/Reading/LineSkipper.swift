/// Skips the physical lines above a table (`skip-rows:` / `header-row:`): a spreadsheet's title
/// block, read as bytes and checked by nothing. LF, CRLF and CR each end one line, as in the
/// parser, so the header's line number is the one a text editor shows.
package struct LineSkipper: Sendable {
    /// Lines still to skip.
    package private(set) var remaining: Int
    /// The last byte skipped was a CR: an LF right after it belongs to the same line break.
    private var afterCR = false

    package init(lines: Int) { remaining = max(lines, 0) }

    /// Whether skipping is over (an LF that may follow a final CR is still swallowed).
    package var isDone: Bool { remaining == 0 && !afterCR }

    /// Skips from the start of `input`; returns how many bytes were skipped.
    package mutating func skip(_ input: UnsafeRawBufferPointer) -> Int {
        var index = 0
        while index < input.count {
            let byte = input[index]
            if afterCR {
                afterCR = false
                if byte == 0x0A {
                    index += 1
                    continue
                }
            }
            if remaining == 0 { break }
            index += 1
            if byte == 0x0A {
                remaining -= 1
            } else if byte == 0x0D {
                remaining -= 1
                afterCR = true
            }
        }
        return index
    }

    /// Ends the input: a last CR needs no LF after it.
    package mutating func finish() { afterCR = false }
}
