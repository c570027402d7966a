/// Parses and checks a block of input: the unit of work one worker takes.
///
/// Owns a ``RecordChecker`` (with its PCRE2 match data), so each worker has its own.
package struct BlockChecker {
    private var checker: RecordChecker
    private let compiled: CompiledStandard
    private let maxExamples: Int
    /// Rows go to a ``RowSink``: each record's verdict is kept.
    private let judgesRows: Bool
    /// Records checked between looks at the clock: rare enough to cost nothing, often enough that
    /// a run overshoots its deadline by only a few records' work.
    static let deadlineInterval = 64

    package init(compiled: CompiledStandard, layout: ColumnLayout, maxExamples: Int, judgesRows: Bool = false) {
        checker = RecordChecker(compiled: compiled, layout: layout)
        self.compiled = compiled
        self.maxExamples = maxExamples
        self.judgesRows = judgesRows
    }

    /// Parses `bytes` from `offset` on, from `parser`'s state, and checks every record they complete,
    /// stopping early after `recordLimit` records, or once `deadline` has passed (looked at every
    /// ``deadlineInterval`` records; the result is then ``BlockResult/timedOut``). With `isLast`, the
    /// end of input also completes the record in progress.
    ///
    /// On return `offset` is where parsing stopped, and `parser` and `record` hold the state to
    /// continue from (a record cut off by the end of `bytes` stays in `record`).
    package mutating func check(
        _ bytes: UnsafeRawBufferPointer, from offset: inout Int, parser: inout CSVParser,
        record: inout CSVRecord, isLast: Bool, recordLimit: Int = .max, deadline: ContinuousClock.Instant? = nil
    ) -> BlockResult {
        var result = BlockResult(compiled: compiled, maxExamples: maxExamples)
        if judgesRows {
            result.verdicts = RowVerdicts()
            result.tally.log = []
        }
        // Unwrapped only on the records that look at the clock: an optional instant is unwrapped
        // through a generic witness call, which for every record cost more than the look itself.
        let hasDeadline = deadline != nil
        while offset < bytes.count && result.records < recordLimit {
            if hasDeadline, result.records % Self.deadlineInterval == 0, let deadline, ContinuousClock.now >= deadline {
                result.timedOut = true
                checker.moveFilled(into: &result.filled)
                return result
            }
            let step = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]), into: &record)
            offset += step.consumed
            if step.isComplete { check(record, endingAt: offset, into: &result) }
        }
        if isLast, offset == bytes.count, result.records < recordLimit, parser.finish(into: &record) {
            check(record, endingAt: offset, into: &result)
        }
        checker.moveFilled(into: &result.filled)
        return result
    }

    /// Checks one record that ends at `end` in the bytes being parsed.
    @inline(__always)
    private mutating func check(_ record: CSVRecord, endingAt end: Int, into result: inout BlockResult) {
        guard judgesRows else {
            _ = checker.check(record, row: result.records + 1, into: &result)
            return
        }
        let footerBefore = result.footerRecords
        result.tally.log?.removeAll(keepingCapacity: true)
        _ = checker.check(record, row: result.records + 1, into: &result)
        // The log is filtered where it lies: a judged row allocates nothing of its own.
        let rules = compiled.rules
        let broken = (result.tally.log ?? []).lazy.filter { rules[Int($0)].severity == .error }
        let kind: RowVerdicts.Kind =
            result.footerRecords > footerBefore ? .notData : broken.isEmpty ? .valid : .invalid
        result.verdicts?.append(end: end, line: record.startLine, kind: kind, rules: broken)
    }
}
