/// The kinds of temporal value, each with its ISO 8601 grammar: what a layout must contain and
/// how a cell is read when there is no layout.
package enum TemporalKind: Sendable {
    case date, time, dateTime, year, yearMonth

    /// Reads `bytes` with `layout`, or in this kind's ISO form when there is none.
    @inline(__always)
    package func parse(_ bytes: UnsafeRawBufferPointer, layout: TemporalLayout? = nil) -> TemporalKey? {
        if let layout { return layout.parse(bytes) }
        switch self {
        case .date: return ISOTemporal.date(bytes)
        case .time: return ISOTemporal.time(bytes)
        case .dateTime: return ISOTemporal.dateTime(bytes)
        case .year: return ISOTemporal.year(bytes)
        case .yearMonth: return ISOTemporal.yearMonth(bytes)
        }
    }

    /// Why a value that has the shape of a date names none, for a publisher: "there is no 31
    /// September", "there is no 29 February in 2017", "there is no month 13". `nil` when the value
    /// is not date-shaped or the date is real.
    package func impossibleDate(_ bytes: UnsafeRawBufferPointer, layout: TemporalLayout? = nil) -> String? {
        guard self == .date || self == .dateTime || self == .yearMonth else { return nil }
        let parts: TemporalParts?
        if let layout {
            parts = layout.parts(bytes)
        } else if self == .date {
            parts = ISOTemporal.dateParts(bytes)
        } else {
            parts = nil
        }
        guard let parts else { return nil }
        guard (1...12).contains(parts.month) else { return "there is no month \(parts.month)" }
        let days = GregorianCalendar.daysIn(month: parts.month, year: parts.year)
        guard parts.day > days || parts.day < 1 else { return nil }
        let month = Self.monthNames[parts.month - 1]
        if parts.month == 2 && parts.day == 29 { return "there is no 29 February in \(parts.year)" }
        return "there is no \(parts.day) \(month)"
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
}
