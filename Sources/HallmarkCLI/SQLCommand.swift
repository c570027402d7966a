import ArgumentParser
import Hallmark
import HallmarkSQL

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print SQL that checks a table where it lives against a standard, in one scan.",
        discussion: """
            The query returns one row: for each checked rule N (listed in the comments at the top), \
            count_N, its findings, and rows_N, the first example rows' ids; then rows_with_errors and \
            row_count. The table's columns hold the fields' text, named as the standard names them. \
            Rules the engine cannot check as exactly as 'hallmark validate' are listed as not checked \
            on this engine, never passed silently.
            """
    )

    @Argument(help: "The standard (a .yaml file, or a Frictionless Table Schema).")
    var standard: String

    /// An engine, as the command line names it.
    enum Engine: String, ExpressibleByArgument, CaseIterable {
        case postgres, duckdb, spark
        var dialect: SQLDialect { SQLDialect(rawValue: rawValue)! }
    }

    @Option(help: "The engine: postgres, duckdb or spark.")
    var dialect: Engine

    @Option(help: "The table (or view, or table function such as read_csv(…)) to check, as SQL.")
    var table: String

    @OptionGroup var query: QueryOptions

    func run() throws {
        let loaded = try loadStandard(standard, root: query.standardsRoot)
        let compiled = SQLQuery(
            standard: loaded, dialect: dialect.dialect, table: table, rowID: query.rowID,
            maxExamples: query.maxExamples, today: query.today)
        try StandardOutput.write(compiled.text)
    }
}

/// What `hallmark sql` and `hallmark spark-job` ask of the query they compile.
struct QueryOptions: ParsableArguments {
    @Option(
        name: .customLong("row-id"),
        help:
            "A column that numbers the table's rows as the file did (the header being row 1); default: the scan's order from 2."
    )
    var rowID: String?

    @Option(name: .long, help: "Example rows per rule.")
    var maxExamples: Int = 20

    @Option(
        name: .long,
        help: "The directory every file the standard names must be inside (default: the current directory).")
    var standardsRoot: String?

    @Option(
        name: .long,
        help:
            "The date today() in rules stands for, as YYYY-MM-DD, as 'hallmark validate --today' (default: the engine's current date)."
    )
    var today: String?

    func validate() throws {
        guard (1...10_000).contains(maxExamples) else {
            throw ValidationError("--max-examples must be from 1 to 10000")
        }
        if let today, !ValidateCommand.isDate(today) {
            throw ValidationError("--today must be a real date as YYYY-MM-DD")
        }
    }
}
