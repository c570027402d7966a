/// Table Schema's `format: any` for `date`, `time` and `datetime`: "any parsable representation",
/// which frictionless-py reads with Python's `dateutil.parser.parse`. dateutil has no grammar to
/// copy; it guesses, and fills what a value leaves out from today's date. This is a fixed subset
/// of what it reads, each form below, so a cell's verdict never depends on the day it is checked.
///
/// Dates (`date`, and the start of a `datetime`):
/// - year first: `2019-01-01`, `1969/01/10`, `1969.1.10` (one or two digits for month and day,
///   the same separator twice);
/// - all numbers, year last: `10/01/1969`, `10-01-1969`, `10.01.1969`. Valid when reading it day
///   first *or* month first names a real date, because a validator only asks whether the cell is a
///   date; when both do (`10/01/1969`), the key is the day-first one, 10 January, as a UK reader
///   would take it (dateutil's default is month first, 1 October). `31/06/1969` fails both ways;
/// - day and month name: `10 Jan 1969`, `10th January 1969`, `10th of January 1969`,
///   `10-Jan-1969`, `10 Jan, 1969`;
/// - month name and day: `Jan 10 1969`, `January 10, 1969`, `Jan 10th, 1969`.
///
/// Month names are the English names and their three-letter abbreviations (and `Sept`), in any
/// case, an abbreviation optionally with a full stop (`Jan. 10, 1969`). A day may carry the
/// ordinal suffix that belongs to it (`1st`, `2nd`, `3rd`, `11th`, `22nd`), in any case; `1th`
/// fails, since a suffix that disagrees with its number is more likely a typing error than a
/// date (dateutil skips suffixes unread). An English weekday, full or three letters, may come
/// first (`Monday, 10 January 1969`); it is not checked against the date, as dateutil does not
/// check it (10 January 1969 was a Friday).
///
/// Times (`time`, and the end of a `datetime`): `06:00`, `6:00`, `06:00:00`, `06:00:00.123`
/// (a fraction of one to nine digits, after `.` or `,`), `3 pm`, `3:00 am`, `3:00 PM`, `3pm`,
/// `3 p.m.`; then optionally a zone: `Z`, `UTC`, `GMT`, `±hh:mm` or `±hhmm`, with or without a
/// space before it. With am or pm the hour is 1–12 (dateutil also reads `13 pm` and `0 am`).
/// A time with a zone is keyed in UTC, as ``ISOTemporal/dateTime(_:)`` keys its offsets; a time
/// alone is keyed from midnight.
///
/// Date-times: a date, then `T` or spaces (optionally after a comma, optionally followed by `at`),
/// then a time: `2014-01-01T06:00:00Z`, `2014-01-01 06:00`, `10th Jan 1969 9 am`,
/// `January 10, 1969, 9 am`. A date alone is a date-time at midnight, as dateutil reads it.
///
/// Not dates, though dateutil reads some of them:
/// - a year alone (`2019`), a month and year (`Jan 1969`), a number (`3.14`, `20190101`):
///   dateutil fills the missing day from today or reads a number as a day; a column of such values
///   is far more likely numbers than dates;
/// - a two-digit year (`10/01/69`, which dateutil makes 2069): the century is a guess;
/// - the year 0 (Python's dates start at year 1), and five-digit years;
/// - a time alone where a date or date-time is asked, or a date-time where a date or a time is
///   (frictionless keeps the part it wants and drops the rest; here a cell must be the type);
/// - time-zone names other than `UTC` and `GMT` (`BST` is British or Bangladeshi), time first
///   (`9 am 10 Jan 1969`), spaces around the value (whether to trim is the field's choice), and
///   any other word or character anywhere.
///
/// Everything is ASCII: a byte above 0x7F ends a word and fails the value, so `Janvier` or an
/// accented month fails rather than being read in part. Each reader makes one pass over the bytes
/// and allocates nothing; runs of digits are counted, not accumulated, past nine, so a long cell
/// cannot overflow anything.
package enum FlexibleTemporal {
    /// A date in one of the forms above, keyed at midnight; `nil` when it is not one or names no
    /// real day.
    package static func date(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        guard let parts = datePart(&cursor), cursor.atEnd else { return nil }
        return parts.key()
    }

    /// A time of day in one of the forms above, keyed from midnight (in UTC when it has a zone).
    package static func time(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        var parts = TemporalParts()
        guard timePart(&cursor, into: &parts), cursor.atEnd else { return nil }
        return parts.key()
    }

    /// A date, optionally followed by a time, in the forms above; a date alone is its midnight.
    package static func dateTime(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        guard var parts = datePart(&cursor) else { return nil }
        if !cursor.atEnd {
            guard timeSeparator(&cursor), timePart(&cursor, into: &parts), cursor.atEnd else { return nil }
        }
        return parts.key()
    }

    // MARK: Dates

    /// What separates a date's parts: spaces, or one punctuation byte used in both places.
    private enum Separator: Equatable {
        case spaces
        case byte(UInt8)
    }

    /// An optional weekday, then a date. The parts are checked against the calendar only where
    /// the order is ambiguous; the caller's `key()` checks the rest.
    private static func datePart(_ cursor: inout ByteCursor) -> TemporalParts? {
        let start = cursor.index
        let length = letterRun(&cursor)
        if length > 0 && match(cursor.bytes, at: start, length: length, in: weekdays) != nil {
            _ = cursor.literal(0x2C)  // ,
            guard spaces(&cursor) else { return nil }
        } else {
            cursor.index = start
        }
        guard !cursor.atEnd else { return nil }
        if isLetter(cursor.bytes[cursor.index]) { return monthFirst(&cursor) }
        let number = digitRun(&cursor)
        switch number.length {
        case 4: return yearFirst(year: number.value, &cursor)
        case 1, 2: return dayOrMonthFirst(number.value, &cursor)
        default: return nil
        }
    }

    /// `YYYY-M-D`, `YYYY/M/D` or `YYYY.M.D`, month and day in one or two digits.
    private static func yearFirst(year: Int, _ cursor: inout ByteCursor) -> TemporalParts? {
        guard year >= 1, let separator = punctuation(&cursor) else { return nil }
        let month = digitRun(&cursor)
        guard month.length == 1 || month.length == 2, cursor.literal(separator) else { return nil }
        let day = digitRun(&cursor)
        guard day.length == 1 || day.length == 2 else { return nil }
        return TemporalParts(year: year, month: month.value, day: day.value)
    }

    /// After a leading number of one or two digits: all numbers (`10/01/1969`) or a day then a
    /// month name (`10th Jan 1969`).
    private static func dayOrMonthFirst(_ first: Int, _ cursor: inout ByteCursor) -> TemporalParts? {
        let start = cursor.index
        if let separator = punctuation(&cursor), !cursor.atEnd, isDigit(cursor.bytes[cursor.index]) {
            let second = digitRun(&cursor)
            guard second.length == 1 || second.length == 2, cursor.literal(separator),
                let year = year(&cursor)
            else { return nil }
            let dayFirst = TemporalParts(year: year, month: second.value, day: first)
            if dayFirst.key() != nil { return dayFirst }
            return TemporalParts(year: year, month: first, day: second.value)
        }
        cursor.index = start
        guard ordinalSuffix(&cursor, for: first), let separator = separator(&cursor) else { return nil }
        if separator == .spaces {
            // "10th of January": `of` then spaces, only between spaces.
            let wordStart = cursor.index
            let length = letterRun(&cursor)
            if !(length == 2 && cursor.bytes[wordStart] | 0x20 == 0x6F && cursor.bytes[wordStart + 1] | 0x20 == 0x66
                && spaces(&cursor))
            {
                cursor.index = wordStart
            }
        }
        guard let month = monthName(&cursor), secondSeparator(&cursor, like: separator), let year = year(&cursor)
        else { return nil }
        return TemporalParts(year: year, month: month, day: first)
    }

    /// `Jan 10 1969`, `January 10th, 1969`, `Jan-10-1969`.
    private static func monthFirst(_ cursor: inout ByteCursor) -> TemporalParts? {
        guard let month = monthName(&cursor), let separator = separator(&cursor) else { return nil }
        let day = digitRun(&cursor)
        guard day.length == 1 || day.length == 2, ordinalSuffix(&cursor, for: day.value),
            secondSeparator(&cursor, like: separator), let year = year(&cursor)
        else { return nil }
        return TemporalParts(year: year, month: month, day: day.value)
    }

    /// Four digits, not 0000, and no fifth.
    private static func year(_ cursor: inout ByteCursor) -> Int? {
        let run = digitRun(&cursor)
        guard run.length == 4, run.value >= 1 else { return nil }
        return run.value
    }

    /// `-`, `/` or `.`.
    private static func punctuation(_ cursor: inout ByteCursor) -> UInt8? {
        guard !cursor.atEnd else { return nil }
        let byte = cursor.bytes[cursor.index]
        guard byte == 0x2D || byte == 0x2F || byte == 0x2E else { return nil }
        cursor.index += 1
        return byte
    }

    private static func separator(_ cursor: inout ByteCursor) -> Separator? {
        if spaces(&cursor) { return .spaces }
        return punctuation(&cursor).map { .byte($0) }
    }

    /// The separator before the year: the same punctuation as the first, or spaces after an
    /// optional comma when the first was spaces.
    private static func secondSeparator(_ cursor: inout ByteCursor, like first: Separator) -> Bool {
        switch first {
        case .byte(let byte): return cursor.literal(byte)
        case .spaces:
            _ = cursor.literal(0x2C)  // ,
            return spaces(&cursor)
        }
    }

    /// Nothing, or the suffix that belongs to `day` in any case: `st` after 1, 21, 31; `nd` after
    /// 2, 22; `rd` after 3, 23; `th` otherwise (11, 12 and 13 included).
    private static func ordinalSuffix(_ cursor: inout ByteCursor, for day: Int) -> Bool {
        let start = cursor.index
        let length = letterRun(&cursor)
        guard length > 0 else { return true }
        guard length == 2 else { return false }
        let suffix = (UInt16(cursor.bytes[start] | 0x20) << 8) | UInt16(cursor.bytes[start + 1] | 0x20)
        let expected: UInt16
        switch (day % 100 >= 11 && day % 100 <= 13) ? 0 : day % 10 {
        case 1: expected = 0x7374  // st
        case 2: expected = 0x6E64  // nd
        case 3: expected = 0x7264  // rd
        default: expected = 0x7468  // th
        }
        return suffix == expected
    }

    /// A month's English name or abbreviation, any case; an abbreviation may take a full stop
    /// when a space follows it (`Jan. 10`), so `10.Jan.1969` keeps its `.` separators.
    private static func monthName(_ cursor: inout ByteCursor) -> Int? {
        let start = cursor.index
        let length = letterRun(&cursor)
        guard length >= 3, let month = match(cursor.bytes, at: start, length: length, in: months) else { return nil }
        let isAbbreviation = length == 3 || (length == 4 && month == 9)
        if isAbbreviation, cursor.index + 1 < cursor.bytes.count, cursor.bytes[cursor.index] == 0x2E,
            cursor.bytes[cursor.index + 1] == 0x20
        {
            cursor.index += 1
        }
        return month
    }

    // MARK: Times

    /// Between a date-time's date and time: `T`, or spaces after an optional comma, then
    /// optionally `at` and more spaces.
    private static func timeSeparator(_ cursor: inout ByteCursor) -> Bool {
        if cursor.literal(0x54) { return true }  // T
        _ = cursor.literal(0x2C)  // ,
        guard spaces(&cursor) else { return false }
        let wordStart = cursor.index
        let length = letterRun(&cursor)
        if !(length == 2 && cursor.bytes[wordStart] | 0x20 == 0x61 && cursor.bytes[wordStart + 1] | 0x20 == 0x74
            && spaces(&cursor))
        {
            cursor.index = wordStart
        }
        return true
    }

    /// `h:mm[:ss[.f]]` or `h` with am or pm, then an optional zone, into `parts`.
    private static func timePart(_ cursor: inout ByteCursor, into parts: inout TemporalParts) -> Bool {
        let hourRun = digitRun(&cursor)
        guard hourRun.length == 1 || hourRun.length == 2 else { return false }
        var hour = hourRun.value
        var minute = 0
        var second = 0
        var nanosecond = 0
        let hasClock = cursor.literal(0x3A)  // :
        if hasClock {
            guard let minutes = twoDigits(&cursor) else { return false }
            minute = minutes
            if cursor.literal(0x3A) {
                guard let seconds = twoDigits(&cursor), let fraction = cursor.optionalFraction() else { return false }
                second = seconds
                nanosecond = fraction
            }
        }
        let beforeMeridiem = cursor.index
        _ = spaces(&cursor)
        if let afternoon = meridiem(&cursor) {
            guard hour >= 1 && hour <= 12 else { return false }
            hour = hour % 12 + (afternoon ? 12 : 0)
        } else {
            cursor.index = beforeMeridiem
            // A bare number is not a time.
            guard hasClock else { return false }
        }
        let beforeZone = cursor.index
        _ = spaces(&cursor)
        if !zone(&cursor, into: &parts) { cursor.index = beforeZone }
        parts.hour = hour
        parts.minute = minute
        parts.second = second
        parts.nanosecond = nanosecond
        return true
    }

    /// Exactly two digits, not followed by a third.
    private static func twoDigits(_ cursor: inout ByteCursor) -> Int? {
        let run = digitRun(&cursor)
        return run.length == 2 ? run.value : nil
    }

    /// `am`, `pm`, `a.m.` or `p.m.` in any case: whether it is the afternoon.
    private static func meridiem(_ cursor: inout ByteCursor) -> Bool? {
        let bytes = cursor.bytes
        var index = cursor.index
        guard index < bytes.count else { return nil }
        let letter = bytes[index] | 0x20
        guard letter == 0x61 || letter == 0x70 else { return nil }  // a p
        index += 1
        let dotted = index < bytes.count && bytes[index] == 0x2E
        if dotted { index += 1 }
        guard index < bytes.count, bytes[index] | 0x20 == 0x6D else { return nil }  // m
        index += 1
        if dotted {
            guard index < bytes.count, bytes[index] == 0x2E else { return nil }
            index += 1
        }
        // `amber` is not `am`.
        guard index == bytes.count || !isLetter(bytes[index]) else { return nil }
        cursor.index = index
        return letter == 0x70
    }

    /// `Z`, `z`, `UTC`, `GMT`, `±hh:mm` or `±hhmm`; sets the offset.
    private static func zone(_ cursor: inout ByteCursor, into parts: inout TemporalParts) -> Bool {
        guard !cursor.atEnd else { return false }
        let bytes = cursor.bytes
        let first = bytes[cursor.index]
        if first == 0x2B || first == 0x2D {  // + -
            cursor.index += 1
            guard let hours = cursor.digits(2) else { return false }
            _ = cursor.literal(0x3A)
            guard let minutes = cursor.digits(2), hours <= 23, minutes <= 59 else { return false }
            parts.offsetSeconds = (first == 0x2D ? -1 : 1) * (hours * 3600 + minutes * 60)
            return true
        }
        let start = cursor.index
        let length = letterRun(&cursor)
        switch length {
        case 1: return first == 0x5A || first == 0x7A  // Z z
        case 3:
            let word = (UInt32(bytes[start]) << 16) | (UInt32(bytes[start + 1]) << 8) | UInt32(bytes[start + 2])
            return word == 0x55_5443 || word == 0x47_4D54  // UTC GMT
        default: return false
        }
    }

    // MARK: Bytes

    /// Skips one or more spaces; whether there was one.
    private static func spaces(_ cursor: inout ByteCursor) -> Bool {
        let start = cursor.index
        while cursor.index < cursor.bytes.count, cursor.bytes[cursor.index] == 0x20 { cursor.index += 1 }
        return cursor.index > start
    }

    /// Skips a run of ASCII letters; its length.
    private static func letterRun(_ cursor: inout ByteCursor) -> Int {
        let start = cursor.index
        while cursor.index < cursor.bytes.count, isLetter(cursor.bytes[cursor.index]) { cursor.index += 1 }
        return cursor.index - start
    }

    /// Skips a run of digits: its value (accumulated over the first nine digits only, so a long run
    /// cannot overflow; no caller wants more than four) and its length.
    private static func digitRun(_ cursor: inout ByteCursor) -> (value: Int, length: Int) {
        let start = cursor.index
        var value = 0
        while cursor.index < cursor.bytes.count, isDigit(cursor.bytes[cursor.index]) {
            if cursor.index - start < 9 { value = value * 10 + Int(cursor.bytes[cursor.index] &- 0x30) }
            cursor.index += 1
        }
        return (value, cursor.index - start)
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return folded >= 0x61 && folded <= 0x7A
    }

    /// The 1-based number of the name in `names` that the letters at `start` spell in any case.
    /// A name's entry lists its spellings; the letters are ASCII, so `| 0x20` lowercases them.
    private static func match(
        _ bytes: UnsafeRawBufferPointer, at start: Int, length: Int, in names: [[[UInt8]]]
    ) -> Int? {
        for (number, spellings) in names.enumerated() {
            for spelling in spellings where spelling.count == length {
                var same = true
                for offset in 0..<length where bytes[start + offset] | 0x20 != spelling[offset] {
                    same = false
                    break
                }
                if same { return number + 1 }
            }
        }
        return nil
    }

    private static let months: [[[UInt8]]] = [
        ["jan", "january"], ["feb", "february"], ["mar", "march"], ["apr", "april"], ["may"],
        ["jun", "june"], ["jul", "july"], ["aug", "august"], ["sep", "sept", "september"],
        ["oct", "october"], ["nov", "november"], ["dec", "december"],
    ].map { $0.map { Array($0.utf8) } }

    private static let weekdays: [[[UInt8]]] = [
        ["mon", "monday"], ["tue", "tuesday"], ["wed", "wednesday"], ["thu", "thursday"], ["fri", "friday"],
        ["sat", "saturday"], ["sun", "sunday"],
    ].map { $0.map { Array($0.utf8) } }
}
