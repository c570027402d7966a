/// Where a block's numbering starts in the input: the one place rows and lines are rebased.
///
/// A worker checks a block on its own, so it numbers rows from 1 and lines as its own parser
/// counts them. When the block is merged, in input order, its origin turns those numbers into the
/// input's: rows after the records merged before it, lines after the lines before its parser's first.
package struct BlockOrigin: Sendable {
    /// Records merged before the block, the header included.
    package var recordsBefore: Int
    /// Lines before the line the block's parser counts as line 1.
    package var linesBefore: Int

    /// The input's row for a block's row.
    @inline(__always)
    func row(_ blockRow: Int) -> Int { blockRow + recordsBefore }

    /// The input's line for a block's line.
    @inline(__always)
    func line(_ blockLine: Int) -> Int { blockLine + linesBefore }

    /// An example found in the block, numbered as in the input.
    func rebase(_ example: FindingExample) -> FindingExample {
        var example = example
        example.row = example.row.map(row)
        example.line = example.line.map(line)
        example.cellLine = example.cellLine.map(line)
        return example
    }
}
