/// How a field's numbers are written when not in plain `-1234.5` form (`group-char`,
/// `decimal-char`, `currency`, `negative`, `percent` on a number field): `£1,234.50`, `(£5.00)`,
/// `1 234,5`, `12.5%`. A cell is rewritten into plain form, then checked as its type says; bounds
/// compare the plain value (`£1,234.50` is 1234.50, `12.5%` is 12.5).
package struct NumberSyntax: Sendable, Equatable {
    /// The byte between groups of three digits, if any (`,` or a space).
    package var groupChar: UInt8?
    /// The byte before the fraction (default `.`).
    package var decimalChar: UInt8 = 0x2E
    /// A symbol that may stand before the number (after any minus sign), such as `£`; spaces may
    /// follow it, as accounting formats write `£   612.00`.
    package var currency: [UInt8]?
    /// Whether a negative number may be written in parentheses: `(5.00)`, `(£5.00)`.
    package var parenthesesNegative = false
    /// Whether a trailing `%` may follow the number.
    package var percent = false
    /// Whether text may stand before and after the number (`bare-number: false`, Table Schema's
    /// `bareNumber: false`): `€95`, `95 EUR`, `12.5%` are 95, 95 and 12.5.
    package var allowsText = false

    package init() {}

    /// Whether the syntax is plain (nothing to rewrite).
    package var isPlain: Bool {
        groupChar == nil && decimalChar == 0x2E && currency == nil && !parenthesesNegative && !percent && !allowsText
    }

    /// A number in this syntax, for messages: `£1,234.50`, `1 234,5%`.
    package func example(withFraction: Bool) -> String {
        var text = currency.map { String(decoding: $0, as: UTF8.self) } ?? ""
        text += groupChar.map { "1" + String(UnicodeScalar($0)) + "234" } ?? "1234"
        if withFraction { text += String(UnicodeScalar(decimalChar)) + "50" }
        if percent { text += "%" }
        if parenthesesNegative { text += " or (\(text)) when negative" }
        return text
    }

    /// Writes `cell` in plain form into `output`; `false` when it does not follow this syntax
    /// (digits grouped wrongly, a sign twice, a symbol in the wrong place), which is a type failure.
    package func plain(_ cell: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        var start = 0
        var end = cell.count
        var negative = false
        var signed = false
        if parenthesesNegative, end - start >= 2, cell[start] == 0x28, cell[end - 1] == 0x29 {
            negative = true
            signed = true
            start += 1
            end -= 1
        }
        if percent, end > start, cell[end - 1] == 0x25 { end -= 1 }
        if allowsText {
            // Text before the number ends at a digit, a sign or the decimal character; text after it
            // starts after the last digit or decimal character.
            func isNumberStart(_ byte: UInt8) -> Bool {
                (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2B || byte == decimalChar
            }
            while start < end && !isNumberStart(cell[start]) { start += 1 }
            while end > start && !((cell[end - 1] >= 0x30 && cell[end - 1] <= 0x39) || cell[end - 1] == decimalChar) {
                end -= 1
            }
        }
        /// A sign may stand before the symbol or after it (`-£5`, `£-5`), once.
        func takeSign() -> Bool {
            guard start < end, cell[start] == 0x2D || cell[start] == 0x2B else { return true }
            // Under `negative: parentheses`, negatives are written only that way.
            if signed || (parenthesesNegative && cell[start] == 0x2D) { return false }
            signed = true
            negative = cell[start] == 0x2D
            start += 1
            return true
        }
        guard takeSign() else { return false }
        if let currency, end - start >= currency.count,
            currency.indices.allSatisfy({ cell[start + $0] == currency[$0] })
        {
            start += currency.count
            // Spreadsheets' accounting formats pad after the symbol: "£   612.00".
            while start < end && cell[start] == 0x20 { start += 1 }
            guard takeSign() else { return false }
        }
        if negative { output.append(0x2D) }
        // Integer digits, grouped in threes after the first group of one to three when a group
        // character is used at all.
        var index = start
        var groupLength = 0
        var sawGroup = false
        while index < end {
            let byte = cell[index]
            if byte >= 0x30 && byte <= 0x39 {
                output.append(byte)
                groupLength += 1
                if sawGroup && groupLength > 3 { return false }
            } else if let groupChar, byte == groupChar {
                if groupLength == 0 || (sawGroup ? groupLength != 3 : groupLength > 3) { return false }
                sawGroup = true
                groupLength = 0
            } else {
                break
            }
            index += 1
        }
        if sawGroup && groupLength != 3 { return false }
        // The rest (fraction, exponent) is copied with the decimal character made a point; the
        // type's own parser judges it.
        while index < end {
            let byte = cell[index]
            if byte == decimalChar {
                output.append(0x2E)
            } else if byte == 0x2E || (groupChar != nil && byte == groupChar) {
                return false  // a point that is not the decimal character, or a group in the fraction
            } else {
                output.append(byte)
            }
            index += 1
        }
        return true
    }
}
