#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A floating-point number: a decimal with an optional exponent (`1.5e-3`), or `NaN`, `INF`, `-INF`
/// as in Table Schema.
package enum FloatSyntax {
    package static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let count = bytes.count
        guard count > 0, count < 128 else { return nil }
        switch count {
        case 3 where matches(bytes, "NaN"): return .nan
        case 3 where matches(bytes, "INF"): return .infinity
        case 4 where matches(bytes, "+INF"): return .infinity
        case 4 where matches(bytes, "-INF"): return -.infinity
        default: break
        }
        // Check the grammar first: strtod alone would accept hex, "inf", leading spaces and more.
        var index = 0
        if bytes[0] == 0x2D || bytes[0] == 0x2B { index = 1 }
        var digits = 0
        var mantissa: UInt64 = 0
        var fractionDigits = 0
        while index < count && isDigit(bytes[index]) {
            mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 0x30)
            index += 1
            digits += 1
        }
        if index < count && bytes[index] == 0x2E {
            index += 1
            while index < count && isDigit(bytes[index]) {
                mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 0x30)
                index += 1
                digits += 1
                fractionDigits += 1
            }
        }
        guard digits > 0 else { return nil }
        // Clinger's fast path: a mantissa below 2^53 and a power of ten up to 10^22 are both exact
        // doubles, so one correctly rounded division gives strtod's answer without calling it.
        if index == count && digits <= 15 && fractionDigits <= 22 {
            let magnitude = Double(mantissa) / exactPowerOfTen(fractionDigits)
            return bytes[0] == 0x2D ? -magnitude : magnitude
        }
        if index < count && (bytes[index] | 0x20) == 0x65 {  // e E
            index += 1
            if index < count && (bytes[index] == 0x2D || bytes[index] == 0x2B) { index += 1 }
            let exponentStart = index
            while index < count && isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { return nil }
        }
        guard index == count else { return nil }
        // strtod needs a terminated string; the cell is short, so copy it to the stack.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for offset in 0..<count { buffer[offset] = CChar(bitPattern: bytes[offset]) }
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    package static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// 10^`exponent`, for `exponent` from 0 to 22, where every power of ten is exact in a double.
    /// Multiplied out rather than read from a table: a global table costs a call to swift_once per
    /// read on Linux, on every number cell.
    @inline(__always)
    static func exactPowerOfTen(_ exponent: Int) -> Double {
        var power = 1.0
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    private static func matches(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return memcmpBytes(bytes.baseAddress!, literal.utf8Start, bytes.count)
    }
}
