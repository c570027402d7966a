internal import HallmarkPostgres
public import HallmarkSQL
internal import Logging
internal import PostgresNIO

/// Checks a table where it lives, in a PostgreSQL server: runs a standard's query
/// (``SQLQuery``) over one connection, in a read-only transaction, and reads back its one row.
///
/// ```swift
/// let query = SQLQuery(standard: standard, dialect: .postgres, table: "prescribing", rowID: "row_id")
/// let result = try await PostgresTableCheck(url: url).run(query)
/// let report = try query.report(from: result)
/// ```
public struct PostgresTableCheck: Sendable {
    private let location: PostgresLocation

    /// A check against the database `url` names: `postgres://USER:PASSWORD@HOST:PORT/DATABASE`,
    /// with libpq's `?sslmode=disable|prefer|require|verify-ca|verify-full` (default `prefer`),
    /// `sslrootcert=PATH`, or `host=/run/postgresql` for a Unix socket's folder.
    ///
    /// - Throws: ``PostgresTableCheckError`` when `url` cannot name a database; the message never
    ///   repeats the password.
    public init(url: String) throws(PostgresTableCheckError) {
        do {
            location = try PostgresLocation(url: url)
        } catch {
            throw PostgresTableCheckError(message: error.description)
        }
    }

    /// Runs `query` and returns its row. The transaction is read-only, so whatever `--table` names,
    /// the check writes nothing.
    ///
    /// - Throws: ``PostgresTableCheckError`` with the server's or network's reason.
    public func run(_ query: SQLQuery) async throws(PostgresTableCheckError) -> SQLResult {
        let logger = Logger(label: "hallmark.sql", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration, id: 0, logger: logger)
        } catch {
            throw PostgresTableCheckError(
                message: "cannot connect to PostgreSQL at \(location.redacted): \(PostgresErrorText.reason(error))")
        }
        // One text column: the row as JSON, read as `--from-engine` reads a result file.
        let select = "SELECT CAST(row_to_json(hallmark_query) AS TEXT) FROM (\n\(query.statement)\n) AS hallmark_query"
        let answer: Result<String?, any Error>
        do {
            _ = try await connection.query("START TRANSACTION READ ONLY", logger: logger)
            var json: String?
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: select), logger: logger) {
                json = try row.decode(String.self)
            }
            _ = try await connection.query("ROLLBACK", logger: logger)
            answer = .success(json)
        } catch {
            answer = .failure(error)
        }
        // Read (or failed): a failure to say goodbye changes nothing.
        try? await connection.close()
        switch answer {
        case .failure(let error):
            throw PostgresTableCheckError(message: "PostgreSQL: \(PostgresErrorText.reason(error))")
        case .success(nil):
            throw PostgresTableCheckError(message: "PostgreSQL returned no row")
        case .success(let json?):
            do {
                return try SQLResult(json: Array(json.utf8))
            } catch {
                throw PostgresTableCheckError(message: "PostgreSQL's row: \(error.message)")
            }
        }
    }
}

/// Why a table could not be checked in PostgreSQL: the URL, the connection or the query, in the
/// server's words; never the password.
public struct PostgresTableCheckError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
