/// A number in a rule's arithmetic: exact (a 128-bit integer scaled by a power of ten, so
/// `0.1 + 0.2 = 0.3` and a decimal compares digit for digit) while it fits, binary floating point
/// beyond that and for `number` fields, which are floating point to begin with.
package enum ExactNumber: Sendable, Equatable {
    /// `mantissa × 10^-scale`, with `scale` from 0 to ``maximumScale``.
    case exact(mantissa: Int128, scale: Int)
    case approximate(Double)

    /// The most decimal places kept exactly; a quotient is rounded to this many.
    package static let maximumScale = 18

    package init(_ value: Int64) { self = .exact(mantissa: Int128(value), scale: 0) }

    /// A plain decimal, `[+-]?[0-9]*(.[0-9]*)?` with at least one digit: exact when it fits.
    package static func parse(_ bytes: UnsafeRawBufferPointer) -> ExactNumber? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var mantissa: Int128 = 0
        var scale = 0
        var digits = 0
        var fits = true
        var seenPoint = false
        // Up to 18 digits fit a UInt64: most values never touch Int128 arithmetic.
        var small: UInt64 = 0
        while index < bytes.count && digits < 18 {
            let byte = bytes[index]
            if byte == 0x2E && !seenPoint {
                seenPoint = true
            } else if byte >= 0x30 && byte <= 0x39 {
                small = small &* 10 &+ UInt64(byte &- 0x30)
                digits += 1
                if seenPoint { scale += 1 }
            } else {
                return nil
            }
            index += 1
        }
        mantissa = Int128(small)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2E && !seenPoint {
                seenPoint = true
            } else if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                if fits {
                    let (times, overflow) = mantissa.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(Int128(byte - 0x30))
                    if overflow || overflow2 || (seenPoint && scale == maximumScale) {
                        fits = false
                    } else {
                        mantissa = sum
                        if seenPoint { scale += 1 }
                    }
                }
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        guard fits else { return FloatSyntax.parse(bytes).map { .approximate($0) } }
        return .exact(mantissa: negative ? -mantissa : mantissa, scale: scale)
    }

    /// The value as a binary floating-point number.
    package var double: Double {
        switch self {
        case .approximate(let value): return value
        case .exact(let mantissa, let scale):
            // The common case without Int128's generic conversion: one division by an exact power
            // of ten, so a mantissa below 2^53 converts correctly rounded.
            if mantissa >= Int128(Int64.min), mantissa <= Int128(Int64.max) {
                return Double(Int64(truncatingIfNeeded: mantissa)) / FloatSyntax.exactPowerOfTen(scale)
            }
            var value = Double(mantissa)
            for _ in 0..<scale { value /= 10 }
            return value
        }
    }

    /// Both as exact numbers at one scale, or `nil` when either is approximate or aligning overflows.
    private static func aligned(_ a: ExactNumber, _ b: ExactNumber) -> (Int128, Int128, Int)? {
        guard case .exact(let x, let xs) = a, case .exact(let y, let ys) = b else { return nil }
        if xs == ys { return (x, y, xs) }
        if xs < ys { return scaledUp(x, places: ys - xs).map { ($0, y, ys) } }
        return scaledUp(y, places: xs - ys).map { (x, $0, xs) }
    }

    /// `value × 10^places` (`places` at most ``maximumScale``), or `nil` when it overflows.
    @inline(__always)
    private static func scaledUp(_ value: Int128, places: Int) -> Int128? {
        var result = value
        if fitsInt64(value) {
            // 2^63 × 10^18 < 2^127: no test for overflow, which costs a library call per step.
            for _ in 0..<places { result &*= 10 }
            return result
        }
        for _ in 0..<places {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = next
        }
        return result
    }

    @inline(__always)
    private static func fitsInt64(_ value: Int128) -> Bool {
        Int128(Int64(truncatingIfNeeded: value)) == value
    }

    /// -1, 0 or 1; `nil` when either is NaN.
    package static func compare(_ a: ExactNumber, _ b: ExactNumber) -> Int? {
        if let (x, y, _) = aligned(a, b) { return x < y ? -1 : (x == y ? 0 : 1) }
        let (x, y) = (a.double, b.double)
        if x.isNaN || y.isNaN { return nil }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    package static func + (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        if let (x, y, scale) = aligned(a, b) {
            let (sum, overflow) = x.addingReportingOverflow(y)
            if !overflow { return .exact(mantissa: sum, scale: scale) }
        }
        return .approximate(a.double + b.double)
    }

    package static prefix func - (a: ExactNumber) -> ExactNumber {
        switch a {
        case .exact(let mantissa, let scale) where mantissa != .min: return .exact(mantissa: -mantissa, scale: scale)
        default: return .approximate(-a.double)
        }
    }

    package static func - (a: ExactNumber, b: ExactNumber) -> ExactNumber { a + -b }

    package static func * (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        if case .exact(let x, let xs) = a, case .exact(let y, let ys) = b, xs + ys <= maximumScale {
            // Two 64-bit factors always fit 128 bits.
            if fitsInt64(x) && fitsInt64(y) { return .exact(mantissa: x &* y, scale: xs + ys) }
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            if !overflow { return .exact(mantissa: product, scale: xs + ys) }
        }
        return .approximate(a.double * b.double)
    }

    /// The quotient, exact to ``maximumScale`` places (rounded half away from zero) when it can be;
    /// `nil` for a division by zero.
    package static func / (a: ExactNumber, b: ExactNumber) -> ExactNumber? {
        if case .exact(let y, _) = b, y == 0 { return nil }
        if b.double == 0 { return nil }
        if let (x, y, _) = aligned(a, b) {
            // x / y × 10^18, rounded: exact when x × 10^19 does not overflow.
            var scaled = x
            var fits = true
            for _ in 0...maximumScale {
                let (next, overflow) = scaled.multipliedReportingOverflow(by: 10)
                if overflow {
                    fits = false
                    break
                }
                scaled = next
            }
            if fits {
                let quotient = scaled / y
                let rounded = (quotient + (quotient >= 0 ? 5 : -5)) / 10
                return ExactNumber.exact(mantissa: rounded, scale: maximumScale).normalized
            }
        }
        return .approximate(a.double / b.double)
    }

    /// Without trailing zero places.
    package var normalized: ExactNumber {
        guard case .exact(var mantissa, var scale) = self else { return self }
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10
            scale -= 1
        }
        return .exact(mantissa: mantissa, scale: scale)
    }

    package var magnitude: ExactNumber {
        switch self {
        case .exact(let mantissa, _) where mantissa < 0: return -self
        case .approximate(let value): return .approximate(abs(value))
        default: return self
        }
    }

    /// Rounded half away from zero to `places` decimal places (0 to ``maximumScale``).
    package func rounded(places: Int) -> ExactNumber {
        switch self {
        case .approximate(let value):
            var factor = 1.0
            for _ in 0..<places { factor *= 10 }
            return .approximate((value * factor).rounded(.toNearestOrAwayFromZero) / factor)
        case .exact(let mantissa, let scale):
            guard scale > places else { return self }
            var divisor: Int128 = 1
            for _ in places..<scale { divisor *= 10 }
            let half = divisor / 2
            let rounded = (mantissa >= 0 ? mantissa + half : mantissa - half) / divisor
            return .exact(mantissa: rounded, scale: places)
        }
    }

    /// The value as text, for messages: `12.5`, `-0.001`.
    package var description: String {
        switch self {
        case .approximate(let value): return String(value)
        case .exact(let mantissa, let scale):
            let digits = String(mantissa.magnitude)
            guard scale > 0 else { return mantissa < 0 ? "-" + digits : digits }
            let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
            let point = padded.index(padded.endIndex, offsetBy: -scale)
            return (mantissa < 0 ? "-" : "") + padded[..<point] + "." + padded[point...]
        }
    }
}
