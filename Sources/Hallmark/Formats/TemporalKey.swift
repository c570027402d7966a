/// A point or length of time reduced to one comparable key: seconds since 1970-01-01 (UTC when
/// the value has an offset) and nanoseconds. Dates are midnight; times count from midnight;
/// a year is its first day, a year-month its first day.
package struct TemporalKey: Sendable, Comparable, Hashable {
    package var seconds: Int64
    package var nanoseconds: Int32

    /// Whole days since 1970-01-01 (for a length of time: whole days in it), rounded towards the past.
    package var days: Int64 {
        seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
    }

    package static func < (lhs: TemporalKey, rhs: TemporalKey) -> Bool {
        lhs.seconds != rhs.seconds ? lhs.seconds < rhs.seconds : lhs.nanoseconds < rhs.nanoseconds
    }

    /// The value in its ISO 8601 spelling for `kind` (a datetime in UTC, with `Z`; a fraction only
    /// when there is one), appended to `text`: the one spelling of a value, whatever it was written as.
    package func appendISO(_ kind: TemporalKind, to text: inout [UInt8]) {
        func digits(_ value: Int, _ width: Int) { UTF8Bytes.appendDecimal(value, width: width, to: &text) }
        let (year, month, day) = GregorianCalendar.civil(fromDays: Int(days))
        let second = Int(seconds - days * 86_400)
        if kind != .time {
            digits(year, 4)
            if kind != .year {
                text.append(0x2D)
                digits(month, 2)
                if kind != .yearMonth {
                    text.append(0x2D)
                    digits(day, 2)
                }
            }
        }
        guard kind == .time || kind == .dateTime else { return }
        if kind == .dateTime { text.append(0x54) }
        digits(second / 3600, 2)
        text.append(0x3A)
        digits(second / 60 % 60, 2)
        text.append(0x3A)
        digits(second % 60, 2)
        if nanoseconds > 0 {
            var fraction = Int(nanoseconds)
            var width = 9
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            text.append(0x2E)
            digits(fraction, width)
        }
        if kind == .dateTime { text.append(0x5A) }
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
        guard month >= 1 && month <= 12, day >= 1 && day <= GregorianCalendar.daysIn(month: month, year: year),
            hour >= 0 && hour <= 23, minute >= 0 && minute <= 59, second >= 0 && second <= 59
        else { return nil }
        let days = Int64(GregorianCalendar.daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return TemporalKey(seconds: seconds, nanoseconds: Int32(nanosecond))
    }
}
