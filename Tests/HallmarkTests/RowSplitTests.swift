import Foundation
import Testing

@testable import Hallmark

/// Collects what a validation hands a ``RowSink``.
final class CollectedRows: RowSink {
    var header: [UInt8]?
    var rows: [(row: Int, line: Int, bytes: [UInt8], ruleIDs: [String])] = []

    func takeHeader(_ bytes: UnsafeRawBufferPointer) {
        #expect(header == nil && rows.isEmpty, "the header comes once, first")
        header = Array(bytes)
    }

    func take(_ row: JudgedRow) {
        rows.append((row.row, row.line, Array(row.bytes), row.ruleIDs))
    }

    /// The header and every row in row order: the input's table, byte for byte (its footer aside).
    var joined: [UInt8] { (header ?? []) + rows.flatMap(\.bytes) }
    var valid: [Int] { rows.filter(\.ruleIDs.isEmpty).map(\.row) }
    var invalid: [Int] { rows.filter { !$0.ruleIDs.isEmpty }.map(\.row) }
}

@Suite("Splitting valid from invalid rows")
struct RowSplitTests {
    let yaml = standardYAML(
        fields: "  ID: { type: integer, required: true }\n  NOTE:\n  N: { type: integer, max: 9 }",
        extra: """
            rules:
              - { id: small, assert: N < 5, message: N must be small, severity: warning }
            dataset:
              primary-key: [ID]
            """)
    /// CRLF and LF mixed, a quoted line break, a quoted delimiter, a repeated key, no final line break.
    let csv =
        "ID,NOTE,N\r\n1,plain,3\r\n2,\"two\r\nlines\",4\n3,\"a,b\",12\r\nx,bad id,1\n1,repeat,2\n5,\"\"\"q\"\"\",7\n6,last,1"

    @Test("each row goes to one side, with the error rules it broke; together they are the input")
    func split() throws {
        let rows = CollectedRows()
        let report = Validator(standard: try loadStandard(yaml)).validate(bytes: Array(csv.utf8), rows: rows)
        #expect(rows.joined == Array(csv.utf8))
        #expect(rows.header == Array("ID,NOTE,N\r\n".utf8))
        #expect(rows.valid == [2, 3, 7, 8])
        #expect(rows.invalid == [4, 5, 6])
        #expect(rows.rows.first { $0.row == 4 }?.ruleIDs == ["field:N:max"])
        #expect(rows.rows.first { $0.row == 5 }?.ruleIDs == ["field:ID:type"])
        #expect(rows.rows.first { $0.row == 6 }?.ruleIDs == ["dataset:primary-key"])
        #expect(rows.rows.map(\.line) == [2, 3, 5, 6, 7, 8, 9])
        #expect(rows.invalid.count == report.totals.rowsWithErrors)
        // A warning (row 7 breaks `small`) does not make a row invalid.
        #expect(report.counts["rule:small"] == 2)
    }

    @Test("the same split for any jobs and block size, and for a session fed a byte at a time")
    func splitInParallel() async throws {
        let expected = CollectedRows()
        let standard = try loadStandard(yaml)
        _ = Validator(standard: standard).validate(bytes: Array(csv.utf8), rows: expected)
        let path = try makeTemporaryDirectory() + "/d.csv"
        try write(csv, to: path)
        for (jobs, blockSize) in [(1, 1), (2, 3), (3, 16), (4, 4096)] {
            var options = Validator.Options()
            options.jobs = jobs
            options.blockSize = blockSize
            let rows = CollectedRows()
            _ = try await Validator(standard: standard, options: options).validate(fileAt: path, rows: rows)
            #expect(rows.joined == Array(csv.utf8), "jobs \(jobs), block size \(blockSize)")
            #expect(rows.invalid == expected.invalid, "jobs \(jobs), block size \(blockSize)")
            #expect(rows.rows.map(\.ruleIDs) == expected.rows.map(\.ruleIDs), "jobs \(jobs), block size \(blockSize)")
        }
        let rows = CollectedRows()
        let session = Validator(standard: standard).makeSession(rows: rows)
        for byte in Array(csv.utf8) { session.feed([byte]) }
        _ = session.finish()
        #expect(rows.joined == Array(csv.utf8))
        #expect(rows.invalid == expected.invalid)
    }

    @Test("lines above the header and the footer are not rows; blank rows skipped are valid")
    func titleAndFooter() throws {
        let yaml = standardYAML(
            fields: "  A: { type: integer }\n  B:",
            extra: "table: { dialect: { skip-rows: 2, skip-blank-rows: true }, footer: '^Total' }")
        let csv = "Report title\n\nA,B\n1,x\n,\ny,z\n2,w\nTotal,3\nnotes\n"
        let rows = CollectedRows()
        _ = Validator(standard: try loadStandard(yaml)).validate(bytes: Array(csv.utf8), rows: rows)
        #expect(rows.header == Array("A,B\n".utf8))
        #expect(rows.rows.map(\.row) == [4, 5, 6, 7])
        #expect(rows.invalid == [6])
        #expect(rows.joined == Array("A,B\n1,x\n,\ny,z\n2,w\n".utf8))
    }

    @Test("the shipped fixtures split back into themselves")
    func fixtures() async throws {
        for (standard, data) in [
            ("Standards/nhs/practice-prescribing.yaml", "Fixtures/prescribing/sample-invalid.csv"),
            ("Standards/nhs/practice-prescribing.yaml", "Fixtures/prescribing/sample-valid.csv"),
            ("Standards/nhs/ods-gp-practices.yaml", "Fixtures/ods/practices-planted.csv"),
            ("Standards/nhs/hscic-prescribing.yaml", "Fixtures/hscic-prescribing/pdpi-2014-10-planted.csv"),
        ] {
            let path = packageRoot + "/" + data
            guard FileManager.default.fileExists(atPath: path) else {
                Issue.record("missing fixture \(data)")
                continue
            }
            var options = Validator.Options()
            options.blockSize = 4096
            let rows = CollectedRows()
            let report = try await Validator(
                standard: try Standard(contentsOfFile: packageRoot + "/" + standard, root: packageRoot),
                options: options
            ).validate(fileAt: path, rows: rows)
            let input = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(rows.joined == input, "\(data)")
            #expect(rows.invalid.count == report.totals.rowsWithErrors, "\(data)")
        }
    }
}
