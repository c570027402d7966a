internal import Foundation
internal import GRDB

/// The embedded store's database: one SQLite file through GRDB, in WAL mode (readers never wait
/// for the writer) with a busy timeout, so concurrent requests queue instead of failing.
struct SQLiteDatabase: SQLDatabase {
    private let pool: DatabasePool

    /// Opens (or creates) the database at `path`.
    init(path: String, busyTimeout: TimeInterval) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    func migrate(_ migrations: [SchemaMigration]) async throws {
        // GRDB's migrator records what it applied in its own table, as it has since the first release.
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name) { db in try db.execute(sql: migration.sql) }
        }
        try migrator.migrate(pool)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await Self.busyIsUnavailable { try await pool.read { db in try body(Connection(db: db)) } }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await Self.busyIsUnavailable { try await pool.write { db in try body(Connection(db: db)) } }
    }

    /// Another writer held the file past the busy timeout: the store is unavailable for now,
    /// not broken.
    private static func busyIsUnavailable<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        {
            throw StoreUnavailable("SQLite: the database stayed locked past the busy timeout")
        }
    }

    private struct Connection: SQLConnection {
        let db: Database

        // Statements are compiled once per connection and kept: the store runs the same few dozen.
        func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            return db.changesCount
        }

        func fetchAll(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
            let statement = try db.cachedStatement(sql: sql)
            // One array of names, shared by every row.
            let columns = statement.columnNames
            let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
            var rows: [SQLRow] = []
            while let row = try cursor.next() {
                rows.append(
                    SQLRow(
                        columns: columns,
                        values: try zip(columns, row.databaseValues).map { try Self.value($1, column: $0) }))
            }
            return rows
        }

        private static func arguments(_ values: [any SQLBindable]) -> StatementArguments {
            StatementArguments(
                values.map { value -> DatabaseValue in
                    switch value.sqlValue {
                    case .null: .null
                    case .integer(let number): number.databaseValue
                    case .text(let text): text.databaseValue
                    case .bytes(let bytes): Data(bytes).databaseValue
                    case .bool(let flag): flag.databaseValue
                    }
                })
        }

        private static func value(_ value: DatabaseValue, column: String) throws -> SQLValue {
            switch value.storage {
            case .null: .null
            case .int64(let number): .integer(number)
            case .string(let text): .text(text)
            case .blob(let data): .bytes(Array(data))
            // The schema has no real columns.
            case .double: throw SQLStoreError.unsupportedType(column: column, type: "REAL")
            }
        }
    }
}
