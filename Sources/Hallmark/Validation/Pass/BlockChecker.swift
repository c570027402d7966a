/// Parses and checks a block of input: the unit of work one worker takes.
///
/// Owns a ``RecordChecker`` (with its PCRE2 match data), so each worker has its own.
package struct BlockChecker {
    private var checker: RecordChecker
    private let compiled: CompiledStandard
    private let maxExamples: Int
    /// Records checked between looks at the clock: rare enough to cost nothing, often enough that
    /// a run overshoots its deadline by only a few records' work.
    static let deadlineInterval = 64

    package init(compiled: CompiledStandard, layout: ColumnLayout, maxExamples: Int) {
        checker = RecordChecker(compiled: compiled, layout: layout)
        self.compiled = compiled
        self.maxExamples = maxExamples
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
        while offset < bytes.count && result.records < recordLimit {
            if let deadline, result.records % Self.deadlineInterval == 0, ContinuousClock.now >= deadline {
                result.timedOut = true
                return result
            }
            let step = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]), into: &record)
            offset += step.consumed
            if step.isComplete { _ = checker.check(record, row: result.records + 1, into: &result) }
        }
        if isLast, offset == bytes.count, result.records < recordLimit, parser.finish(into: &record) {
            _ = checker.check(record, row: result.records + 1, into: &result)
        }
        return result
    }
}
