/// The byte form of a key of several parts (a primary key, a foreign key): each part's length
/// (LEB128: one byte below 128) then its bytes, so `("ab", "c")` and `("a", "bc")` differ. Workers
/// encode it; the merge decodes it for reports. A one-byte length, not four, because every
/// distinct key is kept until the pass ends: three parts of a prescribing key are 31 bytes, not 40.
enum CompositeKey {
    /// Appends one part of a key.
    @inline(__always)
    static func append(part: UnsafeRawBufferPointer, to key: inout [UInt8]) {
        appendLength(part.count, to: &key)
        key.append(contentsOf: part)
    }

    /// Appends one part of a key with its ASCII letters upper-cased (for a reference that ignores case).
    @inline(__always)
    static func append(upperCasing part: UnsafeRawBufferPointer, to key: inout [UInt8]) {
        appendLength(part.count, to: &key)
        for byte in part { key.append(Normalization.upper(byte)) }
    }

    @inline(__always)
    private static func appendLength(_ length: Int, to key: inout [UInt8]) {
        var rest = UInt(truncatingIfNeeded: length)
        while rest >= 0x80 {
            key.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        key.append(UInt8(truncatingIfNeeded: rest))
    }

    /// The parts of an encoded key, in order.
    static func parts(of key: UnsafeRawBufferPointer) -> [UnsafeRawBufferPointer] {
        var parts: [UnsafeRawBufferPointer] = []
        var offset = 0
        while offset < key.count {
            var length = 0
            var shift = 0
            while offset < key.count {
                let byte = key[offset]
                offset += 1
                length |= Int(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 { break }
            }
            guard length <= key.count - offset else { break }
            parts.append(UnsafeRawBufferPointer(rebasing: key[offset..<offset + length]))
            offset += length
        }
        return parts
    }
}
