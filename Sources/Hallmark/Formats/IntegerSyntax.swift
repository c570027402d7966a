// Typed parsing straight from a cell's bytes. The grammars are deliberately strict and documented
// (Documentation.docc/StandardsLanguage.md): no surrounding spaces, no group separators, no `1e3`
// for an integer, no `3.5` rounded to `4`. Other tools disagree on these; Hallmark says exactly.

/// `[+-]?[0-9]+`, within the 64-bit range.
package enum IntegerSyntax {
    @inline(__always)
    package static func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let count = bytes.count
        guard count > 0 else { return nil }
        var negative = false
        if bytes[0] == 0x2D || bytes[0] == 0x2B {  // - +
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
}
