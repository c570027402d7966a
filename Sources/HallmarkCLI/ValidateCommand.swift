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

    @Argument(help: "The CSV file to validate; '-' reads standard input.")
    var input: String

    @Option(name: [.short, .long], help: "The standard (a .yaml file).")
    var standard: String

    @Option(name: [.short, .long], help: "Report format: text or json.")
    var format: Format = .text

    @Option(name: [.short, .long], help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Exit 1 when there are findings of this severity or worse: error, warning, info, or never.")
    var failOn: FailOn = .error

    @Option(name: .long, help: "Examples kept per rule (counts are always exact).")
    var maxExamples: Int = 20

    @Flag(name: [.short, .long], help: "Print no summary.")
    var quiet = false

    func validate() throws {
        guard maxExamples >= 0 else { throw ValidationError("--max-examples must be 0 or more") }
    }

    func run() async throws {
        let loaded: Standard
        do {
            loaded = try Standard(contentsOfFile: standard)
        } catch {
            StandardErrorStream.write(error.description + "\n")
            throw ExitStatus.usage
        }
        var options = Validator.Options()
        options.maxExamples = maxExamples
        let report: Report
        do {
            report = try await Validator(standard: loaded, options: options).validate(fileAt: input)
        } catch {
            StandardErrorStream.write("hallmark: \(error)\n")
            throw ExitStatus.unreadable
        }

        let rendered: String = switch format {
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
            if !quiet { print(TextSummaryWriter().render(report), terminator: "") }
        } else if format != .text || !quiet {
            print(rendered, terminator: "")
        }

        let threshold: Severity? = switch failOn {
        case .error: .error
        case .warning: .warning
        case .info: .info
        case .never: nil
        }
        if let threshold, report.findings(atOrAbove: threshold) > 0 { throw ExitStatus.findings }
    }
}
