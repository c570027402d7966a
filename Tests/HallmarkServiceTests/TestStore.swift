import Foundation
import HallmarkPostgres
import Synchronization
import Testing

@testable import HallmarkPostgresStore
@testable import HallmarkService

/// The store a test's service runs over: a new SQLite file, or, when
/// `HALLMARK_TEST_SERVICE_STORE=postgres`, a new database on the server `HALLMARK_TEST_POSTGRES`
/// names (`scripts/test` runs the service's suite both ways, beside a server of its own).
enum TestStore {
    case sqlite(path: String)
    case postgres(server: String, database: String)

    /// The server's URL (`postgres://…/postgres`), when one is given.
    static let postgresServer = ProcessInfo.processInfo.environment["HALLMARK_TEST_POSTGRES"]

    /// Whether the service's suite runs over PostgreSQL.
    static let usesPostgres = ProcessInfo.processInfo.environment["HALLMARK_TEST_SERVICE_STORE"] == "postgres"

    /// A new, empty store: a file in `directory`, or a new database on the server.
    static func make(in directory: String) throws -> TestStore {
        guard usesPostgres else { return .sqlite(path: directory + "/service.sqlite") }
        guard let server = postgresServer else { throw TestStoreError.noServer }
        return try makePostgres(on: server)
    }

    /// A new database on `server`.
    static func makePostgres(on server: String) throws -> TestStore {
        let database = "hallmark_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try psql(server, "CREATE DATABASE \(database)")
        return .postgres(server: server, database: database)
    }

    /// What `--database` or `HALLMARK_DATABASE` says to reach this store.
    var location: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let server, let database): Self.url(server, database: database)
        }
    }

    /// A repository over this store, as a new process would open it; one that is unavailable
    /// while `away` is set, when given.
    func open(away: Flag? = nil) throws -> SQLFeedbackRepository {
        guard let away else {
            switch self {
            case .sqlite(let path): return try .sqlite(path: path)
            case .postgres: return try .postgres(url: location, connections: 4)
            }
        }
        switch self {
        case .sqlite(let path):
            let database = try SQLiteDatabase(path: path, busyTimeout: SQLFeedbackRepository.busyTimeout)
            return SQLFeedbackRepository(
                database: FaultyDatabase(database: database, away: away), migrations: SchemaMigrations.all)
        case .postgres:
            let database = PostgresStoreDatabase(location: try PostgresLocation(url: location), connections: 4)
            return SQLFeedbackRepository(
                database: FaultyDatabase(database: database, away: away), migrations: SchemaMigrations.postgres)
        }
    }

    /// Every byte the store keeps: the SQLite file with its write-ahead log, or a dump of the database.
    func storedBytes() throws -> Data {
        switch self {
        case .sqlite(let path):
            return try [path, path + "-wal"].reduce(into: Data()) { bytes, file in
                if FileManager.default.fileExists(atPath: file) {
                    bytes += try Data(contentsOf: URL(fileURLWithPath: file))
                }
            }
        case .postgres:
            // bytea in escape form, so text inside a stored report shows as itself, not as hex.
            return try Self.run(
                "pg_dump", ["--data-only", "--inserts", location], environment: ["PGOPTIONS": "-c bytea_output=escape"])
        }
    }

    /// Drops a PostgreSQL database (a file goes with its folder).
    func remove() {
        if case .postgres(let server, let database) = self {
            try? Self.psql(server, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        }
    }

    static func url(_ server: String, database: String) -> String {
        var components = URLComponents(string: server)!
        components.path = "/" + database
        return components.string!
    }

    static func psql(_ server: String, _ sql: String) throws {
        _ = try run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql, server])
    }

    /// Runs a PostgreSQL client tool; its standard output.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Data {
        let ran = try runProgram("/usr/bin/env", [tool] + arguments, environment: environment)
        guard ran.status == 0 else {
            throw TestStoreError.toolFailed(tool, String(decoding: ran.stderr, as: UTF8.self))
        }
        return ran.stdout
    }
}

enum TestStoreError: Error {
    case noServer
    case toolFailed(String, String)
}

/// A flag one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// A database that answers as `database` does, or is unavailable while `away` is set.
struct FaultyDatabase: SQLDatabase {
    let database: any SQLDatabase
    let away: Flag

    func migrate(_ migrations: [SchemaMigration]) async throws {
        try check()
        try await database.migrate(migrations)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try check()
        return try await database.read(body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try check()
        return try await database.write(body)
    }

    private func check() throws {
        if away.isSet { throw StoreUnavailable("test: the database is away") }
    }
}
