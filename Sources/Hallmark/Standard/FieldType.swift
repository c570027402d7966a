/// The type of a field's values, from the standard's `type:` key.
public enum FieldType: String, Sendable, CaseIterable, Codable {
    /// Any text.
    case string
    /// `[+-]?[0-9]+`, 64-bit.
    case integer
    /// An exact decimal: `12`, `-0.50`, `.5`; no exponent.
    case decimal
    /// A floating-point number: a decimal with an optional exponent (`6.02e23`), or `NaN`, `INF`, `-INF`.
    case number
    /// One of the field's true or false values (by default `true`, `True`, `TRUE`, `1` and their false twins).
    case boolean
    /// A calendar date, `YYYY-MM-DD` unless the field gives a `layout`.
    case date
    /// A time of day, `hh:mm:ss` with an optional fraction unless the field gives a `layout`.
    case time
    /// A date and time, `YYYY-MM-DDThh:mm:ss`, optional fraction and offset (`Z`, `+01:00`).
    case datetime
    /// A year, `YYYY`.
    case year
    /// A year and month, `YYYY-MM`.
    case yearmonth

    /// Whether `min`/`max` apply.
    var isOrdered: Bool { self != .string && self != .boolean }

    /// The kind of temporal value, for dates and times; `nil` for other types.
    var temporalKind: TemporalKind? {
        switch self {
        case .date: return .date
        case .time: return .time
        case .datetime: return .dateTime
        case .year: return .year
        case .yearmonth: return .yearMonth
        default: return nil
        }
    }

    var isTemporal: Bool { temporalKind != nil }

    /// What a value of this type looks like, for messages.
    var expectation: String {
        switch self {
        case .string: return "text"
        case .integer: return "an integer (digits with an optional sign)"
        case .decimal: return "a decimal number such as 12.50"
        case .number: return "a number such as 3.14 or 6.02e23"
        case .boolean: return "true or false"
        case .date: return "a real date as YYYY-MM-DD"
        case .time: return "a time as hh:mm:ss"
        case .datetime: return "a date and time as YYYY-MM-DDThh:mm:ss"
        case .year: return "a year as YYYY"
        case .yearmonth: return "a year and month as YYYY-MM"
        }
    }
}
