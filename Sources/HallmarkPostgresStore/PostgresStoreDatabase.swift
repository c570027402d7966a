internal import Foundation
internal import HallmarkPostgres
internal import HallmarkService
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import PostgresNIO
internal import Synchronization

/// The store's database on a PostgreSQL server, through postgres-nio's connection pool.
///
/// The store's transactions are synchronous bodies (see ``SQLDatabase``), so each runs on a thread
/// of this database's own pool, one per connection, and waits there for each statement's answer;
/// the server's round trips, not those threads, bound what a transaction costs. Writes take one
/// advisory lock for their transaction, so they are serialized as SQLite's are and a body that
/// reads and then writes (publishing a run, merging feedback) sees no other writer in between.
/// Reads run concurrently, each in one `REPEATABLE READ` snapshot.
///
/// Every session waits at most ``lockTimeout`` for a lock (the write lock included) and runs a
/// statement for at most ``statementTimeout``; past either, or when no connection comes within the
/// lease timeout, the store is ``StoreUnavailable`` rather than waiting on. A statement whose
/// answer has not come within the answer timeout (the statement timeout and 15 s, by default) is
/// taken as lost: its connection is closed and the store is unavailable, so no thread waits forever
/// on an answer that never comes.
final class PostgresStoreDatabase: SQLDatabase {
    private let location: PostgresLocation
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let threads: NIOThreadPool
    private let logger = Logger(label: "hallmark.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// How long a transaction waits for a connection before the store says it is unavailable:
    /// while the server is down the pool keeps trying to connect, and a request should not wait
    /// with it.
    private let leaseTimeout: Duration
    /// How long a thread waits for a statement's answer before it takes the connection as lost.
    private let answerTimeout: Duration

    /// How long a session waits for a lock, the write lock included.
    static let lockTimeout = "10s"
    /// How long one statement may run.
    static let statementTimeout = "\(statementSeconds)s"
    private static let statementSeconds = 60
    /// How long a thread waits for an answer by default: the server's statement timeout, and 15 s
    /// for the answer to arrive.
    static let defaultAnswerTimeout = Duration.seconds(statementSeconds + 15)

    /// The advisory lock every write transaction holds (`HALLMARK` in ASCII, so other users of the
    /// server can tell whose it is).
    static let writeLock: Int64 = 0x48_41_4C_4C_4D_41_52_4B

    init(
        location: PostgresLocation, connections: Int, leaseTimeout: Duration = .seconds(10),
        answerTimeout: Duration = defaultAnswerTimeout
    ) {
        self.location = location
        self.leaseTimeout = leaseTimeout
        self.answerTimeout = answerTimeout
        var configuration = location.clientConfiguration
        configuration.options.maximumConnections = connections
        configuration.options.additionalStartupParameters = Self.sessionSettings
        let client = PostgresClient(configuration: configuration)
        self.client = client
        // The pool lends connections only while it runs; it stops when this database goes.
        running = Task { await client.run() }
        threads = NIOThreadPool(numberOfThreads: connections)
        threads.start()
    }

    /// Settings every session starts with.
    static let sessionSettings = [("lock_timeout", lockTimeout), ("statement_timeout", statementTimeout)]

    deinit {
        running.cancel()
        threads.shutdownGracefully { _ in }
    }

    /// Migrates over a connection of its own, opened directly rather than through the pool: a
    /// wrong address or password then fails at once with the server's reason, where the pool
    /// would keep retrying until its lease timed out.
    func migrate(_ migrations: [SchemaMigration]) async throws {
        let connection: PostgresConnection
        do {
            var configuration = try location.connectionConfiguration
            configuration.options.additionalStartupParameters = Self.sessionSettings
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw PostgresStoreError(connecting: location, error)
        }
        do {
            try await migrate(migrations, on: connection)
        } catch {
            try? await connection.close()
            throw error
        }
        // Migrated: a failure to say goodbye changes nothing.
        try? await connection.close()
    }

    private func migrate(_ migrations: [SchemaMigration], on connection: PostgresConnection) async throws {
        // Under the write lock: services starting together on a new database migrate one at a time.
        try await transaction(on: connection, write: true) { connection in
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS hallmark_schema_migration (
                    name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """)
            let applied = Set(try connection.column("SELECT name FROM hallmark_schema_migration", [], as: String.self))
            for migration in migrations where !applied.contains(migration.name) {
                for statement in PostgresStatements.split(migration.sql) { try connection.execute(statement) }
                try connection.execute("INSERT INTO hallmark_schema_migration (name) VALUES (?)", [migration.name])
            }
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await transaction(write: false, body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await transaction(write: true, body)
    }

    private func transaction<T: Sendable>(
        write: Bool, _ body: @escaping @Sendable (BlockingConnection) throws -> T
    ) async throws -> T {
        // Only the wait for a connection is timed: a transaction that has begun runs to its end.
        let lease = Lease()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await self.client.withConnection { connection in
                    guard lease.settle(.leased) else { throw self.unavailable }
                    return try await self.transaction(on: connection, write: write, body)
                }
            }
            group.addTask {
                // Cancelled early, the timer ends the wait at once; a transaction already begun
                // still runs to its end, and its outcome is the one reported.
                try? await Task.sleep(for: self.leaseTimeout)
                if lease.settle(.timedOut) { throw self.unavailable }
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw unavailable
        }
    }

    private var unavailable: StoreUnavailable {
        StoreUnavailable(
            "PostgreSQL at \(location.redacted): no connection within \(leaseTimeout) (the server is down or every connection is busy)"
        )
    }

    /// A wait for a connection: whichever of the lease and the timeout comes first wins.
    private final class Lease: Sendable {
        enum State { case waiting, leased, timedOut }
        private let state = Mutex(State.waiting)

        /// Moves to `outcome` when still waiting; whether it did.
        func settle(_ outcome: State) -> Bool {
            state.withLock { state in
                guard state == .waiting else { return false }
                state = outcome
                return true
            }
        }
    }

    private func transaction<T: Sendable>(
        on connection: PostgresConnection, write: Bool, _ body: @escaping @Sendable (BlockingConnection) throws -> T
    ) async throws -> T {
        let blocking = BlockingConnection(connection: connection, logger: logger, answerTimeout: answerTimeout)
        return try await threads.runIfActive {
            if write {
                try blocking.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
                // The lock is released when the transaction ends, however it ends.
                try blocking.execute("SELECT pg_advisory_xact_lock(?)", [Self.writeLock])
            } else {
                try blocking.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            }
            do {
                let result = try body(blocking)
                try blocking.execute("COMMIT")
                return result
            } catch {
                // The body's error is the one to report; a failed rollback means the
                // connection is gone, and the server rolls back on its own.
                _ = try? blocking.execute("ROLLBACK")
                throw error
            }
        }
    }
}

/// One leased connection, used from a thread of ``PostgresStoreDatabase``'s pool: each statement waits
/// for its answer.
private struct BlockingConnection: SQLConnection, Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let answerTimeout: Duration

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func fetchAll(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        // One array of names, shared by every row.
        let columns = result.rows.first.map { $0.map(\.columnName) } ?? []
        return try result.rows.map { row in SQLRow(columns: columns, values: try row.map(Self.value(of:))) }
    }

    private func run(_ sql: String, _ arguments: [any SQLBindable]) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument.sqlValue {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .bytes(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            case .bool(let flag): bindings.append(flag)
            }
        }
        let query = PostgresQuery(unsafeSQL: PostgresStatements.numbered(sql), binds: bindings)
        let answer = connection.query(query, logger: logger)
        let answered = DispatchSemaphore(value: 0)
        answer.whenComplete { _ in answered.signal() }
        let (seconds, attoseconds) = answerTimeout.components
        let deadline =
            DispatchTime.now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        guard answered.wait(timeout: deadline) == .success else {
            // Closed, so the pool lends it no more and the server ends the session.
            let _: EventLoopFuture<Void> = connection.close()
            throw StoreUnavailable("PostgreSQL: no answer within \(answerTimeout): the connection is taken as lost")
        }
        do {
            return try answer.wait()
        } catch {
            throw PostgresStoreError.running(error)
        }
    }

    private static func value(of cell: PostgresCell) throws -> SQLValue {
        if cell.bytes == nil { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .text, .varchar, .name, .bpchar: return .text(try cell.decode(String.self))
        case .bytea: return .bytes(Array(buffer: try cell.decode(ByteBuffer.self)))
        case .bool: return .bool(try cell.decode(Bool.self))
        default: throw SQLStoreError.unsupportedType(column: cell.columnName, type: "\(cell.dataType)")
        }
    }
}

/// The store's statements are written once, with SQLite's `?` placeholders; PostgreSQL numbers
/// its own and takes one statement at a time.
enum PostgresStatements {
    /// `sql` with each `?` outside quotes replaced by `$1`, `$2`, … in order.
    static func numbered(_ sql: String) -> String {
        var number = 0
        return rewritten(sql) { character in
            guard character == "?" else { return nil }
            number += 1
            return "$\(number)"
        }
    }

    /// The statements of a script, split at semicolons outside quotes.
    static func split(_ sql: String) -> [String] {
        rewritten(sql) { $0 == ";" ? "\u{0}" : nil }
            .split(separator: "\u{0}")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// `sql` with each character outside single or double quotes replaced by what `replace` returns for it.
    private static func rewritten(_ sql: String, _ replace: (Character) -> String?) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var quote: Character? = nil
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if let replacement = replace(character) {
                result += replacement
            } else {
                result.append(character)
            }
        }
        return result
    }
}
