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
}
