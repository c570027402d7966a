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
        case .integer, .decimal, .number, .time, .datetime, .duration: return true
        case .date, .year, .yearmonth: return layout.map { !$0.spellsOneWay } ?? false
        default: return false
        }
    }

    /// The canonical spelling of `bytes` read as `type` (with `layout` for dates and times), into
    /// `key`; `false` when `bytes` is not a value of the type.
    static func key(
        _ bytes: UnsafeRawBufferPointer, type: FieldType, layout: TemporalLayout?, into key: inout [UInt8]
    ) -> Bool {
        self.key(bytes, type: type, into: &key) { kind in layout?.parse(bytes) ?? kind.parse(bytes) }
    }

    /// ``key(_:type:layout:into:)`` with the layout read in place: the workers' form (see
    /// ``TemporalLayout/InPlace``).
    @inline(__always)
    static func key(
        _ bytes: UnsafeRawBufferPointer, type: FieldType, layout: UnsafePointer<TemporalLayout.InPlace>?,
        into key: inout [UInt8]
    ) -> Bool {
        self.key(bytes, type: type, into: &key) { kind in layout?.pointee.parse(bytes) ?? kind.parse(bytes) }
    }

    @inline(__always)
    private static func key(
        _ bytes: UnsafeRawBufferPointer, type: FieldType, into key: inout [UInt8],
        temporal: (TemporalKind) -> TemporalKey?
    ) -> Bool {
        key.removeAll(keepingCapacity: true)
        switch type {
        case .integer:
            guard let value = IntegerSyntax.parse(bytes) else { return false }
            UTF8Bytes.appendDecimal(value, to: &key)
        case .number:
            guard let value = FloatSyntax.parse(bytes) else { return false }
            if value.isNaN || value.isInfinite && !bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                key.append(contentsOf: (value.isNaN ? "NaN" : value < 0 ? "-INF" : "INF").utf8)
            } else {
                number(bytes, into: &key)  // exactly, digit for digit: 1e400 is not 2e400
            }
        case .decimal:
            guard DecimalNumber.scan(bytes) != nil else { return false }
            number(bytes, into: &key)
        case .duration:
            // Months and seconds apart, as frictionless compares them: P1D is PT24H, P1M is not P30D.
            guard let value = ISODuration.parse(bytes) else { return false }
            key.append(0x50)  // P
            if value.months != 0 {
                UTF8Bytes.appendDecimal(value.months, to: &key)
                key.append(0x4D)  // M
            }
            key.append(contentsOf: [0x54])  // T
            UTF8Bytes.appendDecimal(value.seconds, to: &key)
            if value.nanoseconds != 0 {
                key.append(0x2E)
                UTF8Bytes.appendDecimal(value.nanoseconds, width: 9, to: &key)
            }
            key.append(0x53)  // S
        default:
            guard let kind = type.temporalKind, let value = temporal(kind) else { return false }
            value.appendISO(kind, to: &key)
        }
        return true
    }

    /// A number written with digits (and perhaps an exponent) as its exact value: a plain decimal
    /// (`40000`, `0.5`, `1.5` for `1.50`) while its exponent is small, else `D.DDDeN`; `-0` is `0`.
    /// Built in `key` itself: a key is made per cell, so nothing is allocated but `key`'s growth.
    private static func number(_ bytes: UnsafeRawBufferPointer, into key: inout [UInt8]) {
        var index = 0
        let negative = index < bytes.count && bytes[index] == 0x2D
        if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
        // The significant digits go into `key` first, without leading zeros; `point` is where the
        // decimal point stands in them (value = 0.DIGITS × 10^point).
        var point = 0
        var seenPoint = false
        while index < bytes.count, bytes[index] != 0x65 && bytes[index] != 0x45 {
            let byte = bytes[index]
            index += 1
            if byte == 0x2E {
                seenPoint = true
            } else if byte == 0x30 && key.isEmpty {
                if seenPoint { point -= 1 }  // a leading zero after the point moves it
            } else {
                key.append(byte)
                if !seenPoint { point += 1 }
            }
        }
        if index < bytes.count {
            index += 1
            var sign = 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
                sign = bytes[index] == 0x2D ? -1 : 1
                index += 1
            }
            // An exponent past a billion is as good as infinite for a key, and cannot overflow.
            var exponent = 0
            while index < bytes.count {
                exponent = min(exponent * 10 + Int(bytes[index] &- 0x30), 1_000_000_000)
                index += 1
            }
            point += sign * exponent
        }
        while key.last == 0x30 { key.removeLast() }
        let count = key.count
        guard count > 0 else {
            key.append(0x30)
            return
        }
        if point >= -6 && point <= 21 {
            if point <= 0 {
                key.insert(contentsOf: repeatElement(0x30, count: 2 - point), at: 0)  // "0" "." and zeros
                key[1] = 0x2E
            } else if point >= count {
                key.append(contentsOf: repeatElement(0x30, count: point - count))
            } else {
                key.insert(0x2E, at: point)
            }
        } else {
            if count > 1 { key.insert(0x2E, at: 1) }
            key.append(0x65)
            UTF8Bytes.appendDecimal(point - 1, to: &key)
        }
        if negative { key.insert(0x2D, at: 0) }
    }
}

extension FieldSpec {
    /// Whether uniqueness compares this field's values by meaning rather than as written (see
    /// ``LogicalValue``): engines that compare text cannot check its keys exactly.
    package var keysCompareByMeaning: Bool { LogicalValue.hasSeveralSpellings(type, layout: constraints.layout) }
}
