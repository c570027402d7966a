/// What the validator remembers across rows: the keys seen by `unique` fields and the primary key,
/// and how many rows had each field filled in.
///
/// Memory grows with the number of *distinct* keys (about key bytes + 32 bytes each, see
/// ``ByteKeySet``), never with the file's size when no uniqueness check is declared.
package struct DatasetState {
    package var dataRows = 0
    package var filled: [Int]
    var uniqueSets: [Int: ByteKeySet] = [:]
    var primaryKeySet = ByteKeySet()
    var keyScratch: [UInt8] = []

    package init(_ compiled: CompiledStandard) {
        filled = Array(repeating: 0, count: compiled.programs.count)
        for program in compiled.programs where program.unique >= 0 {
            uniqueSets[program.fieldIndex] = ByteKeySet()
        }
    }

    /// Records a `unique` field's value; returns `false` when it was seen before.
    @inline(__always)
    mutating func insertUnique(field: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        uniqueSets[field]!.insert(bytes)
    }

    /// Records a primary key made of the given cells; returns `false` when it was seen before.
    /// Each part is length-prefixed, so `("ab", "c")` and `("a", "bc")` stay different keys.
    mutating func insertPrimaryKey(_ parts: [Range<Int>], in bytes: UnsafeRawBufferPointer) -> Bool {
        keyScratch.removeAll(keepingCapacity: true)
        for part in parts {
            let length = UInt32(truncatingIfNeeded: part.count)
            withUnsafeBytes(of: length.littleEndian) { keyScratch.append(contentsOf: $0) }
            keyScratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[part]))
        }
        return keyScratch.withUnsafeBytes { primaryKeySet.insert($0) }
    }
}
