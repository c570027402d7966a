/// Compiles checked expressions into closures, one per node, typed by the value the node gives.
///
/// Evaluating a compiled expression walks no tree, switches on no node kind and wraps no value in
/// an enum: each call site always calls the same closure, which the processor predicts, where an
/// interpreter's one dispatch over every kind of node it could not. Types are known because the
/// expression was checked when the standard loaded, so a mismatch here is a bug, not bad input.
///
/// The semantics are the RowRules article's: a missing or invalid value is unknown (`nil`), and
/// unknown spreads through arithmetic, comparisons and functions; `and` and `or` follow Kleene's
/// logic. Operands are evaluated left to right, and later ones not at all once the answer is
/// known (so a `matches(…)` that would have reached the pattern limits is not run).
struct ExpressionCompiler {
    typealias Number = (inout EvaluationState) -> ExactNumber?
    typealias Text = (inout EvaluationState) -> RuleText?
    typealias Truth = (inout EvaluationState) -> Bool?
    typealias Moment = (inout EvaluationState) -> TemporalKey?

    /// A compiled node, by the type of its value.
    enum Code {
        case number(Number)
        case text(Text)
        case truth(Truth)
        case moment(Moment)
    }

    let rows: RowValues
    /// The type of each field (or aggregate value) the expressions name, by its index.
    let types: [ValueType]
    let today: TemporalKey
    let patternLimits: PatternLimits

    func truth(_ expression: Expression) -> Truth {
        guard case .truth(let code) = compile(expression) else { preconditionFailure("checked at load: a truth value") }
        return code
    }

    func number(_ expression: Expression) -> Number {
        guard case .number(let code) = compile(expression) else { preconditionFailure("checked at load: a number") }
        return code
    }

    func text(_ expression: Expression) -> Text {
        guard case .text(let code) = compile(expression) else { preconditionFailure("checked at load: text") }
        return code
    }

    func moment(_ expression: Expression) -> Moment {
        guard case .moment(let code) = compile(expression) else { preconditionFailure("checked at load: a moment") }
        return code
    }

    func compile(_ expression: Expression) -> Code {
        switch expression {
        case .number(let value): return .number { _ in value }
        case .text(let value):
            let literal = LiteralBytes(value)
            return .text { _ in .bytes(literal.bytes) }
        case .boolean(let value): return .truth { _ in value }
        case .temporal(let value): return .moment { _ in value }
        case .today:
            let today = today
            return .moment { _ in today }
        case .field(let index): return field(index)
        case .negate(let inner):
            let value = number(inner)
            return .number { state in value(&state).map { -$0 } }
        case .not(let inner):
            let value = truth(inner)
            return .truth { state in value(&state).map { !$0 } }
        case .and(let a, let b):
            let left = truth(a)
            let right = truth(b)
            return .truth { state in
                let x = left(&state)
                if x == false { return false }
                let y = right(&state)
                if y == false { return false }
                return x == true && y == true ? true : nil
            }
        case .or(let a, let b):
            let left = truth(a)
            let right = truth(b)
            return .truth { state in
                let x = left(&state)
                if x == true { return true }
                let y = right(&state)
                if y == true { return true }
                return x == false && y == false ? false : nil
            }
        case .isMissing(let inner, let negated):
            // Checked at load: only a field may be missing.
            guard case .field(let index) = inner else {
                preconditionFailure("checked at load: is missing takes a field")
            }
            let rows = rows
            return .truth { _ in rows.isMissing(index) != negated }
        case .arithmetic(let operation, let a, let b):
            return .number(arithmetic(operation, number(a), number(b)))
        case .compare(let operation, let a, let b):
            let order = order(compile(a), compile(b))
            switch operation {
            case .equal: return .truth { state in order(&state).map { $0 == 0 } }
            case .notEqual: return .truth { state in order(&state).map { $0 != 0 } }
            case .less: return .truth { state in order(&state).map { $0 < 0 } }
            case .lessOrEqual: return .truth { state in order(&state).map { $0 <= 0 } }
            case .greater: return .truth { state in order(&state).map { $0 > 0 } }
            case .greaterOrEqual: return .truth { state in order(&state).map { $0 >= 0 } }
            }
        case .contained(let inner, let items, let negated):
            return .truth(contained(compile(inner), items.map(compile), negated: negated))
        case .conditional(let test, let then, let otherwise):
            let condition = truth(test)
            switch (compile(then), compile(otherwise)) {
            case (.number(let a), .number(let b)): return .number(Self.choose(condition, a, b))
            case (.text(let a), .text(let b)): return .text(Self.choose(condition, a, b))
            case (.truth(let a), .truth(let b)): return .truth(Self.choose(condition, a, b))
            case (.moment(let a), .moment(let b)): return .moment(Self.choose(condition, a, b))
            default: preconditionFailure("checked at load: both branches of one type")
            }
        case .matches(let inner, let pattern):
            let value = text(inner)
            let matcher = PatternMatcher(pattern, limits: patternLimits)
            return .truth { state in
                guard let text = value(&state) else { return nil }
                switch Self.withBytes(text, state.scratch, { matcher.match($0) }) {
                case .match: return true
                case .noMatch: return false
                case .limit:
                    state.patternLimitReached = true
                    return nil
                }
            }
        case .call(let function, let arguments):
            return call(function, arguments)
        }
    }

    /// A field's value (or an aggregate value's), read through ``RowValues`` once per record.
    private func field(_ index: Int) -> Code {
        let rows = rows
        switch types[index] {
        case .number:
            return .number { state in
                if case .number(let value)? = rows.value(of: index, &state) { return value }
                return nil
            }
        case .text:
            return .text { state in
                if case .text(let value)? = rows.value(of: index, &state) { return value }
                return nil
            }
        case .boolean:
            return .truth { state in
                if case .boolean(let value)? = rows.value(of: index, &state) { return value }
                return nil
            }
        case .temporal:
            return .moment { state in
                if case .temporal(let value)? = rows.value(of: index, &state) { return value }
                return nil
            }
        }
    }

    private func arithmetic(_ operation: Expression.ArithmeticOperator, _ a: @escaping Number, _ b: @escaping Number)
        -> Number
    {
        switch operation {
        case .add:
            return { state in
                guard let x = a(&state), let y = b(&state) else { return nil }
                return x + y
            }
        case .subtract:
            return { state in
                guard let x = a(&state), let y = b(&state) else { return nil }
                return x - y
            }
        case .multiply:
            return { state in
                guard let x = a(&state), let y = b(&state) else { return nil }
                return x * y
            }
        case .divide:
            return { state in
                guard let x = a(&state), let y = b(&state) else { return nil }
                return x / y  // by zero: unknown
            }
        }
    }

    /// -1, 0 or 1 for the values of two operands of one type; `nil` when either is unknown or
    /// they cannot be ordered (NaN).
    private func order(_ a: Code, _ b: Code) -> (inout EvaluationState) -> Int? {
        switch (a, b) {
        case (.number(let a), .number(let b)): return Self.ordered(a, b, by: Self.numberOrder)
        case (.text(let a), .text(let b)): return Self.ordered(a, b, by: Self.compare)
        case (.truth(let a), .truth(let b)): return Self.ordered(a, b, by: Self.truthOrder)
        case (.moment(let a), .moment(let b)): return Self.ordered(a, b, by: Self.momentOrder)
        default: preconditionFailure("checked at load: operands of one type")
        }
    }

    /// `x in [a, b, …]`: true at the first item equal to `x`; unknown when none is and one was unknown.
    private func contained(_ inner: Code, _ items: [Code], negated: Bool) -> Truth {
        func each<Value>(_ extract: (Code) -> ((inout EvaluationState) -> Value?)?) -> [(inout EvaluationState) ->
            Value?]
        {
            items.map { item in
                guard let code = extract(item) else {
                    preconditionFailure("checked at load: items of the operand's type")
                }
                return code
            }
        }
        switch inner {
        case .number(let x):
            return Self.contained(x, each { if case .number(let c) = $0 { c } else { nil } }, negated, Self.numberOrder)
        case .text(let x):
            return Self.contained(x, each { if case .text(let c) = $0 { c } else { nil } }, negated, Self.compare)
        case .truth(let x):
            return Self.contained(x, each { if case .truth(let c) = $0 { c } else { nil } }, negated, Self.truthOrder)
        case .moment(let x):
            return Self.contained(x, each { if case .moment(let c) = $0 { c } else { nil } }, negated, Self.momentOrder)
        }
    }

    private static func ordered<Value>(
        _ a: @escaping (inout EvaluationState) -> Value?, _ b: @escaping (inout EvaluationState) -> Value?,
        by order: @escaping (Value, Value, [UInt8]) -> Int?
    ) -> (inout EvaluationState) -> Int? {
        { state in
            guard let x = a(&state), let y = b(&state) else { return nil }
            return order(x, y, state.scratch)
        }
    }

    private static func contained<Value>(
        _ inner: @escaping (inout EvaluationState) -> Value?, _ items: [(inout EvaluationState) -> Value?],
        _ negated: Bool, _ order: @escaping (Value, Value, [UInt8]) -> Int?
    ) -> Truth {
        { state in
            guard let x = inner(&state) else { return nil }
            var sawUnknown = false
            for item in items {
                guard let y = item(&state), let order = order(x, y, state.scratch) else {
                    sawUnknown = true
                    continue
                }
                if order == 0 { return !negated }
            }
            return sawUnknown ? nil : negated
        }
    }

    private static func numberOrder(_ x: ExactNumber, _ y: ExactNumber, _: [UInt8]) -> Int? {
        ExactNumber.compare(x, y)
    }

    private static func truthOrder(_ x: Bool, _ y: Bool, _: [UInt8]) -> Int? {
        x == y ? 0 : (x ? 1 : -1)
    }

    private static func momentOrder(_ x: TemporalKey, _ y: TemporalKey, _: [UInt8]) -> Int? {
        threeWayCompare(x, y)
    }

    private static func choose<Value>(
        _ condition: @escaping Truth, _ then: @escaping (inout EvaluationState) -> Value?,
        _ otherwise: @escaping (inout EvaluationState) -> Value?
    ) -> (inout EvaluationState) -> Value? {
        { state in
            guard let test = condition(&state) else { return nil }
            return test ? then(&state) : otherwise(&state)
        }
    }

    private func call(_ function: ExpressionFunction, _ arguments: [Expression]) -> Code {
        switch function {
        case .length:
            let value = text(arguments[0])
            return .number { state in
                guard let text = value(&state) else { return nil }
                return ExactNumber(Int64(Self.withBytes(text, state.scratch) { CellText.scalarCount($0) }))
            }
        case .lower, .upper:
            // ASCII letters only: a per-row String to case-map all of Unicode would cost more than the rule.
            let value = text(arguments[0])
            let upper = function == .upper
            return .text { state in
                guard let text = value(&state) else { return nil }
                let start = state.scratch.count
                switch text {
                case .scratch(let range):
                    for index in range { state.scratch.append(Self.mapped(state.scratch[index], upper: upper)) }
                case .bytes(let bytes):
                    for byte in bytes { state.scratch.append(Self.mapped(byte, upper: upper)) }
                }
                return .scratch(start..<state.scratch.count)
            }
        case .trim:
            let value = text(arguments[0])
            return .text { state in
                guard let text = value(&state) else { return nil }
                switch text {
                case .bytes(let bytes): return .bytes(UTF8Bytes.trimmed(bytes))
                case .scratch(var range):
                    while let first = range.first, state.scratch[first] == 0x20 || state.scratch[first] == 0x09 {
                        range = range.dropFirst()
                    }
                    while let last = range.last, state.scratch[last] == 0x20 || state.scratch[last] == 0x09 {
                        range = range.dropLast()
                    }
                    return .scratch(range)
                }
            }
        case .startsWith, .endsWith, .contains:
            let haystack = text(arguments[0])
            let needle = text(arguments[1])
            return .truth { state in
                guard let h = haystack(&state), let n = needle(&state) else { return nil }
                return Self.withBytes(h, state.scratch) { h in
                    Self.withBytes(n, state.scratch) { n in Self.find(n, in: h, function) }
                }
            }
        case .abs:
            let value = number(arguments[0])
            return .number { state in value(&state).map(\.magnitude) }
        case .round:
            let value = number(arguments[0])
            var places = 0
            if arguments.count == 2, case .number(.exact(let mantissa, 0)) = arguments[1] { places = Int(mantissa) }
            return .number { [places] state in value(&state).map { $0.rounded(places: places) } }
        case .min, .max:
            let values = arguments.map(number)
            let smallest = function == .min
            return .number { state in
                guard var best = values[0](&state) else { return nil }
                for value in values.dropFirst() {
                    guard let candidate = value(&state), let order = ExactNumber.compare(candidate, best) else {
                        return nil
                    }
                    if smallest ? order < 0 : order > 0 { best = candidate }
                }
                return best
            }
        case .daysBetween:
            let from = moment(arguments[0])
            let to = moment(arguments[1])
            return .number { state in
                guard let start = from(&state), let end = to(&state) else { return nil }
                return ExactNumber(TemporalKey(seconds: end.seconds - start.seconds, nanoseconds: 0).days)
            }
        case .year, .month:
            let value = moment(arguments[0])
            let year = function == .year
            return .number { state in
                guard let moment = value(&state) else { return nil }
                let civil = GregorianCalendar.civil(fromDays: Int(moment.days))
                return ExactNumber(Int64(year ? civil.year : civil.month))
            }
        case .matches, .date, .today:
            preconditionFailure("compiled into their own nodes at load")
        }
    }

    private static func mapped(_ byte: UInt8, upper: Bool) -> UInt8 {
        if upper && byte >= 0x61 && byte <= 0x7A { return byte - 0x20 }
        if !upper && byte >= 0x41 && byte <= 0x5A { return byte + 0x20 }
        return byte
    }

    private static func withBytes<Result>(
        _ text: RuleText, _ scratch: [UInt8], _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        switch text {
        case .bytes(let bytes): return body(bytes)
        case .scratch(let range): return scratch.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        }
    }

    private static func compare(_ a: RuleText, _ b: RuleText, _ scratch: [UInt8]) -> Int? {
        withBytes(a, scratch) { left in
            withBytes(b, scratch) { right in
                let common = min(left.count, right.count)
                for index in 0..<common where left[index] != right[index] { return left[index] < right[index] ? -1 : 1 }
                return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
            }
        }
    }

    private static func find(
        _ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, _ function: ExpressionFunction
    ) -> Bool {
        guard needle.count <= haystack.count else { return false }
        func matches(at start: Int) -> Bool {
            needle.isEmpty || memcmpBytes(haystack.baseAddress! + start, needle.baseAddress!, needle.count)
        }
        switch function {
        case .startsWith: return matches(at: 0)
        case .endsWith: return matches(at: haystack.count - needle.count)
        default: return (0...(haystack.count - needle.count)).contains(where: matches)
        }
    }
}

/// A text literal's bytes, at a fixed address for as long as the closures that read them.
final class LiteralBytes {
    private let storage: UnsafeMutableRawBufferPointer
    let bytes: UnsafeRawBufferPointer

    init(_ text: String) {
        let utf8 = Array(text.utf8)
        storage = .allocate(byteCount: max(utf8.count, 1), alignment: 1)
        storage.copyBytes(from: utf8)
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<utf8.count])
    }

    deinit {
        storage.deallocate()
    }
}
