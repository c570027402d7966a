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

    @Test("a key built in the log part by part is the key encoded and logged whole; a dropped one leaves nothing")
    func keysBuiltInPlace() {
        let parts: [[UInt8]] = [Array("201401".utf8), [], Array(repeating: 0x42, count: 200), Array("0407010H0".utf8)]
        var whole: [UInt8] = []
        for part in parts { part.withUnsafeBytes { CompositeKey.append(part: $0, to: &whole) } }
        var log = KeyLog()
        whole.withUnsafeBytes { log.append(set: 2, column: -1, key: $0, row: 1, line: 1) }
        let dropped = log.keyStart
        for part in parts.prefix(2) { part.withUnsafeBytes { log.appendPart($0) } }
        log.dropKey(from: dropped)
        #expect(log.arena.count == dropped)
        let start = log.keyStart
        for part in parts { part.withUnsafeBytes { log.appendPart($0) } }
        log.finishKey(from: start, set: 2, column: -1, row: 2, line: 3)
        #expect(log.entries.count == 2)
        let (first, second) = (log.entries[0], log.entries[1])
        let hash = whole.withUnsafeBytes { ByteKeySet.hash64($0) }
        #expect(first.hash == hash && second.hash == hash && second.length == first.length)
        #expect(second.set == 2 && second.column == -1)
        #expect((second.offset, second.row, second.line) == (start, 2, 3))
        var keys: [[UInt8]] = []
        log.forEachEntry { _, key in keys.append(Array(key)) }
        #expect(keys == [whole, whole])
    }

    @Test("a frozen key set answers as the set it was made from: every key, the empty key, near misses, no keys")
    func frozenKeySetAgrees() {
        var set = ByteKeySet()
        for key in Self.keys.prefix(5_000) { set.insert(key) }
        let frozen = FrozenKeySet(set)
        var random = SplitMix(seed: 7)
        var probes = Array(Self.keys.prefix(6_000))  // 5,000 present (the empty key among them), 1,000 not
        for _ in 0..<2_000 { probes.append((0..<random.next(12)).map { _ in UInt8(0x61 + random.next(3)) }) }
        for key in probes {
            key.withUnsafeBytes { bytes in
                #expect(frozen.lookup.contains(bytes) == (set.find(bytes) != nil), "\(key)")
            }
        }
        let empty = FrozenKeySet(ByteKeySet())
        #expect(!empty.lookup.contains(UnsafeRawBufferPointer(start: nil, count: 0)))
        #expect(![UInt8]("A81001".utf8).withUnsafeBytes { empty.lookup.contains($0) })
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

    @Test(
        "a table sized ahead holds every key as a grown one does: keys from before and after, and a smaller size changes nothing"
    )
    func tableSizedAhead() throws {
        let records = KeyRecords(memoryBudget: 1 << 30, directory: try makeTemporaryDirectory())
        var set = DistinctKeys()
        let keys = Array(Self.keys.prefix(5_000))
        func insert(_ index: Int, row: Int) -> Int? {
            keys[index].withUnsafeBytes { set.insert($0, hash: ByteKeySet.hash64($0), row: row, records: records) }
        }
        for index in 0..<1_000 { #expect(insert(index, row: index + 1) == nil) }
        set.reserve(keys.count)
        #expect(set.tableBytes == DistinctKeys.tableBytes(holding: keys.count))
        #expect(set.tableBytes == 8_192 * 8, "5,000 keys at most 80% full: 8,192 slots")
        for index in 1_000..<keys.count { #expect(insert(index, row: index + 1) == nil) }
        set.reserve(10)
        #expect(set.tableBytes == 8_192 * 8)
        // Sized once, never grown: every key, from before the sizing and after, is found again.
        #expect(keys.indices.map { insert($0, row: 0) } == keys.indices.map { $0 + 1 })
        #expect(set.tableBytes == 8_192 * 8)
    }

    @Test("the ledger sizes a table ahead only within half the memory limit, the bytes allowed, and 256 MiB")
    func sizedAheadWithinTheLimit() throws {
        let compiled = CompiledStandard(
            try loadStandard(
                standardYAML(fields: "  A: { type: string }", extra: "dataset:\n  primary-key: [A]")))
        let key = try #require(compiled.primaryKey)
        for (limit, sized) in [(1 << 40, true), (32 << 20, true), (32 << 20 - 1, false), (0, false)] {
            var ledger = KeyLedger(
                compiled, keyMemory: 1 << 20, memoryLimit: limit, spillDirectory: try makeTemporaryDirectory(),
                maySetAside: true)
            let before = ledger.tableBytes
            ledger.expect(1_000_000, inSet: key, atMost: 1 << 40)
            // A million keys: 2^21 slots of 8 bytes, 16 MiB.
            #expect(ledger.tableBytes == (sized ? 16 << 20 : before), "limit \(limit)")
        }
        // However large the limit, a table past 256 MiB, or past the bytes allowed, is left to grow as keys come.
        var ledger = KeyLedger(
            compiled, keyMemory: 1 << 20, memoryLimit: 1 << 40, spillDirectory: try makeTemporaryDirectory(),
            maySetAside: true)
        let before = ledger.tableBytes
        ledger.expect(40_000_000, inSet: key, atMost: 1 << 40)
        #expect(ledger.tableBytes == before)
        ledger.expect(1_000_000, inSet: key, atMost: 16 << 20 - 1)
        #expect(ledger.tableBytes == before)
        ledger.expect(1_000_000, inSet: key, atMost: 16 << 20)
        #expect(ledger.tableBytes == 16 << 20)
        ledger.expect(26_000_000, inSet: key, atMost: 1 << 40)
        #expect(ledger.tableBytes == 256 << 20)
    }

    @Test("the first block merged sizes the primary key's table for the rows the input's size promises")
    func firstBlockSizesTheTable() throws {
        let compiled = CompiledStandard(
            try loadStandard(
                standardYAML(fields: "  A: { type: string }", extra: "dataset:\n  primary-key: [A]")))
        let header = Array("A\n".utf8)
        // 1,000 rows of 32 bytes: a file of 3.2 MB has about 100,000 rows, 2^17 slots (1 MiB).
        let long = Array((0..<1_000).map { "key-\(100_000 + $0)-\(String(repeating: "x", count: 20))\n" }.joined().utf8)
        // 1,000 rows of 8 bytes: a file of 800 kB promises 100,000 rows too, but their table would
        // take more than half the file (the first rows may be far shorter than the rest): not made
        // ahead, it grows from 16 slots to 2,048 for the block's keys.
        let short = Array((0..<1_000).map { "k\(100_000 + $0)\n" }.joined().utf8)
        let cases: [(block: [UInt8], inputBytes: Int?, slots: Int)] = [
            (long, nil, 2_048), (long, 3_200_000, 131_072), (short, 800_000, 2_048),
        ]
        for (block, inputBytes, slots) in cases {
            var driver = PassDriver(compiled: compiled, options: Validator.Options())
            driver.expectedInputBytes = inputBytes
            #expect(header.withUnsafeBytes { driver.feedHeader($0, isLast: false) } == header.count)
            let layout = try #require(driver.layout)
            driver.merge(
                BlockOutcome(
                    checking: block, isLast: false, compiled: compiled, layout: layout, options: Validator.Options(),
                    deadline: nil))
            #expect(driver.merger.keyTableBytes == slots * 8, "\(block.count) bytes, input \(inputBytes ?? 0)")
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

    @Test("keys whose hashes differ only above a slot's tag, or only where the tag's top bit is forced, are told apart")
    func equalTagsAreConfirmed() {
        let records = KeyRecords(memoryBudget: 1 << 30, directory: "")
        // A slot keeps bits 1–31 of the hash, with bit 31 forced on so that no slot is 0 (the
        // first key's record is at place 0, and its hash's bits 1–32 are 0 here). Every key has
        // the same tag: only the records tell them apart.
        let keys = Array(Self.keys.prefix(2_000))
        let numbers = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, UInt64($0)) })
        let rows = insertTwice(keys, records: records) { key in
            let number = numbers[key]!
            return number << 33 | (number % 2) << 32 | 1
        }
        #expect(rows == keys.indices.map { $0 + 1 })
    }

    @Test("a spill directory that cannot be used keeps keys in memory, and says why")
    func unusableDirectoryKeepsKeysInMemory() throws {
        let records = KeyRecords(memoryBudget: 0, directory: try makeTemporaryDirectory() + "/no/such/dir")
        let rows = insertTwice(Array(Self.keys.prefix(5000)), records: records) { key in
            key.withUnsafeBytes { ByteKeySet.hash64($0) }
        }
        #expect(rows == (0..<5000).map { $0 + 1 })
        #expect(records.spilledBytes == 0)
        #expect(records.spillFailure?.contains("cannot make a temporary file in") == true)
        #expect(records.spillFailure?.hasSuffix(": No such file or directory") == true)
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

    @Test(
        "the same report with keys in memory, spilled, or set aside and resolved after the pass: primary key, unique field, unique-keys, duplicate rows"
    )
    func spilledAndInMemoryReportsAgree() async throws {
        // N makes some rows errors already (a duplicate there must not count the row twice); R
        // refers to A within the table (a row counted for a duplicate is not counted again for a
        // missing reference).
        let yaml = standardYAML(
            fields: """
                  A: { type: string, unique: true }
                  B: { type: string }
                  C: { type: string }
                  N: { type: integer }
                  R: { type: string }
                """,
            extra: """
                dataset:
                  primary-key: [B, C]
                  unique-keys: [[A, C]]
                  duplicate-rows: true
                  foreign-keys: [{ fields: R, reference: { fields: [A] } }]
                """)
        // Every 7th row repeats the key of the row 500 before it; every 11th repeats that whole row.
        var lines = ["A,B,C,N,R"]
        for row in 0..<4_000 {
            let source = row >= 500 && row % 7 == 0 ? row - 500 : row
            let number = row % 5 == 0 ? "x" : String(row)
            let reference = row % 3 == 0 ? "a\(row % 2_000)" : "none\(row % 4)"
            let line =
                "a\(row % 3_000),b\(source % 1_000),c\(source)-\(String(repeating: "z", count: row % 13)),\(number),\(reference)"
            lines.append(row >= 500 && row % 11 == 0 ? lines[row - 499] : line)
        }
        let path = try makeTemporaryDirectory() + "/data.csv"
        try write(lines.joined(separator: "\n") + "\n", to: path)
        let standard = try loadStandard(yaml)
        let everyWay: [(keyMemory: Int, memoryLimit: Int, directory: String)] = [
            (1 << 30, 1 << 40, try makeTemporaryDirectory()), (0, 1 << 40, try makeTemporaryDirectory()),
            (4096, 1 << 40, try makeTemporaryDirectory()), (0, 1 << 40, "/nonexistent/hallmark"),
            (1 << 30, 0, try makeTemporaryDirectory()), (0, 2048, try makeTemporaryDirectory()),
            (1 << 30, 16_384, try makeTemporaryDirectory()), (1 << 30, 0, "/nonexistent/hallmark"),
        ]
        var reports: [Report] = []
        for way in everyWay {
            var options = Validator.Options()
            options.keyMemory = way.keyMemory
            options.memoryLimit = way.memoryLimit
            options.spillDirectory = way.directory
            for (jobs, blockSize, maxExamples) in [(1, 1 << 20, 100_000), (3, 257, 100_000), (2, 1000, 3)] {
                options.jobs = jobs
                options.blockSize = blockSize
                options.maxExamples = maxExamples
                let report = try await Validator(standard: standard, options: options).validate(fileAt: path)
                reports.append(report)
                if maxExamples == 3 { continue }
                if let first = reports.first {
                    #expect(report.findingsByRule == first.findingsByRule, "\(way), jobs \(jobs)")
                    #expect(report.totals == first.totals, "\(way), jobs \(jobs)")
                }
            }
        }
        let first = try #require(reports.first)
        let fewExamples = reports.filter { $0.findingsByRule.allSatisfy { $0.examples.count <= 3 } }
        #expect(fewExamples.count == everyWay.count)
        for report in fewExamples {
            #expect(report.findingsByRule.map(\.count) == first.findingsByRule.map(\.count))
            #expect(
                report.findingsByRule.map { Array($0.examples.prefix(3)) }
                    == first.findingsByRule.map { Array($0.examples.prefix(3)) })
            #expect(report.totals == first.totals)
        }
        // Enough of each kind that a wrong answer anywhere would show.
        #expect(first.counts["dataset:primary-key"] ?? 0 > 200)
        #expect(first.counts["dataset:duplicate-rows"] ?? 0 > 200)
        #expect(first.counts["dataset:unique-key:A+C"] ?? 0 > 200)
        #expect(first.counts["field:A:unique"] ?? 0 > 900)
        #expect(first.counts["field:N:type"] ?? 0 > 500)
        #expect(first.counts["dataset:foreign-key:R"] ?? 0 > 1000)
        let note = try #require(first.rule("dataset:primary-key")?.examples.first?.note)
        #expect(note.hasPrefix("repeats row "))
        // Only a directory that could not be used is mentioned, as a hint.
        for (index, way) in everyWay.enumerated() {
            let hints = reports[index * 3].hints.filter {
                $0.hasPrefix("keys of uniqueness checks stayed in memory past")
            }
            let spills = way.keyMemory < 1 << 20 || way.memoryLimit < 1 << 20
            #expect(hints.count == (way.directory.hasPrefix("/nonexistent") && spills ? 1 : 0), "\(way)")
        }
    }

    @Test("a row whose keys fall on both sides of the turn to partitions counts as one error row")
    func rowSplitByTheTurnCountsOnce() throws {
        // A has two values, so its table never grows; B's grows at its 13th key, in row 13, which
        // turns the ledger (limit 0) between row 13's A, found repeated in memory, and its B,
        // found repeated after the pass.
        let yaml = standardYAML(
            fields: "  A: { type: string, unique: true }\n  B: { type: string }", extra: "dataset:\n  primary-key: [B]")
        let csv = "A,B\n" + (1...12).map { "a\($0 % 2),b\($0)" }.joined(separator: "\n") + "\na1,b1\n"
        var reports: [Report] = []
        for limit in [1 << 40, 0] {
            var options = Validator.Options()
            options.memoryLimit = limit
            options.spillDirectory = try makeTemporaryDirectory()
            reports.append(
                Validator(standard: try loadStandard(yaml), options: options).validate(bytes: Array(csv.utf8)))
        }
        #expect(reports[1].counts["dataset:primary-key"] == 1)
        #expect(reports[1].totals == reports[0].totals)
        #expect(reports[1].totals.rowsWithErrors == 11)
    }

    @Test("resolving set-aside keys stops at the deadline and says it did not finish")
    func resolutionStopsAtTheDeadline() throws {
        let partitions = try KeyPartitions(directory: try makeTemporaryDirectory())
        for (row, key) in Self.keys.prefix(5_000).enumerated() {
            key.withUnsafeBytes {
                partitions.append(
                    $0, hash: ByteKeySet.hash64($0), set: 0, row: row + 1, line: row + 1, column: 0, flags: 0)
            }
            // Each key twice: every second one repeats.
            key.withUnsafeBytes {
                partitions.append(
                    $0, hash: ByteKeySet.hash64($0), set: 0, row: row + 1, line: row + 1, column: 0, flags: 0)
            }
        }
        let whole = partitions.resolve(sets: 1, maxExamples: 3, jobs: 2, countsRows: [true], deadline: nil)
        #expect(whole.isComplete && whole.counts == [5_000] && whole.examples.count == 3)
        let late = partitions.resolve(
            sets: 1, maxExamples: 3, jobs: 2, countsRows: [true], deadline: ContinuousClock.now - .seconds(1))
        #expect(!late.isComplete && late.counts == [0])
    }

    @Test("the default memory limit is half the machine's memory, or of a container's limit when lower")
    func defaultMemoryLimitFollowsTheControlGroup() throws {
        let directory = try makeTemporaryDirectory()
        try write("1073741824\n", to: directory + "/memory.max")
        try write("max\n", to: directory + "/unlimited")
        try write("9223372036854771712\n", to: directory + "/v1")
        let physical: UInt64 = 8 << 30
        #expect(Validator.halfOfMemory(physical: physical, limitFiles: [directory + "/memory.max"]) == 512 << 20)
        #expect(Validator.halfOfMemory(physical: physical, limitFiles: [directory + "/unlimited"]) == 4 << 30)
        #expect(Validator.halfOfMemory(physical: physical, limitFiles: [directory + "/v1"]) == 4 << 30)
        #expect(Validator.halfOfMemory(physical: physical, limitFiles: [directory + "/absent"]) == 4 << 30)
    }

    @Test("keys are not set aside when the pass stops at an error count, which needs each duplicate as it merges")
    func maxErrorsKeepsKeysInMemory() throws {
        let yaml = standardYAML(fields: "  A: { type: string }", extra: "dataset:\n  primary-key: [A]")
        let csv = "A\n" + (0..<3_000).map { "k\($0 % 2_000)" }.joined(separator: "\n") + "\n"
        var options = Validator.Options()
        options.maxErrors = 10
        options.memoryLimit = 0
        let report = Validator(standard: try loadStandard(yaml), options: options).validate(bytes: Array(csv.utf8))
        #expect(report.counts["dataset:primary-key"] == 10)
        #expect(report.totals.stoppedEarly)
        #expect(
            report.hints.contains {
                $0.hasPrefix("keys of uniqueness checks stayed in memory past --memory-limit: --max-errors")
            })
    }
}
