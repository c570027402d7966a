#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// What a JSON value is at its top level.
package enum JSONKind: Sendable, Equatable {
    case object, array, string, number, bool, null
}

/// A JSON value as a tree, for the checks that need one (GeoJSON, TopoJSON, `jsonSchema`).
///
/// Equality is JSON's, as JSON Schema defines it for `enum`, `const` and `uniqueItems`: numbers by
/// value (`1` equals `1.0`), strings scalar by scalar (Swift's `String` would call `"é"` written as
/// one scalar equal to `"é"` written as two; JSON does not), objects whatever the order of their members.
/// The tree is not `indirect`: arrays already hold their elements out of line, so boxing every node
/// would only add an allocation per value.
package enum JSONNode: Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONNode])
    /// Members in the order written, each name once (see ``deduplicatedObject(_:)``).
    case object([(key: String, value: JSONNode)])

    /// An object from members as written: a repeated name keeps its first place and its last
    /// value, as Python's `json` (and so frictionless) reads `{"a": 1, "a": 2}`.
    package static func deduplicatedObject(_ members: [(key: String, value: JSONNode)]) -> JSONNode {
        guard members.count > 1 else { return .object(members) }
        var kept: [(key: String, value: JSONNode)] = []
        kept.reserveCapacity(members.count)
        if members.count <= 16 {
            // Small objects, the usual case: a scan costs less than hashing every name.
            outer: for member in members {
                for index in kept.indices where kept[index].key.utf8.elementsEqual(member.key.utf8) {
                    kept[index].value = member.value
                    continue outer
                }
                kept.append(member)
            }
        } else {
            // A hostile cell may hold 100,000 members: never compare every pair.
            var places: [JSONKey: Int] = [:]
            places.reserveCapacity(members.count)
            for member in members {
                if let place = places[JSONKey(member.key)] {
                    kept[place].value = member.value
                } else {
                    places[JSONKey(member.key)] = kept.count
                    kept.append(member)
                }
            }
        }
        return .object(kept)
    }

    /// The kind of value.
    package var kind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// The value of the member named `name`, when this is an object that has one.
    package subscript(name: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key.utf8.elementsEqual(name.utf8) { return member.value }
        return nil
    }

    /// Whether this is the string `text`, compared scalar by scalar.
    package func isString(_ text: String) -> Bool {
        guard case .string(let string) = self else { return false }
        return string.utf8.elementsEqual(text.utf8)
    }
}

extension JSONNode: Hashable {
    package static func == (lhs: JSONNode, rhs: JSONNode) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            if a.count <= 16 {
                return a.allSatisfy { member in rhs[member.key] == member.value }
            }
            var values: [JSONKey: JSONNode] = [:]
            values.reserveCapacity(b.count)
            for member in b { values[JSONKey(member.key)] = member.value }
            return a.allSatisfy { member in values[JSONKey(member.key)] == member.value }
        default: return false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .number(let value):
            hasher.combine(2)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(3)
            hasher.combine(JSONKey(value))
        case .array(let items):
            hasher.combine(4)
            hasher.combine(items)
        case .object(let members):
            hasher.combine(5)
            hasher.combine(members.count)
            // Members in any order hash alike, as they compare alike: a sum of one hash each.
            var sum = 0
            for member in members {
                var one = Hasher()
                one.combine(JSONKey(member.key))
                one.combine(member.value)
                sum &+= one.finalize()
            }
            hasher.combine(sum)
        }
    }
}

/// A member name compared and hashed scalar by scalar, as JSON compares names (see ``JSONNode``).
struct JSONKey: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: JSONKey, rhs: JSONKey) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// A JSON number, held exactly as written: a sign, the significant digits and a power of ten.
///
/// JSON Schema's questions are about the number written, not its nearest `Double`: `1.0` is an
/// integer, `9007199254740993` is odd, `0.3` is a multiple of `0.1`, and `0.1000000000000000001`
/// is more than `0.1`. All of these are answered from the digits. ``double`` is there for the
/// checks that read a number as frictionless does, through Python's `float` (geopoint ranges).
/// `1e999` is a number (RFC 8259 sets no range); its `double` is infinite, and it is still exactly
/// an integer, a thousand digits long.
package struct JSONNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The significant digits as ASCII, with neither leading nor trailing zeros; empty for zero.
    package private(set) var digits: [UInt8]
    /// The power of ten the digits are multiplied by: `1.5` is `15` and `-1`.
    ///
    /// An exponent written with more than 15 digits is held as `10^16` or so: such a number keeps
    /// its sign and order against every number of a realistic size, but two of them may compare equal.
    package private(set) var exponent: Int
    /// Below zero (never for zero: `-0` is `0`, as JSON Schema compares numbers by value).
    package private(set) var isNegative: Bool
    /// The nearest double, infinite beyond its range (`1e999`), as `strtod` rounds it.
    package private(set) var double: Double

    /// A number in RFC 8259's syntax, and nothing else: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    package init?(json bytes: UnsafeRawBufferPointer) {
        var scanner = JSONScanner(bytes: bytes)
        guard scanner.index < bytes.count, scanner.number(), scanner.index == bytes.count else { return nil }
        self.init(validated: bytes)
    }

    /// A number in RFC 8259's syntax.
    package init?(json text: String) {
        var text = text
        guard let number = text.withUTF8({ JSONNumber(json: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = number
    }

    /// A decimal as YAML 1.2's core schema reads a plain scalar, which JSON's syntax is a part of:
    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (so `+1`, `.5`, `1.` and `007` too).
    package init?(decimal text: String) {
        var text = text
        let number: JSONNumber? = text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            let count = bytes.count
            var index = 0
            if index < count && (bytes[index] == 0x2B || bytes[index] == 0x2D) { index += 1 }
            var mantissaDigits = 0
            while index < count && isDigit(bytes[index]) {
                index += 1
                mantissaDigits += 1
            }
            if index < count && bytes[index] == 0x2E {
                index += 1
                while index < count && isDigit(bytes[index]) {
                    index += 1
                    mantissaDigits += 1
                }
            }
            guard mantissaDigits > 0 else { return nil }
            if index < count && bytes[index] | 0x20 == 0x65 {
                index += 1
                if index < count && (bytes[index] == 0x2B || bytes[index] == 0x2D) { index += 1 }
                let start = index
                while index < count && isDigit(bytes[index]) { index += 1 }
                guard index > start else { return nil }
            }
            guard index == count else { return nil }
            return JSONNumber(validated: bytes)
        }
        guard let number else { return nil }
        self = number
    }

    /// The integer `value`.
    package init(_ value: Int) {
        var text = String(value)
        self = text.withUTF8 { JSONNumber(validated: UnsafeRawBufferPointer($0)) }
    }

    /// Reads a number whose syntax has been checked: an optional sign, digits with an optional
    /// point, an optional exponent.
    init(validated bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        var index = 0
        var negative = false
        if index < count && (bytes[index] == 0x2B || bytes[index] == 0x2D) {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var afterPoint = false
        while index < count {
            let byte = bytes[index]
            if byte == 0x2E {
                afterPoint = true
            } else if isDigit(byte) {
                if afterPoint { fractionDigits += 1 }
                if !(digits.isEmpty && byte == 0x30) { digits.append(byte) }
            } else {
                break
            }
            index += 1
        }
        var written = 0
        if index < count {  // e or E
            index += 1
            var exponentNegative = false
            if index < count && (bytes[index] == 0x2B || bytes[index] == 0x2D) {
                exponentNegative = bytes[index] == 0x2D
                index += 1
            }
            // Saturates rather than overflows: see `exponent`.
            while index < count {
                if written < 1_000_000_000_000_000 { written = written * 10 + Int(bytes[index] &- 0x30) }
                index += 1
            }
            if exponentNegative { written = -written }
        }
        var trailingZeros = 0
        while digits.last == 0x30 {
            digits.removeLast()
            trailingZeros += 1
        }
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : written - fractionDigits + trailingZeros
        self.isNegative = negative && !digits.isEmpty
        self.double = Self.strtod(bytes)
    }

    /// `strtod` of a number's text (JSON's and YAML's decimals are both in its syntax), which needs
    /// a terminated copy: on the stack for any realistic number.
    static func strtod(_ bytes: UnsafeRawBufferPointer) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for offset in 0..<bytes.count { buffer[offset] = CChar(bitPattern: bytes[offset]) }
            buffer[bytes.count] = 0
            #if canImport(Darwin)
                return Darwin.strtod(buffer.baseAddress!, nil)
            #elseif canImport(Musl)
                return Musl.strtod(buffer.baseAddress!, nil)
            #else
                return Glibc.strtod(buffer.baseAddress!, nil)
            #endif
        }
    }

    /// Zero, however it was written (`0`, `-0.0`, `0e5`).
    package var isZero: Bool { digits.isEmpty }

    /// Whether the number has no fraction, as JSON Schema's `integer` asks (`1.0` and `1e3` have none).
    package var isInteger: Bool { exponent >= 0 }

    /// The value as an `Int`, when it is an integer that fits one.
    package var integer: Int? {
        guard isInteger, digits.count + exponent <= 18 else { return nil }
        var value = 0
        for digit in digits { value = value * 10 + Int(digit &- 0x30) }
        for _ in 0..<exponent { value *= 10 }
        return isNegative ? -value : value
    }

    package static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.isNegative == rhs.isNegative && lhs.exponent == rhs.exponent && lhs.digits == rhs.digits
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(isNegative)
        hasher.combine(exponent)
        hasher.combine(digits)
    }

    package static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool { compare(lhs, rhs) < 0 }

    /// -1, 0 or 1 as `a` is less than, equal to or greater than `b`, exactly.
    package static func compare(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        let signA = a.isZero ? 0 : (a.isNegative ? -1 : 1)
        let signB = b.isZero ? 0 : (b.isNegative ? -1 : 1)
        if signA != signB { return signA < signB ? -1 : 1 }
        if signA == 0 { return 0 }
        let magnitude = compareMagnitude(a, b)
        return signA > 0 ? magnitude : -magnitude
    }

    private static func compareMagnitude(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        // A number lies in [10^(n-1), 10^n) for n = its digit count plus its exponent.
        let orderA = a.digits.count + a.exponent
        let orderB = b.digits.count + b.exponent
        if orderA != orderB { return orderA < orderB ? -1 : 1 }
        for (x, y) in zip(a.digits, b.digits) where x != y { return x < y ? -1 : 1 }
        // One's digits begin the other's: the longer has more digits, the last of them not zero.
        if a.digits.count == b.digits.count { return 0 }
        return a.digits.count < b.digits.count ? -1 : 1
    }

    /// Whether `self` is an integer multiple of `divisor` (which is not zero), exactly whenever the
    /// divisor has at most 19 significant digits, else as Python's `jsonschema` decides for floats.
    package func isMultiple(of divisor: JSONNumber) -> Bool {
        if isZero { return true }
        guard !divisor.isZero else { return false }
        // self / divisor = (digits / divisor.digits) × 10^shift.
        let shift = exponent - divisor.exponent
        // With shift < 0 the divisor's digits times a power of ten would have to divide self's,
        // which end in a digit other than zero: never.
        if shift < 0 { return false }
        guard divisor.digits.count <= 19 else {
            let quotient = double / divisor.double
            return quotient.isFinite && quotient == quotient.rounded(.towardZero)
        }
        var modulus: UInt128 = 0
        for digit in divisor.digits { modulus = modulus * 10 + UInt128(digit &- 0x30) }
        // Both factors stay below 2^64, so every product fits 128 bits.
        var remainder: UInt128 = 0
        for digit in digits { remainder = (remainder * 10 + UInt128(digit &- 0x30)) % modulus }
        var power: UInt128 = 1 % modulus
        var base: UInt128 = 10 % modulus
        var exponent = shift
        while exponent > 0 {
            if exponent & 1 == 1 { power = power * base % modulus }
            base = base * base % modulus
            exponent >>= 1
        }
        return remainder * power % modulus == 0
    }

    /// The number in plain or scientific notation, for messages: `12.5`, `-0.001`, `1e+999`.
    package var description: String {
        guard !isZero else { return "0" }
        let text = String(decoding: digits, as: UTF8.self)
        let sign = isNegative ? "-" : ""
        let order = digits.count + exponent
        if exponent >= 0 && order <= 21 {
            return sign + text + String(repeating: "0", count: exponent)
        }
        if exponent < 0 && order > 0 {
            let point = text.index(text.startIndex, offsetBy: order)
            return sign + text[..<point] + "." + text[point...]
        }
        if exponent < 0 && order > -6 {
            return sign + "0." + String(repeating: "0", count: -order) + text
        }
        let rest = digits.count > 1 ? "." + text.dropFirst() : ""
        let power = order - 1
        return sign + text.prefix(1) + rest + "e" + (power < 0 ? "-" : "+") + String(power.magnitude)
    }
}
