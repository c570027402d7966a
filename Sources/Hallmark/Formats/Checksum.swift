/// A check-digit algorithm, named in a format's `checksum:` key.
///
/// Each works on the value's bytes after the format's normalisation and pattern have passed,
/// so it may assume the characters the pattern allows.
public enum Checksum: String, Sendable, CaseIterable {
    /// NHS number: weights 10 down to 2 on the first nine digits; the check digit is
    /// `11 - (sum mod 11)`, with 11 meaning 0 and 10 meaning the number is invalid.
    /// Source: NHS Data Dictionary, "NHS Number".
    case nhsModulus11 = "nhs-modulus-11"
    /// Luhn (ISO/IEC 7812-1 Annex B): payment card numbers and many others.
    case luhn

    /// Whether `bytes` (ASCII digits, possibly among other characters the pattern allowed) passes.
    @inline(__always)
    package func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .nhsModulus11: return Self.nhsModulus11(bytes)
        case .luhn: return Self.luhn(bytes)
        }
    }

    static func nhsModulus11(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == 10 else { return false }
        var sum = 0
        for index in 0..<9 {
            let digit = Int(bytes[index]) &- 48
            guard digit >= 0 && digit <= 9 else { return false }
            sum += digit * (10 - index)
        }
        let check = Int(bytes[9]) &- 48
        guard check >= 0 && check <= 9 else { return false }
        let expected = (11 - sum % 11) % 11
        return expected != 10 && expected == check
    }

    static func luhn(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2 else { return false }
        var sum = 0
        var double = false
        for index in stride(from: bytes.count - 1, through: 0, by: -1) {
            var digit = Int(bytes[index]) &- 48
            guard digit >= 0 && digit <= 9 else { return false }
            if double {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
            double.toggle()
        }
        return sum % 10 == 0
    }
}
