/// Every key seen so far in the whole input, one exact set per uniqueness check.
///
/// Each set is a table of 12-byte slots (a key's 64-bit hash, and where its record lies), kept at
/// most 80% full: 15 to 30 bytes per distinct key. The keys themselves, each with the row it was
/// first seen on, go to one ``KeyRecords`` store shared by the sets, which keeps its first
/// ``Validator/Options/keyMemory`` bytes in memory and the rest in a temporary file. A key is
/// compared byte for byte whenever its hash equals a stored one, which among distinct keys is
/// rare, so the file is read about once per duplicate and the answer is always exact.
package struct KeyLedger {
    private var sets: [DistinctKeys]
    private let records: KeyRecords

    /// - Parameters:
    ///   - keyMemory: bytes of key records kept in memory before the rest go to a file.
    ///   - spillDirectory: where that file is made (and at once unlinked).
    package init(_ compiled: CompiledStandard, keyMemory: Int, spillDirectory: String) {
        sets = Array(repeating: DistinctKeys(), count: compiled.keySets.count)
        records = KeyRecords(memoryBudget: keyMemory, directory: spillDirectory)
    }

    /// Records `key`, hashed as `hash` (``ByteKeySet/hash64(_:)``), first seen on `row`; returns
    /// `nil` when it is new, or the row it was first seen on.
    @inline(__always)
    mutating func insert(set: Int32, _ key: UnsafeRawBufferPointer, hash: UInt64, row: Int) -> Int? {
        sets[Int(set)].insert(key, hash: hash, row: row, records: records)
    }

    /// Bytes of key records written to the temporary file so far (0 while all fit in memory).
    var spilledBytes: Int { records.spilledBytes }
}

/// One set of distinct keys: an open-addressing table of hashes and record places, probed
/// linearly. The keys' bytes live in a ``KeyRecords`` store.
struct DistinctKeys {
    /// 0 marks an empty slot; real hashes have bit 0 set.
    private var hashes: [UInt64]
    /// Where each slot's record starts in the store, in units of ``KeyRecords/alignment`` bytes.
    private var places: [UInt32]
    private var mask: Int
    private var count = 0

    init() {
        hashes = Array(repeating: 0, count: 16)
        places = Array(repeating: 0, count: 16)
        mask = 15
    }

    mutating func insert(_ key: UnsafeRawBufferPointer, hash: UInt64, row: Int, records: KeyRecords) -> Int? {
        if (count + 1) * 5 > hashes.count * 4 { grow() }
        // Bit 0 is always set: the slot comes from the bits above it.
        var index = Int(truncatingIfNeeded: hash >> 1) & mask
        while hashes[index] != 0 {
            if hashes[index] == hash, let firstRow = records.row(ifKeyIs: key, at: places[index]) {
                return firstRow
            }
            index = (index + 1) & mask
        }
        hashes[index] = hash
        places[index] = records.append(key, row: row)
        count += 1
        return nil
    }

    private mutating func grow() {
        let oldHashes = hashes
        let oldPlaces = places
        let size = hashes.count * 2
        hashes = Array(repeating: 0, count: size)
        places = Array(repeating: 0, count: size)
        mask = size - 1
        for (hash, place) in zip(oldHashes, oldPlaces) where hash != 0 {
            var index = Int(truncatingIfNeeded: hash >> 1) & mask
            while hashes[index] != 0 { index = (index + 1) & mask }
            hashes[index] = hash
            places[index] = place
        }
    }
}
