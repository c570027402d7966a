import ArgumentParser
import Foundation
import Hallmark

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a CSV file against a standard, or every resource of a data package against its own.",
        discussion: """
            Prints a summary grouped by rule, worst first. With --format json the report goes to \
            standard output (or to --output, with the summary still printed). --report writes \
            several formats in one run: --report json:report.json --report sarif:hallmark.sarif \
            --report markdown:- (KIND or KIND:PATH; '-' or no path is standard output, for one \
            report at most). Kinds: text, json, sarif, junit, markdown (a CI job summary), \
            markdown-comment (a pull-request comment under 64 KB), github (workflow annotations) and \
            html (one standalone page).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    /// A `--report KIND[:PATH]`.
    struct ReportTarget: ExpressibleByArgument {
        enum Kind: String, CaseIterable {
            case text, json, sarif, junit, markdown, github, html
            case markdownComment = "markdown-comment"
        }
        var kind: Kind
        /// `nil` for standard output.
        var path: String?

        init?(argument: String) {
            let parts = argument.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let kind = Kind(rawValue: String(parts[0])) else { return nil }
            self.kind = kind
            let path = parts.count > 1 ? String(parts[1]) : "-"
            guard !path.isEmpty else { return nil }
            self.path = path == "-" ? nil : path
        }

        init(kind: Kind, path: String?) {
            self.kind = kind
            self.path = path
        }

        static var allValueStrings: [String] { Kind.allCases.map(\.rawValue) }
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, info, never, new
    }

    @Argument(
        help: """
            The CSV file to validate (gzip is detected and decompressed); '-' reads standard input. A \
            Frictionless data package descriptor (datapackage.json) validates each of its tabular \
            resources against its own schema. None with --engine or --from-engine, which check a table \
            where it lives.
            """)
    var input: String?

    @Option(
        name: [.short, .long],
        help:
            "The standard (a .yaml file, or a Frictionless Table Schema); not with a data package, which carries its own."
    )
    var standard: String?

    @Option(name: [.short, .long], help: "Report format: text or json.")
    var format: Format = .text

    @Option(name: [.short, .long], help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write a report of this kind to PATH ('-' or none: standard output); repeat for several.",
            valueName: "kind[:path]"))
    var report: [ReportTarget] = []

    @Option(
        name: .long,
        help: "The directory SARIF paths are relative to, such as the repository's root (default: paths as given).")
    var sourceRoot: String?

    @Option(
        name: .long,
        help:
            "Exit 1 when there are findings of this severity or worse: error, warning, info, or never; or 'new': only when an error ticket is new or grew since --baseline."
    )
    var failOn: FailOn = .error

    @Option(
        name: .long, help: "An earlier run's JSON report: SARIF results say new/unchanged/updated; see --fail-on new.")
    var baseline: String?

    @Option(
        name: .long,
        help:
            "Accepted tickets and findings, each with a reason (default: .hallmark/suppressions.yaml when it exists)."
    )
    var suppressions: String?

    @Option(
        name: .long,
        help:
            "The dataset's stable name, which scopes ticket and finding ids (default: the standard's dataset: id:, else its id)."
    )
    var dataset: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A secret under which sensitive values enter finding ids (HMAC); better given as HALLMARK_FINGERPRINT_KEY.",
            valueName: "secret"))
    var fingerprintKey: String?

    @Option(name: .long, help: "Examples kept per rule (counts are always exact).")
    var maxExamples: Int = 20

    @Option(
        name: [.short, .long],
        help:
            "Workers checking the file at once (default: the number of processors). The report is the same for every value."
    )
    var jobs: Int = Validator.processorCount

    @Option(
        name: .long,
        help: "Stop after the row in which this many errors have been found; the report says it stopped early.")
    var maxErrors: Int?

    @Option(
        name: .long,
        help:
            "Stop after this many seconds with a partial report of the rows checked so far (exit 4 unless findings exit 1)."
    )
    var timeout: Double?

    @Option(
        name: .long,
        help:
            "Backtracking steps a pattern may take on one value before it is a pattern-limit finding (default 200000).")
    var patternMatchLimit: Int = Validator.Options().patternMatchLimit

    @Option(
        name: .long,
        help: "The longest value, in bytes, a pattern is run on; longer is a pattern-limit finding (default 65536).")
    var maxPatternValueBytes: Int = Validator.Options().maxPatternValueBytes

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Bytes of distinct keys (unique fields, the primary key, unique-keys, duplicate-rows) kept in memory; the rest go to a temporary file, with the same findings. A number with an optional K, M or G.",
            valueName: "size"))
    var keyMemory: String = "32M"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Memory the tables of uniqueness checks may take (not the whole process); past it, keys go to a temporary file and are resolved after the pass, with the same findings (not with --max-errors or row files). A number with an optional K, M or G (default: half the machine's memory, or of a container's limit).",
            valueName: "size"))
    var memoryLimit: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where keys beyond --key-memory or --memory-limit go, in files unlinked as soon as they are made; the values are written as they are, sensitive ones too (default: TMPDIR, else /tmp).",
            valueName: "dir"))
    var spillDirectory: String?

    @Option(name: .long, help: ArgumentHelp("Bytes per block handed to a worker (default 4 MiB).", visibility: .hidden))
    var blockSize: Int = 4 << 20

    @Option(
        name: .long,
        help:
            "The directory every file a standard names (uses:, code-list file:) must be inside (default: the current directory; for a data package, the descriptor's folder)."
    )
    var standardsRoot: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the file with this delimiter instead of the standard's: one character, or 'tab'.", valueName: "char"))
    var delimiter: String?

    @Flag(name: .long, help: "Read the file as having no header row: columns are the standard's fields in order.")
    var noHeader = false

    @Option(
        name: .long,
        help: "Read the file in this encoding instead of the standard's: utf-8, windows-1252, iso-8859-1 or utf-16.")
    var encoding: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The physical line the header is on; the lines above it are a title block, skipped.", valueName: "line"))
    var headerRow: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The date that today() in rules and suppression expiry dates are judged against, for a run that can be repeated (default: today, UTC).",
            valueName: "YYYY-MM-DD"))
    var today: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the header and every row without an error finding here, byte for byte (gzip when the name ends in .gz).",
            valueName: "file"))
    var validRows: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the header and every row with an error finding here, byte for byte (gzip when the name ends in .gz).",
            valueName: "file"))
    var invalidRows: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write one CSV line per invalid row here: its row, its line and the ids of the error rules it broke.",
            valueName: "file"))
    var invalidReasons: String?

    @Flag(name: [.short, .long], help: "Print no summary and no progress line.")
    var quiet = false

    /// An engine `--engine` runs the standard's query on, over a connection.
    enum Engine: String, ExpressibleByArgument, CaseIterable {
        case postgres
    }

    @Option(
        name: .long,
        help:
            "Check --table where it lives, in this engine (postgres), with the query 'hallmark sql' prints; the report is the one a file with the table's rows gets, with rules the engine cannot check listed as not checked."
    )
    var engine: Engine?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database, as a libpq URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…); better given as HALLMARK_ENGINE_URL, which keeps the password out of the process list.",
            valueName: "url"))
    var connection: String?

    @Option(name: .long, help: "With --engine: the table (or view) to check, as SQL.")
    var table: String?

    @Option(
        name: .customLong("row-id"),
        help:
            "With --engine: a column that numbers the rows as the file did (the header being row 1); default: the scan's order from 2."
    )
    var rowID: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Report on the row a 'hallmark sql' query returned in an engine (DuckDB, Spark, …), saved as a JSON object of its columns.",
            valueName: "result.json"))
    var fromEngine: String?

    /// A size such as `512M`: a number of bytes with an optional K, M or G (powers of 1024).
    static func bytes(_ text: String) -> Int? {
        let units: [String: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let unit = text.last.flatMap { units[$0.uppercased()] }
        guard let number = Int(unit == nil ? text : String(text.dropLast())), number >= 0 else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: unit ?? 1)
        return overflow ? nil : bytes
    }

    func validate() throws {
        try validateSource()
        // Checked up front: a huge --jobs or --block-size would otherwise overflow or exhaust memory mid-run.
        guard (0...Validator.Options.maximumExamples).contains(maxExamples) else {
            throw ValidationError("--max-examples must be from 0 to \(Validator.Options.maximumExamples)")
        }
        guard (1...Validator.Options.maximumJobs).contains(jobs) else {
            throw ValidationError("--jobs must be from 1 to \(Validator.Options.maximumJobs)")
        }
        guard (1...Validator.Options.maximumBlockSize).contains(blockSize) else {
            throw ValidationError("--block-size must be from 1 to \(Validator.Options.maximumBlockSize) bytes")
        }
        if let maxErrors, maxErrors < 1 { throw ValidationError("--max-errors must be 1 or more") }
        if spillDirectory?.isEmpty == true { throw ValidationError("--spill-directory must name a directory") }
        for (name, value) in [("--key-memory", keyMemory), ("--memory-limit", memoryLimit)] {
            guard let value, Self.bytes(value) == nil else { continue }
            throw ValidationError("\(name) must be a number of bytes, optionally with K, M or G (such as 512M)")
        }
        guard (1...Int(UInt32.max)).contains(patternMatchLimit) else {
            throw ValidationError("--pattern-match-limit must be from 1 to \(UInt32.max)")
        }
        guard (0...(1 << 30)).contains(maxPatternValueBytes) else {
            throw ValidationError("--max-pattern-value-bytes must be from 0 to \(1 << 30)")
        }
        if failOn == .new && baseline == nil { throw ValidationError("--fail-on new needs --baseline REPORT.json") }
        if !report.isEmpty && (output != nil || format != .text) {
            throw ValidationError("use --report, or --format and --output, not both")
        }
        if targets.filter({ $0.path == nil }).count > 1 {
            throw ValidationError("only one --report can go to standard output; give the others a path")
        }
        // Checked before any data is read: a report or row file must not overwrite what it reports
        // on, nor another output, and must have somewhere to go.
        var seen: Set<String> = []
        let outputs =
            targets.compactMap { $0.path.map { ("--report", $0) } }
            + [
                ("--valid-rows", validRows), ("--invalid-rows", invalidRows), ("--invalid-reasons", invalidReasons),
            ].compactMap { flag, path in path.map { (flag, $0) } }
        for (flag, path) in outputs {
            if path == "-" && flag != "--report" {
                throw ValidationError("\(flag) needs a file name; row files cannot go to standard output")
            }
            let real = ReportFile.canonical(path)
            if ReportFile.names(path, anyOf: [input, fromEngine, standard].compactMap { $0 }) {
                throw ValidationError("\(flag) \(TextExcerpt.path(path)) would overwrite the input or the standard")
            }
            guard seen.insert(real).inserted else {
                throw ValidationError("two outputs are written to \(TextExcerpt.path(path)); give each its own path")
            }
            if let problem = ReportFile.cannotWrite(path) {
                throw ValidationError("cannot write \(flag) \(TextExcerpt.path(path)): \(problem)")
            }
        }
        if let delimiter, Self.delimiterByte(delimiter) == nil {
            throw ValidationError(
                "--delimiter must be one ASCII character other than a quote, letter, digit or line break, or 'tab'")
        }
        if let encoding, TextEncoding(label: encoding) == nil {
            throw ValidationError(
                "--encoding must be one of " + TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let headerRow, headerRow < 1 { throw ValidationError("--header-row must be 1 or more") }
        if let today, !Self.isDate(today) { throw ValidationError("--today must be a real date as YYYY-MM-DD") }
        if let timeout, !(timeout > 0 && timeout <= 1e9) {
            throw ValidationError("--timeout must be a number of seconds above 0 (such as 30 or 0.5)")
        }
    }

    /// `--delimiter`'s byte: one printable ASCII character that cannot start a quoted cell or be data
    /// of its own kind, or `tab`.
    static func delimiterByte(_ text: String) -> UInt8? {
        if text == "tab" || text == "\\t" || text == "\t" { return 0x09 }
        guard text.utf8.count == 1, let byte = text.utf8.first, byte >= 0x20, byte < 0x7F else { return nil }
        let scalar = Unicode.Scalar(byte)
        if scalar.properties.isAlphabetic || (0x30...0x39).contains(byte) || byte == 0x22 || byte == 0x27 {
            return nil
        }
        return byte
    }

    /// Whether `text` is a real calendar date as `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { ISOTemporal.date(UnsafeRawBufferPointer($0)) } != nil
    }

    /// The standard's dialect with this run's overrides.
    func dialect(of standard: Standard) -> CSVDialect {
        standard.table.dialect.overriding(
            delimiter: delimiter.flatMap(Self.delimiterByte), hasHeader: noHeader ? false : nil,
            encoding: encoding.flatMap(TextEncoding.init(label:)), headerRow: headerRow)
    }

    /// Every file this run writes: its reports and row files.
    var outputPaths: [String] {
        targets.compactMap(\.path) + [validRows, invalidRows, invalidReasons].compactMap { $0 }
    }

    /// What the row files do not say: findings that judge the table rather than a row (a header
    /// that does not match, a foreign key within the table, aggregates), and a run that stopped early.
    private func warnAboutRowFiles(_ report: Report, standard: Standard) {
        let header = [
            "table:missing-label", "table:extra-label", "table:duplicate-label", "table:blank-label",
            "table:label-order",
        ]
        let headerErrors = report.findingsByRule.filter { header.contains($0.ruleID) && $0.severity == .error }
        if !headerErrors.isEmpty {
            StandardErrorStream.write(
                "hallmark: the header has errors (\(headerErrors.map(\.ruleID).joined(separator: ", "))), which "
                    + "no row carries: every row may be in the valid file, but the table is not valid\n")
        }
        let judgedAtEnd = Set(
            standard.dataset.foreignKeys.filter {
                if case .sameTable = $0.reference { return true }
                return false
            }.map(\.ruleID) + standard.dataset.aggregates.map { "dataset:aggregate:\($0.id)" })
        let atEnd = report.findingsByRule.filter { judgedAtEnd.contains($0.ruleID) }
        if !atEnd.isEmpty {
            StandardErrorStream.write(
                "hallmark: \(atEnd.map(\.ruleID).joined(separator: ", ")) can only be judged once the whole table "
                    + "is read, so the rows they name stay in the valid file; see the report\n")
        }
        if let stop = report.totals.stopReason {
            StandardErrorStream.write(
                "hallmark: the run stopped early (\(stop.rawValue)): the row files hold only the rows read before it\n")
        }
    }

    /// The least severe finding that fails the run (`--fail-on`); `nil` for `never` and `new`.
    var threshold: Severity? {
        switch failOn {
        case .error: .error
        case .warning: .warning
        case .info: .info
        case .never, .new: nil
        }
    }

    /// Writes each report `render` makes for a target's kind, then `summary` unless a report went to
    /// standard output. Every report is written even when one cannot be; a failure then exits 3.
    func writeReports(render: (ReportTarget.Kind) -> String, summary: () -> String) throws {
        var writeFailed = false
        for target in targets {
            // The default summary is what --quiet silences; a report asked for with --report is written.
            if target.kind == .text && target.path == nil && quiet && report.isEmpty { continue }
            let rendered = render(target.kind)
            guard let path = target.path else {
                try StandardOutput.write(rendered)
                continue
            }
            if let problem = ReportFile.write(rendered, to: path) {
                StandardErrorStream.write("hallmark: cannot write report \(TextExcerpt.path(path)): \(problem)\n")
                writeFailed = true
            }
        }
        if !quiet && !targets.contains(where: { $0.path == nil }) { try StandardOutput.write(summary()) }
        if writeFailed { throw ExitStatus.unreadable }
    }

    /// Says which suppressions have expired, each where it is written; exits 1 when any has.
    func reportExpired(_ expired: [Suppression], in list: SuppressionList?) throws {
        for entry in expired {
            let place = list?.locations[entry.id].map { "\(TextExcerpt.escaped($0.description)): " } ?? ""
            StandardErrorStream.write(
                "\(place)error: suppression \(TextExcerpt.quoted(entry.id)) expired on \(entry.expires ?? "")\n")
        }
        if !expired.isEmpty { throw ExitStatus.findings }
    }

    /// The reports to write: `--report`s, or the one `--format`/`--output` name.
    var targets: [ReportTarget] {
        if !report.isEmpty { return report }
        return [ReportTarget(kind: format == .json ? .json : .text, path: output)]
    }

    func writer(for kind: ReportTarget.Kind, threshold: Severity?, baseline: Report?, failing: Set<String>?)
        -> any ReportWriter
    {
        switch kind {
        case .text: TextSummaryWriter()
        case .json: JSONReportWriter()
        case .sarif: SARIFReportWriter(sourceRoot: sourceRoot, baseline: baseline)
        case .junit: JUnitReportWriter(failOn: threshold, failingRuleIDs: failing)
        case .markdown: MarkdownReportWriter(variant: .jobSummary)
        case .markdownComment: MarkdownReportWriter(variant: .pullRequestComment)
        case .github: GitHubAnnotationsWriter(sourceRoot: sourceRoot)
        case .html: HTMLReportWriter()
        }
    }

    /// The pass's options, as the flags set them.
    func options() -> Validator.Options {
        var options = Validator.Options()
        options.maxExamples = maxExamples
        options.jobs = jobs
        options.maxErrors = maxErrors
        options.blockSize = blockSize
        options.keyMemory = Self.bytes(keyMemory) ?? options.keyMemory
        if let limit = memoryLimit.flatMap(Self.bytes) { options.memoryLimit = limit }
        if let spillDirectory { options.spillDirectory = spillDirectory }
        options.patternMatchLimit = patternMatchLimit
        options.maxPatternValueBytes = maxPatternValueBytes
        options.timeout = timeout.map { .milliseconds(Int64(($0 * 1000).rounded(.up))) }
        options.today = today
        if let key = fingerprintKey ?? ProcessInfo.processInfo.environment["HALLMARK_FINGERPRINT_KEY"], !key.isEmpty {
            options.fingerprintKey = Array(key.utf8)
        }
        return options
    }

    /// `--suppressions`, or `.hallmark/suppressions.yaml` when it exists.
    func loadSuppressions() throws(ExitStatus) -> SuppressionList? {
        let path =
            suppressions
            ?? (FileManager.default.fileExists(atPath: ".hallmark/suppressions.yaml")
                ? ".hallmark/suppressions.yaml" : nil)
        guard let path else { return nil }
        do {
            return try SuppressionList(contentsOfFile: path)
        } catch {
            StandardErrorStream.write(error.description + "\n")
            throw ExitStatus.usage
        }
    }

    /// Today, as suppressions' expiry dates are compared with it: `--today`, or the UTC date.
    var todayForSuppressions: String {
        today
            ?? ISO8601DateFormatter.string(
                from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    }

    func run() async throws {
        if engine != nil || fromEngine != nil {
            try await runEngine()
            return
        }
        guard let input else { throw ExitStatus.usage }  // validateSource() requires it
        // Without a standard, a JSON or YAML input is a package, whose loading says what is wrong with it.
        if standard == nil ? DataPackage.isDescriptorName(input) : DataPackage.isDescriptor(atPath: input) {
            try await runPackage(input)
            return
        }
        guard let standard else {
            StandardErrorStream.write(
                "hallmark: give the standard with --standard FILE (a data package descriptor needs none)\n")
            throw ExitStatus.usage
        }
        var loaded = try loadStandard(standard, root: standardsRoot)
        let dialect = dialect(of: loaded)
        // The loader refuses these in a standard; an override must not slip them in.
        if dialect.quote == dialect.delimiter || dialect.commentPrefix == dialect.delimiter
            || dialect.escape == dialect.delimiter
        {
            StandardErrorStream.write(
                "hallmark: --delimiter must differ from the standard's quote, escape and comment characters\n")
            throw ExitStatus.usage
        }
        loaded = loaded.replacingDialect(dialect)
        // An output must not replace a file the standard reads: a library, a code list, a referenced file.
        let read = Set(loaded.files)
        for path in outputPaths where ReportFile.names(path, anyOf: read) {
            StandardErrorStream.write(
                "hallmark: \(TextExcerpt.path(path)) is a file the standard reads; write the output elsewhere\n")
            throw ExitStatus.usage
        }
        var options = self.options()
        let baselineReport = try baseline.map { path throws(ExitStatus) in try readReport(path) }
        let suppressionList = try loadSuppressions()
        let progressLine = !quiet && isatty(2) != 0 ? ProgressLine() : nil
        if let progressLine {
            options.progress = { @Sendable progress in progressLine.show(progress) }
        }
        var rowFiles: RowFiles?
        if validRows != nil || invalidRows != nil || invalidReasons != nil {
            do {
                rowFiles = try RowFiles(valid: validRows, invalid: invalidRows, reasons: invalidReasons)
            } catch {
                StandardErrorStream.write("hallmark: \(error.message)\n")
                throw ExitStatus.unreadable
            }
        }
        var report: Report
        do {
            report = try await Validator(standard: loaded, options: options).validate(fileAt: input, rows: rowFiles)
            if let dataset { report.input.dataset = dataset }
            progressLine?.clear()
        } catch {
            progressLine?.clear()
            rowFiles?.discard()
            StandardErrorStream.write("hallmark: \(error)\n")
            throw ExitStatus.unreadable
        }
        if let problem = rowFiles?.commit() {
            StandardErrorStream.write("hallmark: \(problem)\n")
            throw ExitStatus.unreadable
        }
        if rowFiles != nil { warnAboutRowFiles(report, standard: loaded) }

        try finish(report, suppressionList: suppressionList, baseline: baselineReport)
    }

    /// Applies the suppressions, judges the run against `--fail-on` and the baseline, writes the
    /// reports, and exits as the verdict says.
    func finish(_ report: Report, suppressionList: SuppressionList?, baseline baselineReport: Report?) throws {
        var report = report
        var expired: [Suppression] = []
        if let suppressionList {
            let outcome = suppressionList.apply(to: &report, today: todayForSuppressions)
            expired = outcome.expired
            for entry in outcome.unmatched {
                let place = suppressionList.locations[entry.id].map { "\(TextExcerpt.escaped($0.description)): " } ?? ""
                StandardErrorStream.write(
                    "\(place)warning: suppression \(TextExcerpt.quoted(entry.id)) matches no ticket or finding of this run\n"
                )
            }
        }
        let threshold = self.threshold
        report.failOn = threshold
        var worse: [RunComparison.TicketChange] = []
        if let baselineReport {
            if baselineReport.standard.id != report.standard.id || baselineReport.datasetID != report.datasetID {
                StandardErrorStream.write(
                    "hallmark: warning: the baseline is for \(TextExcerpt.quoted(baselineReport.datasetID)) against "
                        + "\(TextExcerpt.quoted(baselineReport.standard.id)), this run for \(TextExcerpt.quoted(report.datasetID)) "
                        + "against \(TextExcerpt.quoted(report.standard.id)): ids are scoped to both, so every ticket looks new\n"
                )
            }
            worse = RunComparison(baseline: baselineReport, current: report).worsened()
        }
        try writeReports(
            render: { kind in
                writer(
                    for: kind, threshold: threshold, baseline: baselineReport,
                    failing: failOn == .new ? Set(worse.map(\.ticket.ruleID)) : nil
                ).render(report)
            }, summary: { TextSummaryWriter().render(report) })
        try reportExpired(expired, in: suppressionList)
        if let threshold, report.unsuppressedFindings(atOrAbove: threshold) > 0 { throw ExitStatus.findings }
        if failOn == .new && !worse.isEmpty {
            // Said even with --quiet: it is why the run fails.
            let names = worse.prefix(5).map { TextExcerpt.escaped($0.ticket.ruleID) }.joined(separator: ", ")
            let more = worse.count > 5 ? " and \(worse.count - 5) more" : ""
            let noun = worse.count == 1 ? "error ticket is" : "error tickets are"
            StandardErrorStream.write(
                "hallmark: \(worse.count) \(noun) new or grew since the baseline: \(names)\(more)\n")
            throw ExitStatus.findings
        }
        if report.totals.stopReason == .timeout { throw ExitStatus.incomplete }
    }
}
