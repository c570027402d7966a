/// A cursor over a cell's bytes for the fixed-width grammars below.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            let digit = bytes[index + offset] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        index += count
        return value
    }

    /// One or two digits, taking the second only if it is a digit.
    mutating func oneOrTwoDigits() -> Int? {
        guard let first = digits(1) else { return nil }
        guard index < bytes.count, bytes[index] &- 0x30 < 10 else { return first }
        let second = Int(bytes[index] &- 0x30)
        index += 1
        return first * 10 + second
    }

    mutating func literal(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `.` or `,` then 1 to 9 digits, as nanoseconds.
    mutating func optionalFraction() -> Int? {
        guard index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x2C else { return 0 }
        index += 1
        var value = 0
        var count = 0
        while index < bytes.count, bytes[index] &- 0x30 < 10 {
            guard count < 9 else { return nil }
            value = value * 10 + Int(bytes[index] &- 0x30)
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<9 { value *= 10 }
        return value
    }
}

/// Whether `byte` is an ASCII digit, with one comparison.
@inline(__always)
func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
