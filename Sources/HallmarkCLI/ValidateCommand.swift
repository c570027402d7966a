import ArgumentParser
import Foundation
import Hallmark

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a CSV file against a standard.",
        discussion: """
            Prints a summary grouped by rule, worst first. With --format json the report goes to \
            standard output (or to --output, with the summary still printed).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, info, never
    }

    @Argument(help: "The CSV file to validate (gzip is detected and decompressed); '-' reads standard input.")
    var input: String

    @Option(name: [.short, .long], help: "The standard (a .yaml file).")
    var standard: String

    @Option(name: [.short, .long], help: "Report format: text or json.")
    var format: Format = .text

    @Option(name: [.short, .long], help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(
        name: .long, help: "Exit 1 when there are findings of this severity or worse: error, warning, info, or never.")
    var failOn: FailOn = .error

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

    @Option(name: .long, help: ArgumentHelp("Bytes per block handed to a worker (default 4 MiB).", visibility: .hidden))
    var blockSize: Int = 4 << 20

    @Option(
        name: .long,
        help:
            "The directory every file a standard names (uses:, code-list file:) must be inside (default: the current directory)."
    )
    var standardsRoot: String?

    @Flag(name: [.short, .long], help: "Print no summary and no progress line.")
    var quiet = false

    func validate() throws {
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
        if let timeout, !(timeout > 0 && timeout <= 1e9) {
            throw ValidationError("--timeout must be a number of seconds above 0 (such as 30 or 0.5)")
        }
    }

    func run() async throws {
        let loaded: Standard
        do {
            loaded = try Standard(contentsOfFile: standard, root: standardsRoot)
        } catch {
            StandardErrorStream.write(error.description + "\n")
            throw ExitStatus.usage
        }
        var options = Validator.Options()
        options.maxExamples = maxExamples
        options.jobs = jobs
        options.maxErrors = maxErrors
        options.blockSize = blockSize
        options.timeout = timeout.map { .milliseconds(Int64(($0 * 1000).rounded(.up))) }
        let progressLine = !quiet && isatty(2) != 0 ? ProgressLine() : nil
        if let progressLine {
            options.progress = { @Sendable progress in progressLine.show(progress) }
        }
        let report: Report
        do {
            report = try await Validator(standard: loaded, options: options).validate(fileAt: input)
            progressLine?.clear()
        } catch {
            progressLine?.clear()
            StandardErrorStream.write("hallmark: \(error)\n")
            throw ExitStatus.unreadable
        }

        let rendered: String =
            switch format {
            case .text: TextSummaryWriter().render(report)
            case .json: JSONReportWriter().render(report)
            }
        if let output {
            do {
                try Data(rendered.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                StandardErrorStream.write("hallmark: cannot write report '\(output)': \(error.localizedDescription)\n")
                throw ExitStatus.unreadable
            }
            if !quiet { try StandardOutput.write(TextSummaryWriter().render(report)) }
        } else if format != .text || !quiet {
            try StandardOutput.write(rendered)
        }

        let threshold: Severity? =
            switch failOn {
            case .error: .error
            case .warning: .warning
            case .info: .info
            case .never: nil
            }
        if let threshold, report.findings(atOrAbove: threshold) > 0 { throw ExitStatus.findings }
        if report.totals.stopReason == .timeout { throw ExitStatus.incomplete }
    }
}
