/// Cells each column has lately seen pass every check of its field, so that a value seen again is
/// not checked again: a practice's code and postcode on each of its hundreds of rows, the month on
/// every row of a monthly extract, a unit of measure, a date, a count. Published tables are full
/// of short values that repeat, in runs (sorted by them) or scattered (a column of few values).
///
/// Sound because a cell's own checks (type, bounds, format, checksum, codes, values, pattern,
/// length, spaces) read nothing but the cell's bytes and its field: a cell equal byte for byte to
/// one that passed them all passes them all. Fields whose cells do more than that (a `unique`
/// field logs every cell's key) are never remembered.
///
/// Each column has a small direct-mapped table of cells of up to ``longestCell`` bytes, each
/// stored in two words with its length, so a lookup is a hash and a comparison of two words. A
/// column whose values seldom come again (an NHS number, a cost) is left alone for a while after
/// each sample, so it costs a lookup in 64 of every 4,160 cells, not one per cell.
///
/// One per checker (per worker); state lives at fixed addresses so the hot path copies nothing.
final class PassedCells {
    /// Cells longer than this are not remembered (identifiers, codes, dates and counts are shorter).
    static let longestCell = 15
    /// Cells remembered per column: 2^`slotBits`.
    static let slotBits = 6
    static let slotsPerColumn = 1 << slotBits
    /// Cells a column is sampled over, and the fewest found among them that keep it remembered.
    static let sample: UInt16 = 64
    static let fewestFound: UInt16 = 16
    /// Cells a column with fewer found than that is then left alone for.
    static let pause: UInt32 = 4096

    private struct Column {
        var tries: UInt16 = 0
        var found: UInt16 = 0
        /// Cells still to leave alone; `UInt32.max` for a column never remembered.
        var paused: UInt32 = 0
    }

    /// A cell as two words: its bytes in order, little-endian and zero-padded, with its length
    /// plus one in the last byte (so an all-zero slot holds no cell, and `A` differs from `A\0`).
    private struct Cell: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
    }

    private let columns: UnsafeMutablePointer<Column>
    private let slots: UnsafeMutablePointer<Cell>

    /// `remembered[c]`: whether column `c`'s cells may be remembered at all.
    init(remembered: [Bool]) {
        columns = .allocate(capacity: remembered.count + 1)
        columns.initialize(repeating: Column(), count: remembered.count + 1)
        for (column, isRemembered) in remembered.enumerated() where !isRemembered {
            columns[column].paused = .max
        }
        let slotCount = (remembered.count + 1) * Self.slotsPerColumn
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: Cell(), count: slotCount)
    }

    deinit {
        columns.deallocate()
        slots.deallocate()
    }

    /// Whether `cell` is one `column` has lately seen pass every check.
    @inline(__always)
    func contains(_ cell: UnsafeRawBufferPointer, column: Int) -> Bool {
        let state = columns + column
        if state.pointee.paused > 0 {
            if state.pointee.paused != .max { state.pointee.paused -= 1 }
            return false
        }
        var found = false
        if let packed = Self.pack(cell) {
            found = slots[Self.slot(of: packed, column: column)] == packed
        }
        state.pointee.tries &+= 1
        if found { state.pointee.found &+= 1 }
        if state.pointee.tries == Self.sample {
            if state.pointee.found < Self.fewestFound {
                state.pointee.paused = Self.pause
            }
            state.pointee.tries = 0
            state.pointee.found = 0
        }
        return found
    }

    /// Remembers `cell`, which passed every check, as one of `column`'s (unless the column is
    /// left alone, or the cell is too long).
    @inline(__always)
    func insert(_ cell: UnsafeRawBufferPointer, column: Int) {
        guard columns[column].paused == 0, let packed = Self.pack(cell) else { return }
        slots[Self.slot(of: packed, column: column)] = packed
    }

    /// Reads the cell into two words with loads that may overlap (as wyhash does), never past its
    /// end: bytes stored one by one and read back as words would stall the load behind the stores.
    @inline(__always)
    private static func pack(_ cell: UnsafeRawBufferPointer) -> Cell? {
        let count = cell.count
        guard count <= longestCell else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        if let base = cell.baseAddress {
            func word(at offset: Int) -> UInt64 {
                UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            func half(at offset: Int) -> UInt64 {
                UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            }
            func byte(at offset: Int) -> UInt64 { UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) }
            if count >= 8 {
                low = word(at: 0)
                // Bytes 8..<count: the last eight bytes, shifted down past the ones `low` holds.
                if count > 8 { high = word(at: count - 8) >> (64 - 8 * (count - 8)) }
            } else if count >= 4 {
                low = half(at: 0) | half(at: count - 4) << (8 * (count - 4))
            } else if count > 0 {
                low = byte(at: 0) | byte(at: count / 2) << (8 * (count / 2)) | byte(at: count - 1) << (8 * (count - 1))
            }
        }
        return Cell(low: low, high: high | UInt64(count + 1) << 56)
    }

    @inline(__always)
    private static func slot(of cell: Cell, column: Int) -> Int {
        let mixed = (cell.low &* 0x9E37_79B9_7F4A_7C15) ^ (cell.high &* 0xC2B2_AE3D_27D4_EB4F)
        return column &* slotsPerColumn &+ Int(truncatingIfNeeded: mixed >> (64 - UInt64(slotBits)))
    }
}
