internal import HallmarkPostgres
internal import HallmarkService
internal import PostgresNIO

/// What went wrong talking to the server, in words: postgres-nio's own errors describe themselves
/// only generically (so as not to leak what a query held). This says the server's message, or the
/// network's, and never the password or a query's values.
struct PostgresStoreError: Error, CustomStringConvertible {
    let description: String

    /// Connecting to `location` failed.
    init(connecting location: PostgresLocation, _ error: any Error) {
        description = "cannot connect to PostgreSQL at \(location.redacted): \(PostgresErrorText.reason(error))"
    }

    /// A statement failed: the store is unavailable when the connection was lost or a lock or
    /// statement timed out, else this error.
    static func running(_ error: any Error) -> any Error {
        if let error = error as? PSQLError {
            if [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown].contains(
                error.code)
            {
                return StoreUnavailable("PostgreSQL: the connection was lost: \(PostgresErrorText.reason(error))")
            }
            // lock_not_available (lock_timeout) and query_canceled (statement_timeout).
            if let state = error.serverInfo?[.sqlState], ["55P03", "57014"].contains(state) {
                return StoreUnavailable("PostgreSQL: \(PostgresErrorText.reason(error))")
            }
        }
        return PostgresStoreError(description: "PostgreSQL: \(PostgresErrorText.reason(error))")
    }

    private init(description: String) { self.description = description }
}
