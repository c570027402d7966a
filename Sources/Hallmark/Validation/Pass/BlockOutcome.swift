/// A block a worker parsed and checked on its own, from a fresh parser, as if it began at a record.
package struct BlockOutcome: Sendable {
    /// The block's bytes, kept in case it must be checked again from the true parser state.
    package var bytes: [UInt8]
    package var isLast: Bool
    package var result: BlockResult
    /// The worker's parser and record where the block ends.
    package var parser: CSVParser
    package var record: CSVRecord

    /// Parses and checks `bytes` from a fresh parser with its own ``BlockChecker``.
    package init(
        checking bytes: [UInt8], isLast: Bool, compiled: CompiledStandard, layout: ColumnLayout,
        options: Validator.Options, deadline: ContinuousClock.Instant?
    ) {
        var checker = BlockChecker(
            compiled: compiled, layout: layout, maxExamples: options.maxExamples, judgesRows: options.judgesRows)
        var parser = CSVParser(
            dialect: compiled.standard.table.dialect, maxRecordBytes: options.maxRecordBytes,
            maxRecordCells: options.maxRecordCells, midStream: true)
        var record = CSVRecord()
        var offset = 0
        result = bytes.withUnsafeBytes {
            checker.check($0, from: &offset, parser: &parser, record: &record, isLast: isLast, deadline: deadline)
        }
        self.bytes = bytes
        self.isLast = isLast
        self.parser = parser
        self.record = record
    }
}
