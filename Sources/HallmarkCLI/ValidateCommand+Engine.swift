import ArgumentParser
import Foundation
import Hallmark
import HallmarkSQL

#if canImport(HallmarkSQLPostgres)
    import HallmarkSQLPostgres
#endif

extension ValidateCommand {
    /// What is checked: a file (or package), a table in an engine, or an engine's result; one of them.
    func validateSource() throws {
        let sources = [input != nil, engine != nil, fromEngine != nil].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError(
                sources == 0
                    ? "give the CSV file to validate, or --engine with --table, or --from-engine RESULT"
                    : "give one of a file to validate, --engine or --from-engine")
        }
        if engine != nil && table == nil { throw ValidationError("--engine needs --table NAME, the table to check") }
        if engine == nil && (table != nil || rowID != nil || connection != nil) {
            throw ValidationError("--table, --row-id and --connection go with --engine")
        }
        guard engine != nil || fromEngine != nil else { return }
        // A table is not read row by row here: what only a pass over a file can do does not apply.
        let fileOnly: [(String, Bool)] = [
            ("--valid-rows", validRows != nil), ("--invalid-rows", invalidRows != nil),
            ("--invalid-reasons", invalidReasons != nil), ("--delimiter", delimiter != nil),
            ("--no-header", noHeader), ("--encoding", encoding != nil), ("--header-row", headerRow != nil),
            ("--max-errors", maxErrors != nil), ("--timeout", timeout != nil),
        ]
        if let (flag, _) = fileOnly.first(where: \.1) {
            throw ValidationError("\(flag) applies to a file; an engine checks the table where it lives")
        }
        if standard == nil { throw ValidationError("--engine and --from-engine need the standard (--standard FILE)") }
    }

    /// `--engine` and `--from-engine`: the standard's query run where the table lives, its row made
    /// into the report a file with the table's rows gets.
    func runEngine() async throws {
        guard let standard else { throw ExitStatus.usage }  // validateSource() requires it
        let loaded = try loadStandard(standard, root: standardsRoot)
        let baselineReport = try baseline.map { path throws(ExitStatus) in try readReport(path) }
        let suppressionList = try loadSuppressions()
        let clock = ContinuousClock()
        let started = clock.now
        let query: SQLQuery
        let result: SQLResult
        if let fromEngine {
            result = try readResult(fromEngine)
            query = SQLQuery(
                standard: loaded, dialect: result.dialect, table: result.table, rowID: result.rowIDColumn,
                maxExamples: max(maxExamples, 1), today: today)
        } else {
            guard let table else { throw ExitStatus.usage }  // validateSource() requires it
            query = SQLQuery(
                standard: loaded, dialect: .postgres, table: table, rowID: rowID, maxExamples: max(maxExamples, 1),
                today: today)
            result = try await runPostgres(query)
        }
        var report: Report
        do {
            report = try query.report(
                from: result, fingerprintKey: options().fingerprintKey, dataset: dataset,
                duration: clock.now - started)
        } catch {
            StandardErrorStream.write("hallmark: \(error.message)\n")
            throw ExitStatus.usage
        }
        if maxExamples == 0 {
            for index in report.findingsByRule.indices { report.findingsByRule[index].examples = [] }
        }
        try finish(report, suppressionList: suppressionList, baseline: baselineReport)
    }

    private func readResult(_ path: String) throws(ExitStatus) -> SQLResult {
        // Its size first: a result is one row, and a huge file is not read into memory to find out.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > SQLResult.maxBytes {
            StandardErrorStream.write(
                "hallmark: \(TextExcerpt.path(path)): the result is \(size) bytes, over the limit of \(SQLResult.maxBytes)\n"
            )
            throw ExitStatus.usage
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            StandardErrorStream.write("hallmark: cannot read the engine's result \(TextExcerpt.path(path))\n")
            throw ExitStatus.unreadable
        }
        do {
            return try SQLResult(json: Array(data))
        } catch {
            StandardErrorStream.write("hallmark: \(TextExcerpt.path(path)): \(error.message)\n")
            throw ExitStatus.usage
        }
    }

    private func runPostgres(_ query: SQLQuery) async throws(ExitStatus) -> SQLResult {
        #if canImport(HallmarkSQLPostgres)
            guard let url = connection ?? ProcessInfo.processInfo.environment["HALLMARK_ENGINE_URL"] else {
                StandardErrorStream.write(
                    "hallmark: --engine postgres needs the database: HALLMARK_ENGINE_URL or --connection URL\n")
                throw ExitStatus.usage
            }
            let check: PostgresTableCheck
            do {
                check = try PostgresTableCheck(url: url)
            } catch {
                StandardErrorStream.write("hallmark: \(TextExcerpt.escaped(error.message))\n")
                throw ExitStatus.usage
            }
            do {
                return try await check.run(query)
            } catch {
                StandardErrorStream.write("hallmark: \(TextExcerpt.escaped(error.message))\n")
                throw ExitStatus.unreadable
            }
        #else
            StandardErrorStream.write(
                "hallmark: this build has no PostgreSQL driver (built with HALLMARK_WITHOUT_SERVICE); run 'hallmark sql' and --from-engine\n"
            )
            throw ExitStatus.usage
        #endif
    }
}
