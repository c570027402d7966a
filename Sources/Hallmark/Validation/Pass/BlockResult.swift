/// What checking one block of input found.
///
/// Rows are numbered from 1 within the block and lines as its parser counted them; the
/// ``PassMerger`` rebases both (see ``BlockOrigin``) when it merges blocks in input order.
/// Keys for uniqueness checks are only logged here: whether one is a duplicate depends on every
/// earlier block, so duplicate-key findings are born at the merge (see ``KeyLog``).
package struct BlockResult: Sendable {
    package var tally: FindingTally
    package var keys = KeyLog()
    /// Per field: rows in which it had a value (for `completeness`).
    package var filled: [Int]
    /// Records parsed: data rows, skipped blank rows and footer rows. Rows are numbered by it.
    package var records = 0
    /// Data rows checked.
    package var rows = 0
    /// Blank rows left out under `skip-blank-rows`.
    package var blankRowsSkipped = 0
    /// Where the footer starts (`table: footer:`), numbered within the block, when it starts in it.
    package var footerStart: (row: Int, line: Int)?
    /// Records from the footer's first on (the footer's rows in this block).
    package var footerRecords = 0
    /// Of those, the ones that are not blank: only they count towards the footer's `max-rows`.
    package var footerContentRecords = 0
    /// Blank records (all cells empty), wherever they are.
    package var blankRecords = 0
    /// Invalid-UTF-8 cells whose bytes read as windows-1252, for the report's hint.
    package var windows1252Cells = 0
    /// Rows with an error-severity finding, not counting duplicate keys (the merger adds those).
    package var rowsWithErrors = 0
    /// Checking stopped partway because the deadline passed; the rest of the block is unchecked.
    package var timedOut = false
    /// Each record's end and verdict, when the rows go to a ``RowSink``.
    package var verdicts: RowVerdicts?
    /// Per aggregate rule: the block's groups and their accumulated values.
    package var aggregates: [AggregateTable]

    package init(compiled: CompiledStandard, maxExamples: Int) {
        tally = FindingTally(ruleCount: compiled.rules.count, maxExamples: maxExamples)
        filled = Array(repeating: 0, count: compiled.programs.count)
        aggregates = compiled.standard.dataset.aggregates.map { AggregateTable(valueCount: $0.values.count) }
    }
}
