#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import Crypto

/// Validates one table fed to it in pieces: the streaming front door for services that receive
/// uploads and never write them to disk.
///
/// ```swift
/// let session = Validator(standard: standard).makeSession(inputName: "upload.csv")
/// for try await chunk in upload { session.feed(chunk) }
/// let report = session.finish()
/// ```
///
/// Memory stays bounded by the largest record plus the keys of uniqueness checks, however much is fed.
/// A session is used from one task at a time.
public final class ValidationSession {
    private let compiled: CompiledStandard
    private let inputName: String?
    private var parser: CSVParser
    private var record = CSVRecord()
    private var tally: FindingTally
    private var dataset: DatasetState
    private var checker: RecordChecker?
    private var recordNumber = 0
    private var rowsWithErrors = 0
    private var hasher = SHA256()
    private var byteCount = 0
    private let startedAt = Date()
    private let clock = ContinuousClock.now
    private var finished: Report?

    init(compiled: CompiledStandard, options: Validator.Options, inputName: String?) {
        self.compiled = compiled
        self.inputName = inputName
        parser = CSVParser(dialect: compiled.standard.table.dialect, maxRecordBytes: options.maxRecordBytes)
        tally = FindingTally(ruleCount: compiled.rules.count, maxExamples: options.maxExamples)
        dataset = DatasetState(compiled)
    }

    /// Validates the next piece of the input.
    public func feed(_ bytes: UnsafeRawBufferPointer) {
        precondition(finished == nil, "feed(_:) after finish()")
        hasher.update(bufferPointer: bytes)
        byteCount += bytes.count
        var offset = 0
        while offset < bytes.count {
            let step = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]), into: &record)
            offset += step.consumed
            if step.isComplete { take() }
        }
    }

    /// Validates the next piece of the input.
    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Ends the input and returns the report. Calling it again returns the same report.
    public func finish() -> Report {
        if let finished { return finished }
        if parser.finish(into: &record) { take() }
        if recordNumber == 0 && compiled.standard.table.dialect.hasHeader {
            tally.record(compiled.tableRule(.empty)) { FindingExample(row: 1, line: 1, column: nil, field: nil, value: nil) }
        }
        checkDataset()
        let hex = Array("0123456789abcdef".utf8)
        let digest = String(decoding: hasher.finalize().flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] }, as: UTF8.self)
        let elapsed = ContinuousClock.now - clock
        let report = Report(compiled: compiled, tally: tally, dataRows: dataset.dataRows, rowsWithErrors: rowsWithErrors,
                            input: Report.Input(path: inputName, bytes: byteCount, sha256: digest),
                            startedAt: startedAt, duration: elapsed)
        finished = report
        return report
    }

    private func take() {
        recordNumber += 1
        if checker == nil {
            if compiled.standard.table.dialect.hasHeader {
                checker = RecordChecker(compiled: compiled, layout: ColumnLayout(header: record, compiled: compiled, tally: &tally))
                return
            }
            checker = RecordChecker(compiled: compiled, layout: ColumnLayout(positionalFor: compiled))
        }
        if checker!.check(record, row: recordNumber, tally: &tally, dataset: &dataset) { rowsWithErrors += 1 }
    }

    private func checkDataset() {
        let rows = dataset.dataRows
        if let rule = compiled.rowsRule {
            let spec = compiled.standard.dataset
            if rows < (spec.minimumRows ?? 0) || rows > (spec.maximumRows ?? Int.max) {
                tally.record(rule) { FindingExample(row: recordNumber, line: parser.currentLine, column: nil, field: nil, value: String(rows)) }
            }
        }
        for (field, percent, rule) in compiled.completeness {
            let share = rows == 0 ? 100 : Double(dataset.filled[field]) * 100 / Double(rows)
            if share < percent {
                let shown = (share * 100).rounded(.down) / 100
                tally.record(rule) { FindingExample(row: recordNumber, line: parser.currentLine, column: nil,
                                                    field: compiled.standard.fields[field].name, value: "\(shown)%") }
            }
        }
    }
}

@available(*, unavailable, message: "a session holds the state of one pass; feed it from one task")
extension ValidationSession: Sendable {}
