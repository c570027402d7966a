#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// Drives one pass over the input in order: the header, then stretch after stretch, each merged
/// into a ``PassMerger``.
///
/// Stretches arrive two ways. ``feed(_:isLast:)`` parses bytes on from where the input stands (the
/// sequential path, and every re-run). ``merge(_:)`` takes a block a worker already checked on its
/// own, assuming it began at a record boundary; if the input before it in fact ended inside a record
/// (a quoted line break just before the cut), the speculation was wrong and the block is re-parsed
/// here, from the true state. Either way the result is exactly that of one sequential pass.
package struct PassDriver {
    package private(set) var merger: PassMerger
    /// The parser's state where the input merged so far ends, and any record it leaves open.
    private var parser: CSVParser
    private var record = CSVRecord()
    /// Added to `parser`'s line numbers to give the input's: blocks checked on their own count from 1.
    private var lineOffset = 0
    private var checker: StretchChecker?
    private let compiled: CompiledStandard
    private let options: Validator.Options

    package init(compiled: CompiledStandard, options: Validator.Options) {
        self.compiled = compiled
        self.options = options
        merger = PassMerger(compiled: compiled, options: options)
        parser = CSVParser(dialect: compiled.standard.table.dialect, maxRecordBytes: options.maxRecordBytes)
        if let layout = merger.layout { checker = StretchChecker(compiled: compiled, layout: layout, maxExamples: options.maxExamples) }
    }

    /// The column layout, once the header has been read (at once for a table without one).
    package var layout: ColumnLayout? { merger.layout }

    /// Whether the pass has stopped at ``Validator/Options/maxErrors``; later input is ignored.
    package var isStopped: Bool { merger.stoppedEarly }

    /// The input's line where the merged input ends.
    package var currentLine: Int { parser.currentLine + lineOffset }

    /// Whether a block starting where the merged input ends may be parsed on its own.
    package var isBetweenRecords: Bool { parser.isBetweenRecords && merger.layout != nil }

    /// Parses and checks the next bytes of the input; with `isLast`, they end it.
    package mutating func feed(_ bytes: UnsafeRawBufferPointer, isLast: Bool) {
        guard !isStopped else { return }
        var offset = 0
        if merger.needsHeader {
            readHeader(bytes, from: &offset, isLast: isLast)
            guard !merger.needsHeader else { return }
        }
        run(bytes, from: offset, isLast: isLast)
    }

    /// Merges a block that a worker checked from a fresh parser (see ``BlockOutcome``).
    package mutating func merge(_ outcome: BlockOutcome) {
        guard !isStopped else { return }
        guard isBetweenRecords else {
            // The block did not start at a record: redo it from the true state.
            outcome.bytes.withUnsafeBytes { feed($0, isLast: outcome.isLast) }
            return
        }
        let offset = currentLine - 1
        if merger.mightReachErrorLimit(with: outcome.result) {
            // Find the exact record that reaches the limit.
            parser = CSVParser(dialect: compiled.standard.table.dialect, maxRecordBytes: options.maxRecordBytes, midStream: true)
            record = CSVRecord()
            lineOffset = offset
            outcome.bytes.withUnsafeBytes { feed($0, isLast: outcome.isLast) }
            return
        }
        merger.merge(outcome.result, lineOffset: offset)
        parser = outcome.parser
        record = outcome.record
        lineOffset = offset
    }

    /// Reads the header row from the start of `bytes`; returns the offset just after it (all of
    /// `bytes` when it continues past them). The parallel pass reads the header this way, then hands
    /// the rest to workers.
    package mutating func feedHeader(_ bytes: UnsafeRawBufferPointer, isLast: Bool) -> Int {
        var offset = 0
        if merger.needsHeader { readHeader(bytes, from: &offset, isLast: isLast) }
        return offset
    }

    private mutating func readHeader(_ bytes: UnsafeRawBufferPointer, from offset: inout Int, isLast: Bool) {
        var complete = false
        while offset < bytes.count && !complete {
            let step = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]), into: &record)
            offset += step.consumed
            complete = step.isComplete
        }
        if !complete && isLast && offset == bytes.count { complete = parser.finish(into: &record) }
        if complete {
            let layout = merger.takeHeader(record)
            checker = StretchChecker(compiled: compiled, layout: layout, maxExamples: options.maxExamples)
        }
    }

    /// Checks `bytes` from `start` on, continuing from the current state.
    private mutating func run(_ bytes: UnsafeRawBufferPointer, from start: Int, isLast: Bool) {
        let parserBefore = parser, recordBefore = record
        var offset = start
        let result = checker!.check(bytes, from: &offset, parser: &parser, record: &record, isLast: isLast)
        guard merger.mightReachErrorLimit(with: result) else {
            merger.merge(result, lineOffset: lineOffset)
            return
        }
        // Again record by record, to stop exactly where the limit is reached.
        parser = parserBefore
        record = recordBefore
        offset = start
        while !merger.reachedErrorLimit {
            let single = checker!.check(bytes, from: &offset, parser: &parser, record: &record, isLast: isLast, recordLimit: 1)
            if single.rows == 0 { return }
            merger.merge(single, lineOffset: lineOffset)
        }
        // Reaching the limit on the input's last record is not stopping early: everything was read.
        let inputEnded = isLast && offset == bytes.count && !parser.finish(into: &record)
        if !inputEnded { merger.stopEarly() }
    }

    /// Finishes the pass and writes the report.
    mutating func finish(input: Report.Input, startedAt: Date, duration: Duration) -> Report {
        merger.finish(line: currentLine, input: input, startedAt: startedAt, duration: duration)
    }
}

/// A block a worker parsed and checked on its own, from a fresh parser, as if it began at a record.
package struct BlockOutcome: Sendable {
    /// The block's bytes, kept in case it must be re-parsed.
    package var bytes: [UInt8]
    package var isLast: Bool
    package var result: StretchResult
    /// The worker's parser and record where the block ends.
    package var parser: CSVParser
    package var record: CSVRecord

    /// Parses and checks `bytes` from a fresh parser with its own ``StretchChecker``.
    package init(checking bytes: [UInt8], isLast: Bool, compiled: CompiledStandard, layout: ColumnLayout, options: Validator.Options) {
        var checker = StretchChecker(compiled: compiled, layout: layout, maxExamples: options.maxExamples)
        var parser = CSVParser(dialect: compiled.standard.table.dialect, maxRecordBytes: options.maxRecordBytes, midStream: true)
        var record = CSVRecord()
        var offset = 0
        result = bytes.withUnsafeBytes { checker.check($0, from: &offset, parser: &parser, record: &record, isLast: isLast) }
        self.bytes = bytes
        self.isLast = isLast
        self.parser = parser
        self.record = record
    }
}
