#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// Checks tables against a ``Standard``.
///
/// ```swift
/// let standard = try Standard(contentsOfFile: "Standards/nhs/practice-prescribing.yaml")
/// let report = try await Validator(standard: standard).validate(fileAt: "prescribing.csv")
/// print(report.valid, report.totals.rows)
/// ```
public struct Validator: Sendable {
    /// Tuning for one validation.
    public struct Options: Sendable {
        /// How many examples each rule keeps (its count is always exact). Default 20.
        public var maxExamples: Int = 20
        /// Workers checking blocks of a file at once. Default: the number of processors online.
        /// The report is the same for every value.
        public var jobs: Int = Validator.processorCount
        /// The size of the blocks a file is cut into for the workers. Default 4 MiB; memory in use
        /// is about `blockSize × (2 × jobs + 1)`, plus the keys of uniqueness checks.
        public var blockSize: Int = 4 << 20
        /// A record larger than this is reported and not checked, so a runaway quote cannot take
        /// all memory. Default 64 MiB.
        public var maxRecordBytes: Int = 64 << 20
        /// Stop after the row in which this many errors have been found (`nil`: never). The report
        /// then says ``Report/Totals/stoppedEarly`` and covers the input up to that row.
        public var maxErrors: Int?
        /// Called now and then during ``Validator/validate(fileAt:)``, from the task that merges results.
        public var progress: (@Sendable (Progress) -> Void)?
        /// How often ``progress`` is called at most. Default 0.25 s.
        public var progressInterval: Duration = .milliseconds(250)

        /// The defaults.
        public init() {}
    }

    /// How far a validation has got, for a progress display.
    public struct Progress: Sendable {
        /// Bytes read from the file so far (compressed bytes, for gzip).
        public var bytesRead: Int
        /// The file's size, when known (not for pipes).
        public var totalBytes: Int?
        /// Data rows checked so far.
        public var rows: Int
        /// Findings of severity `error` so far.
        public var errors: Int
        /// Time since validation started.
        public var elapsed: Duration
    }

    /// The standard being applied.
    public let standard: Standard
    /// The options in force.
    public let options: Options
    private let compiled: CompiledStandard

    /// Prepares the standard for checking (numbering its rules, compiling its checks).
    public init(standard: Standard, options: Options = Options()) {
        self.standard = standard
        self.options = options
        compiled = CompiledStandard(standard)
    }

    /// Every rule this validator checks, in report order: table structure, then fields, then dataset.
    public var rules: [Rule] { compiled.rules }

    /// Processors online, for the default ``Options/jobs``.
    public static var processorCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Starts a validation fed in pieces (see ``ValidationSession``).
    ///
    /// - Parameter inputName: the name to put in the report, such as the upload's file name.
    public func makeSession(inputName: String? = nil) -> ValidationSession {
        ValidationSession(compiled: compiled, options: options, inputName: inputName)
    }

    /// Validates a file on ``Options/jobs`` workers at once; `-` reads standard input, and gzip
    /// input (detected from its first bytes) is decompressed on the fly.
    ///
    /// The file is read in blocks of ``Options/blockSize`` that workers parse and check in parallel,
    /// while this task merges their results in input order: the report is exactly that of a
    /// sequential pass. The reader stays at most a few blocks ahead of the merge, so memory does not
    /// grow with the file.
    ///
    /// - Throws: ``InputError`` when the file cannot be opened or read. Problems in its content are findings.
    public func validate(fileAt path: String) async throws(InputError) -> Report {
        let startedAt = Date()
        let clock = ContinuousClock.now
        let reader = try BlockReader(path: path, blockSize: options.blockSize)
        var driver = PassDriver(compiled: compiled, options: options)
        var inputError: InputError?

        // The header is read here, before workers can know the columns.
        var first: (bytes: [UInt8], isLast: Bool)?
        if driver.layout != nil {
            first = try reader.next()   // a table without a header row: workers start at once
        }
        while driver.layout == nil, let block = try reader.next() {
            let offset = block.bytes.withUnsafeBytes { driver.feedHeader($0, isLast: block.isLast) }
            if driver.layout != nil { first = (Array(block.bytes[offset...]), block.isLast) }
        }

        if let layout = driver.layout, let first {
            let compiled = compiled, options = options
            let window = max(options.jobs, 1) * 2
            var lastProgress = clock
            await withTaskGroup(of: (Int, BlockOutcome).self) { group in
                var submitted = 0, merged = 0
                var ready: [Int: BlockOutcome] = [:]
                var pending: (bytes: [UInt8], isLast: Bool)? = first
                var inputDone = false
                var running = 0
                while true {
                    // Keep every worker busy, but never run more than `window` blocks ahead of the merge.
                    while running < max(options.jobs, 1), submitted - merged < window, !driver.isStopped {
                        if pending == nil && !inputDone {
                            do throws(InputError) { pending = try reader.next() } catch {
                                inputError = error
                                inputDone = true
                            }
                            if pending == nil { inputDone = true }
                        }
                        guard let block = pending else { break }
                        pending = nil
                        if block.isLast { inputDone = true }
                        let index = submitted
                        submitted += 1
                        running += 1
                        group.addTask {
                            (index, BlockOutcome(checking: block.bytes, isLast: block.isLast, compiled: compiled, layout: layout, options: options))
                        }
                    }
                    guard let (index, outcome) = await group.next() else { break }
                    running -= 1
                    ready[index] = outcome
                    while let next = ready.removeValue(forKey: merged) {
                        driver.merge(next)
                        merged += 1
                    }
                    if let progress = options.progress, ContinuousClock.now - lastProgress >= options.progressInterval {
                        lastProgress = ContinuousClock.now
                        progress(Progress(bytesRead: reader.bytesRead, totalBytes: reader.fileSize, rows: driver.merger.dataRows,
                                          errors: driver.merger.errorCount, elapsed: lastProgress - clock))
                    }
                    if driver.isStopped || inputError != nil { group.cancelAll() }
                }
            }
        }
        if let inputError { throw inputError }
        return driver.finish(input: Report.Input(path: path, bytes: reader.bytesRead, sha256: reader.hexDigest()),
                             startedAt: startedAt, duration: ContinuousClock.now - clock)
    }

    /// Validates a table held in memory.
    public func validate(bytes: [UInt8], inputName: String? = nil) -> Report {
        let session = makeSession(inputName: inputName)
        session.feed(bytes)
        return session.finish()
    }

    /// Validates a table arriving as a sequence of chunks, such as an HTTP upload body.
    /// Stops consuming the sequence once ``Options/maxErrors`` is reached.
    public func validate<Chunks: AsyncSequence>(chunks: Chunks, inputName: String? = nil) async throws -> Report
    where Chunks.Element == [UInt8] {
        let session = makeSession(inputName: inputName)
        for try await chunk in chunks {
            session.feed(chunk)
            if session.isStopped { break }
        }
        return session.finish()
    }
}
