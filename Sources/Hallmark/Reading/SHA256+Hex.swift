internal import Crypto

extension SHA256 {
    /// The digest in lower-case hex, as `sha256sum` prints it.
    consuming func hexDigest() -> String {
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: finalize().flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] }, as: UTF8.self)
    }
}
