import ArgumentParser
import Foundation
import Hallmark

/// `--format` of `tickets` and `diff`.
enum TicketFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json

    var format: TicketFormat {
        switch self {
        case .text: .text
        case .markdown: .markdown
        case .json: .json
        }
    }
}

/// Reads a JSON report given on the command line; exits 3 when it cannot be read, 2 when it is not a report.
func readReport(_ path: String) throws(ExitStatus) -> Report {
    guard let data = FileManager.default.contents(atPath: path) else {
        StandardErrorStream.write("hallmark: cannot read report \(TextExcerpt.path(path))\n")
        throw ExitStatus.unreadable
    }
    do {
        return try Report(json: Array(data))
    } catch {
        StandardErrorStream.write("hallmark: \(TextExcerpt.path(path)) is \(error.message)\n")
        throw ExitStatus.usage
    }
}

struct TicketsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets",
        abstract: "Turn a JSON report's findings into tickets for the publisher, with ids that survive re-runs.",
        discussion: """
            One ticket per rule broken, with a title, the exact count, examples with their finding ids \
            and the rule's help as the suggested fix. Ids are scoped to the dataset (--dataset when \
            validating, or here) and never use row numbers or file paths.
            """)

    @Argument(help: "A report written by 'hallmark validate --format json' or '--report json:PATH'.")
    var report: String

    @Option(name: [.short, .long], help: "markdown (text is the same) or json.")
    var format: TicketFormatArgument = .markdown

    @Option(name: .long, help: "The dataset's stable name, if the report was made without --dataset.")
    var dataset: String?

    func run() throws {
        var report = try readReport(report)
        if let dataset { report.input.dataset = dataset }
        try StandardOutput.write(Ticket.render(Ticket.tickets(of: report), of: report, as: format.format))
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two JSON reports: which tickets and findings are new, unchanged, updated or gone.",
        discussion: """
            Exit status: 0 when no error ticket is new or grew; 1 when one did (what \
            'validate --baseline B --fail-on new' fails on). Findings are compared over the examples \
            each report kept; ticket counts are exact.
            """)

    @Argument(help: "The baseline report (an earlier run).")
    var baseline: String

    @Argument(help: "The current report.")
    var current: String

    @Option(name: [.short, .long], help: "text, markdown or json.")
    var format: TicketFormatArgument = .text

    func run() throws {
        let comparison = RunComparison(baseline: try readReport(baseline), current: try readReport(current))
        try StandardOutput.write(comparison.render(as: format.format))
        if !comparison.worsened().isEmpty { throw ExitStatus.findings }
    }
}
