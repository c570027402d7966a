internal import HallmarkPostgres
public import HallmarkService

extension SQLFeedbackRepository {
    /// The store on a shared PostgreSQL server, with the same queries, schema and migrations as
    /// the embedded SQLite store. Call ``migrate()`` before use.
    ///
    /// - Parameters:
    ///   - url: `postgres://USER:PASSWORD@HOST:PORT/DATABASE`, with libpq's
    ///     `?sslmode=disable|prefer|require|verify-ca|verify-full` (default `prefer`),
    ///     `sslrootcert=PATH`, or `host=/run/postgresql` for a Unix socket's folder.
    ///   - connections: The most connections the service holds open (default 8).
    /// - Throws: ``PostgresURLError`` when `url` cannot name a database; its message never repeats
    ///   the password. Nothing connects until the first query.
    public static func postgres(url: String, connections: Int = 8) throws(PostgresURLError) -> SQLFeedbackRepository {
        let location: PostgresLocation
        do { location = try PostgresLocation(url: url) } catch { throw PostgresURLError(message: error.description) }
        return SQLFeedbackRepository(
            database: PostgresStoreDatabase(location: location, connections: min(max(1, connections), 1000)),
            migrations: SchemaMigrations.postgres)
    }

    /// Whether `database` names a PostgreSQL server (`postgres://…` or `postgresql://…`) rather
    /// than an SQLite file.
    public static func isPostgresURL(_ database: String) -> Bool {
        PostgresLocation.isURL(database)
    }
}

/// A PostgreSQL URL that cannot name a database.
public struct PostgresURLError: Error, CustomStringConvertible {
    /// What is wrong, without the password.
    public let message: String
    /// The message.
    public var description: String { message }
}
