/// The last cell of each column that passed every check of its field, so that a run of equal cells
/// is checked once: a practice's code, name and postcode on each of its hundreds of rows, the
/// month on every row of a monthly extract. Published tables are mostly sorted by such columns.
///
/// Sound because a cell's own checks (type, bounds, format, checksum, codes, values, pattern,
/// length, spaces) read nothing but the cell's bytes and its field: a cell equal byte for byte to
/// one that passed them all passes them all. Fields whose cells do more than that (a `unique`
/// field logs every cell's key) are never remembered. A column whose cells seldom repeat (an NHS
/// number, a cost) is left alone for a while after each sample, so it costs a comparison in 64
/// of every 4,160 cells, not one per cell.
///
/// One per checker (per worker); state lives at fixed addresses so the hot path copies nothing.
final class RepeatedCells {
    /// Cells longer than this are not remembered (identifiers and codes are shorter).
    static let longestCell = 32
    /// Cells a column is sampled over, and the fewest repeats among them that keep it remembered.
    static let sample: UInt16 = 64
    static let fewestRepeats: UInt16 = 16
    /// Cells a column with fewer repeats than that is then left alone for.
    static let pause: UInt32 = 4096

    private struct Column {
        /// The remembered cell's length; -1 when none is.
        var length: Int32 = -1
        var tries: UInt16 = 0
        var repeats: UInt16 = 0
        /// Cells still to leave alone; `UInt32.max` for a column never remembered.
        var paused: UInt32 = 0
    }

    private let columns: UnsafeMutablePointer<Column>
    private let cells: UnsafeMutableRawPointer

    /// `remembered[c]`: whether column `c`'s cells may be remembered at all.
    init(remembered: [Bool]) {
        columns = .allocate(capacity: remembered.count + 1)
        columns.initialize(repeating: Column(), count: remembered.count + 1)
        for (column, isRemembered) in remembered.enumerated() where !isRemembered {
            columns[column].paused = .max
        }
        cells = .allocate(byteCount: (remembered.count + 1) * Self.longestCell, alignment: 16)
    }

    deinit {
        columns.deallocate()
        cells.deallocate()
    }

    /// Whether `cell` equals the cell remembered for `column`, which passed every check.
    @inline(__always)
    func repeats(_ cell: UnsafeRawBufferPointer, column: Int) -> Bool {
        let state = columns + column
        if state.pointee.paused > 0 {
            if state.pointee.paused != .max { state.pointee.paused -= 1 }
            return false
        }
        let repeated =
            Int(state.pointee.length) == cell.count
            && (cell.isEmpty || memcmpBytes(cells + column * Self.longestCell, cell.baseAddress!, cell.count))
        state.pointee.tries &+= 1
        if repeated { state.pointee.repeats &+= 1 }
        if state.pointee.tries == Self.sample {
            if state.pointee.repeats < Self.fewestRepeats {
                state.pointee.paused = Self.pause
                state.pointee.length = -1
            }
            state.pointee.tries = 0
            state.pointee.repeats = 0
        }
        return repeated
    }

    /// Remembers `cell`, which passed every check, as `column`'s (unless the column is left alone).
    @inline(__always)
    func remember(_ cell: UnsafeRawBufferPointer, column: Int) {
        let state = columns + column
        guard state.pointee.paused == 0, cell.count <= Self.longestCell else { return }
        if let base = cell.baseAddress {
            (cells + column * Self.longestCell).copyMemory(from: base, byteCount: cell.count)
        }
        state.pointee.length = Int32(cell.count)
    }
}
