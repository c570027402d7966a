/// The text encodings a table may be written in (`dialect: encoding:`). Hallmark checks UTF-8;
/// input in another encoding is turned into UTF-8 as it is read (block by block, in the reader), so values
/// in reports are always UTF-8 while the SHA-256 and byte counts stay those of the file as stored.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark (the default).
    case utf8 = "utf-8"
    /// Windows code page 1252, what spreadsheets on Windows save as "CSV": `£` is 0xA3, `’` 0x92.
    case windows1252 = "windows-1252"
    /// ISO 8859-1 (Latin-1): every byte is the code point of the same number.
    case iso88591 = "iso-8859-1"
    /// UTF-16 with a byte-order mark saying which byte comes first (without one, the order is
    /// told from the first character, as ASCII text has a zero byte in every pair; little-endian,
    /// as Windows writes it, when that does not tell).
    case utf16 = "utf-16"
    /// UTF-16, low byte first, whatever the first character is (a matching byte-order mark is skipped).
    case utf16LE = "utf-16le"
    /// UTF-16, high byte first, whatever the first character is (a matching byte-order mark is skipped).
    case utf16BE = "utf-16be"

    /// Reads an encoding's name as people write it: `UTF8`, `cp1252`, `latin1`, `UTF-16LE`, …
    public init?(label: String) {
        switch String(label.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "cp-1252", "win-1252": self = .windows1252
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1": self = .iso88591
        case "utf-16", "utf16", "ucs-2": self = .utf16
        case "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        default: return nil
        }
    }
}

/// Turns input in a ``TextEncoding`` into UTF-8 block by block, however the input is cut: the
/// parser only ever sees UTF-8. A line break stays a line break, so blocks can still be cut after
/// one. Nothing is lost: every byte of a single-byte encoding has a character (the five bytes
/// windows-1252 leaves undefined become the C1 controls of the same number, as in browsers), and a
/// UTF-16 lone surrogate becomes the byte 0xFF, which no UTF-8 text contains, so its cell is
/// reported as `invalid-utf8` rather than passing.
package struct Transcoder: Sendable {
    private enum Kind: Sendable {
        /// Per byte: the UTF-8 bytes (low first) and their count in the top byte.
        case singleByte([UInt32])
        case utf16
    }

    private let kind: Kind
    /// UTF-16: `true` once known little-endian, `false` big-endian, `nil` before the first pair.
    private var littleEndian: Bool?
    /// UTF-16: a byte whose pair has not yet arrived.
    private var oddByte: UInt8?
    /// UTF-16: a high surrogate waiting for its low half.
    private var highSurrogate: UInt16?
    private var started = false

    /// A transcoder into UTF-8, or `nil` for UTF-8 input, which needs none.
    package init?(_ encoding: TextEncoding) {
        switch encoding {
        case .utf8: return nil
        case .windows1252: kind = .singleByte(Self.table(Self.windows1252High))
        case .iso88591: kind = .singleByte(Self.table((0x80...0x9F).map { UInt16($0) }))
        case .utf16: kind = .utf16
        case .utf16LE:
            kind = .utf16
            littleEndian = true
        case .utf16BE:
            kind = .utf16
            littleEndian = false
        }
    }

    /// Appends the UTF-8 form of `input` to `output`.
    package mutating func transcode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        switch kind {
        case .singleByte(let table): Self.transcodeSingleByte(input, table: table, into: &output)
        case .utf16: transcodeUTF16(input, into: &output)
        }
    }

    /// Ends the input: a byte or surrogate left without its other half becomes 0xFF (see the type).
    package mutating func finish(into output: inout [UInt8]) {
        if oddByte != nil || highSurrogate != nil { output.append(0xFF) }
        oddByte = nil
        highSurrogate = nil
    }

    // MARK: Single-byte encodings

    /// windows-1252's characters for 0x80...0x9F (the undefined bytes keep their own number).
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    private static func table(_ high: [UInt16]) -> [UInt32] {
        (0..<256).map { byte in
            let scalar = byte >= 0x80 && byte <= 0x9F ? UInt32(high[byte - 0x80]) : UInt32(byte)
            var packed: UInt32 = 0
            var count: UInt32 = 0
            for unit in UTF8.encode(Unicode.Scalar(scalar)!)! {
                packed |= UInt32(unit) << (8 * count)
                count += 1
            }
            return packed | count << 24
        }
    }

    private static func transcodeSingleByte(
        _ input: UnsafeRawBufferPointer, table: [UInt32], into output: inout [UInt8]
    ) {
        output.reserveCapacity(output.count + input.count + input.count / 8)
        var index = 0
        let count = input.count
        while index < count {
            // Runs of ASCII, eight bytes at a time, are copied as they are.
            var end = index
            while end + 8 <= count,
                input.loadUnaligned(fromByteOffset: end, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                end += 8
            }
            while end < count && input[end] < 0x80 { end += 1 }
            if end > index {
                output.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<end]))
                index = end
            }
            while index < count && input[index] >= 0x80 {
                let entry = table[Int(input[index])]
                for shift in 0..<Int(entry >> 24) { output.append(UInt8(truncatingIfNeeded: entry >> (8 * shift))) }
                index += 1
            }
        }
    }

    // MARK: UTF-16

    private mutating func transcodeUTF16(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.reserveCapacity(output.count + input.count)
        var index = 0
        while index < input.count {
            let first: UInt8
            if let pending = oddByte {
                first = pending
                oddByte = nil
            } else {
                first = input[index]
                index += 1
            }
            guard index < input.count else {
                oddByte = first
                return
            }
            let second = input[index]
            index += 1
            if !started {
                started = true
                switch (littleEndian, first, second) {
                case (nil, 0xFF, 0xFE), (true, 0xFF, 0xFE):
                    littleEndian = true
                    continue
                case (nil, 0xFE, 0xFF), (false, 0xFE, 0xFF):
                    littleEndian = false
                    continue
                case (nil, _, _):
                    // No byte-order mark: ASCII text has its zero byte first when big-endian.
                    littleEndian = !(first == 0 && second != 0)
                default:
                    break  // the byte order was named
                }
            }
            let unit = littleEndian! ? UInt16(first) | UInt16(second) << 8 : UInt16(first) << 8 | UInt16(second)
            append(unit, into: &output)
        }
    }

    private mutating func append(_ unit: UInt16, into output: inout [UInt8]) {
        if let high = highSurrogate {
            highSurrogate = nil
            if unit >= 0xDC00 && unit <= 0xDFFF {
                let scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
                output.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
                return
            }
            output.append(0xFF)  // a high surrogate with no low half
        }
        switch unit {
        case 0xD800...0xDBFF: highSurrogate = unit
        case 0xDC00...0xDFFF: output.append(0xFF)  // a low surrogate on its own
        default: output.append(contentsOf: UTF8.encode(Unicode.Scalar(unit)!)!)
        }
    }
}
