internal import Crypto

/// The identity of the record a finding is in, for ``FindingExample/rowKey``: what stays the same
/// when rows are re-ordered, rows are inserted above, or the file is renamed, so that a ticket's
/// findings can be matched from one run to the next.
///
/// A record's key is its primary-key values when the standard has a primary key, else all its cells;
/// a duplicate key's is the key itself (the same for a primary key), and a header label's the label.
/// Values of `sensitive` fields enter only through HMAC-SHA-256 under the fingerprint key
/// (``Validator/Options/fingerprintKey``): a plain hash of an NHS number could be reversed by
/// hashing all 10⁹ candidates. Without a key they do not enter at all. The key is the first 16
/// bytes of SHA-256 over a tagged, length-prefixed encoding of the parts, in hex.
struct RowKey: Sendable {
    /// The fingerprint key's bytes (`SymmetricKey` is not `Sendable`; one is made when needed).
    private let secret: [UInt8]?

    init(fingerprintKey: [UInt8]?) {
        secret = fingerprintKey
    }

    /// The key of a record or key made of `parts`, each marked sensitive or not.
    func of(_ tag: String, parts: some Sequence<(bytes: UnsafeRawBufferPointer, isSensitive: Bool)>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("hallmark/row/v1\0\(tag)\0".utf8))
        let key = secret.map { SymmetricKey(data: $0) }
        for part in parts {
            if part.isSensitive {
                guard let key else {
                    hasher.update(data: [0xFF])  // present, but not identifying
                    continue
                }
                let mac = HMAC<SHA256>.authenticationCode(for: part.bytes, using: key)
                hasher.update(data: [0x01])
                hasher.update(data: Array(mac))
            } else {
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: part.bytes.count).littleEndian) {
                    hasher.update(bufferPointer: $0)
                }
                hasher.update(bufferPointer: part.bytes)
            }
        }
        return Hex.string(hasher.finalize().prefix(16))
    }

    /// The key of one value, such as a header label.
    func of(_ tag: String, value: String, isSensitive: Bool = false) -> String {
        var value = value
        return value.withUTF8 { of(tag, parts: [(UnsafeRawBufferPointer($0), isSensitive)]) }
    }
}
