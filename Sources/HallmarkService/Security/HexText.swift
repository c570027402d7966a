/// Lower-case hex of bytes, for token ids, form tokens and ETags, and the check that a value a
/// client sent back has that shape.
enum HexText {
    /// Whether `value` is exactly `length` lower-case hex digits.
    static func isHex(_ value: some StringProtocol, length: Int) -> Bool {
        value.utf8.count == length && value.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
