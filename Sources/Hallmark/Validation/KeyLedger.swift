internal import CHallmarkScan

/// Every key seen so far in the whole input, one exact set per uniqueness check.
///
/// Each set is a table of 8-byte slots (part of a key's hash, and where its record lies), kept at
/// most 80% full: 10 to 20 bytes per distinct key. The keys themselves, each with the row it was
/// first seen on, go to one ``KeyRecords`` store shared by the sets, which keeps its first
/// ``Validator/Options/keyMemory`` bytes in memory and the rest in a temporary file. A key is
/// compared byte for byte whenever its slot's tag equals a stored one, which among distinct keys
/// is rare (24,271 reads for 10M keys, 1,002 of them duplicates; CONTRIBUTING has the trade), so
/// the file is read about once per duplicate and the answer is always exact.
///
/// When the tables would grow past ``Validator/Options/memoryLimit``, the ledger turns to
/// ``KeyPartitions``: the keys it holds, and every later one, are set aside on disk and resolved
/// after the pass (``resolveSetAside(maxExamples:jobs:countsRows:)``), with the same findings.
/// Duplicates are then known only at the end, so a pass that must see them as blocks merge (to
/// stop at an error count, or to judge rows for a ``RowSink``) keeps every key in memory instead.
package struct KeyLedger {
    private var sets: [DistinctKeys]
    private var records: KeyRecords?
    private let memoryLimit: Int
    private let spillDirectory: String
    private let maySetAside: Bool
    /// Set once the tables would outgrow the memory limit.
    private(set) var setAside: KeyPartitions?
    /// Why keys could not be set aside on disk, when that happened: they stay in the tables.
    private var setAsideFailure: String?
    /// Why the records could not all be written to their file, noted before they were freed.
    private var recordsFailure: String?

    /// Why keys were kept in memory against the limits, when a temporary file could not be made
    /// or written: the findings are the same, only the memory bound was lost.
    var spillFailure: String? {
        if let reason = setAsideFailure ?? setAside?.spillFailure { return "past --memory-limit: \(reason)" }
        if let reason = records?.spillFailure ?? recordsFailure { return "past --key-memory: \(reason)" }
        return nil
    }

    /// The tables passed the memory limit, but the pass needed each duplicate as its block merged.
    private(set) var passedLimitInMemory = false

    /// - Parameters:
    ///   - keyMemory: bytes of key records kept in memory before the rest go to a file.
    ///   - memoryLimit: bytes the tables and in-memory records may take before keys are set aside.
    ///   - spillDirectory: where files are made (and at once unlinked).
    ///   - maySetAside: whether duplicates may be found after the pass instead of as blocks merge.
    package init(
        _ compiled: CompiledStandard, keyMemory: Int, memoryLimit: Int, spillDirectory: String, maySetAside: Bool
    ) {
        sets = Array(repeating: DistinctKeys(), count: compiled.keySets.count)
        records = KeyRecords(memoryBudget: keyMemory, directory: spillDirectory)
        self.memoryLimit = memoryLimit
        self.spillDirectory = spillDirectory
        self.maySetAside = maySetAside
    }

    /// Records `key`, hashed as `hash` (``ByteKeySet/hash64(_:)``), seen on `row` and `line` in
    /// `column`; returns the row it was first seen on when that is known now, and `nil` when it
    /// is new or set aside.
    @inline(__always)
    mutating func insert(
        set: Int32, _ key: UnsafeRawBufferPointer, hash: UInt64, row: Int, line: Int, column: Int32, rowHadError: Bool
    ) -> Int? {
        if setAside == nil, setAsideFailure == nil, !passedLimitInMemory, sets[Int(set)].growsOnNextInsert,
            outgrows(growing: Int(set))
        {
            if maySetAside { turnToPartitions() } else { passedLimitInMemory = true }
        }
        if let setAside {
            setAside.append(
                key, hash: hash, set: set, row: row, line: line, column: column,
                flags: rowHadError ? KeyPartitions.rowHadError : 0)
            return nil
        }
        return sets[Int(set)].insert(key, hash: hash, row: row, records: records!)
    }

    /// Starts loading the table slot where set `set` will look for a key hashed as `hash`, for a
    /// key a few entries on: by the time it is inserted, its slot is in the cache.
    /// (`mutating` only so the set is reached in place: read, it is copied, its arrays retained.)
    @inline(__always)
    mutating func prefetch(set: Int32, hash: UInt64) {
        if setAside == nil { sets[Int(set)].prefetch(hash: hash) }
    }

    /// The largest table made ahead of its keys, 256 MiB (26 million keys): an estimate can be
    /// far off, and the whole table is written when it is made.
    static let largestTableSizedAhead = 256 << 20

    /// The memory the sets' tables take.
    var tableBytes: Int { sets.reduce(0) { $0 + $1.tableBytes } }

    /// Sizes set `set`'s table for about `keys` keys from the start, when that table takes at
    /// most `bytes` and ``largestTableSizedAhead``, and stays within half of
    /// ``Validator/Options/memoryLimit`` with the others and the records in memory. A larger one
    /// is left to grow as keys come, and past the limit the keys are set aside as before.
    mutating func expect(_ keys: Int, inSet set: Int, atMost bytes: Int) {
        guard setAside == nil, keys > 0, keys <= Int(UInt32.max), set < sets.count else { return }
        let others = tableBytes - sets[set].tableBytes
        let table = DistinctKeys.tableBytes(holding: keys)
        guard table <= min(bytes, Self.largestTableSizedAhead),
            others + table + (records?.memoryBytes ?? 0) <= memoryLimit / 2
        else { return }
        sets[set].reserve(keys)
    }

    /// Whether growing set `set` would take the tables and in-memory records past the limit,
    /// counting the old table and the new one side by side while it is copied.
    private func outgrows(growing set: Int) -> Bool {
        tableBytes + 2 * sets[set].tableBytes + (records?.memoryBytes ?? 0) > memoryLimit
    }

    /// Sets every key held so far aside (each distinct, with the row it was first seen on), and frees the tables.
    private mutating func turnToPartitions() {
        let partitions: KeyPartitions
        do throws(TemporaryFile.Failure) {
            partitions = try KeyPartitions(directory: spillDirectory)
        } catch {
            setAsideFailure = error.reason
            return
        }
        guard let records else { return }
        for (index, set) in sets.enumerated() {
            // A slot keeps only part of its key's hash; the whole is hashed again as the merge
            // hashed it (``KeyLog``), so later copies of the key land in the same partition.
            set.forEachPlace { place in
                records.record(at: place) { key, row in
                    partitions.append(
                        key, hash: ByteKeySet.hash64(key), set: Int32(index), row: row, line: 0, column: 0,
                        flags: KeyPartitions.seen)
                }
            }
        }
        sets = []
        recordsFailure = records.spillFailure
        self.records = nil
        setAside = partitions
    }

    /// Resolves the keys set aside, when there are any (see ``KeyPartitions/resolve(sets:maxExamples:jobs:countsRows:deadline:)``).
    func resolveSetAside(maxExamples: Int, jobs: Int, countsRows: [Bool], deadline: ContinuousClock.Instant?)
        -> KeyPartitions.Resolution?
    {
        setAside?.resolve(
            sets: countsRows.count, maxExamples: maxExamples, jobs: jobs, countsRows: countsRows, deadline: deadline)
    }
}

/// One set of distinct keys: an open-addressing table probed linearly, one 64-bit word a slot.
/// The keys' bytes live in a ``KeyRecords`` store.
///
/// A slot holds a tag (bits 1 to 31 of the key's hash, with bit 31 set so no slot is 0) above
/// the place of the key's record. One word, not a hash and a place in two arrays, so a probe
/// waits on one cache line and one page, not two: once a table outgrows the caches, that wait is
/// most of an insert. Keys whose tags agree are compared byte for byte, so the answer is exact
/// whatever the hashes.
struct DistinctKeys {
    /// 0 marks an empty slot.
    private var slots: [UInt64]
    private var mask: Int
    private var count = 0

    init() {
        slots = Array(repeating: 0, count: 16)
        mask = 15
    }

    /// The memory its table takes.
    var tableBytes: Int { slots.count * MemoryLayout<UInt64>.stride }

    /// Whether the next new key makes the table grow.
    var growsOnNextInsert: Bool { (count + 1) * 5 > slots.count * 4 }

    /// A slot's tag for `hash`: never 0. The home slot is taken from it (bit 0 of every hash is
    /// set, so the bits above it); a table of more than 2³¹ slots has home slots only from 2³¹ to
    /// 2³², so it uses part of itself, still exactly.
    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 1) | 1 << 31 }

    /// Calls `body` with each key's record place, in no particular order.
    func forEachPlace(_ body: (UInt32) -> Void) {
        for slot in slots where slot != 0 { body(UInt32(truncatingIfNeeded: slot)) }
    }

    /// Starts loading the slot a probe for `hash` begins at (see ``KeyLedger/prefetch(set:hash:)``).
    @inline(__always)
    mutating func prefetch(hash: UInt64) {
        let index = Int(Self.tag(hash)) & mask
        slots.withUnsafeBufferPointer { hm_prefetch_for_write($0.baseAddress! + index) }
    }

    mutating func insert(_ key: UnsafeRawBufferPointer, hash: UInt64, row: Int, records: KeyRecords) -> Int? {
        if growsOnNextInsert { grow() }
        let tag = Self.tag(hash)
        var index = Int(tag) & mask
        while case let slot = slots[index], slot != 0 {
            if UInt32(truncatingIfNeeded: slot >> 32) == tag,
                let firstRow = records.row(ifKeyIs: key, at: UInt32(truncatingIfNeeded: slot))
            {
                return firstRow
            }
            index = (index + 1) & mask
        }
        slots[index] = UInt64(tag) << 32 | UInt64(records.append(key, row: row))
        count += 1
        return nil
    }

    /// The memory a table sized for `keys` keys takes.
    static func tableBytes(holding keys: Int) -> Int { size(holding: keys) * MemoryLayout<UInt64>.stride }

    /// Slots for `keys` keys at most 80% full: the smallest power of two from 16.
    private static func size(holding keys: Int) -> Int {
        var size = 16
        while keys * 5 > size * 4 { size *= 2 }
        return size
    }

    /// Makes room for `keys` keys in all, so a table that will hold that many is made once
    /// instead of doubled up to it (each doubling copies every slot into fresh pages).
    mutating func reserve(_ keys: Int) {
        let size = Self.size(holding: keys)
        if size > slots.count { rehash(into: size) }
    }

    private mutating func grow() { rehash(into: slots.count * 2) }

    private mutating func rehash(into size: Int) {
        let old = slots
        slots = Array(repeating: 0, count: size)
        mask = slots.count - 1
        for slot in old where slot != 0 {
            var index = Int(truncatingIfNeeded: slot >> 32) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
