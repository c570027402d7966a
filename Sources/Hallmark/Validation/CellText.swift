/// Byte-level facts about cell text, for the hot path.
enum CellText {
    /// Whether every byte is ASCII, eight at a time: most records are, and then no cell needs UTF-8 validation.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var accumulated: UInt64 = 0
        let count = bytes.count
        while index + 8 <= count {
            accumulated |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            accumulated |= UInt64(bytes[index])
            index += 1
        }
        return accumulated & 0x8080_8080_8080_8080 == 0
    }

    /// Whether the cell begins or ends with a space or tab.
    @inline(__always)
    static func isPadded(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        return first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
    }

    /// Whether an invalid-UTF-8 cell reads as windows-1252 text: its bytes above 0x7F stand alone
    /// (not in a broken multi-byte sequence) and are printable there, such as 0xA3 `£` or 0x92 `’`.
    static func looksLikeWindows1252(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sawHigh = false
        for (index, byte) in bytes.enumerated() where byte >= 0x80 {
            if [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(byte) { return false }
            // A UTF-8 lead byte followed by a continuation byte is more likely broken UTF-8.
            if byte >= 0xC2 && byte <= 0xF4, index + 1 < bytes.count, bytes[index + 1] & 0xC0 == 0x80 { return false }
            sawHigh = true
        }
        return sawHigh
    }

    /// Characters (Unicode scalars) in valid UTF-8: every byte that is not a continuation byte.
    @inline(__always)
    static func scalarCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ other: [UInt8]) -> Bool {
        guard bytes.count == other.count else { return false }
        if other.isEmpty { return true }
        return other.withUnsafeBytes { memcmpBytes(bytes.baseAddress!, $0.baseAddress!, other.count) }
    }

    /// The value as a report shows it: the text (invalid bytes replaced, long values cut), or for a
    /// sensitive field only its shape: digits become `#`, letters `A` or `a`, other characters `*`
    /// except spaces and ASCII punctuation, which stay.
    static func reported(_ bytes: UnsafeRawBufferPointer, sensitive: Bool) -> String {
        let limit = 200
        var text = String(decoding: bytes, as: UTF8.self)
        if sensitive {
            text = String(
                String.UnicodeScalarView(
                    text.unicodeScalars.map { scalar -> Unicode.Scalar in
                        switch scalar.value {
                        case 0x30...0x39: return "#"
                        case 0x41...0x5A: return "A"
                        case 0x61...0x7A: return "a"
                        case 0x20...0x7E: return scalar
                        default: return "*"
                        }
                    }))
        }
        if text.unicodeScalars.count > limit {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) + "…"
        }
        return text
    }
}
