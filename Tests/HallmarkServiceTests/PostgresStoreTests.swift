import Foundation
import Glibc
import Hallmark
import HallmarkPostgres
import Testing

@testable import HallmarkPostgresStore
@testable import HallmarkService

@Suite("The PostgreSQL store without a server: URLs, statements, timeouts")
struct PostgresURLTests {
    @Test("a libpq URL names the server, user, database and TLS mode")
    func parses() throws {
        let tcp = try PostgresLocation(url: "postgres://ann:s%40cret@db.example:6543/feedback?sslmode=require")
        #expect(tcp.endpoint == .tcp(host: "db.example", port: 6543))
        #expect(tcp.user == "ann")
        #expect(tcp.password == "s@cret")
        #expect(tcp.database == "feedback")
        #expect(tcp.tlsMode == .require)
        #expect(tcp.redacted == "postgres://ann:***@db.example:6543/feedback")
        let socket = try PostgresLocation(url: "postgresql://ann@/feedback?host=/run/postgresql")
        #expect(socket.endpoint == .socket(path: "/run/postgresql/.s.PGSQL.5432"))
        #expect(socket.password == nil)
        #expect(socket.tlsMode == .prefer)
        let verified = try PostgresLocation(
            url: "POSTGRESQL://ann:s3cret-pw@db.example/feedback?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(verified.tlsMode == .verifyFull)
        #expect(verified.rootCertificates == "/etc/ca.pem")
        // However it is printed, the password is not.
        for text in [
            "\(verified)", String(reflecting: verified), "\(Mirror(reflecting: verified).children.map(\.value))",
        ] {
            #expect(!text.contains("s3cret-pw") && text.contains("db.example"), "\(text)")
        }
    }

    @Test(
        "a URL that cannot name a database says why, and never repeats the password",
        arguments: [
            ("postgres://ann:hunter2secret@db.example", "names no database"),
            ("postgres://:hunter2secret@db.example/x", "names no user"),
            ("postgres://ann:hunter2secret@db.example:99999/x", "port"),
            ("postgres://ann:hunter2secret@db.example/x?sslmode=sometimes", "sslmode"),
            ("postgres://ann:hunter2secret@db.example/x?password=other", "option password"),
            ("mysql://ann:hunter2secret@db.example/x", "postgres://USER"),
        ])
    func refuses(url: String, message: String) {
        #expect {
            try SQLFeedbackRepository.postgres(url: url)
        } throws: { error in
            let text = "\(error)"
            return text.contains(message) && !text.contains("hunter2secret")
        }
    }

    @Test("placeholders are numbered in order and scripts split at semicolons, except inside quotes")
    func placeholders() {
        #expect(
            PostgresStatements.numbered("SELECT '?', \"a?\" FROM t WHERE a = ? AND b IN (?, ?)")
                == "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b IN ($2, $3)")
        #expect(
            PostgresStatements.split("CREATE TABLE a (b TEXT);\n INSERT INTO a VALUES (';');\n\n")
                == ["CREATE TABLE a (b TEXT)", "INSERT INTO a VALUES (';')"])
    }

    @Test(
        "a server that never answers: a transaction gives up after the lease timeout, as unavailable",
        .timeLimit(.minutes(1)))
    func leaseTimeout() async throws {
        let silent = try SilentListener()
        let database = PostgresStoreDatabase(
            location: try PostgresLocation(url: "postgres://ann:pw@127.0.0.1:\(silent.port)/x?sslmode=disable"),
            connections: 1, leaseTimeout: .milliseconds(500))
        let started = ContinuousClock.now
        await #expect(throws: StoreUnavailable.self) {
            try await database.read { try $0.fetchAll("SELECT 1", []) }.count
        }
        // Far above the 0.5 s lease, so a loaded CI machine passes, and far below a hang.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test("the PostgreSQL migrations are SQLite's, translated, with nothing of SQLite's dialect left")
    func dialect() {
        #expect(SchemaMigrations.postgres.map(\.name) == SchemaMigrations.all.map(\.name))
        for migration in SchemaMigrations.postgres {
            for sqlite in ["AUTOINCREMENT", "BLOB", "INTEGER"] { #expect(!migration.sql.contains(sqlite)) }
        }
        // Every column type is one the translation knows.
        let types = Set(
            SchemaMigrations.all.flatMap { migration in
                migration.sql.split(separator: "\n").compactMap { line -> String? in
                    let words = line.split(separator: " ")
                    guard words.count >= 2, words[0].allSatisfy({ $0.isLowercase || $0 == "_" }),
                        words[1].allSatisfy(\.isUppercase)
                    else { return nil }
                    return String(words[1]).trimmingCharacters(in: .punctuationCharacters)
                }
            })
        #expect(types == ["TEXT", "BIGINT", "INTEGER", "BOOLEAN", "BLOB"])
    }
}

/// Runs only beside a server (`scripts/with-postgres`, which `scripts/test` uses); otherwise the
/// suite is reported skipped, with this reason.
@Suite(
    "The PostgreSQL store, on a real server",
    .enabled(
        if: TestStore.postgresServer != nil,
        "no PostgreSQL server: run under scripts/with-postgres (scripts/test does) to set HALLMARK_TEST_POSTGRES"),
    .serialized)
struct PostgresStoreTests {
    let server = TestStore.postgresServer ?? ""

    @Test("the schema has SQLite's tables, columns and NOT NULLs; migrating again changes nothing")
    func sameSchema() async throws {
        let store = try TestStore.makePostgres(on: server)
        defer { store.remove() }
        let postgres = PostgresStoreDatabase(location: try PostgresLocation(url: store.location), connections: 2)
        try await postgres.migrate(SchemaMigrations.postgres)
        try await postgres.migrate(SchemaMigrations.postgres)
        let applied = try await postgres.read {
            try $0.column("SELECT name FROM hallmark_schema_migration ORDER BY name", [], as: String.self)
        }
        #expect(applied == SchemaMigrations.all.map(\.name).sorted())
        let postgresColumns = try await postgres.read {
            try Set(
                $0.column(
                    """
                    SELECT table_name || '.' || column_name || ' ' || is_nullable FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name <> 'hallmark_schema_migration'
                    """, [], as: String.self))
        }

        let directory = NSTemporaryDirectory() + "hallmark-schema-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sqlite = try SQLiteDatabase(path: directory + "/schema.sqlite", busyTimeout: 1)
        try await sqlite.migrate(SchemaMigrations.all)
        let sqliteColumns = try await sqlite.read {
            try Set(
                $0.column(
                    """
                    SELECT m.name || '.' || p.name || ' ' || CASE WHEN p."notnull" OR p.pk > 0 THEN 'NO' ELSE 'YES' END
                    FROM sqlite_master m, pragma_table_info(m.name) p
                    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'grdb_%'
                    """, [], as: String.self))
        }
        #expect(postgresColumns.count > 50)
        #expect(postgresColumns == sqliteColumns)
    }

    @Test("two services publishing to one dataset at once are serialized: every run counted, no conflict")
    func concurrentPublishers() async throws {
        let store = try TestStore.makePostgres(on: server)
        defer { store.remove() }
        // Sixteen serialized writes over four connections each: on a loaded machine the last may
        // wait past the service's 10 s lease, which answers 503 by design; this test is about
        // their order, so its services wait longer for a connection. The session's lock_timeout
        // (10 s) still bounds a wait for the dataset's advisory lock once connected: a machine
        // slow enough for sixteen writes to queue past it would fail this test with a 503.
        func service() throws -> SQLFeedbackRepository {
            SQLFeedbackRepository(
                database: PostgresStoreDatabase(
                    location: try PostgresLocation(url: store.location), connections: 4, leaseTimeout: .seconds(60)),
                migrations: SchemaMigrations.postgres)
        }
        let first = try service()
        try await first.migrate()
        let second = try service()
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        try await first.saveDataset(DatasetRecord(id: "spend", title: "Spend", publisher: "Council", createdAt: now))
        let json = try reportJSON(twoProblems)
        let report = try Report(json: json)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                let repository = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    _ = try await repository.publish(report: report, json: json, dataset: "spend", at: now)
                }
            }
            try await group.waitForAll()
        }
        let runs = try await first.runs(of: "spend", page: PageRequest(page: 1, perPage: 100))
        #expect(runs.total == 16)
        let tickets = try await second.tickets(of: "spend", statuses: nil, page: PageRequest(page: 1, perPage: 100))
        #expect(tickets.total == 2)
        for ticket in tickets.items {
            let detail = try #require(try await first.ticket(ticket.id, of: "spend"))
            #expect(detail.counts.count == 16)
            #expect(detail.history.map(\.kind) == ["opened"])
        }
    }

    @Test("every connection busy: a transaction gives up after the lease timeout, and its body never runs")
    func poolExhausted() async throws {
        let store = try TestStore.makePostgres(on: server)
        defer { store.remove() }
        let database = PostgresStoreDatabase(
            location: try PostgresLocation(url: store.location), connections: 1, leaseTimeout: .seconds(1))
        // The one connection is made (and signed in) first, so the long body has it at once.
        #expect(try await database.read { try $0.scalar("SELECT 1", [], as: Int.self) } == 1)
        let started = Flag()
        let ran = Flag()
        async let long: Int = database.read { _ in
            started.isSet = true
            Thread.sleep(forTimeInterval: 3)
            return 1
        }
        while !started.isSet { try await Task.sleep(for: .milliseconds(10)) }
        await #expect(throws: StoreUnavailable.self) {
            try await database.read { _ in ran.isSet = true }
        }
        #expect(try await long == 1)
        try await Task.sleep(for: .milliseconds(300))
        #expect(!ran.isSet)
        // The connection is free again.
        #expect(try await database.read { try $0.scalar("SELECT 40 + 2", [], as: Int.self) } == 42)
    }

    @Test(
        "a statement with no answer within the answer timeout: unavailable at once, its connection closed, the next one fresh"
    )
    func answerLost() async throws {
        let store = try TestStore.makePostgres(on: server)
        defer { store.remove() }
        let database = PostgresStoreDatabase(
            location: try PostgresLocation(url: store.location), connections: 1, answerTimeout: .milliseconds(500))
        let first = try await database.read { try $0.scalar("SELECT pg_backend_pid()", [], as: Int.self) }
        let started = ContinuousClock.now
        await #expect(throws: StoreUnavailable.self) {
            try await database.read { try $0.execute("SELECT pg_sleep(5)") }
        }
        // Not the server's five seconds: the wait ended at the answer timeout.
        #expect(ContinuousClock.now - started < .seconds(4))
        let next = try await database.read { try $0.scalar("SELECT pg_backend_pid()", [], as: Int.self) }
        #expect(next != first)
    }

    @Test("the server drops the store's connections: at worst one unavailable answer, then it reconnects")
    func connectionsDropped() async throws {
        let store = try TestStore.makePostgres(on: server)
        defer { store.remove() }
        guard case .postgres(_, let name) = store else { return }
        let repository = try store.open()
        try await repository.migrate()
        #expect(try await repository.datasetOverviews().isEmpty)
        try TestStore.psql(
            server, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)'")
        do {
            _ = try await repository.datasetOverviews()
        } catch {
            #expect(error is StoreUnavailable, "\(error)")
        }
        #expect(try await repository.datasetOverviews().isEmpty)
    }

    @Test("a wrong password, or no server, fails at once with the reason and without the password")
    func wrongPassword() async throws {
        var components = try #require(URLComponents(string: server))
        components.password = "not-the-password-1234"
        let started = Date()
        await #expect {
            try await SQLFeedbackRepository.postgres(url: components.string!).migrate()
        } throws: { error in
            "\(error)".contains("password authentication failed") && !"\(error)".contains("not-the-password-1234")
        }
        components.port = 1
        await #expect {
            try await SQLFeedbackRepository.postgres(url: components.string!).migrate()
        } throws: { error in
            "\(error)".contains("cannot connect to PostgreSQL at postgres://hallmark:***@127.0.0.1:1/")
        }
        #expect(Date().timeIntervalSince(started) < 20)
    }
}

/// A TCP socket on 127.0.0.1 that takes connections into its backlog and never answers them.
final class SilentListener {
    private let socket: Int32
    let port: Int

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(socket, address, length) == 0 && listen(socket, 16) == 0
                    && getsockname(socket, address, &length) == 0
            }
        }
        guard socket >= 0, bound else { throw SilentListenerError.cannotListen }
        self.socket = socket
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socket) }
}

enum SilentListenerError: Error { case cannotListen }
