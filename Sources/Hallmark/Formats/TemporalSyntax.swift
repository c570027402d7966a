/// A point or length of time reduced to one comparable key: seconds since 1970-01-01 (UTC when
/// the value has an offset) and nanoseconds. Dates are midnight; times count from midnight;
/// a year is its first day, a year-month its first day.
package struct TemporalKey: Sendable, Comparable, Hashable {
    package var seconds: Int64
    package var nanoseconds: Int32

    package static func < (lhs: TemporalKey, rhs: TemporalKey) -> Bool {
        lhs.seconds != rhs.seconds ? lhs.seconds < rhs.seconds : lhs.nanoseconds < rhs.nanoseconds
    }
}

/// The parts of a date or time read from a cell, before they are checked against the calendar.
package struct TemporalParts {
    var year = 1970, month = 1, day = 1
    var hour = 0, minute = 0, second = 0, nanosecond = 0
    /// Offset east of UTC in seconds, when the value carries one.
    var offsetSeconds = 0

    /// The key, or `nil` when the parts name no real date or time (`2023-02-30`, `25:00`).
    func key() -> TemporalKey? {
        guard month >= 1 && month <= 12, day >= 1 && day <= Calendar.daysIn(month: month, year: year),
              hour >= 0 && hour <= 23, minute >= 0 && minute <= 59, second >= 0 && second <= 59
        else { return nil }
        let days = Int64(Calendar.daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return TemporalKey(seconds: seconds, nanoseconds: Int32(nanosecond))
    }
}

enum Calendar {
    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A cursor over a cell's bytes for the fixed-width grammars below.
private struct ByteCursor {
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
        var value = 0, count = 0
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

/// The ISO 8601 forms each temporal type accepts when its field has no `format:`.
package enum ISOTemporal {
    /// `YYYY-MM-DD`.
    package static func date(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        guard let parts = datePart(&cursor), cursor.atEnd else { return nil }
        return parts.key()
    }

    /// `hh:mm:ss` with an optional fraction.
    package static func time(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        var parts = TemporalParts(year: 1970, month: 1, day: 1)
        guard timePart(&cursor, into: &parts), cursor.atEnd else { return nil }
        return parts.key()
    }

    /// `YYYY-MM-DDThh:mm:ss`, optional fraction, optional `Z` or `±hh:mm`.
    package static func dateTime(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        guard var parts = datePart(&cursor), cursor.literal(0x54), timePart(&cursor, into: &parts) else { return nil }
        if !cursor.atEnd {
            if cursor.literal(0x5A) {   // Z
            } else if cursor.index < bytes.count, bytes[cursor.index] == 0x2B || bytes[cursor.index] == 0x2D {
                let sign = bytes[cursor.index] == 0x2D ? -1 : 1
                cursor.index += 1
                guard let hours = cursor.digits(2), cursor.literal(0x3A), let minutes = cursor.digits(2),
                      hours <= 23, minutes <= 59 else { return nil }
                parts.offsetSeconds = sign * (hours * 3600 + minutes * 60)
            } else {
                return nil
            }
        }
        guard cursor.atEnd else { return nil }
        return parts.key()
    }

    /// `YYYY`.
    package static func year(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.atEnd else { return nil }
        return TemporalParts(year: year).key()
    }

    /// `YYYY-MM`.
    package static func yearMonth(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.literal(0x2D), let month = cursor.digits(2), cursor.atEnd else { return nil }
        return TemporalParts(year: year, month: month).key()
    }

    private static func datePart(_ cursor: inout ByteCursor) -> TemporalParts? {
        guard let year = cursor.digits(4), cursor.literal(0x2D), let month = cursor.digits(2),
              cursor.literal(0x2D), let day = cursor.digits(2) else { return nil }
        return TemporalParts(year: year, month: month, day: day)
    }

    private static func timePart(_ cursor: inout ByteCursor, into parts: inout TemporalParts) -> Bool {
        guard let hour = cursor.digits(2), cursor.literal(0x3A), let minute = cursor.digits(2),
              cursor.literal(0x3A), let second = cursor.digits(2), let fraction = cursor.optionalFraction()
        else { return false }
        parts.hour = hour
        parts.minute = minute
        parts.second = second
        parts.nanosecond = fraction
        return true
    }
}

/// A non-ISO layout such as `DD/MM/YYYY` or `DDMMMYYYY`, from a temporal field's `format:`.
///
/// Tokens: `YYYY` year; `MM` month, `M` month in one or two digits, `MMM` month name (`Jan`,
/// any case); `DD` day, `D` one or two digits; `hh` hour (00-23), `h` one or two digits; `mm`
/// minute; `ss` second; `S`… fraction digits (as many as written). Any character that is not a
/// letter stands for itself. Other letters are rejected, so a typo cannot become a literal.
package struct TemporalLayout: Sendable {
    enum Token: Sendable, Equatable {
        case year, month, monthLoose, monthName, day, dayLoose, hour, hourLoose, minute, second
        case fraction(Int)
        case literal(UInt8)
    }

    package let source: String
    let tokens: [Token]

    /// What must appear for a type: dates need a year, month and day, and so on.
    package enum Requirement { case date, time, dateTime, year, yearMonth }

    /// - Throws: a message saying what is wrong with the layout.
    package init(_ source: String, for requirement: Requirement) throws(LayoutError) {
        self.source = source
        var tokens: [Token] = []
        let chars = Array(source.utf8)
        var index = 0
        func run(of byte: UInt8) -> Int {
            var end = index
            while end < chars.count && chars[end] == byte { end += 1 }
            return end - index
        }
        while index < chars.count {
            let byte = chars[index]
            let length = run(of: byte)
            switch (byte, length) {
            case (0x59, 4): tokens.append(.year)                      // YYYY
            case (0x59, _):
                throw LayoutError("'\(String(repeating: "Y", count: length))' is not a year token; write the year as YYYY (two-digit years are ambiguous)")
            case (0x4D, 1): tokens.append(.monthLoose)               // M
            case (0x4D, 2): tokens.append(.month)                    // MM
            case (0x4D, 3): tokens.append(.monthName)                // MMM
            case (0x44, 1): tokens.append(.dayLoose)                 // D
            case (0x44, 2): tokens.append(.day)                      // DD
            case (0x68, 1): tokens.append(.hourLoose)                // h
            case (0x68, 2): tokens.append(.hour)                     // hh
            case (0x6D, 2): tokens.append(.minute)                   // mm
            case (0x73, 2): tokens.append(.second)                   // ss
            case (0x53, let n) where n <= 9: tokens.append(.fraction(n))   // S…
            case (_, _) where (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A:
                let token = String(decoding: chars[index..<index + length], as: UTF8.self)
                throw LayoutError("unknown token '\(token)' in layout '\(source)'; tokens are YYYY, MM, M, MMM, DD, D, hh, h, mm, ss and S")
            default:
                for _ in 0..<length { tokens.append(.literal(byte)) }
            }
            index += length
        }
        self.tokens = tokens
        let has = { (options: [Token]) in tokens.contains { options.contains($0) } }
        let hasDate = has([.year]) && has([.month, .monthLoose, .monthName]) && has([.day, .dayLoose])
        let hasTime = has([.hour, .hourLoose]) && has([.minute])
        let ok: Bool
        switch requirement {
        case .date: ok = hasDate
        case .time: ok = hasTime
        case .dateTime: ok = hasDate && hasTime
        case .year: ok = has([.year])
        case .yearMonth: ok = has([.year]) && has([.month, .monthLoose, .monthName])
        }
        guard ok else {
            throw LayoutError("layout '\(source)' lacks parts this type needs (a date needs YYYY, a month and a day; a time needs hh and mm)")
        }
    }

    package func parse(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        var parts = TemporalParts()
        for token in tokens {
            switch token {
            case .year: guard let v = cursor.digits(4) else { return nil }; parts.year = v
            case .month: guard let v = cursor.digits(2) else { return nil }; parts.month = v
            case .monthLoose: guard let v = cursor.oneOrTwoDigits() else { return nil }; parts.month = v
            case .monthName: guard let v = Self.monthName(&cursor) else { return nil }; parts.month = v
            case .day: guard let v = cursor.digits(2) else { return nil }; parts.day = v
            case .dayLoose: guard let v = cursor.oneOrTwoDigits() else { return nil }; parts.day = v
            case .hour: guard let v = cursor.digits(2) else { return nil }; parts.hour = v
            case .hourLoose: guard let v = cursor.oneOrTwoDigits() else { return nil }; parts.hour = v
            case .minute: guard let v = cursor.digits(2) else { return nil }; parts.minute = v
            case .second: guard let v = cursor.digits(2) else { return nil }; parts.second = v
            case .fraction(let n):
                guard var v = cursor.digits(n) else { return nil }
                for _ in n..<9 { v *= 10 }
                parts.nanosecond = v
            case .literal(let byte): guard cursor.literal(byte) else { return nil }
            }
        }
        guard cursor.atEnd else { return nil }
        return parts.key()
    }

    private static let monthNames: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { Array($0.utf8) }

    private static func monthName(_ cursor: inout ByteCursor) -> Int? {
        guard cursor.index + 3 <= cursor.bytes.count else { return nil }
        let a = cursor.bytes[cursor.index] | 0x20, b = cursor.bytes[cursor.index + 1] | 0x20, c = cursor.bytes[cursor.index + 2] | 0x20
        guard let month = monthNames.firstIndex(where: { $0[0] == a && $0[1] == b && $0[2] == c }) else { return nil }
        cursor.index += 3
        return month + 1
    }
}

package struct LayoutError: Error, Sendable {
    package var message: String
    init(_ message: String) { self.message = message }
}
