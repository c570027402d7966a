#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// Drives one pass over the input in order: the header, then block after block, each merged into
/// a ``PassMerger``.
///
/// Blocks arrive two ways. ``feed(_:isLast:)`` parses bytes on from where the input stands: the
/// sequential path. ``merge(_:)`` takes a block a worker already checked on its own, assuming it
/// began at a record boundary. When that result cannot be taken as it is — the input before the
/// block in fact ended inside a record (a quoted line break just before the cut), or merging it
/// might reach the error limit, whose exact row only a record-by-record pass finds — the block is
/// checked again by ``feed(_:isLast:)`` from the true state: the one re-run path. Either way the
/// result is exactly that of one sequential pass.
package struct PassDriver {
    package private(set) var merger: PassMerger
    /// The parser's state where the input merged so far ends, and any record it leaves open.
    private var parser: CSVParser
    private var record = CSVRecord()
    /// Lines before the line `parser` counts as 1 (blocks checked on their own count from 1).
    private var linesBefore = 0
    /// Skips the lines above the table (`skip-rows`) before the header or first record.
    private var skipper: LineSkipper
    private var checker: BlockChecker?
    /// Hands each judged row to the validation's ``RowSink``, when it has one.
    private var splitter: RowSplitter?
    /// The error limit was reached on the last record of the input so far. Whether that was
    /// stopping early depends on whether another record follows, which only later input tells.
    private var limitReachedAtEnd = false
    /// The input's size in bytes, when known before the pass: the first block merged sizes the
    /// key tables from it (``PassMerger/expect(rows:inputBytes:)``), then it is cleared.
    package var expectedInputBytes: Int?
    private let compiled: CompiledStandard
    /// The validation's options, with ``Validator/Options/judgesRows`` set when rows go to a sink.
    package let options: Validator.Options
    /// When ``Validator/Options/timeout`` runs out, counted from the start of the pass.
    package let deadline: ContinuousClock.Instant?

    package init(compiled: CompiledStandard, options: Validator.Options, rows sink: (any RowSink)? = nil) {
        var options = options
        options.judgesRows = sink != nil
        self.compiled = compiled
        self.options = options
        splitter = sink.map { RowSplitter(sink: $0, rules: compiled.rules) }
        deadline = options.timeout.map { ContinuousClock.now + $0 }
        merger = PassMerger(compiled: compiled, options: options)
        let dialect = compiled.standard.table.dialect
        skipper = LineSkipper(lines: dialect.skipRows)
        linesBefore = dialect.skipRows
        // A byte-order mark stands at the very start of the file, among the skipped lines.
        parser = CSVParser(
            dialect: dialect, maxRecordBytes: options.maxRecordBytes, maxRecordCells: options.maxRecordCells,
            midStream: dialect.skipRows > 0)
        if let layout = merger.layout {
            checker = BlockChecker(
                compiled: compiled, layout: layout, maxExamples: options.maxExamples, judgesRows: options.judgesRows)
        }
    }

    /// The column layout, once the header has been read (at once for a table without one).
    package var layout: ColumnLayout? { merger.layout }

    /// Whether the lines above the table or its header row are still to be read: workers cannot
    /// start before.
    package var isReadingPrologue: Bool { !skipper.isDone || merger.needsHeader }

    /// Whether the pass has stopped, at ``Validator/Options/maxErrors`` or its deadline; later
    /// input is ignored.
    package var isStopped: Bool { merger.stopReason != nil }

    /// Stops the pass if its deadline has passed: between blocks, when a worker had no records
    /// left to look at the clock with.
    package mutating func checkDeadline() {
        if let deadline, ContinuousClock.now >= deadline { merger.stopEarly(.timeout) }
    }

    /// The input's line where the merged input ends.
    package var currentLine: Int { parser.currentLine + linesBefore }

    /// Parses and checks the next bytes of the input; with `isLast`, they end it.
    package mutating func feed(_ bytes: UnsafeRawBufferPointer, isLast: Bool) {
        guard !isStopped else { return }
        var offset = 0
        defer { splitter?.end(bytes) }
        if isReadingPrologue {
            readPrologue(bytes, from: &offset, isLast: isLast)
            guard !isReadingPrologue else { return }
        } else {
            splitter?.begin(at: 0)
        }
        if limitReachedAtEnd {
            if hasRecord(bytes, from: offset, isLast: isLast) { merger.stopEarly(.errorLimit) }
            return
        }
        run(bytes, from: offset, isLast: isLast)
    }

    /// Merges a block that a worker checked from a fresh parser (see ``BlockOutcome``).
    package mutating func merge(_ outcome: BlockOutcome) {
        guard !isStopped else { return }
        let canTake =
            parser.isBetweenRecords && merger.layout != nil && !limitReachedAtEnd
            && !merger.mightReachErrorLimit(with: outcome.result)
        guard canTake else {
            outcome.bytes.withUnsafeBytes { feed($0, isLast: outcome.isLast) }
            return
        }
        if let inputBytes = expectedInputBytes {
            // The first block's rows per byte, over the whole file: the rows to size keys for.
            expectedInputBytes = nil
            let rows = Double(inputBytes) * Double(outcome.result.records) / Double(max(outcome.bytes.count, 1))
            merger.expect(rows: Int(min(rows, Double(UInt32.max))), inputBytes: inputBytes)
        }
        let linesBefore = currentLine - 1
        merger.merge(outcome.result, linesBefore: linesBefore)
        if splitter != nil, let judged = merger.takeVerdicts() {
            outcome.bytes.withUnsafeBytes { bytes in
                splitter?.begin(at: 0)
                splitter?.take(judged, in: bytes)
                splitter?.end(bytes)
            }
        }
        if outcome.result.timedOut { merger.stopEarly(.timeout) }
        parser = outcome.parser
        record = outcome.record
        self.linesBefore = linesBefore
    }

    /// Reads the header row from the start of `bytes`; returns the offset just after it (all of
    /// `bytes` when it continues past them). The parallel pass reads the header this way, then hands
    /// the rest to workers.
    package mutating func feedHeader(_ bytes: UnsafeRawBufferPointer, isLast: Bool) -> Int {
        var offset = 0
        readPrologue(bytes, from: &offset, isLast: isLast)
        // The rest of the block goes to workers: only a header cut off by its end is carried.
        let end = isReadingPrologue ? bytes.count : offset
        splitter?.end(bytes, at: end)
        return offset
    }

    /// Skips the lines above the table, then reads the header row when there is one.
    private mutating func readPrologue(_ bytes: UnsafeRawBufferPointer, from offset: inout Int, isLast: Bool) {
        if !skipper.isDone {
            offset += skipper.skip(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            if isLast && offset == bytes.count { skipper.finish() }
            guard skipper.isDone else { return }
        }
        splitter?.begin(at: offset)
        if merger.needsHeader { readHeader(bytes, from: &offset, isLast: isLast) }
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
            // The parser counts lines from the first after the skipped ones; findings use the file's.
            splitter?.takeHeader(bytes, endingAt: offset)
            var header = record
            header.startLine += linesBefore
            let layout = merger.takeHeader(header)
            checker = BlockChecker(
                compiled: compiled, layout: layout, maxExamples: options.maxExamples, judgesRows: options.judgesRows)
        }
    }

    /// Checks `bytes` from `start` on, continuing from the current state.
    private mutating func run(_ bytes: UnsafeRawBufferPointer, from start: Int, isLast: Bool) {
        guard var checker else { return }
        defer { self.checker = checker }
        let parserBefore = parser
        let recordBefore = record
        // The checker has state of its own (inside a footer or not): the re-run starts from it too.
        let checkerBefore = checker
        var offset = start
        let result = checker.check(
            bytes, from: &offset, parser: &parser, record: &record, isLast: isLast, deadline: deadline)
        guard merger.mightReachErrorLimit(with: result) else {
            merger.merge(result, linesBefore: linesBefore)
            handOnRows(bytes)
            if result.timedOut { merger.stopEarly(.timeout) }
            return
        }
        // Again record by record, to stop exactly where the limit is reached.
        parser = parserBefore
        record = recordBefore
        checker = checkerBefore
        offset = start
        while !merger.reachedErrorLimit {
            let single = checker.check(
                bytes, from: &offset, parser: &parser, record: &record, isLast: isLast, recordLimit: 1,
                deadline: deadline)
            if single.timedOut { merger.stopEarly(.timeout) }
            if single.records == 0 { return }
            merger.merge(single, linesBefore: linesBefore)
            handOnRows(bytes)
        }
        // Reaching the limit on the input's last record is not stopping early: everything was read.
        if hasRecord(bytes, from: offset, isLast: isLast) {
            merger.stopEarly(.errorLimit)
        } else if !isLast {
            limitReachedAtEnd = true
        }
    }

    /// Hands the rows of the block merged last, which end within `bytes`, to the ``RowSink``.
    private mutating func handOnRows(_ bytes: UnsafeRawBufferPointer) {
        guard splitter != nil, let judged = merger.takeVerdicts() else { return }
        splitter?.take(judged, in: bytes)
    }

    /// Whether `bytes` from `offset` (and, with `isLast`, the end of input) complete another record.
    private mutating func hasRecord(_ bytes: UnsafeRawBufferPointer, from offset: Int, isLast: Bool) -> Bool {
        var offset = offset
        while offset < bytes.count {
            let step = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]), into: &record)
            offset += step.consumed
            if step.isComplete { return true }
        }
        return isLast && parser.finish(into: &record)
    }

    /// Finishes the pass and writes the report. Keys set aside are resolved first, so their time
    /// counts in the duration and their work stops at the deadline.
    mutating func finish(input: Report.Input, startedAt: Date, since start: ContinuousClock.Instant) -> Report {
        merger.resolveSetAsideKeys(deadline: deadline)
        return merger.finish(input: input, startedAt: startedAt, duration: ContinuousClock.now - start)
    }
}
