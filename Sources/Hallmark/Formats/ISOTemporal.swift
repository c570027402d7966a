/// The ISO 8601 forms each temporal type accepts when its field has no `format:`.
package enum ISOTemporal {
    /// `YYYY-MM-DD`.
    package static func date(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        var cursor = ByteCursor(bytes: bytes)
        guard let parts = datePart(&cursor), cursor.atEnd else { return nil }
        return parts.key()
    }

    /// The parts of a `YYYY-MM-DD` date, real or not.
    package static func dateParts(_ bytes: UnsafeRawBufferPointer) -> TemporalParts? {
        var cursor = ByteCursor(bytes: bytes)
        guard let parts = datePart(&cursor), cursor.atEnd else { return nil }
        return parts
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
            if cursor.literal(0x5A) {  // Z
            } else if cursor.index < bytes.count, bytes[cursor.index] == 0x2B || bytes[cursor.index] == 0x2D {
                let sign = bytes[cursor.index] == 0x2D ? -1 : 1
                cursor.index += 1
                guard let hours = cursor.digits(2), cursor.literal(0x3A), let minutes = cursor.digits(2),
                    hours <= 23, minutes <= 59
                else { return nil }
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
        guard let year = cursor.digits(4), cursor.literal(0x2D), let month = cursor.digits(2), cursor.atEnd else {
            return nil
        }
        return TemporalParts(year: year, month: month).key()
    }

    private static func datePart(_ cursor: inout ByteCursor) -> TemporalParts? {
        guard let year = cursor.digits(4), cursor.literal(0x2D), let month = cursor.digits(2),
            cursor.literal(0x2D), let day = cursor.digits(2)
        else { return nil }
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
