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
        /// How many examples each rule keeps (its count is always exact). Default 20, at most ``maximumExamples``.
        public var maxExamples: Int = 20
        /// Workers checking blocks of a file at once. Default: the number of processors online; at
        /// most ``maximumJobs``. The report is the same for every value.
        public var jobs: Int = Validator.processorCount
        /// The size of the blocks a file is cut into for the workers. Default 4 MiB, at most
        /// ``maximumBlockSize``; memory in use is about `blockSize × (2 × jobs + 2)`, plus the keys
        /// of uniqueness checks.
        public var blockSize: Int = 4 << 20
        /// A record larger than this is reported and not checked, so a runaway quote cannot take
        /// all memory. Default 64 MiB, at most 1 GiB.
        public var maxRecordBytes: Int = 64 << 20
        /// A record with more cells than this (the header included) is reported as oversized and not
        /// checked, so a line of millions of empty cells cannot take all memory. Default 100,000.
        public var maxRecordCells: Int = 100_000
        /// The longest value a `pattern` (or an identifier format's pattern) is run on; a longer one is
        /// a `pattern-limit` finding. Default 64 KiB.
        public var maxPatternValueBytes: Int = 64 << 10
        /// Backtracking steps a pattern may take on one value (PCRE2's match limit); a value that needs
        /// more is a `pattern-limit` finding, so one cell cannot stall a run. Default 200,000, a few
        /// milliseconds at most.
        public var patternMatchLimit: Int = 200_000
        /// Stop after the row in which this many errors have been found (`nil`: never). The report
        /// then says ``Report/Totals/stoppedEarly`` and covers the input up to that row.
        public var maxErrors: Int?
        /// Stop once this much time has passed since the validation started (`nil`: never). The
        /// report then says ``Report/Totals/stopReason`` ``Report/StopReason/timeout``, covers the
        /// rows checked until then, and is not ``Report/isValid``. The clock is looked at between
        /// blocks and every 64 records, so a run overshoots by a few records' work at most. In
        /// ``validate(fileAt:rows:)`` a read that blocks (a pipe nobody writes to) is abandoned at the
        /// deadline too; rows in a block still being read then are not checked.
        public var timeout: Duration?
        /// A secret under which values of `sensitive` fields enter ``FindingExample/rowKey`` (HMAC-SHA-256),
        /// so findings in records with sensitive values can be matched between runs without the
        /// values being recoverable from the report. Keep it the same between runs, and secret;
        /// without one (the default) sensitive values do not enter row keys at all.
        public var fingerprintKey: [UInt8]?
        /// The date `today()` means in rules, as `YYYY-MM-DD`, so that a run can be repeated with
        /// the same result (`nil`, the default, or a text that is not such a date: the day the
        /// validator is made, in UTC).
        public var today: String?
        /// Bytes of distinct keys (of `unique` fields, the primary key, `unique-keys` and
        /// `duplicate-rows`) kept in memory, each with 12 bytes of its own; the rest go to a
        /// temporary file in ``spillDirectory``, read back about once per duplicate, so the
        /// findings are the same either way. Each distinct key also takes 10 to 20 bytes in its
        /// set's table, wherever its bytes are. Default ``Validator/defaultKeyMemory``.
        public var keyMemory: Int = Validator.defaultKeyMemory
        /// Where the files of keys beyond ``keyMemory`` or ``memoryLimit`` are made, without a name
        /// (or unlinked at once), so nothing is left behind. They hold the keys' values as they
        /// are, sensitive ones too. Default: `TMPDIR`, else `/tmp`; empty means the default. If a
        /// file cannot be made or written, keys stay in memory and the findings are unchanged.
        public var spillDirectory: String = Validator.defaultSpillDirectory
        /// Bytes the tables of uniqueness checks (and their records held in memory) may take.
        /// Past it, keys are set aside in a temporary file in ``spillDirectory``, partitioned by
        /// hash, and resolved after the pass, a partition per worker at a time, with the same
        /// findings. Not applied when ``maxErrors`` is set or rows go to a ``RowSink``: both need
        /// each duplicate as its block merges. Default: half the machine's memory, or of its
        /// control group's limit when lower (``defaultMemoryLimit``).
        public var memoryLimit: Int = Validator.defaultMemoryLimit
        /// Called now and then during ``Validator/validate(fileAt:rows:)``, from the task that merges results.
        public var progress: (@Sendable (Progress) -> Void)?
        /// How often ``progress`` is called at most. Default 0.25 s.
        public var progressInterval: Duration = .milliseconds(250)

        /// The most ``jobs`` a validation uses; more are treated as this many.
        public static let maximumJobs = 1024
        /// The largest ``blockSize``, 1 GiB; larger is treated as this.
        public static let maximumBlockSize = 1 << 30
        /// The most ``maxExamples``; more are treated as this many.
        public static let maximumExamples = 100_000

        /// Each record's verdict is kept for a ``RowSink`` (set by the validation that has one).
        package var judgesRows = false

        /// The defaults.
        public init() {}

        /// The options with every value brought into its documented range, so that no setting can
        /// overflow or ask for unbounded memory.
        var bounded: Options {
            var options = self
            options.jobs = min(max(jobs, 1), Self.maximumJobs)
            options.blockSize = min(max(blockSize, 1), Self.maximumBlockSize)
            options.maxExamples = min(max(maxExamples, 0), Self.maximumExamples)
            options.maxRecordBytes = min(max(maxRecordBytes, 1), 1 << 30)
            options.maxRecordCells = max(maxRecordCells, 1)
            options.maxPatternValueBytes = max(maxPatternValueBytes, 0)
            options.patternMatchLimit = min(max(patternMatchLimit, 1), Int(UInt32.max))
            return options
        }
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
        self.options = options.bounded
        let bounded = options.bounded
        compiled = CompiledStandard(
            standard,
            patternLimits: PatternLimits(
                maxValueBytes: bounded.maxPatternValueBytes, matchLimit: UInt32(bounded.patternMatchLimit)),
            fingerprintKey: bounded.fingerprintKey,
            today: bounded.today.flatMap { text in
                var text = text
                return text.withUTF8 { ISOTemporal.date(UnsafeRawBufferPointer($0)) }
            })
    }

    /// Every rule this validator checks, in report order: table structure, then fields, then dataset.
    public var rules: [Rule] { compiled.rules }

    /// Processors online, for the default ``Options/jobs``.
    public static var processorCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// 32 MiB: the default ``Options/keyMemory``.
    public static let defaultKeyMemory = 32 << 20

    /// Half the memory this process may have: the machine's, or its control group's limit when
    /// that is lower (a container's). The default ``Options/memoryLimit``, read once per process.
    public static let defaultMemoryLimit: Int = halfOfMemory(
        physical: ProcessInfo.processInfo.physicalMemory,
        limitFiles: ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"])

    /// Half of `physical`, or of the lowest limit written in `limitFiles` (cgroup v2's
    /// `memory.max`, v1's `memory.limit_in_bytes`; "max", or a file that is not there, is no limit).
    package static func halfOfMemory(physical: UInt64, limitFiles: [String]) -> Int {
        var available = physical
        for path in limitFiles {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                let first = text.split(whereSeparator: \.isWhitespace).first, let limit = UInt64(first)
            else { continue }
            available = min(available, limit)
        }
        return Int(clamping: available / 2)
    }

    /// `TMPDIR` when set, else `/tmp`: where keys beyond ``Options/keyMemory`` or
    /// ``Options/memoryLimit`` go by default. Read once per process.
    public static let defaultSpillDirectory: String = {
        guard let directory = ProcessInfo.processInfo.environment["TMPDIR"], !directory.isEmpty else { return "/tmp" }
        return directory
    }()

    /// Starts a validation fed in blocks (see ``ValidationSession``).
    ///
    /// - Parameters:
    ///   - inputName: the name to put in the report, such as the upload's file name.
    ///   - rows: receives each data row with its verdict, in input order (see ``RowSink``).
    public func makeSession(inputName: String? = nil, rows: (any RowSink)? = nil) -> ValidationSession {
        ValidationSession(compiled: compiled, options: options, inputName: inputName, rows: rows)
    }

    /// Validates a file on ``Options/jobs`` workers at once; `-` reads standard input, and gzip
    /// input (detected from its first bytes) is decompressed on the fly.
    ///
    /// The file is read in blocks of ``Options/blockSize`` that workers parse and check in parallel,
    /// while this task merges their results in input order: the report is exactly that of a
    /// sequential pass. The reader stays at most a few blocks ahead of the merge, so memory does not
    /// grow with the file. Reading happens on a thread of its own, never on the cooperative pool.
    ///
    /// With `rows`, each data row also goes to the sink with its verdict, in input order, from
    /// this task (see ``RowSink``): the split of valid from invalid rows, in the same pass.
    ///
    /// - Throws: ``InputError`` when the file cannot be opened or read, or with code
    ///   ``InputError/Code/cancelled`` when the calling task is cancelled. Problems in the file's
    ///   content are findings, never errors.
    public func validate(fileAt path: String, rows: (any RowSink)? = nil) async throws(InputError) -> Report {
        let startedAt = Date()
        let clock = ContinuousClock.now
        var driver = PassDriver(compiled: compiled, options: options, rows: rows)
        let options = driver.options  // with judgesRows set for the workers when rows go to a sink
        let reader = BlockingReader(
            try BlockReader(path: path, blockSize: options.blockSize, encoding: standard.table.dialect.encoding),
            deadline: driver.deadline, blocksInFlight: 2 * options.jobs + 2)
        var lastProgress = clock
        try await ParallelPass(compiled: compiled, options: options).run(reader, into: &driver) { driver in
            guard let progress = options.progress, ContinuousClock.now - lastProgress >= options.progressInterval else {
                return
            }
            lastProgress = ContinuousClock.now
            progress(
                Progress(
                    bytesRead: reader.bytesRead, totalBytes: reader.fileSize, rows: driver.merger.dataRows,
                    errors: driver.merger.errorCount, elapsed: lastProgress - clock))
        }
        return driver.finish(
            input: Report.Input(path: path, bytes: reader.bytesRead, sha256: reader.hexDigest()),
            startedAt: startedAt, since: clock)
    }

    /// Validates a table held in memory.
    public func validate(bytes: [UInt8], inputName: String? = nil, rows: (any RowSink)? = nil) -> Report {
        let session = makeSession(inputName: inputName, rows: rows)
        session.feed(bytes)
        return session.finish()
    }

    /// Validates a table arriving as a sequence of blocks of bytes, such as an HTTP upload body.
    /// Stops consuming the sequence once ``Options/maxErrors`` is reached.
    ///
    /// - Throws: whatever the sequence throws, or `CancellationError` when the task is cancelled.
    public func validate<Blocks: AsyncSequence>(blocks: Blocks, inputName: String? = nil) async throws -> Report
    where Blocks.Element == [UInt8] {
        let session = makeSession(inputName: inputName)
        for try await block in blocks {
            try Task.checkCancellation()
            session.feed(block)
            if session.isStopped { break }
        }
        return session.finish()
    }
}
