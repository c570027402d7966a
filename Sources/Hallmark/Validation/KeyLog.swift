/// The keys a block of input produced for uniqueness checks (`unique` fields and the primary key),
/// in row order, with their hashes already computed.
///
/// Workers check blocks in parallel, but "seen in an earlier row" depends on every earlier block.
/// So a worker only logs its keys; the ``KeyLedger`` resolves them block by block, in input order,
/// which gives exactly the findings of a sequential pass.
package struct KeyLog: Sendable {
    package struct Entry: Sendable {
        /// Which of the ledger's key sets (see ``CompiledStandard/keySets``).
        var set: Int32
        /// The 0-based file column, for a `unique` field's example.
        var column: Int32
        var length: UInt32
        /// ``ByteKeySet/hash64(_:)``.
        var hash: UInt64
        /// ``ByteKeySet/hash(_:)``, the low 32 bits, for the sets of foreign keys.
        var shortHash: UInt32 { UInt32(truncatingIfNeeded: hash) }
        var offset: Int
        /// Row and line, relative to the block the log belongs to.
        var row: Int
        var line: Int
        /// Whether the row already had an error-severity finding, so a duplicate does not count it twice.
        var rowHadError = false
    }

    private(set) var entries: [Entry] = []
    private(set) var arena: [UInt8] = []

    package init() {}

    package var isEmpty: Bool { entries.isEmpty }
    package var count: Int { entries.count }

    /// Logs one key, whole.
    @inline(__always)
    mutating func append(set: Int, column: Int, key: UnsafeRawBufferPointer, row: Int, line: Int) {
        let start = keyStart
        arena.append(contentsOf: key.assumingMemoryBound(to: UInt8.self))
        finishKey(from: start, set: set, column: column, row: row, line: line)
    }

    /// Where a key built in place starts: its parts go straight into the log
    /// (``appendPart(_:)``), and it is logged with ``finishKey(from:set:column:row:line:)`` or
    /// dropped with ``dropKey(from:)``. A composite key is written once, not built elsewhere and
    /// copied in.
    var keyStart: Int { arena.count }

    /// Appends one part of the key being built (``CompositeKey``'s encoding).
    @inline(__always)
    mutating func appendPart(_ part: UnsafeRawBufferPointer) {
        CompositeKey.append(part: part, to: &arena)
    }

    /// Drops the key being built (a part is missing: the row has no key).
    mutating func dropKey(from start: Int) {
        arena.removeLast(arena.count - start)
    }

    /// Logs the key written from `start` on; `column` is -1 for a key of several columns.
    @inline(__always)
    mutating func finishKey(from start: Int, set: Int, column: Int, row: Int, line: Int) {
        let length = arena.count - start
        let hash = arena.withUnsafeBytes { ByteKeySet.hash64(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        entries.append(
            Entry(
                set: Int32(truncatingIfNeeded: set), column: Int32(truncatingIfNeeded: column),
                length: UInt32(truncatingIfNeeded: length), hash: hash, offset: start, row: row, line: line))
    }

    /// Marks the entries from `start` on, all of one row, with whether that row had an error.
    @inline(__always)
    mutating func markRow(from start: Int, hadError: Bool) {
        guard hadError else { return }
        for index in start..<entries.count { entries[index].rowHadError = true }
    }

    /// Calls `body` with each entry and its key bytes, in order.
    func forEachEntry(_ body: (Entry, UnsafeRawBufferPointer) -> Void) {
        arena.withUnsafeBytes { arena in
            for entry in entries {
                body(entry, UnsafeRawBufferPointer(rebasing: arena[entry.offset..<entry.offset + Int(entry.length)]))
            }
        }
    }
}
