/// The type of an expression's value, checked when the standard loads.
package enum ValueType: Sendable, Equatable {
    case number, text, boolean
    case temporal(TemporalKind)

    /// The type of a field's values in an expression.
    init(_ type: FieldType) {
        switch type {
        case .string: self = .text
        case .integer, .decimal, .number: self = .number
        case .boolean: self = .boolean
        case .date, .time, .datetime, .year, .yearmonth: self = .temporal(type.temporalKind!)
        // Compared and measured as the text they are written in.
        case .duration, .geopoint, .object, .array, .geojson, .topojson, .list, .uri, .base64: self = .text
        }
    }

    /// "a number", "text", "a date", for messages.
    var described: String {
        switch self {
        case .number: return "a number"
        case .text: return "text"
        case .boolean: return "true or false"
        case .temporal(.date): return "a date"
        case .temporal(.time): return "a time"
        case .temporal(.dateTime): return "a date and time"
        case .temporal(.year): return "a year"
        case .temporal(.yearMonth): return "a year and month"
        }
    }
}

/// The functions an expression may call.
package enum ExpressionFunction: String, Sendable, CaseIterable {
    case length, lower, upper, trim
    case startsWith = "starts-with"
    case endsWith = "ends-with"
    case contains, matches
    case daysBetween = "days-between"
    case year, month, today, date
    case abs, round, min, max
}

/// A checked expression: every name resolved to a field, every operand of the right type. The
/// engine evaluates it on each row's typed values (see the RowRules article for the semantics,
/// including missing values, which make a value unknown rather than false).
package indirect enum Expression: Sendable {
    case number(ExactNumber)
    case text(String)
    case boolean(Bool)
    case temporal(TemporalKey)
    /// A field's value, by its index in the standard.
    case field(Int)
    case today
    case negate(Expression)
    case not(Expression)
    case arithmetic(ArithmeticOperator, Expression, Expression)
    case compare(ComparisonOperator, Expression, Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case isMissing(Expression, negated: Bool)
    case contained(Expression, [Expression], negated: Bool)
    case conditional(Expression, Expression, Expression)
    case call(ExpressionFunction, [Expression])
    case matches(Expression, CompiledPattern)

    package enum ArithmeticOperator: String, Sendable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
    }

    package enum ComparisonOperator: String, Sendable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    /// The patterns of its `matches(…)` calls, in order.
    package var patterns: [CompiledPattern] {
        var found: [CompiledPattern] = []
        forEachNode { node in
            if case .matches(_, let pattern) = node { found.append(pattern) }
        }
        return found
    }

    /// The fields the expression reads, in the order it names them.
    package var fields: [Int] {
        var found: [Int] = []
        forEachNode { node in
            if case .field(let index) = node, !found.contains(index) { found.append(index) }
        }
        return found
    }

    /// Calls `body` with this expression and every expression inside it, each before its operands.
    package func forEachNode(_ body: (Expression) -> Void) {
        body(self)
        switch self {
        case .field, .number, .text, .boolean, .temporal, .today: break
        case .negate(let a), .not(let a), .isMissing(let a, _), .matches(let a, _): a.forEachNode(body)
        case .arithmetic(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b):
            a.forEachNode(body)
            b.forEachNode(body)
        case .contained(let a, let items, _):
            a.forEachNode(body)
            for item in items { item.forEachNode(body) }
        case .conditional(let a, let b, let c):
            for part in [a, b, c] { part.forEachNode(body) }
        case .call(_, let arguments):
            for argument in arguments { argument.forEachNode(body) }
        }
    }
}

/// Resolves an expression's names against the standard's fields and checks its types.
package struct ExpressionChecker {
    let fields: [FieldSpec]
    /// What the names stand for, in messages: `field`, or `value` for an aggregate's assertion.
    let noun: String

    package init(fields: [FieldSpec], noun: String = "field") {
        self.fields = fields
        self.noun = noun
    }

    /// The checked expression and its type.
    ///
    /// - Throws: ``ExpressionError`` at the offending part: an unknown field (with the nearest
    ///   name), an operand of the wrong type, a function called wrongly.
    package func check(_ syntax: ExpressionSyntax) throws(ExpressionError) -> (Expression, ValueType) {
        let at = syntax.offset
        switch syntax.kind {
        case .number(let text):
            var text = text
            let value = text.withUTF8 { ExactNumber.parse(UnsafeRawBufferPointer($0)) }
            guard let value else { throw ExpressionError("\(TextExcerpt.quoted(text)) is not a number", at: at) }
            return (.number(value), .number)
        case .text(let text): return (.text(text), .text)
        case .boolean(let value): return (.boolean(value), .boolean)
        case .name(let name):
            guard let index = fields.firstIndex(where: { $0.name == name }) else {
                throw ExpressionError("unknown \(noun) \(TextExcerpt.quoted(name))" + hint(forUnknown: name), at: at)
            }
            return (.field(index), ValueType(fields[index].type))
        case .negate(let inner):
            let (operand, type) = try check(inner)
            try require(type, .number, "'-'", at: inner.offset)
            return (.negate(operand), .number)
        case .not(let inner):
            let (operand, type) = try check(inner)
            try require(type, .boolean, "'not'", at: inner.offset)
            return (.not(operand), .boolean)
        case .binary(let symbol, let left, let right):
            return try binary(symbol, left, right, at: at)
        case .isMissing(let inner, let negated):
            guard case .name = inner.kind else {
                throw ExpressionError(
                    "'is missing' applies to a field, such as `Close Date` is missing", at: inner.offset)
            }
            return (.isMissing(try check(inner).0, negated: negated), .boolean)
        case .contained(let inner, let items, let negated):
            let (operand, type) = try check(inner)
            var checked: [Expression] = []
            for item in items {
                let (value, itemType) = try check(item)
                guard itemType == type else {
                    throw ExpressionError(
                        "the list after 'in' holds \(itemType.described), but the value before it is \(type.described)",
                        at: item.offset)
                }
                checked.append(value)
            }
            return (.contained(operand, checked, negated: negated), .boolean)
        case .conditional(let condition, let then, let otherwise):
            let (test, testType) = try check(condition)
            try require(testType, .boolean, "the condition of 'if'", at: condition.offset)
            let (a, aType) = try check(then)
            let (b, bType) = try check(otherwise)
            guard aType == bType else {
                throw ExpressionError(
                    "'then' gives \(aType.described) but 'else' gives \(bType.described); both must give the same type "
                        + "('else' takes everything after it: write (if … else …) = X to compare the result)",
                    at: otherwise.offset)
            }
            return (.conditional(test, a, b), aType)
        case .call(let name, let arguments):
            return try call(name, arguments, at: at)
        }
    }

    /// What an unknown name most likely meant: a field whose name it begins (`pop` of
    /// `pop-2020`, which needs backticks), a keyword in the wrong case, or the nearest field.
    private func hint(forUnknown name: String) -> String {
        if let longer = fields.first(where: { $0.name.count > name.count && $0.name.hasPrefix(name) }),
            let next = longer.name.dropFirst(name.count).first, !next.isLetter
        {
            return " (did you mean `\(longer.name)`? a name with spaces, '-' or other signs goes in backticks; "
                + "put spaces around '-' to subtract)"
        }
        if ExpressionLexer.keywords.contains(name.lowercased()) {
            return " ('\(name.lowercased())' is a keyword: keywords are lower case)"
        }
        if let near = Suggestion.nearest(to: name, among: fields.map(\.name)) {
            let needsQuotes = near.contains { !($0.isLetter || $0.isNumber || $0 == "_") }
            return " (did you mean " + (needsQuotes ? "`\(near)`" : TextExcerpt.quoted(near)) + "?)"
        }
        return fields.contains { $0.name.contains(" ") } ? "; a name with spaces goes in backticks: `Open Date`" : ""
    }

    private func require(_ type: ValueType, _ expected: ValueType, _ what: String, at offset: Int)
        throws(ExpressionError)
    {
        guard type == expected else {
            throw ExpressionError("\(what) needs \(expected.described), not \(type.described)", at: offset)
        }
    }

    private func binary(_ symbol: String, _ left: ExpressionSyntax, _ right: ExpressionSyntax, at offset: Int)
        throws(ExpressionError) -> (Expression, ValueType)
    {
        let (a, aType) = try check(left)
        let (b, bType) = try check(right)
        switch symbol {
        case "and", "or":
            try require(aType, .boolean, "'\(symbol)'", at: left.offset)
            try require(bType, .boolean, "'\(symbol)'", at: right.offset)
            return (symbol == "and" ? .and(a, b) : .or(a, b), .boolean)
        case "+", "-", "*", "/":
            try require(aType, .number, "'\(symbol)'", at: left.offset)
            try require(bType, .number, "'\(symbol)'", at: right.offset)
            return (.arithmetic(Expression.ArithmeticOperator(rawValue: symbol)!, a, b), .number)
        default:
            guard aType == bType else {
                throw ExpressionError("cannot compare \(aType.described) with \(bType.described)", at: offset)
            }
            let comparison = Expression.ComparisonOperator(rawValue: symbol)!
            if aType == .boolean, comparison != .equal, comparison != .notEqual {
                throw ExpressionError("true and false are compared only with = and !=", at: offset)
            }
            return (.compare(comparison, a, b), .boolean)
        }
    }

    private func call(_ name: String, _ syntax: [ExpressionSyntax], at offset: Int) throws(ExpressionError) -> (
        Expression, ValueType
    ) {
        guard let function = ExpressionFunction(rawValue: name) else {
            throw ExpressionError(
                "unknown function \(TextExcerpt.quoted(name))"
                    + Suggestion.didYouMean(name, among: ExpressionFunction.allCases.map(\.rawValue)), at: offset)
        }
        func arity(_ range: ClosedRange<Int>) throws(ExpressionError) {
            guard range.contains(syntax.count) else {
                let wanted =
                    range.lowerBound == range.upperBound
                    ? "\(range.lowerBound) \(range.lowerBound == 1 ? "argument" : "arguments")"
                    : "\(range.lowerBound) to \(range.upperBound) arguments"
                throw ExpressionError("\(name)(…) takes \(wanted), not \(syntax.count)", at: offset)
            }
        }
        // Literal arguments that shape the check itself are read now: a pattern, a date, places.
        switch function {
        case .matches:
            try arity(2...2)
            guard case .text(let source) = syntax[1].kind else {
                throw ExpressionError(
                    "matches(…)'s pattern must be written as text in double quotes", at: syntax[1].offset)
            }
            let (value, type) = try check(syntax[0])
            try require(type, .text, "matches(…)", at: syntax[0].offset)
            do {
                return (.matches(value, try CompiledPattern(source)), .boolean)
            } catch {
                throw ExpressionError(
                    "the pattern \(TextExcerpt.quoted(source)) does not compile: \(error.message) at offset \(error.offset)",
                    at: syntax[1].offset)
            }
        case .date:
            try arity(1...1)
            guard case .text(let text) = syntax[0].kind else {
                throw ExpressionError(
                    "date(…) takes a date as text, such as date(\"2024-03-31\")", at: syntax[0].offset)
            }
            var copy = text
            let key = copy.withUTF8 { ISOTemporal.date(UnsafeRawBufferPointer($0)) }
            guard let key else {
                throw ExpressionError("\(TextExcerpt.quoted(text)) is not a date as YYYY-MM-DD", at: syntax[0].offset)
            }
            return (.temporal(key), .temporal(.date))
        case .today:
            try arity(0...0)
            return (.today, .temporal(.date))
        default:
            break
        }
        var arguments: [Expression] = []
        var types: [ValueType] = []
        for argument in syntax {
            let (value, type) = try check(argument)
            arguments.append(value)
            types.append(type)
        }
        func each(_ expected: ValueType) throws(ExpressionError) {
            for (type, argument) in zip(types, syntax) {
                try require(type, expected, "\(name)(…)", at: argument.offset)
            }
        }
        switch function {
        case .length:
            try arity(1...1)
            try each(.text)
            return (.call(function, arguments), .number)
        case .lower, .upper, .trim:
            try arity(1...1)
            try each(.text)
            return (.call(function, arguments), .text)
        case .startsWith, .endsWith, .contains:
            try arity(2...2)
            try each(.text)
            return (.call(function, arguments), .boolean)
        case .abs:
            try arity(1...1)
            try each(.number)
            return (.call(function, arguments), .number)
        case .round:
            try arity(1...2)
            try each(.number)
            if syntax.count == 2 {
                guard case .number(let places) = syntax[1].kind, let count = Int(places),
                    count <= ExactNumber.maximumScale
                else {
                    throw ExpressionError(
                        "round(…)'s places must be a whole number from 0 to \(ExactNumber.maximumScale)",
                        at: syntax[1].offset)
                }
            }
            return (.call(function, arguments), .number)
        case .min, .max:
            try arity(2...16)
            try each(.number)
            return (.call(function, arguments), .number)
        case .daysBetween:
            try arity(2...2)
            for (type, argument) in zip(types, syntax) where type != .temporal(.date) && type != .temporal(.dateTime) {
                throw ExpressionError(
                    "days-between(…) needs dates or dates and times, not \(type.described)", at: argument.offset)
            }
            guard types[0] == types[1] else {
                throw ExpressionError(
                    "days-between(…) needs two values of one kind, not \(types[0].described) and \(types[1].described)",
                    at: offset)
            }
            return (.call(function, arguments), .number)
        case .year, .month:
            try arity(1...1)
            switch types[0] {
            case .temporal(.date), .temporal(.dateTime), .temporal(.yearMonth):
                break
            case .temporal(.year) where function == .year:
                break
            default:
                throw ExpressionError("\(name)(…) needs a date, not \(types[0].described)", at: syntax[0].offset)
            }
            return (.call(function, arguments), .number)
        case .matches, .date, .today:
            fatalError("handled above")
        }
    }
}
