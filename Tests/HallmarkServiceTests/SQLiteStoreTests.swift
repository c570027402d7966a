import Foundation
import Testing

@testable import HallmarkService

@Suite("The SQLite store")
struct SQLiteStoreTests {
    @Test("a write that waits past the busy timeout for another writer is unavailable, not an error")
    func busyIsUnavailable() async throws {
        let directory = NSTemporaryDirectory() + "hallmark-busy-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Two pools on one file, as two processes would have.
        let holder = try SQLiteDatabase(path: directory + "/busy.sqlite", busyTimeout: 5)
        try await holder.migrate(SchemaMigrations.all)
        let waiter = try SQLiteDatabase(path: directory + "/busy.sqlite", busyTimeout: 0.2)
        let holding = Flag()
        let waited = Flag()
        // The lock is held until the waiter has given up (or a minute has passed), not for a fixed
        // time: on a loaded machine the waiter may start late, and must still find the lock taken.
        async let held: Int = holder.write { db in
            try db.execute("INSERT INTO service_secret (name, value) VALUES ('a', x'00')")
            holding.isSet = true
            let giveUp = Date().addingTimeInterval(60)
            while !waited.isSet && Date() < giveUp { Thread.sleep(forTimeInterval: 0.01) }
            return 1
        }
        while !holding.isSet { try await Task.sleep(for: .milliseconds(10)) }
        await #expect(throws: StoreUnavailable.self) {
            try await waiter.write { db in
                try db.execute("INSERT INTO service_secret (name, value) VALUES ('b', x'00')")
            }
        }
        waited.isSet = true
        #expect(try await held == 1)
        #expect(
            try await waiter.write { db in
                try db.execute("INSERT INTO service_secret (name, value) VALUES ('c', x'00')")
            } == 1)
    }
}
