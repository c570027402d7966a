/// The three ways Table Schema writes a `geopoint`, named by its `format`; longitude first, and
/// within −180…180, latitude within −90…90.
///
/// Frictionless reads `pair` with Python's `Decimal`, so its bounds are checked digit by digit
/// here (`180.0000000000000001` is out), and `array` and `object` with `json`, whose numbers are
/// floats, so their bounds are checked on the nearest `Double` as frictionless does (that same
/// number written in an array rounds to 180 and is in). Where frictionless takes more than the
/// standard says, this takes the standard: numbers written as JSON strings (`["180", "90"]`), an
/// exponent in a pair (`1e2, 0`) and `NaN` are refused.
package enum GeopointSyntax: String, Sendable, CaseIterable {
    /// `lon, lat`: two decimals and one comma, spaces and tabs allowed around each number
    /// (`180,90`, `180, -90`). Table Schema's `default`.
    case pair = "default"
    /// A JSON array of exactly two numbers: `[180, -90]`.
    case array
    /// A JSON object with the members `lon` and `lat`, numbers, and no others: `{"lon": 180, "lat": 90}`.
    case object

    /// Whether the cell is a geopoint written this way. Builds nothing and allocates nothing.
    package func accepts(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .pair: Self.acceptsPair(bytes)
        case .array: Self.acceptsArray(bytes)
        case .object: Self.acceptsObject(bytes)
        }
    }

    /// The bounds as decimals, for `pair`, and as doubles, for `array` and `object`.
    private static let limits = (
        longitude: (DecimalNumber("-180")!, DecimalNumber("180")!),
        latitude: (DecimalNumber("-90")!, DecimalNumber("90")!)
    )
    private static let bounds: (longitude: ClosedRange<Double>, latitude: ClosedRange<Double>) = (-180...180, -90...90)

    private static func acceptsPair(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var comma = -1
        for index in 0..<bytes.count where bytes[index] == 0x2C {
            guard comma < 0 else { return false }  // Python's `split(",")` must give two parts
            comma = index
        }
        guard comma >= 0 else { return false }
        let longitude = UTF8Bytes.trimmed(UnsafeRawBufferPointer(rebasing: bytes[..<comma]))
        let latitude = UTF8Bytes.trimmed(UnsafeRawBufferPointer(rebasing: bytes[(comma + 1)...]))
        return decimal(longitude, within: limits.longitude) && decimal(latitude, within: limits.latitude)
    }

    /// Whether the cell is a decimal within `limits`, compared digit by digit.
    private static func decimal(
        _ bytes: UnsafeRawBufferPointer, within limits: (DecimalNumber, DecimalNumber)
    ) -> Bool {
        guard let scan = DecimalNumber.scan(bytes) else { return false }
        return limits.0.compare(cell: scan, in: bytes) >= 0 && limits.1.compare(cell: scan, in: bytes) <= 0
    }

    private static func acceptsArray(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var scanner = JSONScanner(bytes: bytes)
        scanner.skipWhitespace()
        guard scanner.literal("["), let longitude = number(&scanner) else { return false }
        scanner.skipWhitespace()
        guard scanner.literal(","), let latitude = number(&scanner) else { return false }
        scanner.skipWhitespace()
        guard scanner.literal("]") else { return false }
        scanner.skipWhitespace()
        return scanner.index == bytes.count && bounds.longitude.contains(longitude)
            && bounds.latitude.contains(latitude)
    }

    private static func acceptsObject(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var scanner = JSONScanner(bytes: bytes)
        var longitude: Double?
        var latitude: Double?
        scanner.skipWhitespace()
        guard scanner.literal("{") else { return false }
        repeat {
            scanner.skipWhitespace()
            var name = ShortName()
            guard scanner.memberName(into: &name), let value = number(&scanner) else { return false }
            // A repeated member keeps its last value, as Python's `json` reads it.
            if name.isLongitude {
                longitude = value
            } else if name.isLatitude {
                latitude = value
            } else {
                return false
            }
            scanner.skipWhitespace()
        } while scanner.literal(",")
        guard scanner.literal("}") else { return false }
        scanner.skipWhitespace()
        guard scanner.index == bytes.count, let longitude, let latitude else { return false }
        return bounds.longitude.contains(longitude) && bounds.latitude.contains(latitude)
    }

    /// A JSON number after optional whitespace, as the nearest `Double`.
    private static func number(_ scanner: inout JSONScanner) -> Double? {
        scanner.skipWhitespace()
        let start = scanner.index
        guard scanner.number() else { return nil }
        return JSONNumber.strtod(UnsafeRawBufferPointer(rebasing: scanner.bytes[start..<scanner.index]))
    }
}

/// A member name, kept as its first eight bytes (escapes read) and its length: enough to tell
/// `lon` and `lat` from anything else without building a `String`.
private struct ShortName: JSONEvents {
    private var word: UInt64 = 0
    private var length = 0

    var isLongitude: Bool { length == 3 && word == 0x6E6F6C }  // "lon", first byte lowest
    var isLatitude: Bool { length == 3 && word == 0x74616C }  // "lat"

    private mutating func add(_ byte: UInt8) {
        if length < 8 { word |= UInt64(byte) << (8 * length) }
        length += 1
    }

    mutating func stringText(_ run: UnsafeRawBufferPointer) {
        for byte in run { add(byte) }
    }

    mutating func stringText(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { add($0) }
    }

    func beginContainer(isObject: Bool) {}
    func endContainer() {}
    func endString(isName: Bool) {}
    func number(_ text: UnsafeRawBufferPointer) {}
    func bool(_ value: Bool) {}
    func null() {}
}
