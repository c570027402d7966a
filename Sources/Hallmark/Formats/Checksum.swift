/// A check-digit algorithm, named in a format's `checksum:` key.
///
/// Each works on the value's bytes after the format's normalisation, and returns `false` (never
/// traps) for any input, including characters the algorithm does not know. None allocates.
public enum Checksum: String, Sendable, CaseIterable {
    /// NHS number: weights 10 down to 2 on the first nine digits; the check digit is
    /// `11 - (sum mod 11)`, with 11 meaning 0 and 10 meaning the number is invalid.
    /// Source: NHS Data Dictionary, "NHS Number".
    case nhsModulus11 = "nhs-modulus-11"
    /// Luhn (ISO/IEC 7812-1 Annex B): payment card numbers, IMEI and many others. Digits only.
    case luhn
    /// ISO 7064 MOD 97-10 over the whole value, letters counting A=10 … Z=35; valid when the
    /// remainder is 1. Source: ISO 17442 (LEI) and ISO 7064.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // The underscore keeps ISO 7064's own name, "MOD 97-10", readable.
    case iso7064Mod97_10 = "iso7064-mod97-10"
    /// IBAN (ISO 13616): the country's registered length, then MOD 97-10 after moving the first
    /// four characters to the end. Source: SWIFT IBAN Registry (lengths as of release 95, 2024).
    case iban
    /// ISO 7064 MOD 11-2: ORCID iDs and ISNIs (digits, last character a digit or X), hyphens and
    /// spaces ignored. Source: ISO 7064; ORCID "Structure of the ORCID Identifier".
    // swift-format-ignore: AlwaysUseLowerCamelCase
    case iso7064Mod11_2 = "iso7064-mod11-2"
    /// ISBN-10: weights 10 down to 1, the sum divisible by 11; the last character may be X (10).
    /// Hyphens and spaces ignored. Source: ISO 2108:1992.
    case isbn10
    /// An ISBN of either kind: ten characters by ``isbn10``, or thirteen digits starting 978 or 979
    /// by ``gtin`` (ISBN-13 is an EAN-13). Hyphens and spaces ignored. Source: ISO 2108.
    case isbn
    /// GS1 mod-10 for GTIN-8, UPC-A (GTIN-12), EAN-13/ISBN-13 (GTIN-13) and GTIN-14: weights 3
    /// and 1 alternating from the right of the payload. Source: GS1 General Specifications 7.9.
    case gtin
    /// ISSN: weights 8 down to 2 on seven digits; the check is `11 - (sum mod 11)`, 10 written X.
    /// A hyphen after the fourth digit is ignored. Source: ISO 3297.
    case issn
    /// UK VAT registration number: nine digits (or twelve, a branch suffix), optionally after `GB`.
    /// Weights 8 … 2 on the first seven digits plus the last two as a number must be 0 mod 97
    /// (the original scheme) or, from 100 0000 00 up, 42 (the "9755" scheme of 2010; 55 is also
    /// accepted, as python-stdnum does). `GD` (government department, 000–499) and `HA` (health
    /// authority, 500–999) numbers have no check digits, except in their 11-character
    /// `GD8888nnncc` form, where `cc` is `nnn mod 97`. Source: HMRC VAT Notice 700/1; the rules
    /// match python-stdnum's `gb.vat`.
    case ukVAT = "uk-vat"
    /// Scottish Community Health Index number: a DDMMYY date of birth, then four digits, the last a
    /// modulus-11 check digit as for the NHS number. Source: ISD Scotland, "CHI Number".
    case chi
    /// Verhoeff's dihedral-group check (D5), catching every single error and adjacent
    /// transposition. Source: Verhoeff, "Error Detecting Decimal Codes" (1969).
    case verhoeff
    /// Damm's quasigroup check (order 10, the table of Damm 2004), digits only.
    case damm
    /// ISIN (ISO 6166): two letters, nine letters or digits, a check digit; Luhn over the value
    /// with letters expanded to two digits (A=10 … Z=35). Source: ISO 6166 and ANNA.
    case isin

    /// Whether `bytes` passes.
    @inline(__always)
    package func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .nhsModulus11: return Self.nhsModulus11(bytes)
        case .luhn: return Self.luhn(bytes)
        case .iso7064Mod97_10: return Self.mod97(bytes, rotateBy: 0) == 1
        case .iban: return Self.iban(bytes)
        case .iso7064Mod11_2: return Self.mod11Base2(bytes)
        case .isbn10: return Self.isbn10(bytes)
        case .gtin: return Self.gtin(bytes)
        case .isbn: return Self.isbn(bytes)
        case .issn: return Self.issn(bytes)
        case .ukVAT: return Self.ukVAT(bytes)
        case .chi: return Self.chi(bytes)
        case .verhoeff: return Self.verhoeff(bytes)
        case .damm: return Self.damm(bytes)
        case .isin: return Self.isin(bytes)
        }
    }

    @inline(__always)
    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte &- 0x30) : nil
    }

    /// 0–9 for digits, 10–35 for upper-case letters.
    @inline(__always)
    private static func alphanumeric(_ byte: UInt8) -> Int? {
        if byte >= 0x30 && byte <= 0x39 { return Int(byte &- 0x30) }
        if byte >= 0x41 && byte <= 0x5A { return Int(byte &- 0x41) + 10 }
        return nil
    }

    /// Weights 10…2 over nine digits and the modulus-11 check digit in the tenth (NHS number, CHI).
    private static func modulus11TenDigits(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == 10 else { return false }
        var sum = 0
        for index in 0..<9 {
            guard let value = digit(bytes[index]) else { return false }
            sum += value * (10 - index)
        }
        guard let check = digit(bytes[9]) else { return false }
        let expected = (11 - sum % 11) % 11
        return expected != 10 && expected == check
    }

    static func nhsModulus11(_ bytes: UnsafeRawBufferPointer) -> Bool {
        modulus11TenDigits(bytes)
    }

    static func luhn(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2 else { return false }
        var sum = 0
        var double = false
        for index in stride(from: bytes.count - 1, through: 0, by: -1) {
            guard var value = digit(bytes[index]) else { return false }
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// The value mod 97 with letters as two digits, reading from `rotateBy` round to the start.
    /// Returns -1 for a character that is not a digit or upper-case letter.
    private static func mod97(_ bytes: UnsafeRawBufferPointer, rotateBy start: Int) -> Int {
        guard bytes.count >= 2 else { return -1 }
        // Up to 14 digits fit in the accumulator before a reduction is needed.
        var remainder: UInt64 = 0
        var pending = 0
        for step in 0..<bytes.count {
            var index = start + step
            if index >= bytes.count { index -= bytes.count }
            guard let value = alphanumeric(bytes[index]) else { return -1 }
            remainder = value < 10 ? remainder * 10 + UInt64(value) : remainder * 100 + UInt64(value)
            pending += value < 10 ? 1 : 2
            if pending >= 14 {
                remainder %= 97
                pending = 2
            }
        }
        return Int(remainder % 97)
    }

    static func iban(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 5, let length = IBANRegistry.length(bytes[0], bytes[1]), bytes.count == length,
            digit(bytes[2]) != nil, digit(bytes[3]) != nil
        else { return false }
        return mod97(bytes, rotateBy: 4) == 1
    }

    static func mod11Base2(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sum = 0
        var count = 0
        var last: UInt8 = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x2D || byte == 0x20 { continue }
            if index == bytes.count - 1 {
                last = byte
                break
            }
            guard let value = digit(byte) else { return false }
            sum = (sum + value) * 2 % 11
            count += 1
        }
        guard count >= 1 else { return false }
        let check = (12 - sum % 11) % 11
        return check == 10 ? last == 0x58 : digit(last) == check
    }

    static func isbn10(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sum = 0
        var position = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x2D || byte == 0x20 { continue }
            let value: Int
            if let number = digit(byte) {
                value = number
            } else if byte == 0x58 && index == bytes.count - 1 && position == 9 {
                value = 10
            } else {
                return false
            }
            guard position < 10 else { return false }
            sum += value * (10 - position)
            position += 1
        }
        return position == 10 && sum % 11 == 0
    }

    static func gtin(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch bytes.count {
        case 8, 12, 13, 14: break
        default: return false
        }
        var sum = 0
        for offset in 0..<bytes.count {
            guard let value = digit(bytes[bytes.count - 1 - offset]) else { return false }
            sum += offset % 2 == 1 ? value * 3 : value
        }
        return sum % 10 == 0
    }

    static func isbn(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var digits: (UInt64, UInt64) = (0, 0)  // up to 13 compacted characters, no allocation
        var count = 0
        withUnsafeMutableBytes(of: &digits) { compact in
            for byte in bytes where byte != 0x2D && byte != 0x20 {
                guard count < 16 else {
                    count = 17
                    return
                }
                compact[count] = byte
                count += 1
            }
        }
        return withUnsafeBytes(of: &digits) { compact in
            let value = UnsafeRawBufferPointer(rebasing: compact[0..<min(count, 16)])
            switch count {
            case 10: return isbn10(value)
            case 13:
                return value[0] == 0x39 && value[1] == 0x37 && (value[2] == 0x38 || value[2] == 0x39) && gtin(value)
            default: return false
            }
        }
    }

    static func issn(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sum = 0
        var position = 0
        var check = -1
        for (index, byte) in bytes.enumerated() {
            if byte == 0x2D && position == 4 && index == 4 { continue }
            if position < 7 {
                guard let value = digit(byte) else { return false }
                sum += value * (8 - position)
            } else if position == 7 {
                if let value = digit(byte) { check = value } else if byte == 0x58 { check = 10 } else { return false }
            } else {
                return false
            }
            position += 1
        }
        guard position == 8 else { return false }
        return (11 - sum % 11) % 11 == check
    }

    static func ukVAT(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        if bytes.count >= 2 && bytes[0] == 0x47 && bytes[1] == 0x42 { start = 2 }  // GB
        let body = UnsafeRawBufferPointer(rebasing: bytes[start...])
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < body.count, let next = digit(body[index]) else { return nil }
                value = value * 10 + next
            }
            return value
        }
        if body.count == 5 || body.count == 11, body[0] == 0x47 || body[0] == 0x48 {
            // GD000–GD499 and HA500–HA999; the 11-character forms GD8888nnncc / HA8888nnncc carry nnn mod 97 as cc.
            let isGD = body[0] == 0x47 && body[1] == 0x44
            let isHA = body[0] == 0x48 && body[1] == 0x41
            let offset = body.count == 11 ? 6 : 2
            guard isGD || isHA, let value = number(offset..<offset + 3), isGD ? value < 500 : value >= 500 else {
                return false
            }
            guard body.count == 11 else { return true }
            guard number(2..<6) == 8888, let check = number(9..<11) else { return false }
            return value % 97 == check
        }
        guard body.count == 9 || body.count == 12 else { return false }
        var sum = 0
        for index in 0..<body.count {
            guard let value = digit(body[index]) else { return false }
            if index < 7 {
                sum += value * (8 - index)
            } else if index == 7 {
                sum += value * 10
            } else if index == 8 {
                sum += value
            }
        }
        let remainder = sum % 97
        // The 9755 scheme (remainder 42; 55 is accepted too, as python-stdnum does) only applies from 100 0000 00.
        return remainder == 0 || (number(0..<3)! >= 100 && (remainder == 42 || remainder == 55))
    }

    static func chi(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard modulus11TenDigits(bytes) else { return false }
        let day = Int(bytes[0] &- 0x30) * 10 + Int(bytes[1] &- 0x30)
        let month = Int(bytes[2] &- 0x30) * 10 + Int(bytes[3] &- 0x30)
        let year = Int(bytes[4] &- 0x30) * 10 + Int(bytes[5] &- 0x30)
        guard (1...12).contains(month), day >= 1 else { return false }
        // The century is not written: 29 February is allowed when either 19YY or 20YY was a leap year.
        let leap = GregorianCalendar.isLeap(1900 + year) || GregorianCalendar.isLeap(2000 + year)
        let days = month == 2 ? (leap ? 29 : 28) : GregorianCalendar.daysIn(month: month, year: 2001)
        return day <= days
    }

    /// Rows of 10, flattened so a lookup is one index.
    private static let verhoeffMultiplication: [UInt8] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 0, 6, 7, 8, 9, 5, 2, 3, 4, 0, 1, 7, 8, 9, 5, 6, 3, 4, 0, 1, 2, 8, 9,
        5, 6, 7, 4, 0, 1, 2, 3, 9, 5, 6, 7, 8, 5, 9, 8, 7, 6, 0, 4, 3, 2, 1, 6, 5, 9, 8, 7, 1, 0, 4, 3, 2, 7, 6, 5, 9,
        8, 2, 1, 0, 4, 3, 8, 7, 6, 5, 9, 3, 2, 1, 0, 4, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
    ]
    /// Rows of 10, flattened so a lookup is one index.
    private static let verhoeffPermutation: [UInt8] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 5, 7, 6, 2, 8, 3, 0, 9, 4, 5, 8, 0, 3, 7, 9, 6, 1, 4, 2, 8, 9, 1, 6, 0, 4, 3,
        5, 2, 7, 9, 4, 5, 3, 1, 2, 6, 8, 7, 0, 4, 2, 8, 6, 5, 7, 3, 9, 0, 1, 2, 7, 9, 3, 8, 0, 6, 4, 1, 5, 7, 0, 4, 6,
        9, 1, 3, 2, 5, 8,
    ]

    static func verhoeff(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2 else { return false }
        var check = 0
        for offset in 0..<bytes.count {
            guard let value = digit(bytes[bytes.count - 1 - offset]) else { return false }
            check = Int(verhoeffMultiplication[check * 10 + Int(verhoeffPermutation[(offset & 7) * 10 + value])])
        }
        return check == 0
    }

    /// Rows of 10, flattened so a lookup is one index.
    private static let dammTable: [UInt8] = [
        0, 3, 1, 7, 5, 9, 8, 6, 4, 2, 7, 0, 9, 2, 1, 5, 4, 8, 6, 3, 4, 2, 0, 6, 8, 7, 1, 3, 5, 9, 1, 7, 5, 0, 9, 8, 3,
        4, 2, 6, 6, 1, 2, 3, 0, 4, 5, 9, 7, 8, 3, 6, 7, 4, 2, 0, 9, 5, 8, 1, 5, 8, 6, 9, 7, 2, 0, 1, 3, 4, 8, 9, 4, 5,
        3, 6, 2, 0, 1, 7, 9, 4, 3, 8, 6, 1, 7, 2, 0, 5, 2, 5, 8, 1, 4, 3, 6, 7, 9, 0,
    ]

    static func damm(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2 else { return false }
        var interim = 0
        for byte in bytes {
            guard let value = digit(byte) else { return false }
            interim = Int(dammTable[interim * 10 + value])
        }
        return interim == 0
    }

    static func isin(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == 12, alphanumeric(bytes[0]).map({ $0 >= 10 }) == true,
            alphanumeric(bytes[1]).map({ $0 >= 10 }) == true, digit(bytes[11]) != nil
        else { return false }
        // Luhn over the expanded digits, from the right, without building them.
        var sum = 0
        var double = false
        for index in stride(from: 11, through: 0, by: -1) {
            guard let value = alphanumeric(bytes[index]) else { return false }
            // A letter is two digits; the right one (value % 10) comes first from the right.
            var rest = value
            repeat {
                var term = rest % 10
                if double {
                    term *= 2
                    if term > 9 { term -= 9 }
                }
                sum += term
                double.toggle()
                rest /= 10
            } while rest > 0
        }
        return sum % 10 == 0
    }
}
