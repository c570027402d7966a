/// Every key seen so far in the whole input, one exact set per uniqueness check.
///
/// Memory grows with the number of *distinct* keys: about the key's bytes plus 32 bytes each
/// (see ``ByteKeySet``); a primary key stores its parts with a 4-byte length before each.
package struct KeyLedger {
    private var sets: [ByteKeySet]

    package init(_ compiled: CompiledStandard) {
        sets = Array(repeating: ByteKeySet(), count: compiled.keySets.count)
    }

    /// Records `key`, hashed as `hash`; returns `false` when it was seen before.
    @inline(__always)
    mutating func insert(set: Int32, _ key: UnsafeRawBufferPointer, hash: UInt32) -> Bool {
        sets[Int(set)].insert(key, hash: hash)
    }
}
