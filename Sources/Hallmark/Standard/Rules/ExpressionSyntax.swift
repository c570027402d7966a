/// A rule's expression as written, before names are resolved and types checked: the parser's
/// output. Each node keeps its offset in the expression's text (in Unicode scalars), so a
/// mistake is reported at its own column.
package struct ExpressionSyntax: Sendable {
    package indirect enum Kind: Sendable {
        case number(String)
        case text(String)
        case boolean(Bool)
        case name(String)
        case negate(ExpressionSyntax)
        case not(ExpressionSyntax)
        case binary(String, ExpressionSyntax, ExpressionSyntax)
        case isMissing(ExpressionSyntax, negated: Bool)
        case contained(ExpressionSyntax, [ExpressionSyntax], negated: Bool)
        case conditional(ExpressionSyntax, ExpressionSyntax, ExpressionSyntax)
        case call(String, [ExpressionSyntax])
    }

    package var kind: Kind
    package var offset: Int

    /// The most tokens an expression may have: checking and evaluating recurse as deep as the
    /// expression, so a hostile standard must not be able to make that arbitrarily deep.
    package static let maximumTokens = 512
    /// The deepest nesting of parentheses and calls.
    package static let maximumNesting = 32

    /// Parses an expression (see the RowRules article for the grammar).
    ///
    /// - Throws: ``ExpressionError`` at the offset where the text stops making sense.
    package static func parse(_ text: String) throws(ExpressionError) -> ExpressionSyntax {
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokens(of: text))
        let expression = try parser.expression()
        guard parser.atEnd else {
            var message = "\(parser.current.description) cannot follow a complete expression"
            if case .name(let name) = parser.current.kind, ExpressionLexer.keywords.contains(name.lowercased()) {
                message += " ('\(name.lowercased())' is a keyword: keywords are lower case)"
            }
            throw ExpressionError(message, at: parser.current.offset)
        }
        return expression
    }
}

/// A mistake in an expression: what, and where (an offset in Unicode scalars from its start).
package struct ExpressionError: Error, Sendable {
    package var message: String
    package var offset: Int

    package init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}

/// One token of an expression.
struct ExpressionToken: Sendable {
    enum Kind: Sendable, Equatable {
        case number(String)
        case text(String)
        case name(String)
        case word(String)
        case symbol(String)
        case end
    }
    var kind: Kind
    var offset: Int

    var description: String {
        switch kind {
        case .number(let text): return "the number \(text)"
        case .text(let text): return "the text \"\(TextExcerpt.excerpt(text, limit: 30))\""
        case .name(let name): return "the name \(TextExcerpt.quoted(name))"
        case .word(let word): return "'\(word)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "the end of the expression"
        }
    }
}

/// Splits an expression into tokens. Names are letters, digits, `_` and `-` between letters
/// (`starts-with`), or anything in backticks (`` `Open Date` ``); text is in double quotes, with
/// `\"` and `\\` inside.
enum ExpressionLexer {
    static let keywords: Set<String> = [
        "and", "or", "not", "in", "is", "missing", "if", "then", "else", "true", "false",
    ]

    static func tokens(of text: String) throws(ExpressionError) -> [ExpressionToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [ExpressionToken] = []
        var index = 0
        func isNameStart(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || s == "_" }
        func isNamePart(_ s: Unicode.Scalar) -> Bool { isNameStart(s) || ("0"..."9").contains(s) }
        while index < scalars.count {
            let scalar = scalars[index]
            let start = index
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                index += 1
                continue
            }
            if ("0"..."9").contains(scalar)
                || (scalar == "." && index + 1 < scalars.count && ("0"..."9").contains(scalars[index + 1]))
            {
                while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." {
                    index += 1
                }
                let number = String(String.UnicodeScalarView(scalars[start..<index]))
                guard number.filter({ $0 == "." }).count <= 1 else {
                    throw ExpressionError("\(TextExcerpt.quoted(number)) is not a number", at: start)
                }
                tokens.append(ExpressionToken(kind: .number(number), offset: start))
            } else if scalar == "\"" {
                index += 1
                var text = String.UnicodeScalarView()
                while true {
                    guard index < scalars.count else {
                        throw ExpressionError("this text is never closed with \"", at: start)
                    }
                    let next = scalars[index]
                    if next == "\"" { break }
                    if next == "\\" {
                        // Only \" and \\: an unknown escape such as \n would silently be two characters.
                        guard index + 1 < scalars.count, scalars[index + 1] == "\"" || scalars[index + 1] == "\\" else {
                            throw ExpressionError(
                                "text may escape only \\\" and \\\\; write other characters as they are", at: index)
                        }
                        index += 1
                    }
                    text.append(scalars[index])
                    index += 1
                }
                index += 1
                tokens.append(ExpressionToken(kind: .text(String(text)), offset: start))
            } else if scalar == "`" {
                index += 1
                guard let close = scalars[index...].firstIndex(of: "`") else {
                    throw ExpressionError("this name is never closed with `", at: start)
                }
                tokens.append(
                    ExpressionToken(
                        kind: .name(String(String.UnicodeScalarView(scalars[index..<close]))), offset: start))
                index = close + 1
            } else if isNameStart(scalar) {
                while index < scalars.count {
                    if isNamePart(scalars[index]) {
                        index += 1
                    } else if scalars[index] == "-", index + 1 < scalars.count, isNameStart(scalars[index + 1]) {
                        index += 1
                    } else {
                        break
                    }
                }
                let word = String(String.UnicodeScalarView(scalars[start..<index]))
                tokens.append(ExpressionToken(kind: keywords.contains(word) ? .word(word) : .name(word), offset: start))
            } else {
                let two =
                    index + 1 < scalars.count ? String(String.UnicodeScalarView([scalar, scalars[index + 1]])) : ""
                if ["<=", ">=", "!=", "<>", "=="].contains(two) {
                    tokens.append(
                        ExpressionToken(kind: .symbol(two == "<>" ? "!=" : two == "==" ? "=" : two), offset: start))
                    index += 2
                } else if "+-*/()[],=<>".unicodeScalars.contains(scalar) {
                    tokens.append(ExpressionToken(kind: .symbol(String(scalar)), offset: start))
                    index += 1
                } else {
                    throw ExpressionError(
                        "unexpected character \(TextExcerpt.quoted(String(scalar))); names with spaces or other characters go in backticks: `Open Date`",
                        at: start)
                }
            }
        }
        tokens.append(ExpressionToken(kind: .end, offset: scalars.count))
        if tokens.count > ExpressionSyntax.maximumTokens {
            throw ExpressionError(
                "the expression has more than \(ExpressionSyntax.maximumTokens) parts; split it into several rules",
                at: tokens[ExpressionSyntax.maximumTokens].offset)
        }
        return tokens
    }
}

/// Recursive descent, lowest precedence first: `if … then … else …`, `or`, `and`, `not`,
/// comparisons (`=` `!=` `<` `<=` `>` `>=`, `in [...]`, `is [not] missing`), `+ -`, `* /`, unary
/// minus, then literals, names, calls and parentheses.
struct ExpressionParser {
    let tokens: [ExpressionToken]
    var position = 0
    /// Parentheses and calls open at this point.
    var nesting = 0

    mutating func enter(at offset: Int) throws(ExpressionError) {
        nesting += 1
        if nesting > ExpressionSyntax.maximumNesting {
            throw ExpressionError(
                "the expression nests more than \(ExpressionSyntax.maximumNesting) parentheses or calls deep",
                at: offset)
        }
    }

    var current: ExpressionToken { tokens[position] }
    var atEnd: Bool { current.kind == .end }

    mutating func advance() -> ExpressionToken {
        defer { if position < tokens.count - 1 { position += 1 } }
        return tokens[position]
    }

    mutating func take(word: String) -> Bool {
        if current.kind == .word(word) {
            position += 1
            return true
        }
        return false
    }

    mutating func take(symbol: String) -> Bool {
        if current.kind == .symbol(symbol) {
            position += 1
            return true
        }
        return false
    }

    mutating func expect(symbol: String, _ context: String) throws(ExpressionError) {
        guard take(symbol: symbol) else {
            throw ExpressionError("expected '\(symbol)' \(context), found \(current.description)", at: current.offset)
        }
    }

    mutating func expression() throws(ExpressionError) -> ExpressionSyntax {
        let start = current.offset
        if take(word: "if") {
            let condition = try expression()
            guard take(word: "then") else {
                throw ExpressionError(
                    "expected 'then' after the condition of 'if', found \(current.description)", at: current.offset)
            }
            let then = try expression()
            guard take(word: "else") else {
                throw ExpressionError(
                    "expected 'else': every 'if' needs one, found \(current.description)", at: current.offset)
            }
            let otherwise = try expression()
            return ExpressionSyntax(kind: .conditional(condition, then, otherwise), offset: start)
        }
        return try disjunction()
    }

    mutating func disjunction() throws(ExpressionError) -> ExpressionSyntax {
        var left = try conjunction()
        while current.kind == .word("or") {
            let offset = advance().offset
            left = ExpressionSyntax(kind: .binary("or", left, try conjunction()), offset: offset)
        }
        return left
    }

    mutating func conjunction() throws(ExpressionError) -> ExpressionSyntax {
        var left = try negation()
        while current.kind == .word("and") {
            let offset = advance().offset
            left = ExpressionSyntax(kind: .binary("and", left, try negation()), offset: offset)
        }
        return left
    }

    mutating func negation() throws(ExpressionError) -> ExpressionSyntax {
        let start = current.offset
        if take(word: "not") { return ExpressionSyntax(kind: .not(try negation()), offset: start) }
        return try comparison()
    }

    mutating func comparison() throws(ExpressionError) -> ExpressionSyntax {
        let left = try additive()
        let offset = current.offset
        if case .symbol(let symbol) = current.kind, ["=", "!=", "<", "<=", ">", ">="].contains(symbol) {
            position += 1
            return ExpressionSyntax(kind: .binary(symbol, left, try additive()), offset: offset)
        }
        if take(word: "is") {
            let negated = take(word: "not")
            guard take(word: "missing") else {
                throw ExpressionError("expected 'missing' after 'is', found \(current.description)", at: current.offset)
            }
            return ExpressionSyntax(kind: .isMissing(left, negated: negated), offset: offset)
        }
        var negated = false
        if current.kind == .word("not"), position + 1 < tokens.count, tokens[position + 1].kind == .word("in") {
            position += 1
            negated = true
        }
        if take(word: "in") {
            try expect(symbol: "[", "to open the list after 'in'")
            var items: [ExpressionSyntax] = []
            if !take(symbol: "]") {
                repeat { items.append(try additive()) } while take(symbol: ",")
                try expect(symbol: "]", "to close the list after 'in'")
            }
            return ExpressionSyntax(kind: .contained(left, items, negated: negated), offset: offset)
        }
        return left
    }

    mutating func additive() throws(ExpressionError) -> ExpressionSyntax {
        var left = try multiplicative()
        while case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            let offset = advance().offset
            left = ExpressionSyntax(kind: .binary(symbol, left, try multiplicative()), offset: offset)
        }
        return left
    }

    mutating func multiplicative() throws(ExpressionError) -> ExpressionSyntax {
        var left = try unary()
        while case .symbol(let symbol) = current.kind, symbol == "*" || symbol == "/" {
            let offset = advance().offset
            left = ExpressionSyntax(kind: .binary(symbol, left, try unary()), offset: offset)
        }
        return left
    }

    mutating func unary() throws(ExpressionError) -> ExpressionSyntax {
        let start = current.offset
        if take(symbol: "-") { return ExpressionSyntax(kind: .negate(try unary()), offset: start) }
        return try primary()
    }

    mutating func primary() throws(ExpressionError) -> ExpressionSyntax {
        let token = advance()
        switch token.kind {
        case .number(let text): return ExpressionSyntax(kind: .number(text), offset: token.offset)
        case .text(let text): return ExpressionSyntax(kind: .text(text), offset: token.offset)
        case .word("true"): return ExpressionSyntax(kind: .boolean(true), offset: token.offset)
        case .word("false"): return ExpressionSyntax(kind: .boolean(false), offset: token.offset)
        case .name(let name):
            guard take(symbol: "(") else { return ExpressionSyntax(kind: .name(name), offset: token.offset) }
            try enter(at: token.offset)
            defer { nesting -= 1 }
            var arguments: [ExpressionSyntax] = []
            if !take(symbol: ")") {
                repeat { arguments.append(try expression()) } while take(symbol: ",")
                try expect(symbol: ")", "to close the arguments of \(name)(…)")
            }
            return ExpressionSyntax(kind: .call(name, arguments), offset: token.offset)
        case .symbol("("):
            try enter(at: token.offset)
            defer { nesting -= 1 }
            let inner = try expression()
            try expect(symbol: ")", "to close '('")
            return inner
        default:
            throw ExpressionError(
                "expected a value, a field or a function, found \(token.description)", at: token.offset)
        }
    }
}
