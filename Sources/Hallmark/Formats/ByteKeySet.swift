/// A hash set of byte strings that never builds a `String`: code-list lookups, foreign keys and
/// distinct counts hash the cell's bytes where they lie.
///
/// Keys are copied once into one growing arena; each slot holds a hash, an offset and a length
/// (16 bytes), kept at most half full. Memory is therefore about `keyBytes + 32 × count` bytes.
/// Equal hashes are always confirmed byte for byte, so a collision can never report a false match.
package struct ByteKeySet: Sendable {
    fileprivate struct Slot: Sendable {
        var hash: UInt32 = 0  // 0 marks an empty slot; real hashes have bit 0 set
        var length: UInt32 = 0
        var offset: Int = 0
    }

    fileprivate var arena: [UInt8] = []
    fileprivate var slots: [Slot]
    fileprivate var mask: Int
    package private(set) var count = 0

    package init(minimumCapacity: Int = 16) {
        var size = 16
        while size < minimumCapacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
    }

    /// Where `key` is stored in the arena (the same for every spelling of one key), or `nil`.
    package func find(_ key: UnsafeRawBufferPointer) -> Int? {
        find(key, hash: Self.hash(key))
    }

    /// ``find(_:)`` for a key whose ``hash(_:)`` was computed already (by a worker, off the merge path).
    package func find(_ key: UnsafeRawBufferPointer, hash: UInt32) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBytes { arena in
                Self.probe(key, hash: hash, slots: slots.baseAddress!, mask: mask, arena: arena.baseAddress)
            }
        }
    }

    /// The arena offset of `key` in a table of `slots` (`mask + 1` of them) over `arena`, or `nil`.
    @inline(__always)
    fileprivate static func probe(
        _ key: UnsafeRawBufferPointer, hash: UInt32, slots: UnsafePointer<Slot>, mask: Int,
        arena: UnsafeRawPointer?
    ) -> Int? {
        // Bit 0 of every hash is set: the home slot comes from the bits above it.
        var index = Int(truncatingIfNeeded: hash >> 1) & mask
        while true {
            let slot = slots[index]
            if slot.hash == 0 { return nil }
            if slot.hash == hash && holds(slot, key, arena: arena) { return slot.offset }
            index = (index + 1) & mask
        }
    }

    /// Inserts `key`; returns `false` when it was already present.
    @discardableResult
    package mutating func insert(_ key: UnsafeRawBufferPointer) -> Bool {
        insert(key, hash: Self.hash(key))
    }

    /// Inserts `key` whose ``hash(_:)`` was computed already (by a worker, off the merge path).
    @discardableResult
    package mutating func insert(_ key: UnsafeRawBufferPointer, hash: UInt32) -> Bool {
        if (count + 1) * 2 > slots.count { grow() }
        var index = Int(truncatingIfNeeded: hash >> 1) & mask
        while true {
            let slot = slots[index]
            if slot.hash == 0 { break }
            if slot.hash == hash && equals(slot, key) { return false }
            index = (index + 1) & mask
        }
        slots[index] = Slot(hash: hash, length: UInt32(truncatingIfNeeded: key.count), offset: arena.count)
        arena.append(contentsOf: key.assumingMemoryBound(to: UInt8.self))
        count += 1
        return true
    }

    /// Inserts `key` with the row it was first seen on, stored after its bytes (8 bytes more per
    /// key); returns `nil` when it is new, or the row it was first seen on.
    package mutating func insert(_ key: UnsafeRawBufferPointer, hash: UInt32, firstRow row: Int) -> Int? {
        if (count + 1) * 2 > slots.count { grow() }
        var index = Int(truncatingIfNeeded: hash >> 1) & mask
        while true {
            let slot = slots[index]
            if slot.hash == 0 { break }
            if slot.hash == hash && equals(slot, key) {
                return arena.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: slot.offset + key.count, as: Int.self) }
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(hash: hash, length: UInt32(truncatingIfNeeded: key.count), offset: arena.count)
        arena.append(contentsOf: key.assumingMemoryBound(to: UInt8.self))
        withUnsafeBytes(of: row) { arena.append(contentsOf: $0) }
        count += 1
        return nil
    }

    /// Calls `body` with every key, in no particular order.
    package func forEachKey(_ body: (UnsafeRawBufferPointer) -> Void) {
        arena.withUnsafeBytes { arena in
            for slot in slots where slot.hash != 0 {
                body(UnsafeRawBufferPointer(rebasing: arena[slot.offset..<slot.offset + Int(slot.length)]))
            }
        }
    }

    package mutating func insert(_ key: [UInt8]) {
        key.withUnsafeBytes { _ = insert($0) }
    }

    private func equals(_ slot: Slot, _ key: UnsafeRawBufferPointer) -> Bool {
        arena.withUnsafeBytes { Self.holds(slot, key, arena: $0.baseAddress) }
    }

    /// Whether `slot` holds `key`'s bytes in `arena` (`nil` only for an empty arena, which holds
    /// no bytes to compare: then only the empty key can be in it).
    @inline(__always)
    fileprivate static func holds(_ slot: Slot, _ key: UnsafeRawBufferPointer, arena: UnsafeRawPointer?) -> Bool {
        guard Int(slot.length) == key.count else { return false }
        guard let keyBase = key.baseAddress, !key.isEmpty else { return true }
        return memcmpBytes(arena! + slot.offset, keyBase, key.count)
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.hash != 0 {
            var index = Int(truncatingIfNeeded: slot.hash >> 1) & mask
            while slots[index].hash != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    /// A fast multiply-mix hash over 8-byte words: the low 32 bits of ``hash64(_:)``, bit 0 set.
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(truncatingIfNeeded: hash64(key))
    }

    /// The 64-bit hash ``hash(_:)`` is the low half of (bit 0 set, so never 0), for tables large
    /// enough that 32 bits would make equal hashes among distinct keys common (``KeyLedger``).
    @inline(__always)
    static func hash64(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var index = 0
        let count = key.count
        while index + 8 <= count {
            let word = key.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < count {
            tail |= UInt64(key[index]) << shift
            shift += 8
            index += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
        return h | 1
    }
}

@inline(__always)
func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var index = 0
    while index + 8 <= count {
        if a.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            != b.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        {
            return false
        }
        index += 8
    }
    while index < count {
        if a.load(fromByteOffset: index, as: UInt8.self) != b.load(fromByteOffset: index, as: UInt8.self) {
            return false
        }
        index += 1
    }
    return true
}

/// A ``ByteKeySet`` that no longer changes, copied into memory of its own and looked up through
/// plain pointers (``Lookup``): a lookup touches no reference count. Looked up in a set held in an
/// array of a checker being mutated, the set's two arrays were retained and released for every cell,
/// atomic counts that every worker shares (3–5% of a two-job run's samples with a foreign key).
package final class FrozenKeySet: @unchecked Sendable {
    /// What a lookup reads, trivially copyable. Valid while its ``FrozenKeySet`` lives.
    package struct Lookup: @unchecked Sendable {
        fileprivate let slots: UnsafePointer<ByteKeySet.Slot>
        fileprivate let mask: Int
        fileprivate let arena: UnsafeRawPointer

        /// Whether `key` is in the set.
        @inline(__always)
        package func contains(_ key: UnsafeRawBufferPointer) -> Bool {
            ByteKeySet.probe(key, hash: ByteKeySet.hash(key), slots: slots, mask: mask, arena: arena) != nil
        }
    }

    package let lookup: Lookup
    private let slots: UnsafeMutableBufferPointer<ByteKeySet.Slot>
    private let arena: UnsafeMutableRawBufferPointer

    package init(_ set: ByteKeySet) {
        slots = set.slots.withUnsafeBufferPointer { source in
            let copy = UnsafeMutableBufferPointer<ByteKeySet.Slot>.allocate(capacity: source.count)
            _ = copy.initialize(from: source)
            return copy
        }
        arena = set.arena.withUnsafeBytes { source in
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 8)
            copy.copyMemory(from: source)
            return copy
        }
        lookup = Lookup(
            slots: UnsafePointer(slots.baseAddress!), mask: set.mask, arena: UnsafeRawPointer(arena.baseAddress!))
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
    }
}
