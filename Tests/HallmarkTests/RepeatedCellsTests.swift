import Testing

@testable import Hallmark

@Suite("Repeated cells")
struct RepeatedCellsTests {
    /// Sorted data: runs of one practice code (good and bad), a stretch where every code differs
    /// (which pauses remembering), a month on every row, and a unique field whose equal neighbours
    /// are duplicates. Every bad cell in a run must be found, every good one counted as filled.
    @Test(
        "a run of equal cells is checked as every cell in it, good and bad, in any blocks",
        arguments: ["first", "all"])
    func runsAreCheckedAsEveryCell(cellFindings: String) async throws {
        var lines = ["CODE,MONTH,ID,NOTE"]
        var badCodes = 0
        var badMonths = 0
        func add(_ code: String, month: String = "2024-01-15", id: String? = nil) {
            if code.first?.isLowercase ?? false || code.count != 6 { badCodes += 1 }
            if month < "2020" { badMonths += 1 }
            lines.append("\(code),\(month),\(id ?? "I\(lines.count)"),x")
        }
        for _ in 0..<70 { add("A81001") }
        for _ in 0..<5 { add("a81001") }  // a run of one bad code
        for _ in 0..<3 { add("A81001", month: "2019-12-31") }  // a good code, a month out of bounds
        for index in 0..<400 { add(index % 100 == 99 ? "B1234" : "B12345") }
        for index in 0..<70 { add("C\(String(100_000 + index).suffix(5))") }  // no repeats
        add("B12345", id: "TWICE")
        add("B12345", id: "TWICE")  // equal neighbours in a unique field: a duplicate
        let csv = lines.joined(separator: "\n") + "\n"
        let yaml = standardYAML(
            fields: """
                  CODE: { type: string, required: true, pattern: "[A-Z][0-9]{5}" }
                  MONTH: { type: date, min: 2020-01-01 }
                  ID: { type: string, unique: true, max-length: 10 }
                  NOTE: { type: string, values: [x] }
                """,
            extra: "table: { cell-findings: \(cellFindings) }\ndataset: { completeness: { CODE: 100%, MONTH: 100% } }")
        let report = try await validateEveryWay(csv, against: yaml)
        #expect(badCodes == 9 && badMonths == 3)
        #expect(report.counts == ["field:CODE:pattern": badCodes, "field:MONTH:min": badMonths, "field:ID:unique": 1])
    }

    @Test("a column whose cells seldom repeat is left alone for a while, then sampled again")
    func seldomRepeatingColumnsPause() {
        let cells = RepeatedCells(remembered: [true, false])
        func cell<Result>(_ text: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
            Array(text.utf8).withUnsafeBytes(body)
        }
        #expect(!cell("A") { cells.repeats($0, column: 0) })
        cell("A") { cells.remember($0, column: 0) }
        #expect(cell("A") { cells.repeats($0, column: 0) })
        #expect(!cell("B") { cells.repeats($0, column: 0) })
        // A column never remembered never repeats.
        cell("A") { cells.remember($0, column: 1) }
        #expect(!cell("A") { cells.repeats($0, column: 1) })
        // Cells too long to keep are checked every time.
        let long = String(repeating: "L", count: RepeatedCells.longestCell + 1)
        cell(long) { cells.remember($0, column: 0) }
        #expect(!cell(long) { cells.repeats($0, column: 0) })

        // Fill the rest of the sample with misses: too few repeats, so the column pauses, and
        // even the remembered cell is checked again until the pause is over.
        let fresh = RepeatedCells(remembered: [true])
        cell("A") { fresh.remember($0, column: 0) }
        for index in 0..<Int(RepeatedCells.sample) {
            _ = cell("M\(index)") { fresh.repeats($0, column: 0) }
        }
        cell("A") { fresh.remember($0, column: 0) }
        for _ in 0..<Int(RepeatedCells.pause) {
            #expect(!cell("A") { fresh.repeats($0, column: 0) })
        }
        cell("A") { fresh.remember($0, column: 0) }
        #expect(cell("A") { fresh.repeats($0, column: 0) })
    }
}
