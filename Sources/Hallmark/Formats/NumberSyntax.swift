#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

// Typed parsing straight from a cell's bytes. The grammars are deliberately strict and documented
// (Documentation.docc/StandardsLanguage.md): no surrounding spaces, no group separators, no `1e3`
// for an integer, no `3.5` rounded to `4`. Other tools disagree on these; Hallmark says exactly.

@inline(__always)
private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

/// `[+-]?[0-9]+`, within the 64-bit range.
package enum IntegerSyntax {
    @inline(__always)
    package static func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let count = bytes.count
        guard count > 0 else { return nil }
        var negative = false
        if bytes[0] == 0x2D || bytes[0] == 0x2B {   // - +
            negative = bytes[0] == 0x2D
            index = 1
            guard count > 1 else { return nil }
        }
        // Accumulate as a negative number so that Int64.min parses.
        var value: Int64 = 0
        while index < count {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(Int64(digit))
            if overflow1 || overflow2 { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        return value == Int64.min ? nil : -value
    }

    /// Parses standard text (a bound in YAML).
    package static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}

/// An exact decimal, `[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)`, compared digit by digit so that
/// no bound is ever rounded.
package struct DecimalNumber: Sendable, CustomStringConvertible {
    var isNegative: Bool
    /// Without leading zeros.
    var integerDigits: [UInt8]
    /// Without trailing zeros.
    var fractionDigits: [UInt8]

    /// Where the parts of a decimal lie inside a cell, found without copying.
    package struct Scan {
        var isNegative: Bool
        var integerStart: Int, integerEnd: Int
        var fractionStart: Int, fractionEnd: Int
        /// Digits written after the point, trailing zeros included (what `scale:` limits).
        package var writtenScale: Int
    }

    package static func scan(_ bytes: UnsafeRawBufferPointer) -> Scan? {
        let count = bytes.count
        var index = 0
        var negative = false
        if count > 0 && (bytes[0] == 0x2D || bytes[0] == 0x2B) {
            negative = bytes[0] == 0x2D
            index = 1
        }
        let intStart = index
        while index < count && isDigit(bytes[index]) { index += 1 }
        let intEnd = index
        var fracStart = index, fracEnd = index
        if index < count && bytes[index] == 0x2E {   // .
            index += 1
            fracStart = index
            while index < count && isDigit(bytes[index]) { index += 1 }
            fracEnd = index
        }
        guard index == count, intEnd > intStart || fracEnd > fracStart else { return nil }
        let writtenScale = fracEnd - fracStart
        // Canonical form: no leading integer zeros, no trailing fraction zeros.
        var trimmedIntStart = intStart
        while trimmedIntStart < intEnd && bytes[trimmedIntStart] == 0x30 { trimmedIntStart += 1 }
        var trimmedFracEnd = fracEnd
        while trimmedFracEnd > fracStart && bytes[trimmedFracEnd - 1] == 0x30 { trimmedFracEnd -= 1 }
        let isZero = trimmedIntStart == intEnd && trimmedFracEnd == fracStart
        return Scan(isNegative: negative && !isZero, integerStart: trimmedIntStart, integerEnd: intEnd,
                    fractionStart: fracStart, fractionEnd: trimmedFracEnd, writtenScale: writtenScale)
    }

    package init?(_ text: String) {
        var text = text
        let parsed: DecimalNumber? = text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            guard let scan = Self.scan(bytes) else { return nil }
            return DecimalNumber(isNegative: scan.isNegative,
                                 integerDigits: Array(bytes[scan.integerStart..<scan.integerEnd]),
                                 fractionDigits: Array(bytes[scan.fractionStart..<scan.fractionEnd]))
        }
        guard let parsed else { return nil }
        self = parsed
    }

    private init(isNegative: Bool, integerDigits: [UInt8], fractionDigits: [UInt8]) {
        self.isNegative = isNegative
        self.integerDigits = integerDigits
        self.fractionDigits = fractionDigits
    }

    package var description: String {
        let integer = integerDigits.isEmpty ? "0" : String(decoding: integerDigits, as: UTF8.self)
        let fraction = fractionDigits.isEmpty ? "" : "." + String(decoding: fractionDigits, as: UTF8.self)
        return (isNegative ? "-" : "") + integer + fraction
    }

    /// Compares a scanned cell with this decimal: negative, zero or positive as the cell is
    /// less than, equal to or greater than `self`.
    package func compare(cell scan: Scan, in bytes: UnsafeRawBufferPointer) -> Int {
        if scan.isNegative != isNegative { return scan.isNegative ? -1 : 1 }
        let magnitude = compareMagnitude(scan, bytes)
        return isNegative ? -magnitude : magnitude
    }

    private func compareMagnitude(_ scan: Scan, _ bytes: UnsafeRawBufferPointer) -> Int {
        let cellIntegerCount = scan.integerEnd - scan.integerStart
        if cellIntegerCount != integerDigits.count { return cellIntegerCount < integerDigits.count ? -1 : 1 }
        for offset in 0..<cellIntegerCount {
            let a = bytes[scan.integerStart + offset], b = integerDigits[offset]
            if a != b { return a < b ? -1 : 1 }
        }
        let cellFractionCount = scan.fractionEnd - scan.fractionStart
        for offset in 0..<max(cellFractionCount, fractionDigits.count) {
            let a: UInt8 = offset < cellFractionCount ? bytes[scan.fractionStart + offset] : 0x30
            let b: UInt8 = offset < fractionDigits.count ? fractionDigits[offset] : 0x30
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }
}

/// A floating-point number: a decimal with an optional exponent (`1.5e-3`), or `NaN`, `INF`, `-INF`
/// as in Table Schema.
package enum FloatSyntax {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }   // exact: every 10^n up to 10^22 is a double
    }

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
            index += 1; digits += 1
        }
        if index < count && bytes[index] == 0x2E {
            index += 1
            while index < count && isDigit(bytes[index]) {
                mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 0x30)
                index += 1; digits += 1; fractionDigits += 1
            }
        }
        guard digits > 0 else { return nil }
        // Clinger's fast path: a mantissa below 2^53 and a power of ten up to 10^22 are both exact
        // doubles, so one correctly rounded division gives strtod's answer without calling it.
        if index == count && digits <= 15 && fractionDigits <= 22 {
            let magnitude = Double(mantissa) / Self.powersOfTen[fractionDigits]
            return bytes[0] == 0x2D ? -magnitude : magnitude
        }
        if index < count && (bytes[index] | 0x20) == 0x65 {   // e E
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

    private static func matches(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return memcmpBytes(bytes.baseAddress!, literal.utf8Start, bytes.count)
    }
}
