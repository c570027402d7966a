internal import Crypto

/// Bytes as lower-case hex, as `sha256sum` prints a digest.
package enum Hex {
    package static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
    }
}

extension SHA256 {
    /// The digest in lower-case hex.
    consuming func hexDigest() -> String {
        Hex.string(finalize())
    }
}
