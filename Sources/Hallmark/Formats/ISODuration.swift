/// An ISO 8601 duration as Frictionless Table Schema's `duration` type reads one (frictionless-py
/// calls Python's `isodate.parse_duration`), kept as calendar months and exact seconds.
///
/// Two forms are read:
/// - designators: `P[nY][nM][nD][T[nH][nM][nS]]`, the parts in that order, at least one of them,
///   `T` only before a time part (`PT` and `P1YT` are not durations); or the week form `PnW` alone.
///   Numbers are unsigned decimal digits; only the last part may have a fraction, after `.` or `,`
///   (`PT1.5S`, `P1,5D`).
/// - the alternative form `PYYYY-MM-DDThh:mm:ss`, optionally with a fraction of a second, each
///   field below its carry-over point as ISO 8601 asks: months 0–12, days 0–30, hours 0–23,
///   minutes and seconds 0–59.
///
/// Either may be preceded by `+` or `-` for the whole duration (`-P1D`), as isodate and
/// ISO 8601-2 allow; a sign on a number (`P-1Y`) is not a duration.
///
/// Where this is stricter than isodate, and why: isodate takes `PT`, `P1YT`, weeks beside other
/// parts (`P1Y2W`) and a fraction on any part (`P1.5Y2M`, which it reads as `P1Y2M`), none of which
/// ISO 8601-1 allows; a validator should not pass a value whose meaning is a guess. Its alternative
/// form goes through a date parser, so it refuses `P0000-00-10T00:00:00` (there is no year 0) and
/// takes `P0001-01-31T…` but not `P0001-02-31T…`, which says nothing about a length of time; the
/// carry-over limits above are ISO's. The basic (`PYYYYMMDDThhmmss`) and ordinal alternative forms
/// are left out.
///
/// A number too large for the value (more than about 292 billion years in all, where `seconds` or
/// ``key`` would overflow 64 bits) makes the cell invalid, however many digits it has; leading
/// zeros cost nothing, so `P` followed by a million zeros and `1Y` is one year. A fraction keeps
/// its first nine digits (nanoseconds, truncated) and may have any number after them. Every form
/// is read in one pass over the bytes, without allocating.
package struct ISODuration: Sendable, Hashable {
    /// Whole calendar months, years counting twelve; negative for a negative duration.
    package let months: Int64
    /// Seconds beyond the months: a day counts 86,400, a week 604,800 (a duration says nothing of
    /// time zones or leap seconds). A fraction of a year or month is counted here at the month's
    /// Gregorian average (see ``key``). Rounded towards the past so ``nanoseconds`` is never negative.
    package let seconds: Int64
    /// The fraction of a second, in 0..<1,000,000,000.
    package let nanoseconds: Int32
    /// The duration on one line for ordering (a minimum or maximum): months at their average length
    /// over the Gregorian calendar's 400-year cycle, 146,097 days / 4,800 months = 2,629,746 seconds
    /// exactly, so `P1M` lies between `P30D` and `P31D` and `P1Y` equals `P12M`. Two durations with
    /// the same key may still differ in ``months`` (`P1M` and `PT2629746S`), so ``key`` orders and
    /// the fields identify.
    package let key: TemporalKey

    /// Seconds in the average Gregorian month (146,097 × 86,400 / 4,800, an integer).
    static let averageMonthSeconds: Int64 = 2_629_746

    /// The duration `bytes` spell, or `nil` when they spell none (see the type's documentation).
    package static func parse(_ bytes: UnsafeRawBufferPointer) -> ISODuration? {
        var cursor = ByteCursor(bytes: bytes)
        var negative = false
        if cursor.literal(0x2D) {  // -
            negative = true
        } else {
            _ = cursor.literal(0x2B)  // +
        }
        guard cursor.literal(0x50) else { return nil }  // P
        var total = Total()
        let alternative = cursor.index + 4 < bytes.count && bytes[cursor.index + 4] == 0x2D  // YYYY-
        guard alternative ? alternativeForm(&cursor, into: &total) : designatorForm(&cursor, into: &total),
            cursor.atEnd
        else { return nil }
        return total.duration(negative: negative)
    }

    /// The parts of a duration summed, with overflow checked at every step.
    private struct Total {
        var months: Int64 = 0
        var seconds: Int64 = 0
        var nanoseconds: Int64 = 0

        mutating func add(months count: Int64) -> Bool {
            let (sum, overflow) = months.addingReportingOverflow(count)
            months = sum
            return !overflow
        }

        /// Adds `whole` units of `unitSeconds` plus `fraction` billionths of one.
        mutating func add(_ whole: Int64, fraction: Int64, unitSeconds: Int64) -> Bool {
            let (product, overflow) = whole.multipliedReportingOverflow(by: unitSeconds)
            guard !overflow else { return false }
            // unitSeconds ≤ 31,556,952 and fraction < 10⁹, so this cannot overflow.
            let fractional = unitSeconds * fraction
            nanoseconds += fractional % 1_000_000_000
            let carry = fractional / 1_000_000_000 + nanoseconds / 1_000_000_000
            nanoseconds %= 1_000_000_000
            let (sum, overflowSum) = seconds.addingReportingOverflow(product)
            guard !overflowSum else { return false }
            let (withCarry, overflowCarry) = sum.addingReportingOverflow(carry)
            seconds = withCarry
            return !overflowCarry
        }

        func duration(negative: Bool) -> ISODuration? {
            let (monthSeconds, overflow) = months.multipliedReportingOverflow(by: ISODuration.averageMonthSeconds)
            guard !overflow else { return nil }
            let (keySeconds, overflowKey) = monthSeconds.addingReportingOverflow(seconds)
            guard !overflowKey else { return nil }
            let nanos = Int32(nanoseconds)
            guard negative else {
                return ISODuration(
                    months: months, seconds: seconds, nanoseconds: nanos,
                    key: TemporalKey(seconds: keySeconds, nanoseconds: nanos))
            }
            // −(s + n/10⁹) is −s − 1 + (10⁹ − n)/10⁹; neither step can overflow since s ≥ 0.
            let borrow: Int64 = nanos > 0 ? 1 : 0
            let negatedNanos = nanos > 0 ? 1_000_000_000 - nanos : 0
            return ISODuration(
                months: -months, seconds: -seconds - borrow, nanoseconds: negatedNanos,
                key: TemporalKey(seconds: -keySeconds - borrow, nanoseconds: negatedNanos))
        }
    }

    /// The designators in the order ISO 8601 writes them; a part must come after the one before.
    private enum Designator: Int {
        case years, months, days, hours, minutes, seconds
    }

    private static func designatorForm(_ cursor: inout ByteCursor, into total: inout Total) -> Bool {
        var last: Designator?
        var inTime = false
        var timeParts = 0
        var hadFraction = false
        while !cursor.atEnd {
            if cursor.literal(0x54) {  // T
                guard !inTime else { return false }
                inTime = true
                continue
            }
            // A part after one with a fraction: only the smallest part may have one.
            guard !hadFraction, let number = number(&cursor), !cursor.atEnd else { return false }
            let whole = number.whole
            let fraction = number.fraction
            hadFraction = number.hasFraction
            let letter = cursor.bytes[cursor.index]
            cursor.index += 1
            if letter == 0x57 {  // W: alone, so nothing before it and nothing after it
                guard last == nil, !inTime, cursor.atEnd else { return false }
                return total.add(whole, fraction: fraction, unitSeconds: 604_800)
            }
            let designator: Designator
            switch (inTime, letter) {
            case (false, 0x59): designator = .years  // Y
            case (false, 0x4D): designator = .months  // M
            case (false, 0x44): designator = .days  // D
            case (true, 0x48): designator = .hours  // H
            case (true, 0x4D): designator = .minutes  // M
            case (true, 0x53): designator = .seconds  // S
            default: return false
            }
            if let last, last.rawValue >= designator.rawValue { return false }
            last = designator
            if inTime { timeParts += 1 }
            let added: Bool
            switch designator {
            case .years:
                // A year's fraction goes to seconds at twelve average months, as a month's does at one.
                let (months, overflow) = whole.multipliedReportingOverflow(by: 12)
                added =
                    !overflow && total.add(months: months)
                    && total.add(0, fraction: fraction, unitSeconds: 12 * averageMonthSeconds)
            case .months:
                added = total.add(months: whole) && total.add(0, fraction: fraction, unitSeconds: averageMonthSeconds)
            case .days: added = total.add(whole, fraction: fraction, unitSeconds: 86_400)
            case .hours: added = total.add(whole, fraction: fraction, unitSeconds: 3_600)
            case .minutes: added = total.add(whole, fraction: fraction, unitSeconds: 60)
            case .seconds: added = total.add(whole, fraction: fraction, unitSeconds: 1)
            }
            guard added else { return false }
        }
        return last != nil && (!inTime || timeParts > 0)
    }

    /// Unsigned digits, then optionally `.` or `,` and at least one digit: the whole part (`nil`
    /// past `Int64.max`) and the fraction in billionths.
    private static func number(_ cursor: inout ByteCursor) -> (whole: Int64, fraction: Int64, hasFraction: Bool)? {
        let bytes = cursor.bytes
        let start = cursor.index
        var whole: Int64 = 0
        var overflow = false
        while cursor.index < bytes.count, isDigit(bytes[cursor.index]) {
            if !overflow {
                let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int64(bytes[cursor.index] &- 0x30))
                whole = sum
                overflow = o1 || o2
            }
            cursor.index += 1
        }
        guard cursor.index > start, !overflow else { return nil }
        guard cursor.index < bytes.count, bytes[cursor.index] == 0x2E || bytes[cursor.index] == 0x2C else {
            return (whole, 0, false)
        }
        cursor.index += 1
        var fraction: Int64 = 0
        var count = 0
        while cursor.index < bytes.count, isDigit(bytes[cursor.index]) {
            if count < 9 { fraction = fraction * 10 + Int64(bytes[cursor.index] &- 0x30) }
            count += 1
            cursor.index += 1
        }
        guard count > 0 else { return nil }
        for _ in min(count, 9)..<9 { fraction *= 10 }
        return (whole, fraction, true)
    }

    /// `YYYY-MM-DDThh:mm:ss[.f]`, each field below its carry-over point.
    private static func alternativeForm(_ cursor: inout ByteCursor, into total: inout Total) -> Bool {
        guard let years = cursor.digits(4), cursor.literal(0x2D), let months = cursor.digits(2), months <= 12,
            cursor.literal(0x2D), let days = cursor.digits(2), days <= 30, cursor.literal(0x54),
            let hours = cursor.digits(2), hours <= 23, cursor.literal(0x3A), let minutes = cursor.digits(2),
            minutes <= 59, cursor.literal(0x3A), let seconds = cursor.digits(2), seconds <= 59,
            let nanoseconds = cursor.optionalFraction()
        else { return false }
        // At most 9999 years and 31 days: far from overflowing.
        total.months = Int64(years * 12 + months)
        total.seconds = Int64(days * 86_400 + hours * 3_600 + minutes * 60 + seconds)
        total.nanoseconds = Int64(nanoseconds)
        return true
    }
}
