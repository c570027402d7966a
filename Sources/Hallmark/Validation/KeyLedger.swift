/// Every key seen so far in the whole input, one exact set per uniqueness check.
///
/// Memory grows with the number of *distinct* keys: about the key's bytes plus 40 bytes each
/// (see ``ByteKeySet``; 8 of them for the row the key was first seen on, which a duplicate's
/// finding names); a primary key stores its parts with a 4-byte length before each.
package struct KeyLedger {
    private var sets: [ByteKeySet]

    package init(_ compiled: CompiledStandard) {
        sets = Array(repeating: ByteKeySet(), count: compiled.keySets.count)
    }

    /// Records `key`, hashed as `hash`, first seen on `row`; returns `nil` when it is new, or the
    /// row it was first seen on.
    @inline(__always)
    mutating func insert(set: Int32, _ key: UnsafeRawBufferPointer, hash: UInt32, row: Int) -> Int? {
        sets[Int(set)].insert(key, hash: hash, firstRow: row)
    }
}
