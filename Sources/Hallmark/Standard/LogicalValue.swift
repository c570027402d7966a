/// A value of a numeric or temporal field in one canonical spelling, so that `values:` on such a
/// field compares what the values mean, as Table Schema's `enum` does ("constraints MUST be tested
/// against the logical representation of data"): `01` is `1`, `4e4` is `4E4`, `-0` is `0`,
/// `1.50` is `1.5` in a decimal field, and a date in the field's layout is the same date in ISO.
enum LogicalValue {
    /// Whether `values:` on a field of `type` compares logical values rather than text.
    static func applies(to type: FieldType) -> Bool { type.isNumeric || type.isTemporal }

    /// Whether a value of `type` written in `layout` may be spelled more than one way (`01` and
    /// `1`; `1/2/2024` and `01/02/2024`; `Z` and `+00:00`), so keys must compare its canonical
    /// spelling. A date in `YYYY-MM-DD` or `YYYYMM` has one spelling: its key is its text, shown as written.
    static func hasSeveralSpellings(_ type: FieldType, layout: TemporalLayout?) -> Bool {
        switch type {
        case .integer, .decimal, .number, .time, .datetime: return true
        case .date, .year, .yearmonth: return layout.map { !$0.spellsOneWay } ?? false
        default: return false
        }
    }

    /// The canonical spelling of `bytes` read as `type` (with `layout` for dates and times), into
    /// `key`; `false` when `bytes` is not a value of the type.
    static func key(
        _ bytes: UnsafeRawBufferPointer, type: FieldType, layout: TemporalLayout?, into key: inout [UInt8]
    ) -> Bool {
        key.removeAll(keepingCapacity: true)
        switch type {
        case .integer:
            guard let value = IntegerSyntax.parse(bytes) else { return false }
            UTF8Bytes.appendDecimal(value, to: &key)
        case .number:
            guard var value = FloatSyntax.parse(bytes) else { return false }
            if value == 0 { value = 0 }  // -0 is 0
            key.append(contentsOf: (value.isNaN ? "NaN" : String(value)).utf8)
        case .decimal:
            guard DecimalNumber.scan(bytes) != nil else { return false }
            decimal(bytes, into: &key)
        default:
            guard let kind = type.temporalKind, let value = kind.parse(bytes, layout: layout) ?? kind.parse(bytes)
            else { return false }
            value.appendISO(kind, to: &key)
        }
        return true
    }

    /// A plain decimal without its sign's `+`, leading zeros, trailing fraction zeros, or the sign of zero.
    private static func decimal(_ bytes: UnsafeRawBufferPointer, into key: inout [UInt8]) {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var whole = Array(bytes[index...].prefix { $0 != 0x2E })
        var fraction = Array(bytes[(index + whole.count)...].dropFirst())
        whole = Array(whole.drop { $0 == 0x30 })
        while fraction.last == 0x30 { fraction.removeLast() }
        if whole.isEmpty && fraction.isEmpty { negative = false }
        if negative { key.append(0x2D) }
        key.append(contentsOf: whole.isEmpty ? [0x30] : whole)
        if !fraction.isEmpty {
            key.append(0x2E)
            key.append(contentsOf: fraction)
        }
    }
}
