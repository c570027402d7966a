/// The state of foreign keys within one table (`reference: { fields: … }` without a file), for
/// the whole input.
///
/// A row may refer to a row further down, so a referring key is settled only when its reference
/// has been seen, or the table has ended. Referenced keys go into one exact set per foreign key;
/// a referring key already in it costs nothing more, and one not yet in it waits in a backlog,
/// in input order, until ``forEachUnresolved(_:)`` at the end.
///
/// Memory: about the key's bytes plus 40 bytes per distinct referenced key, and the key's bytes
/// plus 48 bytes per row whose reference had not appeared by the time the row was read (in a
/// table listed parents first, none).
struct ReferenceLedger {
    /// A referring key that had no reference when its row was merged: its log entry, numbered as
    /// in the input and pointing into this ledger's arena, and its foreign key.
    struct Waiting {
        var entry: KeyLog.Entry
        var foreignKey: Int
    }

    private var referenced: [Int: ByteKeySet] = [:]
    private var waiting: [Waiting] = []
    private var arena: [UInt8] = []

    /// Records a value that rows of foreign key `foreignKey` may refer to.
    mutating func insertReferenced(_ key: UnsafeRawBufferPointer, hash: UInt32, foreignKey: Int) {
        referenced[foreignKey, default: ByteKeySet()].insert(key, hash: hash)
    }

    /// Records a referring key from a block merged at `origin`; it waits unless its reference was seen.
    mutating func refer(_ key: UnsafeRawBufferPointer, entry: KeyLog.Entry, foreignKey: Int, origin: BlockOrigin) {
        if referenced[foreignKey]?.find(key, hash: entry.shortHash) != nil { return }
        var entry = entry
        entry.offset = arena.count
        entry.row = origin.row(entry.row)
        entry.line = origin.line(entry.line)
        waiting.append(Waiting(entry: entry, foreignKey: foreignKey))
        arena.append(contentsOf: key.assumingMemoryBound(to: UInt8.self))
    }

    /// Calls `body`, in input order, with each referring key whose reference never appeared.
    func forEachUnresolved(_ body: (UnsafeRawBufferPointer, KeyLog.Entry) -> Void) {
        arena.withUnsafeBytes { arena in
            for waiting in waiting {
                let entry = waiting.entry
                let key = UnsafeRawBufferPointer(rebasing: arena[entry.offset..<entry.offset + Int(entry.length)])
                if referenced[waiting.foreignKey]?.find(key, hash: entry.shortHash) == nil {
                    body(key, entry)
                }
            }
        }
    }
}
