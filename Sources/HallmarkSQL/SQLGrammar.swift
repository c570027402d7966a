import Hallmark

/// The native engine's value grammars as SQL conditions on a column's text: the text is checked
/// with the grammar first, and only then cast, so no engine's lenient cast (`TRY_CAST('3.5' AS
/// INTEGER)` is 4 in DuckDB; PostgreSQL reads `20210228` as a date and stops the query at
/// `2021-02-30`) decides what is valid.
enum SQLGrammar {
    enum TypeCheck {
        /// The condition under which a present cell fails the type (`nil`: any text passes).
        case checked(String?)
        case unsupported(String)
    }

    static let integer = "[+-]?[0-9]+"
    static let decimal = "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)"
    static let number = "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?"
    static let isoDate = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
    static let isoYearMonth = "[0-9]{4}-[0-9]{2}"
    static let isoYear = "[0-9]{4}"

    static func typeCheck(
        _ type: FieldType, column: String, constraints: FieldConstraints, dialect: SQLDialect
    ) -> TypeCheck {
        if constraints.numberSyntax != nil {
            return .unsupported("numbers written with group-char, currency and the like are not translated to SQL yet")
        }
        if let layout = constraints.layout {
            guard let form = isoForm(column, type: type, layout: layout, dialect: dialect), let shape = form.shape,
                case .checked(let fails?) = isoTypeCheck(
                    type, column: form.iso, constraints: constraints, dialect: dialect)
            else {
                return .unsupported(
                    "layouts other than fixed-width digits (YYYY, YY, MM, DD) and literals are not translated to SQL yet"
                )
            }
            // Parts are read only from text of the layout's shape.
            return .checked("(CASE WHEN NOT \(shape) THEN true ELSE \(fails) END)")
        }
        return isoTypeCheck(type, column: column, constraints: constraints, dialect: dialect)
    }

    /// A temporal field's value as ISO text (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`), and the condition
    /// under which a present cell has its layout's shape: the column itself (and no condition)
    /// without a layout. `nil` for a layout whose values have several spellings or that is not
    /// all ASCII digits and literals (month names, one-or-two-digit parts, `any`, times).
    static func isoForm(_ column: String, type: FieldType, layout: TemporalLayout?, dialect: SQLDialect) -> (
        shape: String?, iso: String
    )? {
        guard let layout else { return (nil, column) }
        guard [.date, .yearmonth, .year].contains(type), layout.spellsOneWay else { return nil }
        var pattern = ""
        var place = 1
        var year: String?
        var month: String?
        var day: String?
        func digits(_ count: Int) -> String {
            defer { place += count }
            pattern += "[0-9]{\(count)}"
            return "substr(\(column), \(place), \(count))"
        }
        for token in layout.tokens {
            switch token {
            case .year: year = digits(4)
            case .twoDigitYear:
                // As POSIX %y reads it: 69–99 are 1969–1999, 00–68 are 2000–2068.
                let short = digits(2)
                year = "(CASE WHEN \(short) >= '69' THEN '19' ELSE '20' END || \(short))"
            case .month: month = digits(2)
            case .day: day = digits(2)
            case .literal(let byte) where byte >= 0x20 && byte < 0x7F:
                let character = Character(UnicodeScalar(byte))
                pattern += (metacharacters.contains(character) ? "\\" : "") + String(character)
                place += 1
            default: return nil
            }
        }
        let shape = dialect.matchesWhole(column, pattern)
        switch (type, year, month, day) {
        case (.date, let year?, let month?, let day?): return (shape, "(\(year) || '-' || \(month) || '-' || \(day))")
        case (.yearmonth, let year?, let month?, _): return (shape, "(\(year) || '-' || \(month))")
        case (.year, let year?, _, _): return (shape, year)
        default: return nil
        }
    }

    /// ``typeCheck(_:column:constraints:dialect:)`` of text in the type's ISO form.
    private static func isoTypeCheck(
        _ type: FieldType, column: String, constraints: FieldConstraints, dialect: SQLDialect
    ) -> TypeCheck {
        func not(_ pattern: String) -> String { "NOT " + dialect.matchesWhole(column, pattern) }
        switch type {
        case .string: return .checked(nil)
        case .integer:
            // The grammar, then 64 bits: at most 19 digits after any sign and leading zeros, and
            // 19 digits compared as text with the largest.
            let digits = dialect.trimLeading(dialect.trimLeading(column, characters: "+-"), characters: "0")
            let limit = "(CASE WHEN \(column) LIKE '-%' THEN '9223372036854775808' ELSE '9223372036854775807' END)"
            return .checked(
                "\(not(integer)) OR \(dialect.length(digits)) > 19 OR (\(dialect.length(digits)) = 19 AND \(digits) > \(limit))"
            )
        case .decimal: return .checked(not(decimal))
        case .number:
            return .checked("\(not(number)) AND \(column) NOT IN ('NaN', 'INF', '+INF', '-INF')")
        case .boolean:
            let spellings = (constraints.trueValues + constraints.falseValues).map(dialect.literal).joined(
                separator: ", ")
            return .checked("\(column) NOT IN (\(spellings))")
        case .date:
            let year = dialect.integer("substr(\(column), 1, 4)")
            let month = dialect.integer("substr(\(column), 6, 2)")
            let day = dialect.integer("substr(\(column), 9, 2)")
            // In a CASE, so the casts see only text of the date's shape: an OR would cast `x` too
            // (DuckDB evaluates every operand) and stop the query.
            return .checked(
                "(CASE WHEN \(not(isoDate)) THEN true ELSE \(month) NOT BETWEEN 1 AND 12 OR \(day) < 1 "
                    + "OR \(day) > \(daysInMonth(year: year, month: month)) END)"
            )
        case .yearmonth:
            let month = dialect.integer("substr(\(column), 6, 2)")
            return .checked("(CASE WHEN \(not(isoYearMonth)) THEN true ELSE \(month) NOT BETWEEN 1 AND 12 END)")
        case .year: return .checked(not(isoYear))
        default:
            return .unsupported("\(type.rawValue) values are not translated to SQL yet")
        }
    }

    /// An integer's or decimal's text (already of the type's grammar) in one spelling per value,
    /// the native engine's key for it: no `+`, no leading zeros, no trailing zeros after the point
    /// (nor the point itself), and zero unsigned, so `+01.50` and `1.5` are one value and `-0` is `0`.
    /// Text, not a cast, so any number of digits compares exactly.
    static func canonicalNumber(_ column: String, dialect: SQLDialect) -> String {
        let body = dialect.trimLeading(column, characters: "+-")
        let point = SQLDialect.position(of: "'.'", in: body)
        let digits = dialect.trimLeading(
            "CASE WHEN \(point) = 0 THEN \(body) ELSE substr(\(body), 1, \(point) - 1) END", characters: "0")
        let whole = "(CASE WHEN \(digits) = '' THEN '0' ELSE \(digits) END)"
        let fraction =
            "(CASE WHEN \(point) = 0 THEN '' ELSE \(dialect.trimTrailing("substr(\(body), \(point) + 1)", characters: "0")) END)"
        let sign = "(CASE WHEN \(column) LIKE '-%' AND NOT (\(whole) = '0' AND \(fraction) = '') THEN '-' ELSE '' END)"
        return "(\(sign) || \(whole) || (CASE WHEN \(fraction) = '' THEN '' ELSE '.' || \(fraction) END))"
    }

    /// ``canonicalNumber(_:)`` of a number's text, for the standard's own values.
    static func canonicalNumber(text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = text.drop { $0 == "+" || $0 == "-" }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(parts[0].drop { $0 == "0" })
        let fraction = parts.count > 1 ? String(parts[1].reversed().drop { $0 == "0" }.reversed()) : ""
        let digits = (whole.isEmpty ? "0" : whole) + (fraction.isEmpty ? "" : "." + fraction)
        return (negative && digits != "0" ? "-" : "") + digits
    }

    /// A date as `YYYY-MM-DD` text.
    static func isoText(_ key: TemporalKey) -> String {
        var text: [UInt8] = []
        key.appendISO(.date, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Days in a month of the Gregorian calendar, as SQL.
    private static func daysInMonth(year: String, month: String) -> String {
        let leap = "((\(year)) % 4 = 0 AND ((\(year)) % 100 <> 0 OR (\(year)) % 400 = 0))"
        return "(CASE WHEN \(month) = 2 THEN (CASE WHEN \(leap) THEN 29 ELSE 28 END) "
            + "WHEN \(month) IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
    }

    /// The condition under which a cell of the type is below (or above) `bound`; `nil` when bounds
    /// on the type are not translated.
    static func boundCheck(
        _ type: FieldType, column: String, bound: FieldConstraints.Bound, below: Bool, dialect: SQLDialect
    ) -> String? {
        let comparison = below ? (bound.isExclusive ? "<=" : "<") : (bound.isExclusive ? ">=" : ">")
        switch type {
        case .integer, .decimal:
            return "\(dialect.number(column)) \(comparison) \(dialect.number(dialect.literal(bound.text)))"
        case .number:
            // NaN is within no range; infinities compare as the engines order them.
            guard let value = Double(bound.text), value.isFinite else { return nil }
            return
                "(\(column) = 'NaN' OR \(dialect.number(column)) \(comparison) \(dialect.number(dialect.literal(bound.text))))"
        case .date, .yearmonth, .year:
            // ISO text orders as the dates do; the bound is written in the same form, whatever
            // form the standard wrote it in (its layout, or ISO).
            guard case .temporal(let key) = bound.value, let kind = type.temporalKind else { return nil }
            var text: [UInt8] = []
            key.appendISO(kind, to: &text)
            return "\(column) \(comparison) \(dialect.literal(String(decoding: text, as: UTF8.self)))"
        default: return nil
        }
    }

    /// The condition under which a present cell is not a valid value of an identifier `format`:
    /// normalised as the format says, then its pattern, then its checksum; `nil` when the pattern
    /// or checksum is not translated.
    static func formatCheck(_ format: IdentifierFormat, column: String, dialect: SQLDialect) -> String? {
        var value = column
        for step in format.normalizations {
            switch step {
            case .stripSpaces: value = "replace(\(value), ' ', '')"
            case .uppercase: value = dialect.asciiUppercase(value)
            case .trim: value = dialect.trim(value, characters: " \t")
            }
        }
        var conditions: [String] = []
        if let source = format.patternSource {
            guard let pattern = try? regex(source) else { return nil }
            conditions.append(dialect.matchesWhole(value, pattern))
        }
        if let checksum = format.checksum {
            guard let valid = SQLChecksums.check(checksum, value: value, dialect: dialect) else { return nil }
            conditions.append(valid)
        }
        guard !conditions.isEmpty else { return nil }
        // In a CASE, so a checksum's casts run only on text its own grammar accepted.
        return "NOT (CASE WHEN " + conditions.joined(separator: " THEN (CASE WHEN ") + " THEN true"
            + String(repeating: " ELSE false END)", count: conditions.count - 1) + " ELSE false END)"
    }

    /// The characters a regular expression gives a meaning, which a backslash makes literal in
    /// every engine's syntax as in PCRE2's.
    private static let metacharacters: Set<Character> = Set(".\\^$|?*+()[]{}-/")

    /// A PCRE2 pattern rewritten so that every engine reads it as PCRE2 does (PostgreSQL's advanced
    /// regular expressions, DuckDB's RE2, Java's for Spark); ``Untranslatable`` names what cannot be:
    /// lookaround, backreferences, possessive or atomic groups, options, Unicode properties. `\d`, `\w` and `\s`
    /// become the ASCII classes PCRE2 means (PostgreSQL's follow the locale), and `.` any character
    /// but a line feed (PostgreSQL's `.` matches one).
    static func regex(_ pattern: String) throws(Untranslatable) -> String {
        let shorthands: [Character: String] = ["d": "0-9", "w": "A-Za-z0-9_", "s": "\\t\\n\\x0B\\f\\r "]
        var out = ""
        var inBracket = false
        let characters = Array(pattern)
        var index = 0
        func next(_ offset: Int = 1) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        while index < characters.count {
            let character = characters[index]
            if character.unicodeScalars.first!.value < 0x20 { throw Untranslatable("a control character") }
            switch character {
            case "\\":
                guard let escaped = next() else { throw Untranslatable("a backslash at the end") }
                index += 1
                if let set = shorthands[escaped] {
                    out += inBracket ? set : "[" + set + "]"
                } else if let set = shorthands[Character(escaped.lowercased())], !inBracket {
                    out += "[^" + set + "]"  // \D, \W, \S
                } else if metacharacters.contains(escaped) {
                    out += "\\" + String(escaped)
                } else {
                    throw Untranslatable("the escape \\\(escaped)")
                }
            case "[" where !inBracket:
                inBracket = true
                out.append(character)
                // A `]` or `^]` at the start is part of the set.
                if next() == "^" {
                    out.append("^")
                    index += 1
                }
                if next() == "]" {
                    out += "\\]"
                    index += 1
                }
            case "[" where next() == ":":
                // POSIX classes inside a set: their reach differs by engine and locale.
                throw Untranslatable("a POSIX class [:…:]")
            case "]" where inBracket:
                inBracket = false
                out.append(character)
            case "." where !inBracket:
                out += "[^\\n]"
            case "(" where !inBracket:
                // A group must be plain or `(?:`; `(?=`, `(?<`, `(?>`, `(?i)` and the like are not.
                if next() == "?" && next(2) != ":" {
                    throw Untranslatable("the group (?\(next(2).map(String.init) ?? "")…")
                }
                out.append(character)
            case "+", "*", "?", "}":
                // Possessive quantifiers (`a++`) are PCRE's alone.
                if !inBracket && next() == "+" { throw Untranslatable("the possessive quantifier \(character)+") }
                out.append(character)
            default:
                out.append(character)
            }
            index += 1
        }
        if inBracket { throw Untranslatable("a [ that is not closed") }
        return out
    }

    /// What in a pattern has no equivalent in the engines' regular expressions.
    struct Untranslatable: Error {
        /// The construct, as the pattern writes it: `the group (?=…`, `the escape \p`.
        let construct: String
        init(_ construct: String) { self.construct = construct }
    }
}
