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
