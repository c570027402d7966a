import Hallmark

/// A rule's expression (`rules:`, `required-when:`) as SQL, with the native engine's meaning: SQL's
/// `NULL` is the expression language's unknown, and SQL's `AND`, `OR` and `NOT` are the same
/// three-valued (Kleene) logic. A field's value is its typed value only where its cell is present
/// and valid, else `NULL`, as the native engine makes it unknown.
///
/// What the engines cannot compute as the native engine does is refused with the reason
/// (``SQLExpression/Refusal``), never approximated: `number` fields (binary floating point),
/// division (the engines round quotients their own ways), temporal values other than dates, and
/// on DuckDB the product of two decimals (its 38-digit decimals overflow on any such product).
struct SQLExpression {
    let standard: Standard
    let dialect: SQLDialect
    /// `today()`: a date literal when the run fixes one, else the engine's current date.
    let today: String?
    /// Each field's cell as its checks read it (trimmed when the field trims).
    let cell: (FieldSpec) -> String
    /// Each field's "no value" condition.
    let missing: (FieldSpec) -> String
    /// What a name in the expression stands for: a field of the row, or, in an aggregate's
    /// assertion, one of its values (an SQL column of a type, `NULL` when unknown).
    var names = Names.fields

    enum Names {
        case fields
        case values([(sql: String, type: ValueType)])
    }

    /// Why an expression stays unchecked on this engine.
    struct Refusal: Error {
        let reason: String
    }

    /// `expression` as an SQL value (a boolean for a rule's assertion or condition).
    func translate(_ expression: Expression) throws(Refusal) -> String {
        try value(expression).sql
    }

    private func value(_ expression: Expression) throws(Refusal) -> (sql: String, type: ValueType) {
        switch expression {
        case .number(let number):
            return (try numberLiteral(number), .number)
        case .text(let text):
            return (dialect.literal(text), .text)
        case .boolean(let value):
            return (value ? "true" : "false", .boolean)
        case .temporal(let key):
            return (try dateLiteral(key), .temporal(.date))
        case .today:
            return (today.map { date(ofISO: dialect.literal($0)) } ?? "CURRENT_DATE", .temporal(.date))
        case .field(let index):
            switch names {
            case .fields: return try field(standard.fields[index])
            case .values(let values): return values[index]
            }
        case .negate(let inner):
            return ("(-\(try value(inner).sql))", .number)
        case .not(let inner):
            return ("(NOT \(try value(inner).sql))", .boolean)
        case .and(let a, let b):
            return ("(\(try value(a).sql) AND \(try value(b).sql))", .boolean)
        case .or(let a, let b):
            return ("(\(try value(a).sql) OR \(try value(b).sql))", .boolean)
        case .isMissing(.field(let index), let negated):
            let condition: String
            switch names {
            case .fields: condition = missing(standard.fields[index])
            case .values(let values): condition = "(\(values[index].sql) IS NULL)"
            }
            return (negated ? "(NOT \(condition))" : condition, .boolean)
        case .isMissing:
            throw Refusal(reason: "'is missing' of anything but a field")
        case .arithmetic(let operation, let a, let b):
            return (try arithmetic(operation, a, b), .number)
        case .compare(let operation, let a, let b):
            let (left, type) = try value(a)
            let right = try value(b).sql
            let symbol = operation == .notEqual ? "<>" : operation.rawValue
            // Text orders byte by byte, as the native engine orders it, not by the database's collation.
            let collated = type == .text && dialect == .postgres && symbol != "=" && symbol != "<>"
            return (collated ? "(\(left) COLLATE \"C\" \(symbol) \(right))" : "(\(left) \(symbol) \(right))", .boolean)
        case .contained(let inner, let items, let negated):
            let list = try items.map { item throws(Refusal) in try value(item).sql }.joined(separator: ", ")
            return ("(\(try value(inner).sql) \(negated ? "NOT IN" : "IN") (\(list)))", .boolean)
        case .conditional(let test, let then, let otherwise):
            let condition = try value(test).sql
            let (a, type) = try value(then)
            let b = try value(otherwise).sql
            // An unknown condition gives unknown, not the `else` branch.
            return ("(CASE WHEN \(condition) THEN \(a) WHEN NOT \(condition) THEN \(b) END)", type)
        case .call(let function, let arguments):
            return try call(function, arguments)
        case .matches(let inner, let pattern):
            let translated: String
            do {
                translated = try SQLGrammar.regex(pattern.source)
            } catch {
                throw Refusal(
                    reason: "\(error.construct) in matches(…) has no equivalent in the engines' regular expressions")
            }
            return (dialect.matchesWhole(try value(inner).sql, translated), .boolean)
        }
    }

    /// A field's typed value: `NULL` when its cell is missing or not a valid value of its type.
    func field(_ spec: FieldSpec) throws(Refusal) -> (sql: String, type: ValueType) {
        let column = cell(spec)
        let invalid: String?
        switch SQLGrammar.typeCheck(spec.type, column: column, constraints: spec.constraints, dialect: dialect) {
        case .checked(let fails): invalid = fails
        case .unsupported(let reason): throw Refusal(reason: reason)
        }
        let absent = missing(spec) + (invalid.map { " OR " + $0 } ?? "")
        switch spec.type {
        case .string:
            return ("(CASE WHEN \(absent) THEN NULL ELSE \(column) END)", .text)
        case .integer, .decimal:
            return ("(CASE WHEN \(absent) THEN NULL ELSE \(exactNumber(column)) END)", .number)
        case .boolean:
            let spellings = { (values: [String]) in values.map(dialect.literal).joined(separator: ", ") }
            return (
                "(CASE WHEN \(missing(spec)) THEN NULL WHEN \(column) IN (\(spellings(spec.constraints.trueValues))) THEN true "
                    + "WHEN \(column) IN (\(spellings(spec.constraints.falseValues))) THEN false END)", .boolean
            )
        case .date:
            // A date in a layout is read from its ISO form.
            guard
                let iso = SQLGrammar.isoForm(column, type: .date, layout: spec.constraints.layout, dialect: dialect)?
                    .iso
            else { throw Refusal(reason: "dates in this layout are not translated to SQL yet") }
            return ("(CASE WHEN \(absent) THEN NULL ELSE \(date(ofISO: iso)) END)", .temporal(.date))
        default:
            throw Refusal(
                reason: spec.type == .number
                    ? "number fields are binary floating point in rules, which the engines do not compute alike"
                    : "\(spec.type.rawValue) values in rules are not translated to SQL yet")
        }
    }

    /// Text of the number grammar as an exact number: PostgreSQL's `numeric`; DuckDB's widest
    /// decimal, exact to 18 places as the native engine is.
    private func exactNumber(_ text: String) -> String {
        switch dialect {
        case .postgres: "CAST(\(text) AS NUMERIC)"
        case .duckdb, .spark: "CAST(\(text) AS DECIMAL(38, 18))"
        }
    }

    private func numberLiteral(_ number: ExactNumber) throws(Refusal) -> String {
        guard case .exact(_, let scale) = number else {
            throw Refusal(reason: "a number literal past 38 digits or 18 places is binary floating point")
        }
        // A whole number is an integer literal, so DuckDB can multiply a decimal by it without overflow.
        return scale == 0 ? "CAST(\(number.description) AS BIGINT)" : exactNumber(dialect.literal(number.description))
    }

    private func dateLiteral(_ key: TemporalKey) throws(Refusal) -> String {
        date(ofISO: dialect.literal(SQLGrammar.isoText(key)))
    }

    /// A date from text of the form `YYYY-MM-DD`, built from its parts rather than cast: the year
    /// 0000, which the native engine reads as the year before 1, stops PostgreSQL's cast, so there
    /// it is PostgreSQL's 1 BC (the same proleptic leap year, and the same days).
    private func date(ofISO text: String) -> String {
        let part = { (start: Int, count: Int) in dialect.integer("substr(\(text), \(start), \(count))") }
        let year = part(1, 4)
        switch dialect {
        case .postgres:
            return "make_date(CAST(CASE WHEN \(year) = 0 THEN -1 ELSE \(year) END AS INTEGER), "
                + "CAST(\(part(6, 2)) AS INTEGER), CAST(\(part(9, 2)) AS INTEGER))"
        case .duckdb:
            return "make_date(\(year), \(part(6, 2)), \(part(9, 2)))"
        case .spark:
            return "make_date(CAST(\(year) AS INT), CAST(\(part(6, 2)) AS INT), CAST(\(part(9, 2)) AS INT))"
        }
    }

    private func arithmetic(_ operation: Expression.ArithmeticOperator, _ a: Expression, _ b: Expression)
        throws(Refusal) -> String
    {
        let left = try value(a).sql
        let right = try value(b).sql
        switch operation {
        case .add, .subtract:
            return "(\(left) \(operation.rawValue) \(right))"
        case .multiply:
            if dialect != .postgres && !(Self.isWholeLiteral(a) || Self.isWholeLiteral(b)) {
                throw Refusal(reason: "the engine's decimals overflow on the product of two decimals")
            }
            return "(\(left) * \(right))"
        case .divide:
            throw Refusal(reason: "division is not translated: the engines round quotients their own ways")
        }
    }

    private static func isWholeLiteral(_ expression: Expression) -> Bool {
        if case .number(.exact(_, 0)) = expression { return true }
        return false
    }

    private func call(_ function: ExpressionFunction, _ arguments: [Expression]) throws(Refusal) -> (
        sql: String, type: ValueType
    ) {
        let values = try arguments.map { argument throws(Refusal) in try value(argument) }
        let sql = values.map(\.sql)
        // Functions of numbers give unknown for any unknown argument; LEAST and GREATEST skip NULLs.
        func unknownIfAny(_ body: String) -> String {
            "(CASE WHEN \(sql.map { "\($0) IS NULL" }.joined(separator: " OR ")) THEN NULL ELSE \(body) END)"
        }
        switch function {
        case .length:
            return (dialect.length(sql[0]), .number)
        case .lower:
            return ("translate(\(sql[0]), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')", .text)
        case .upper:
            return (dialect.asciiUppercase(sql[0]), .text)
        case .trim:
            return (dialect.trim(sql[0], characters: " \t"), .text)
        case .startsWith:
            return (
                dialect == .spark ? "startswith(\(sql[0]), \(sql[1]))" : "starts_with(\(sql[0]), \(sql[1]))", .boolean
            )
        case .endsWith:
            switch dialect {
            case .postgres: return ("(right(\(sql[0]), char_length(\(sql[1]))) = \(sql[1]))", .boolean)
            case .duckdb: return ("ends_with(\(sql[0]), \(sql[1]))", .boolean)
            case .spark: return ("endswith(\(sql[0]), \(sql[1]))", .boolean)
            }
        case .contains:
            switch dialect {
            case .postgres: return ("(strpos(\(sql[0]), \(sql[1])) > 0)", .boolean)
            case .duckdb, .spark: return ("contains(\(sql[0]), \(sql[1]))", .boolean)
            }
        case .matches:
            throw Refusal(reason: "matches(…) with a pattern that is not a literal")
        case .daysBetween:
            guard values.allSatisfy({ $0.type == .temporal(.date) }) else {
                throw Refusal(reason: "days-between of dates and times is not translated to SQL yet")
            }
            return (dialect.days(from: sql[0], to: sql[1]), .number)
        case .year, .month:
            guard values[0].type == .temporal(.date) else {
                throw Refusal(reason: "\(function.rawValue)(…) of anything but a date is not translated to SQL yet")
            }
            let part = "CAST(extract(\(function == .year ? "year" : "month") FROM \(sql[0])) AS BIGINT)"
            // PostgreSQL's 1 BC (see date(ofISO:)) is the native year 0; not GREATEST, which
            // would make an unknown year 0.
            let native = function == .year && dialect == .postgres
            return (native ? "(CASE WHEN \(part) < 0 THEN 0 ELSE \(part) END)" : part, .number)
        case .today:
            return try value(.today)
        case .date:
            guard case .temporal(let key) = arguments.first else {
                throw Refusal(reason: "date(…) of anything but a literal")
            }
            return (try dateLiteral(key), .temporal(.date))
        case .abs:
            return ("abs(\(sql[0]))", .number)
        case .round:
            // The places are a literal (checked at load), written bare: PostgreSQL's round takes an integer.
            var places = 0
            if arguments.count == 2, case .number(.exact(let mantissa, 0)) = arguments[1] { places = Int(mantissa) }
            return ("round(\(sql[0]), \(places))", .number)
        case .min:
            return (unknownIfAny("LEAST(\(sql.joined(separator: ", ")))"), .number)
        case .max:
            return (unknownIfAny("GREATEST(\(sql.joined(separator: ", ")))"), .number)
        }
    }
}
