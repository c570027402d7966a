/// The byte form of a key of several parts (a primary key, a foreign key): each part's length (4 bytes, little-endian) then its bytes, so
/// `("ab", "c")` and `("a", "bc")` differ. Workers encode it; the merge decodes it for reports.
enum CompositeKey {
    /// Appends one part of a key.
    @inline(__always)
    static func append(part: UnsafeRawBufferPointer, to key: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: part.count).littleEndian) { key.append(contentsOf: $0) }
        key.append(contentsOf: part)
    }

    /// Appends one part of a key with its ASCII letters upper-cased (for a reference that ignores case).
    @inline(__always)
    static func append(upperCasing part: UnsafeRawBufferPointer, to key: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: part.count).littleEndian) { key.append(contentsOf: $0) }
        for byte in part { key.append(Normalization.upper(byte)) }
    }

    /// The parts of an encoded key, in order.
    static func parts(of key: UnsafeRawBufferPointer) -> [UnsafeRawBufferPointer] {
        var parts: [UnsafeRawBufferPointer] = []
        var offset = 0
        while offset + 4 <= key.count {
            let length = Int(UInt32(littleEndian: key.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            parts.append(UnsafeRawBufferPointer(rebasing: key[offset + 4..<offset + 4 + length]))
            offset += 4 + length
        }
        return parts
    }
}
