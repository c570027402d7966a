import Testing

@testable import Hallmark

@Suite("Cells seen to pass")
struct PassedCellsTests {
    /// Sorted data: runs of one practice code (good and bad), a stretch where every code differs
    /// (which pauses remembering), a month on every row, a unit of measure cycling through a few
    /// values and one bad one, and a unique field whose equal neighbours are duplicates. Every bad
    /// cell must be found, every good one counted as filled.
    @Test(
        "a value seen again, in a run or scattered, is checked as every cell, good and bad, in any blocks",
        arguments: ["first", "all"])
    func repeatedValuesAreCheckedAsEveryCell(cellFindings: String) async throws {
        var lines = ["CODE,MONTH,ID,UNIT"]
        var badCodes = 0
        var badMonths = 0
        var badUnits = 0
        func add(_ code: String, month: String = "2024-01-15", id: String? = nil) {
            if code.first?.isLowercase ?? false || code.count != 6 { badCodes += 1 }
            if month < "2020" { badMonths += 1 }
            let unit = ["ml", "tablet", "dose", "mls"][lines.count % 4]
            if unit == "mls" { badUnits += 1 }
            lines.append("\(code),\(month),\(id ?? "I\(lines.count)"),\(unit)")
        }
        // Equal neighbours in a unique field, a duplicate: early, before the field's sample ends.
        for index in 0..<70 { add("A81001", id: index == 10 || index == 11 ? "TWICE" : nil) }
        for _ in 0..<5 { add("a81001") }  // a run of one bad code
        for _ in 0..<3 { add("A81001", month: "2019-12-31") }  // a good code, a month out of bounds
        for index in 0..<400 { add(index % 100 == 99 ? "B1234" : "B12345") }
        for index in 0..<70 { add("C\(String(100_000 + index).suffix(5))") }  // no repeats
        let csv = lines.joined(separator: "\n") + "\n"
        let yaml = standardYAML(
            fields: """
                  CODE: { type: string, required: true, pattern: "[A-Z][0-9]{5}" }
                  MONTH: { type: date, min: 2020-01-01 }
                  ID: { type: string, unique: true, max-length: 10 }
                  UNIT: { type: string, values: [ml, tablet, dose] }
                """,
            extra:
                "table: { cell-findings: \(cellFindings) }\ndataset: { completeness: { CODE: 100%, MONTH: 100% } }")
        let report = try await validateEveryWay(csv, against: yaml)
        #expect(badCodes == 9 && badMonths == 3 && badUnits == 137)
        #expect(
            report.counts == [
                "field:CODE:pattern": badCodes, "field:MONTH:min": badMonths, "field:UNIT:values": badUnits,
                "field:ID:unique": 1,
            ])
    }

    @Test("cells are told apart by every byte and their length, and long ones are not kept")
    func cellsAreToldApart() {
        let cells = PassedCells(remembered: [true, false])
        #expect(!bytes("") { cells.contains($0, column: 0) })
        bytes("") { cells.insert($0, column: 0) }
        #expect(bytes("") { cells.contains($0, column: 0) })
        bytes("A") { cells.insert($0, column: 0) }
        #expect(bytes("A") { cells.contains($0, column: 0) })
        #expect(!bytes("A\0") { cells.contains($0, column: 0) })
        #expect(!bytes("B") { cells.contains($0, column: 0) })
        let longest = String(repeating: "L", count: PassedCells.longestCell)
        bytes(longest) { cells.insert($0, column: 0) }
        #expect(bytes(longest) { cells.contains($0, column: 0) })
        #expect(!bytes(longest.dropLast() + "M") { cells.contains($0, column: 0) })
        bytes(longest + "L") { cells.insert($0, column: 0) }
        #expect(!bytes(longest + "L") { cells.contains($0, column: 0) })
        // Every length the table keeps, read in words that may overlap: a change to any one bit,
        // or one byte fewer, is another cell.
        // (A fresh table for each probe: a sample of misses would pause the column.)
        func found(_ probe: [UInt8], afterKeeping kept: [UInt8]) -> Bool {
            let table = PassedCells(remembered: [true])
            kept.withUnsafeBytes { table.insert($0, column: 0) }
            return probe.withUnsafeBytes { table.contains($0, column: 0) }
        }
        for length in 0...PassedCells.longestCell {
            let kept = (0..<length).map { UInt8(truncatingIfNeeded: 0x41 + $0 * 7 + length) }
            #expect(found(kept, afterKeeping: kept), "length \(length)")
            #expect(!found(Array(kept.dropLast()), afterKeeping: kept) || length == 0)
            for place in 0..<length {
                for bit in 0..<8 {
                    var changed = kept
                    changed[place] ^= 1 << bit
                    #expect(!found(changed, afterKeeping: kept), "length \(length), byte \(place), bit \(bit)")
                }
            }
        }
        // A column never remembered never finds a cell.
        bytes("A") { cells.insert($0, column: 1) }
        #expect(!bytes("A") { cells.contains($0, column: 1) })
    }

    @Test("a column whose values seldom come again is left alone for a while, then sampled again")
    func seldomRepeatingColumnsPause() {
        let cells = PassedCells(remembered: [true])
        bytes("A") { cells.insert($0, column: 0) }
        for index in 0..<Int(PassedCells.sample) {
            _ = bytes("M\(index)") { cells.contains($0, column: 0) }
        }
        // Too few found in the sample: even a remembered cell is checked until the pause is over.
        for _ in 0..<Int(PassedCells.pause) {
            #expect(!bytes("A") { cells.contains($0, column: 0) })
        }
        bytes("A") { cells.insert($0, column: 0) }
        #expect(bytes("A") { cells.contains($0, column: 0) })
    }

    private func bytes<Result>(_ text: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        Array(text.utf8).withUnsafeBytes(body)
    }
}
