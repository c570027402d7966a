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
        var fracStart = index
        var fracEnd = index
        if index < count && bytes[index] == 0x2E {  // .
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
        return Scan(
            isNegative: negative && !isZero, integerStart: trimmedIntStart, integerEnd: intEnd,
            fractionStart: fracStart, fractionEnd: trimmedFracEnd, writtenScale: writtenScale)
    }

    package init?(_ text: String) {
        var text = text
        let parsed: DecimalNumber? = text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            guard let scan = Self.scan(bytes) else { return nil }
            return DecimalNumber(
                isNegative: scan.isNegative,
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
            let a = bytes[scan.integerStart + offset]
            let b = integerDigits[offset]
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
