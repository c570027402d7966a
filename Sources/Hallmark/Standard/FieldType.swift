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
    /// A length of time in ISO 8601, such as `P1Y2M10DT2H30M` or `PT1.5S`.
    case duration
    /// A point on the Earth, `lon, lat` in degrees unless the field's `layout` is `array`
    /// (`[lon, lat]`) or `object` (`{"lon": …, "lat": …}`).
    case geopoint
    /// A JSON object (`{…}`), checked against the field's `json-schema` when it has one.
    case object
    /// A JSON array (`[…]`), checked against the field's `json-schema` when it has one.
    case array
    /// A GeoJSON object (RFC 7946): a geometry, a `Feature` or a `FeatureCollection`.
    case geojson
    /// A TopoJSON object: a `Topology` or a TopoJSON geometry.
    case topojson
    /// Values separated by the field's `delimiter` (default `,`), each of its `item-type` (default `string`).
    case list
    /// A URI with a scheme, as RFC 3986 defines it: `https://…`, `mailto:…`, `urn:…`.
    case uri
    /// Bytes written in base64 (RFC 4648, with its `=` padding).
    case base64

    /// The types a list's items may have: Table Schema's `itemType`s and Hallmark's other plain types.
    static let listItemTypes: [FieldType] = [
        .string, .integer, .decimal, .number, .boolean, .date, .time, .datetime, .year, .yearmonth, .duration,
    ]

    /// Whether `min`/`max` apply.
    var isOrdered: Bool { self.isNumeric || self.isTemporal || self == .duration }

    var isNumeric: Bool { self == .integer || self == .decimal || self == .number }

    /// Whether a value is checked by its shape alone (JSON, geometry, a list, a URI…), with no
    /// bounds or number syntax.
    var isStructured: Bool {
        switch self {
        case .duration, .geopoint, .object, .array, .geojson, .topojson, .list, .uri, .base64: true
        default: false
        }
    }

    /// The kind of temporal value, for dates and times; `nil` for other types.
    package var temporalKind: TemporalKind? {
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
        case .duration: return "an ISO 8601 duration such as P1Y2M or PT30M"
        case .geopoint: return "a point as longitude and latitude in degrees"
        case .object: return "a JSON object"
        case .array: return "a JSON array"
        case .geojson: return "a GeoJSON geometry, Feature or FeatureCollection"
        case .topojson: return "a TopoJSON topology or geometry"
        case .list: return "a list of values"
        case .uri: return "a URI with a scheme, such as https://example.org/a"
        case .base64: return "base64 text (A-Z, a-z, 0-9, + and /, padded with =)"
        }
    }
}
