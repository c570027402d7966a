import Foundation
import Testing

@testable import Hallmark

/// The parallel pass must give exactly the report of a sequential one, whatever the block size and
/// number of workers: these tests compare them on inputs built to break block boundaries.
@Suite("Parallel pass: identical to a sequential pass")
struct ParallelPassTests {
    static let standard = """
        hallmark: 1
        id: parallel-test
        version: 1.0.0
        formats:
          nhs-number: { pattern: '[0-9]{10}', checksum: nhs-modulus-11 }
        fields:
          ID: { type: integer, min: 1, unique: true }
          CODE: { pattern: '[A-Z][0-9]{3}', required: true }
          NOTE: { max-length: 40 }
          NHS: { format: nhs-number, sensitive: true }
          AMOUNT: { type: decimal, min: 0 }
        dataset:
          primary-key: [CODE, AMOUNT]
          completeness: { NOTE: 90% }
        """

    /// A table with quoted line breaks (LF and CRLF), doubled quotes, CRLF records, stray quotes,
    /// short and long rows, blank lines, duplicate keys and invalid values, spread evenly so that
    /// every block size puts some of them on a block edge.
    static func table(rows: Int, seed: UInt64 = 7) -> [UInt8] {
        var random = SplitMix(seed: seed)
        var text = "ID,CODE,NOTE,NHS,AMOUNT\n"
        for row in 1...rows {
            let id = random.next(100) < 3 ? max(1, row - 5) : row  // some repeated ids
            let code = random.next(100) < 2 ? "x\(row % 1000)" : "A\(100 + row % 20)"
            let note: String =
                switch random.next(8) {
                case 0: "\"line one\nline two\""
                case 1: "\"crlf\r\ninside, with comma\""
                case 2: "\"say \"\"hi\"\"\""
                case 3: "\"\""
                case 4: "plain note \(row)"
                case 5: "a very long note that goes past forty characters for sure"
                case 6: "bad\"quote"
                default: ""
                }
            let nhs = random.next(10) == 0 ? "9434765918" : "9434765919"
            let amount = random.next(50) == 0 ? "-1.5" : "\(row % 30).\(row % 10)"
            let ending = random.next(5) == 0 ? "\r\n" : "\n"
            switch random.next(60) {
            case 0: text += "\(id),\(code)" + ending  // short row
            case 1: text += "\(id),\(code),\(note),\(nhs),\(amount),extra" + ending
            case 2: text += ending  // blank line
            default: text += "\(id),\(code),\(note),\(nhs),\(amount)" + ending
            }
        }
        return Array(text.utf8)
    }

    /// A generated table written to a fresh folder: its folder, path and bytes.
    func tableFile(rows: Int, seed: UInt64) throws -> (directory: String, path: String, bytes: [UInt8]) {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/table.csv"
        let bytes = Self.table(rows: rows, seed: seed)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (directory, path, bytes)
    }

    func fileValidator(jobs: Int, blockSize: Int, maxErrors: Int? = nil) throws -> Validator {
        var options = Validator.Options()
        options.jobs = jobs
        options.blockSize = blockSize
        options.maxErrors = maxErrors
        return Validator(standard: try loadStandard(Self.standard), options: options)
    }

    @Test(
        "jobs 1, 2 and 4 at block sizes from 1 byte to 1 MiB give the sequential report",
        arguments: [
            (rows: 150, blockSizes: [1, 2, 3, 5, 8, 13]),
            (rows: 3000, blockSizes: [61, 256, 1000, 4096, 65536, 1 << 20]),
        ])
    func identicalReports(rows: Int, blockSizes: [Int]) async throws {
        let (_, path, bytes) = try tableFile(rows: rows, seed: 7)
        let sequential = try fileValidator(jobs: 1, blockSize: 1).validate(bytes: bytes, inputName: path).withoutTiming
        #expect(sequential.totals.rows == rows)
        #expect(sequential.rule("dataset:primary-key") != nil && sequential.rule("field:ID:unique") != nil)
        #expect(sequential.rule("table:stray-quote") != nil && sequential.rule("field:NOTE:max-length") != nil)
        for blockSize in blockSizes {
            for jobs in [1, 2, 4] {
                let parallel = try await fileValidator(jobs: jobs, blockSize: blockSize).validate(fileAt: path)
                    .withoutTiming
                #expect(parallel == sequential, "jobs \(jobs), block size \(blockSize)")
            }
        }
    }

    @Test("a session fed in pieces of any size gives the same report")
    func sessionPieces() throws {
        let bytes = Self.table(rows: 400, seed: 3)
        let validator = try fileValidator(jobs: 1, blockSize: 1)
        let whole = validator.validate(bytes: bytes, inputName: "t.csv").withoutTiming
        for piece in [1, 7, 100, 5000] {
            let session = validator.makeSession(inputName: "t.csv")
            var start = 0
            while start < bytes.count {
                session.feed(Array(bytes[start..<min(start + piece, bytes.count)]))
                start += piece
            }
            #expect(session.finish().withoutTiming == whole, "pieces of \(piece)")
        }
    }

    @Test("--max-errors stops at the same row, with the same findings, for any jobs and block size")
    func maxErrors() async throws {
        let (_, path, bytes) = try tableFile(rows: 2000, seed: 11)
        for limit in [1, 25, 300] {
            let sequential = try fileValidator(jobs: 1, blockSize: 1, maxErrors: limit).validate(
                bytes: bytes, inputName: path
            ).withoutTiming
            #expect(sequential.totals.stopReason == .errorLimit)
            #expect(sequential.totals.findings.error >= limit && sequential.totals.findings.error < limit + 10)
            #expect(sequential.totals.rows < 2000)
            for (jobs, blockSize) in [(1, 100), (2, 777), (4, 64 << 10)] {
                let parallel = try await fileValidator(jobs: jobs, blockSize: blockSize, maxErrors: limit).validate(
                    fileAt: path
                ).withoutTiming
                #expect(parallel == sequential, "limit \(limit), jobs \(jobs), block size \(blockSize)")
            }
        }
        let unlimited = try fileValidator(jobs: 2, blockSize: 1000, maxErrors: 1_000_000).validate(
            bytes: bytes, inputName: path)
        #expect(!unlimited.totals.stoppedEarly && unlimited.totals.rows == 2000)
    }

    @Test(
        "the error limit reached on the last record is not stopping early, wherever the blocks end",
        arguments: [1, 2, 3])
    func limitOnLastRecordAtEveryBlockEdge(jobs: Int) async throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/edge.csv"
        let csv = "N\n1\n2\nx\n3\ny\n"  // two errors, the second on the last record, which ends with a line feed
        try write(csv, to: path)
        let standard = try loadStandard(standardYAML(fields: "  N: { type: integer }"))
        // A block size equal to the file's length ends the last record exactly at a block boundary.
        for blockSize in 1...csv.utf8.count + 1 {
            var options = Validator.Options()
            options.maxErrors = 2
            options.jobs = jobs
            options.blockSize = blockSize
            let report = try await Validator(standard: standard, options: options).validate(fileAt: path)
            #expect(!report.totals.stoppedEarly && report.totals.rows == 5, "block size \(blockSize)")
        }
        func session() -> ValidationSession {
            var options = Validator.Options()
            options.maxErrors = 2
            return Validator(standard: standard, options: options).makeSession()
        }
        let exact = session()
        exact.feed(Array(csv.utf8))
        #expect(!exact.finish().totals.stoppedEarly)
        // One more record after the limit is stopping early, even when it arrives in a later block.
        let longer = session()
        longer.feed(Array(csv.utf8))
        longer.feed(Array("4\n".utf8))
        let stopped = longer.finish()
        #expect(stopped.totals.stoppedEarly && stopped.totals.rows == 5)
    }

    @Test(
        "an empty file, and one with only part of a header, finish (found by FuzzParallel: it waited forever)",
        .timeLimit(.minutes(1)))
    func emptyFile() async throws {
        let directory = try makeTemporaryDirectory()
        let standard = try loadStandard(standardYAML(fields: "  A: { type: integer }"))
        for (name, content) in [("empty", ""), ("partial", "A"), ("header", "A\n")] {
            let path = directory + "/\(name).csv"
            try write(content, to: path)
            for jobs in [1, 3] {
                var options = Validator.Options()
                options.jobs = jobs
                options.blockSize = 1
                let report = try await Validator(standard: standard, options: options).validate(fileAt: path)
                let memory = Validator(standard: standard).validate(bytes: Array(content.utf8), inputName: path)
                #expect(report.withoutTiming == memory.withoutTiming, "\(name), jobs \(jobs)")
                #expect(report.totals.rows == 0)
            }
        }
    }

    @Test("a cancelled task stops the pass with InputError.cancelled")
    func cancellation() async throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/big.csv"
        try write("N\n" + String(repeating: "1\n", count: 200_000), to: path)
        let validator = try fileValidator(jobs: 2, blockSize: 4096)
        let task = Task { try await validator.validate(fileAt: path) }
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("the cancelled validation returned a report")
        } catch let error as InputError {
            #expect(error.code == .cancelled)
        }
    }

    @Test("input errors carry a code to switch on")
    func inputErrorCodes() async throws {
        let directory = try makeTemporaryDirectory()
        let validator = try fileValidator(jobs: 1, blockSize: 4096)
        await #expect { try await validator.validate(fileAt: directory + "/absent.csv") } throws: {
            ($0 as? InputError)?.code == .notFound
        }
        await #expect { try await validator.validate(fileAt: directory) } throws: {
            ($0 as? InputError)?.code == .isDirectory
        }
        try write("not gzip after all", to: directory + "/bad.gz")
        let bytes: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF]
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/corrupt.csv.gz"))
        await #expect { try await validator.validate(fileAt: directory + "/corrupt.csv.gz") } throws: {
            ($0 as? InputError)?.code == .corruptCompression
        }
    }

    @Test("reaching the error limit on the last row is not stopping early")
    func limitOnLastRow() async throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/three.csv"
        let csv = "N\nx\ny\nz"  // three errors; the last row has no line ending
        try write(csv, to: path)
        let standard = try loadStandard(standardYAML(fields: "  N: { type: integer }"))
        for (limit, stopped, rows) in [(3, false, 3), (2, true, 2)] {
            var options = Validator.Options()
            options.maxErrors = limit
            options.blockSize = 2
            let validator = Validator(standard: standard, options: options)
            for report in [validator.validate(bytes: Array(csv.utf8)), try await validator.validate(fileAt: path)] {
                #expect(report.totals.stoppedEarly == stopped && report.totals.rows == rows, "limit \(limit)")
            }
        }
    }

    @Test("gzip input is decompressed on the fly; the digest is of the file as stored")
    func gzip() async throws {
        let (directory, path, bytes) = try tableFile(rows: 1500, seed: 5)
        try run("/bin/gzip", ["-k", "-9", path])
        let plain = try await fileValidator(jobs: 2, blockSize: 4096).validate(fileAt: path)
        let compressed = try await fileValidator(jobs: 2, blockSize: 4096).validate(fileAt: path + ".gz")
        #expect(compressed.findingsByRule == plain.findingsByRule && compressed.totals == plain.totals)
        let stored = try Data(contentsOf: URL(fileURLWithPath: path + ".gz"))
        #expect(compressed.input.bytes == stored.count && compressed.input.sha256 != plain.input.sha256)

        // Two members one after the other decompress to the two tables one after the other.
        let half = bytes.count / 2
        let cut = bytes[..<half].lastIndex(of: 0x0A)! + 1
        try Data(bytes[..<cut]).write(to: URL(fileURLWithPath: directory + "/a.csv"))
        try Data(bytes[cut...]).write(to: URL(fileURLWithPath: directory + "/b.csv"))
        try run("/bin/gzip", [directory + "/a.csv", directory + "/b.csv"])
        let joined =
            try Data(contentsOf: URL(fileURLWithPath: directory + "/a.csv.gz"))
            + Data(contentsOf: URL(fileURLWithPath: directory + "/b.csv.gz"))
        try joined.write(to: URL(fileURLWithPath: directory + "/joined.csv.gz"))
        let members = try await fileValidator(jobs: 2, blockSize: 4096).validate(fileAt: directory + "/joined.csv.gz")
        #expect(members.findingsByRule == plain.findingsByRule && members.totals == plain.totals)

        // A truncated or corrupt file is an input error, not a quiet partial report.
        try stored.prefix(stored.count / 2).write(to: URL(fileURLWithPath: directory + "/truncated.csv.gz"))
        await #expect(throws: InputError.self) {
            try await fileValidator(jobs: 2, blockSize: 4096).validate(fileAt: directory + "/truncated.csv.gz")
        }
        var corrupt = stored
        for index in 20..<60 { corrupt[index] ^= 0x5A }
        try corrupt.write(to: URL(fileURLWithPath: directory + "/corrupt.csv.gz"))
        await #expect(throws: InputError.self) {
            try await fileValidator(jobs: 2, blockSize: 4096).validate(fileAt: directory + "/corrupt.csv.gz")
        }
    }

    @Test("a table without a header row is checked by the parallel pass too")
    func headerless() async throws {
        let (_, path, bytes) = try tableFile(rows: 500, seed: 13)
        let withoutHeader = Array(bytes[(bytes.firstIndex(of: 0x0A)! + 1)...])
        try Data(withoutHeader).write(to: URL(fileURLWithPath: path))
        var options = Validator.Options()
        options.jobs = 2
        options.blockSize = 300
        let standard = try loadStandard(
            Self.standard.replacingOccurrences(of: "fields:", with: "table:\n  dialect: { has-header: false }\nfields:")
        )
        let validator = Validator(standard: standard, options: options)
        let sequential = validator.validate(bytes: withoutHeader, inputName: path).withoutTiming
        #expect(sequential.totals.rows == 500)
        #expect(try await validator.validate(fileAt: path).withoutTiming == sequential)
    }

    @Test("a file without line feeds (CR line endings) still validates exactly")
    func carriageReturnsOnly() async throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/cr.csv"
        let text = String(decoding: Self.table(rows: 300, seed: 9), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r")
        try write(text, to: path)
        let sequential = try fileValidator(jobs: 1, blockSize: 1).validate(bytes: Array(text.utf8), inputName: path)
            .withoutTiming
        #expect(sequential.totals.rows == 300)
        let parallel = try await fileValidator(jobs: 4, blockSize: 500).validate(fileAt: path).withoutTiming
        #expect(parallel == sequential)
    }

    @Test("a read into a spent block's bytes gives the block a fresh read gives")
    func readsIntoSpentBlocks() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/table.csv"
        let bytes = Self.table(rows: 500, seed: 11)
        try write(String(decoding: bytes, as: UTF8.self), to: path)
        for blockSize in [1, 97, 1000, 4096] {
            func blocks(reusing: Bool) throws -> [[UInt8]] {
                let reader = try BlockReader(path: path, blockSize: blockSize)
                var blocks: [[UInt8]] = []
                // A spent block longer than any block, and one shorter, filled with bytes a
                // read must overwrite or cut off.
                var spent = [UInt8](repeating: 0x22, count: reusing ? blockSize * 3 + 50 : 0)
                while let block = try reader.next(reusing: spent) {
                    blocks.append(block.bytes)
                    spent = reusing ? (blocks.count.isMultiple(of: 2) ? [0x0A] : block.bytes) : []
                    if block.isLast { break }
                }
                return blocks
            }
            let fresh = try blocks(reusing: false)
            #expect(try blocks(reusing: true) == fresh, "block size \(blockSize)")
            #expect(Array(fresh.joined()) == bytes)
        }
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

extension Report {
    /// The report with its timing blanked, for comparing two runs.
    var withoutTiming: Report {
        var copy = self
        copy.timing = Timing(startedAt: "", durationSeconds: 0)
        return copy
    }
}
