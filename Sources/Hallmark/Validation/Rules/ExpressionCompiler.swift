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
            return .number(arithmetic(operation, a, b))
        case .compare(let operation, let a, let b):
            return .truth(comparison(operation, a, b))
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
                switch state.scratch.withUnsafeBytes({ scratch in
                    Self.bytes(of: text, in: scratch) { matcher.match($0) }
                }) {
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

    // Arithmetic and comparisons are one closure each, the operator switched on inside (a branch
    // the processor predicts), and a literal operand is held as a value rather than called: each
    // closure call returns its value through memory, and was most of a rule's cost per row.

    private func arithmetic(_ operation: Expression.ArithmeticOperator, _ a: Expression, _ b: Expression) -> Number {
        let left = number(a)
        if case .number(let y) = b {
            return { state in
                guard let x = left(&state) else { return nil }
                return Self.apply(operation, x, y)
            }
        }
        let right = number(b)
        return { state in
            guard let x = left(&state), let y = right(&state) else { return nil }
            return Self.apply(operation, x, y)
        }
    }

    @inline(__always)
    private static func apply(_ operation: Expression.ArithmeticOperator, _ x: ExactNumber, _ y: ExactNumber)
        -> ExactNumber?
    {
        switch operation {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y  // by zero: unknown
        }
    }

    /// A comparison of two operands of one type: unknown when either is unknown or they cannot be
    /// ordered (NaN).
    private func comparison(_ operation: Expression.ComparisonOperator, _ a: Expression, _ b: Expression) -> Truth {
        let first = compile(a)
        switch (first, b) {
        case (.number(let left), .number(let y)):
            return { state in
                guard let x = left(&state), let order = ExactNumber.compare(x, y) else { return nil }
                return Self.holds(operation, order)
            }
        case (.moment(let left), .temporal(let y)): return Self.compared(left, y, operation)
        case (.moment(let left), .today): return Self.compared(left, today, operation)
        default: break
        }
        switch (first, compile(b)) {
        case (.number(let a), .number(let b)):
            return { state in
                guard let x = a(&state), let y = b(&state), let order = ExactNumber.compare(x, y) else { return nil }
                return Self.holds(operation, order)
            }
        case (.text(let a), .text(let b)):
            return { state in
                guard let x = a(&state), let y = b(&state),
                    let order = state.scratch.withUnsafeBytes({ Self.compare(x, y, $0) })
                else { return nil }
                return Self.holds(operation, order)
            }
        case (.truth(let a), .truth(let b)):
            return { state in
                guard let x = a(&state), let y = b(&state), let order = Self.truthOrder(x, y) else { return nil }
                return Self.holds(operation, order)
            }
        case (.moment(let a), .moment(let b)):
            return { state in
                guard let x = a(&state), let y = b(&state), let order = Self.momentOrder(x, y) else { return nil }
                return Self.holds(operation, order)
            }
        default: preconditionFailure("checked at load: operands of one type")
        }
    }

    private static func compared(_ left: @escaping Moment, _ y: TemporalKey, _ operation: Expression.ComparisonOperator)
        -> Truth
    {
        { state in
            guard let x = left(&state), let order = momentOrder(x, y) else { return nil }
            return holds(operation, order)
        }
    }

    @inline(__always)
    private static func holds(_ operation: Expression.ComparisonOperator, _ order: Int) -> Bool {
        switch operation {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
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
            return Self.contained(
                x, each { if case .number(let c) = $0 { c } else { nil } }, negated,
                { a, b, _ in Self.numberOrder(a, b) })
        case .text(let x):
            return Self.contained(x, each { if case .text(let c) = $0 { c } else { nil } }, negated, Self.compare)
        case .truth(let x):
            return Self.contained(
                x, each { if case .truth(let c) = $0 { c } else { nil } }, negated, { a, b, _ in Self.truthOrder(a, b) }
            )
        case .moment(let x):
            return Self.contained(
                x, each { if case .moment(let c) = $0 { c } else { nil } }, negated,
                { a, b, _ in Self.momentOrder(a, b) })
        }
    }

    private static func contained<Value>(
        _ inner: @escaping (inout EvaluationState) -> Value?, _ items: [(inout EvaluationState) -> Value?],
        _ negated: Bool, _ order: @escaping (Value, Value, UnsafeRawBufferPointer) -> Int?
    ) -> Truth {
        { state in
            guard let x = inner(&state) else { return nil }
            var sawUnknown = false
            for item in items {
                guard let y = item(&state), let order = state.scratch.withUnsafeBytes({ order(x, y, $0) }) else {
                    sawUnknown = true
                    continue
                }
                if order == 0 { return !negated }
            }
            return sawUnknown ? nil : negated
        }
    }

    private static func numberOrder(_ x: ExactNumber, _ y: ExactNumber) -> Int? {
        ExactNumber.compare(x, y)
    }

    private static func truthOrder(_ x: Bool, _ y: Bool) -> Int? {
        x == y ? 0 : (x ? 1 : -1)
    }

    private static func momentOrder(_ x: TemporalKey, _ y: TemporalKey) -> Int? {
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
                let count = state.scratch.withUnsafeBytes { Self.bytes(of: text, in: $0) { CellText.scalarCount($0) } }
                return ExactNumber(Int64(count))
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
                    // Byte by byte: appending a slice of the array to itself would copy the whole array.
                    for index in range { state.scratch.append(state.scratch[index]) }
                case .bytes(let bytes):
                    state.scratch.append(contentsOf: bytes)
                }
                // Mapped in place, in one pass over the new bytes: appending byte by byte checks the
                // array's uniqueness and capacity for each.
                state.scratch.withUnsafeMutableBufferPointer { scratch in
                    for index in start..<scratch.count { scratch[index] = Self.mapped(scratch[index], upper: upper) }
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
                return state.scratch.withUnsafeBytes { scratch in
                    Self.bytes(of: h, in: scratch) { h in
                        Self.bytes(of: n, in: scratch) { Self.find($0, in: h, function) }
                    }
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
                let civil = state.civil(ofDays: moment.days)
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

    private static func bytes<Result>(
        of text: RuleText, in scratch: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        switch text {
        case .bytes(let bytes): return body(bytes)
        case .scratch(let range): return body(UnsafeRawBufferPointer(rebasing: scratch[range]))
        }
    }

    private static func compare(_ a: RuleText, _ b: RuleText, _ scratch: UnsafeRawBufferPointer) -> Int? {
        bytes(of: a, in: scratch) { left in
            bytes(of: b, in: scratch) { right in
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
