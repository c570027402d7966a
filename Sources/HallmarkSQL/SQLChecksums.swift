import Hallmark

/// Check-digit algorithms as SQL conditions, each passing exactly the values
/// ``Checksum``'s native implementation passes.
///
/// A character's value comes from its place in a string of digits and letters (`position`), never
/// from a cast, so no text makes the engine stop the query: DuckDB may compute a subquery for
/// rows a `CASE` then discards. Sums over a value's characters run for any length
/// (``SQLDialect/sum(from:_:)``: a subquery over `generate_series`, Spark's `aggregate` over `sequence`).
enum SQLChecksums {
    /// Whether `value` passes `checksum`, as SQL; `nil` for the checksums not translated, Verhoeff
    /// and Damm, which are table-driven folds, not sums.
    static func check(_ checksum: Checksum, value: String, dialect: SQLDialect) -> String? {
        switch checksum {
        case .nhsModulus11:
            return modulus11(value, dialect: dialect)
        case .chi:
            let number = { (place: Int) in dialect.integer("substr(\(value), \(place), 2)") }
            let (day, month, year) = (number(1), number(3), number(5))
            // The century is not written: 29 February is valid when 19YY or 20YY was a leap year,
            // which is when YY is a multiple of 4 (2000 was a leap year).
            let days =
                "(CASE WHEN \(month) = 2 THEN (CASE WHEN \(year) % 4 = 0 THEN 29 ELSE 28 END) "
                + "WHEN \(month) IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
            return "(CASE WHEN \(modulus11(value, dialect: dialect)) THEN \(month) BETWEEN 1 AND 12 "
                + "AND \(day) >= 1 AND \(day) <= \(days) ELSE false END)"
        case .luhn:
            return "(\(dialect.matchesWhole(value, "[0-9]{2,}")) AND \(luhnSum(value, dialect: dialect)) % 10 = 0)"
        case .gtin:
            // Weights 3 and 1 alternating from the right, the check digit weighing 1.
            let sum = sum(over: value, dialect: dialect) { place in
                "\(digit(value, place)) * (CASE WHEN (\(dialect.length(value)) - \(place)) % 2 = 1 THEN 3 ELSE 1 END)"
            }
            return "(\(dialect.matchesWhole(value, "[0-9]{8}|[0-9]{12,14}")) AND \(sum) % 10 = 0)"
        case .iso7064Mod97_10:
            return
                "(\(dialect.matchesWhole(value, "[0-9A-Z]{2,}")) AND \(mod97(expanded(value), dialect: dialect)) = 1)"
        case .iban:
            let lengths = IBANRegistry.countries.map { "WHEN \(dialect.literal($0.code)) THEN \($0.length)" }
            let registered = "(CASE substr(\(value), 1, 2) \(lengths.joined(separator: " ")) END)"
            // The first four characters move to the end before MOD 97-10.
            let rotated = "(substr(\(value), 5) || substr(\(value), 1, 4))"
            return "(\(dialect.matchesWhole(value, "[A-Z]{2}[0-9]{2}[0-9A-Z]+")) AND \(dialect.length(value)) = "
                + "\(registered) AND \(mod97(expanded(rotated), dialect: dialect)) = 1)"
        case .isin:
            // Luhn over the value with each letter written as its two digits.
            return "(\(dialect.matchesWhole(value, "[A-Z]{2}[0-9A-Z]{9}[0-9]")) "
                + "AND \(luhnSum(expanded(value), dialect: dialect)) % 10 = 0)"
        case .isbn10:
            // Hyphens and spaces anywhere; an X (10) only as the value's very last character.
            let compact = compacted(value)
            return "(\(isbn10(compact, dialect: dialect)) AND (substr(\(compact), 10, 1) <> 'X' "
                + "OR substr(\(value), \(dialect.length(value)), 1) = 'X'))"
        case .isbn:
            // Ten characters compacted are an ISBN-10; thirteen, an EAN-13 starting 978 or 979.
            let compact = compacted(value)
            return "(\(isbn10(compact, dialect: dialect)) OR (\(dialect.matchesWhole(compact, "97[89][0-9]{10}")) "
                + "AND \(fixedSum(compact, places: 13) { $0 % 2 == 0 ? 3 : 1 }) % 10 = 0))"
        case .issn:
            // Seven digits weighted 8 down to 2; the eighth is 11 − the sum mod 11, 10 written X.
            let compact = "replace(\(value), '-', '')"
            let sum = fixedSum(compact, places: 7) { 9 - $0 }
            return "(\(dialect.matchesWhole(value, "[0-9]{4}-?[0-9]{3}[0-9X]")) "
                + "AND (11 - \(sum) % 11) % 11 = \(digitOrX(compact, "8")))"
        case .iso7064Mod11_2:
            // Every character but the last (hyphens and spaces skipped) a digit, folded as
            // `(sum + d) × 2 mod 11`, which is Σ d × 2^(places from the end) mod 11; the last is
            // the check, 10 written X.
            let body = compacted("substr(\(value), 1, \(dialect.length(value)) - 1)")
            let powers = Array(sequence(first: 1) { $0 * 2 % 11 }.prefix(10))
            let sum = sum(over: body, dialect: dialect) { place in
                "\(digit(body, place)) * \(dialect.element(of: powers, at: "(\(dialect.length(body)) - \(place) + 1) % 10 + 1"))"
            }
            let last = "substr(\(value), \(dialect.length(value)), 1)"
            return "(\(dialect.matchesWhole(value, "[0-9 -]*[0-9][0-9 -]*[0-9X]")) "
                + "AND (12 - \(sum) % 11) % 11 = \(digitOrX(last, "1")))"
        case .ukVAT:
            return ukVAT(value, dialect: dialect)
        case .verhoeff, .damm:
            return nil
        }
    }

    /// A UK VAT number, optionally after `GB`: a government department (`GD` 000–499) or health
    /// authority (`HA` 500–999), whose eleven-character `GD8888nnncc` form carries `nnn mod 97` as
    /// `cc`; or nine or twelve digits whose weighted sum mod 97 is 0, or, from 100 0000 00, 42 or 55.
    private static func ukVAT(_ value: String, dialect: SQLDialect) -> String {
        let body = "(CASE WHEN substr(\(value), 1, 2) = 'GB' THEN substr(\(value), 3) ELSE \(value) END)"
        let length = dialect.length(body)
        let number = { (first: String, count: Int) in
            (0..<count).map { "\(digit(body, "\(first) + \($0)")) * \(pow10(count - 1 - $0))" }
                .joined(separator: " + ")
        }
        let department = "(\(number("(CASE WHEN \(length) = 11 THEN 7 ELSE 3 END)", 3)))"
        let government =
            "(\(dialect.matchesWhole(body, "(GD|HA)[0-9]{3}|(GD|HA)8888[0-9]{5}")) "
            + "AND (CASE WHEN substr(\(body), 1, 2) = 'GD' THEN \(department) < 500 ELSE \(department) >= 500 END) "
            + "AND (\(length) = 5 OR \(department) % 97 = (\(number("10", 2)))))"
        let weights = [8, 7, 6, 5, 4, 3, 2, 10, 1]
        let sum =
            "(" + weights.enumerated().map { "\(digit(body, "\($0 + 1)")) * \($1)" }.joined(separator: " + ") + ")"
        let digits =
            "(\(dialect.matchesWhole(body, "[0-9]{9}|[0-9]{12}")) AND (\(sum) % 97 = 0 "
            + "OR ((\(number("1", 3))) >= 100 AND \(sum) % 97 IN (42, 55))))"
        return "(\(government) OR \(digits))"
    }

    private static func pow10(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }

    /// `value` without hyphens and spaces.
    private static func compacted(_ value: String) -> String {
        "replace(replace(\(value), '-', ''), ' ', '')"
    }

    /// ISBN-10 on ten compacted characters: weights 10 down to 1, the last an X for 10, the sum
    /// divisible by 11.
    private static func isbn10(_ compact: String, dialect: SQLDialect) -> String {
        "(\(dialect.matchesWhole(compact, "[0-9]{9}[0-9X]")) AND \(fixedSum(compact, places: 10) { 11 - $0 }) % 11 = 0)"
    }

    /// `Σ weight(place) × value(place)` over the first `places` characters, a digit or X (10) each.
    private static func fixedSum(_ value: String, places: Int, weight: (Int) -> Int) -> String {
        "(" + (1...places).map { "\(digitOrX(value, String($0))) * \(weight($0))" }.joined(separator: " + ") + ")"
    }

    /// The digit at 1-based `place` of `value`, 10 for an X; -1 for any other character.
    private static func digitOrX(_ value: String, _ place: String) -> String {
        "(\(SQLDialect.position(of: "substr(\(value), \(place), 1)", in: "'0123456789X'")) - 1)"
    }

    /// Ten digits; the first nine weighted 10 down to 2; 11 − the sum mod 11 (11 is 0, 10 is no
    /// valid number) is the tenth.
    private static func modulus11(_ value: String, dialect: SQLDialect) -> String {
        let digit = { (place: Int) in dialect.integer("substr(\(value), \(place), 1)") }
        let sum = (1...9).map { "\(digit($0)) * \(11 - $0)" }.joined(separator: " + ")
        let expected = "((11 - (\(sum)) % 11) % 11)"
        return
            "(CASE WHEN \(dialect.matchesWhole(value, "[0-9]{10}")) THEN \(expected) <> 10 AND \(expected) = \(digit(10)) ELSE false END)"
    }

    /// The digit at 1-based `place` of `value` (a column or an SQL integer); -1 for any other character.
    private static func digit(_ value: String, _ place: String) -> String {
        "(\(SQLDialect.position(of: "substr(\(value), \(place), 1)", in: "'0123456789'")) - 1)"
    }

    /// `Σ term(place)` for each 1-based place of `value`'s characters.
    private static func sum(over value: String, dialect: SQLDialect, _ term: (String) -> String) -> String {
        dialect.sum(from: dialect.length(value), term)
    }

    /// Luhn's sum: every second digit from the right doubled, less 9 when it passes 9.
    private static func luhnSum(_ value: String, dialect: SQLDialect) -> String {
        sum(over: value, dialect: dialect) { place in
            let digit = digit(value, place)
            return "(CASE WHEN (\(dialect.length(value)) - \(place)) % 2 = 1 "
                + "THEN (CASE WHEN \(digit) > 4 THEN 2 * \(digit) - 9 ELSE 2 * \(digit) END) ELSE \(digit) END)"
        }
    }

    /// `value` with each ASCII capital written as its two digits, A = 10 … Z = 35.
    private static func expanded(_ value: String) -> String {
        var text = value
        for (offset, letter) in "ABCDEFGHIJKLMNOPQRSTUVWXYZ".enumerated() {
            text = "replace(\(text), '\(letter)', '\(offset + 10)')"
        }
        return text
    }

    /// A string of digits as a number mod 97: `Σ digit × 10^(places after it)`, each power mod 97
    /// from a table (10 has order 96 mod 97), so no value is too long for the engine's integers.
    private static func mod97(_ digits: String, dialect: SQLDialect) -> String {
        let powers = Array(sequence(first: 1) { $0 * 10 % 97 }.prefix(96))
        let sum = sum(over: digits, dialect: dialect) { place in
            "\(digit(digits, place)) * \(dialect.element(of: powers, at: "(\(dialect.length(digits)) - \(place)) % 96 + 1"))"
        }
        return "(\(sum) % 97)"
    }
}
