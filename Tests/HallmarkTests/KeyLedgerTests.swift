import Foundation
import Testing

@testable import Hallmark

/// The ledger of distinct keys (#15): a table of 64-bit hashes over records kept in memory up to
/// a budget and in a temporary file beyond it, exact whatever the hashes and wherever the records.
@Suite("Key ledger: exact in memory and spilled")
struct KeyLedgerTests {
    /// Inserts every key once, then every key again; returns what the second pass answered.
    func insertTwice(_ keys: [[UInt8]], records: KeyRecords, hash: ([UInt8]) -> UInt64) -> [Int?] {
        var set = DistinctKeys()
        for (row, key) in keys.enumerated() {
            let repeated = key.withUnsafeBytes { set.insert($0, hash: hash(key), row: row + 1, records: records) }
            #expect(repeated == nil, "key \(row + 1) is new")
        }
        return keys.enumerated().map { row, key in
            key.withUnsafeBytes { set.insert($0, hash: hash(key), row: 1_000_000 + row, records: records) }
        }
    }

    /// Keys of lengths 0 to 40, distinct, enough to fill more than one batch of the file.
    static let keys: [[UInt8]] = (0..<60_000).map { number in
        let text = "k\(number)-" + String(repeating: "x", count: number % 30)
        return number == 0 ? [] : Array(text.utf8)
    }

    @Test("every key is found again with the row it was first seen on: in memory, in the file, and pending")
    func recordsFoundWherever() throws {
        for budget in [0, 100_000, 1 << 30] {
            let records = KeyRecords(memoryBudget: budget, directory: try makeTemporaryDirectory())
            let rows = insertTwice(Self.keys, records: records) { key in key.withUnsafeBytes { ByteKeySet.hash64($0) } }
            #expect(rows == Self.keys.indices.map { $0 + 1 }, "budget \(budget)")
            #expect((records.spilledBytes > 0) == (budget < 1 << 30), "budget \(budget)")
            #expect(records.spillFailure == nil)
        }
    }

    @Test("keys whose hashes are all equal are still told apart byte for byte, in memory and in the file")
    func equalHashesAreConfirmed() throws {
        for budget in [0, 1 << 30] {
            let records = KeyRecords(memoryBudget: budget, directory: try makeTemporaryDirectory())
            let few = Array(Self.keys.prefix(300))
            // Keys that share a prefix and a length too: only their bytes tell them apart.
            let alike = (0..<50).map { Array("same-length-\($0 % 10)\($0 / 10)".utf8) }
            let rows = insertTwice(few + alike, records: records) { _ in 0x5555 }
            #expect(rows == (few + alike).indices.map { $0 + 1 })
        }
    }

    @Test("a spill directory that cannot be used keeps keys in memory, and says why")
    func unusableDirectoryKeepsKeysInMemory() throws {
        let records = KeyRecords(memoryBudget: 0, directory: try makeTemporaryDirectory() + "/no/such/dir")
        let rows = insertTwice(Array(Self.keys.prefix(5000)), records: records) { key in
            key.withUnsafeBytes { ByteKeySet.hash64($0) }
        }
        #expect(rows == (0..<5000).map { $0 + 1 })
        #expect(records.spilledBytes == 0)
        #expect(records.spillFailure?.contains("cannot make a temporary file") == true)
    }

    @Test("the temporary file is unlinked as soon as it is made: nothing is left in the directory")
    func nothingLeftBehind() throws {
        let directory = try makeTemporaryDirectory()
        let records = KeyRecords(memoryBudget: 0, directory: directory)
        _ = insertTwice(Array(Self.keys.prefix(40_000)), records: records) { key in
            key.withUnsafeBytes { ByteKeySet.hash64($0) }
        }
        #expect(records.spilledBytes > 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test("spilled and in-memory keys give the same report: primary key, unique field, unique-keys, duplicate rows")
    func spilledAndInMemoryReportsAgree() async throws {
        let yaml = standardYAML(
            fields: "  A: { type: string, unique: true }\n  B: { type: string }\n  C: { type: string }",
            extra: """
                dataset:
                  primary-key: [B, C]
                  unique-keys: [[A, C]]
                  duplicate-rows: true
                """)
        // Every 7th row repeats the key of the row 500 before it; every 11th repeats that whole row.
        var lines = ["A,B,C"]
        for row in 0..<4_000 {
            let source = row >= 500 && row % 7 == 0 ? row - 500 : row
            let line = "a\(row % 3_000),b\(source % 1_000),c\(source)-\(String(repeating: "z", count: row % 13))"
            lines.append(row >= 500 && row % 11 == 0 ? lines[row - 499] : line)
        }
        let path = try makeTemporaryDirectory() + "/data.csv"
        try write(lines.joined(separator: "\n") + "\n", to: path)
        let standard = try loadStandard(yaml)
        var reports: [Report] = []
        for (budget, directory) in [
            (1 << 30, try makeTemporaryDirectory()), (0, try makeTemporaryDirectory()),
            (4096, try makeTemporaryDirectory()), (0, "/nonexistent/hallmark"),
        ] {
            var options = Validator.Options()
            options.keyMemory = budget
            options.spillDirectory = directory
            options.maxExamples = 100_000
            for (jobs, blockSize) in [(1, 1 << 20), (3, 257)] {
                options.jobs = jobs
                options.blockSize = blockSize
                reports.append(try await Validator(standard: standard, options: options).validate(fileAt: path))
            }
        }
        let first = try #require(reports.first)
        for report in reports.dropFirst() {
            #expect(report.findingsByRule == first.findingsByRule)
            #expect(report.totals == first.totals)
        }
        // Enough of each kind that a wrong answer anywhere would show.
        #expect(first.counts["dataset:primary-key"] ?? 0 > 200)
        #expect(first.counts["dataset:duplicate-rows"] ?? 0 > 200)
        #expect(first.counts["dataset:unique-key:A+C"] ?? 0 > 200)
        #expect(first.counts["field:A:unique"] ?? 0 > 900)
        let note = try #require(first.rule("dataset:primary-key")?.examples.first?.note)
        #expect(note.hasPrefix("repeats row "))
    }
}
