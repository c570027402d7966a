import ArgumentParser

/// `hallmark report --from-engine RESULT -s STANDARD`: the report of a row an engine returned for
/// the query `hallmark sql` or `hallmark spark-job` compiled, with every output option of
/// `hallmark validate` (which takes `--from-engine` too).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Turn the row an engine returned for a standard's query into the report a file with the same rows gets.",
        discussion: """
            RESULT is the query's one row as a JSON object of its columns (PostgreSQL's row_to_json, \
            a DuckDB row dumped as JSON, the file a 'hallmark spark-job' job writes). The same as \
            'hallmark validate -s STANDARD --from-engine RESULT', with the same options.
            """
    )

    @OptionGroup var options: ValidateCommand

    func validate() throws {
        guard options.fromEngine != nil else {
            throw ValidationError("give the engine's result: hallmark report --from-engine RESULT.json -s STANDARD")
        }
    }

    func run() async throws {
        try await options.run()
    }
}
