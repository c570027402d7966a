/// Evaluates rule expressions on one record at a time. One per worker: it owns the PCRE2 match
/// data of `matches(…)` patterns and the scratch space of text functions, reused row after row,
/// so evaluating allocates nothing once warm.
///
/// Values are three-valued: a missing cell, or one that is not a valid value of its field's type
/// (already its own finding), makes a value unknown (`nil`), and unknown spreads through
/// arithmetic, comparisons and functions; `and` and `or` follow Kleene's logic (`false and
/// unknown` is false, `true or unknown` is true). See the RowRules article for the table.
struct ExpressionEvaluator {
    enum RuleValue {
        case number(ExactNumber)
        case text(Text)
        case boolean(Bool)
        case temporal(TemporalKey)
    }

    /// Text without a `String`: a cell's or a literal's bytes, or bytes a function wrote to scratch.
    enum Text {
        case bytes(UnsafeRawBufferPointer)
        case scratch(Range<Int>)
    }

    private let compiled: CompiledStandard
    /// Each field's program, read in place (see ``RecordChecker``); `programTable` owns the memory.
    private let programTable: FieldProgramTable
    private let programs: UnsafePointer<FieldProgram>
    /// Every expression the standard evaluates on rows and groups; the three buffers below are its.
    private let program: ExpressionProgram
    private let nodes: UnsafeBufferPointer<ExpressionProgram.Node>
    private let operands: UnsafeBufferPointer<Int>
    private let literals: UnsafeRawBufferPointer
    /// Roots in ``program``: each row rule's assertion, and its condition (-1 for none).
    private let ruleAssertions: [Int], ruleConditions: [Int]
    /// Roots in ``program``: each aggregate's assertion, and its values' `where:` (-1 for none).
    private let aggregateAssertions: [Int], valueGuards: [[Int]]
    /// The matcher of each of the program's patterns.
    private let matchers: [PatternMatcher]
    private var scratch: [UInt8] = []
    private var numberScratch: [UInt8] = []
    private let today: TemporalKey
    /// Set when a `matches(…)` was stopped by the pattern limits since it was last cleared.
    private var patternLimitReached = false
    /// The current record's cell for each field (`nil` when the file has no such column).
    private var cells: [UnsafeRawBufferPointer?]
    /// Each field's typed value on the record numbered ``valuesRecord``: a field several rules
    /// read is parsed once per row.
    private var values: [RuleValue?]
    private var valuesRecord: [Int]
    private var record = 1
    /// Values given outright instead of cells: an aggregate's, for its assertion.
    private var presets: [RuleValue?]?

    init(compiled: CompiledStandard, today: TemporalKey) {
        self.compiled = compiled
        self.today = today
        programTable = FieldProgramTable(compiled.programs)
        programs = UnsafePointer(programTable.programs.baseAddress!)
        let fieldCount = compiled.standard.fields.count
        cells = Array(repeating: nil, count: fieldCount)
        values = Array(repeating: nil, count: fieldCount)
        valuesRecord = Array(repeating: 0, count: fieldCount)
        // Each expression by its place in the program's list, then by its root node.
        var expressions: [Expression] = []
        func place(_ expression: Expression?) -> Int {
            guard let expression else { return -1 }
            expressions.append(expression)
            return expressions.count - 1
        }
        let assertions = compiled.rowRules.map { place($0.assertion) }
        let conditions = compiled.rowRules.map { place($0.condition) }
        let aggregates = compiled.standard.dataset.aggregates
        let aggregateAssertions = aggregates.map { place($0.expression) }
        let valueGuards = aggregates.map { $0.values.map { place($0.guardExpression) } }
        let program = ExpressionProgram(expressions)
        func root(_ place: Int) -> Int { place < 0 ? -1 : program.roots[place] }
        ruleAssertions = assertions.map(root)
        ruleConditions = conditions.map(root)
        self.aggregateAssertions = aggregateAssertions.map(root)
        self.valueGuards = valueGuards.map { $0.map(root) }
        self.program = program
        nodes = UnsafeBufferPointer(program.nodes)
        operands = UnsafeBufferPointer(program.operands)
        literals = UnsafeRawBufferPointer(program.literals)
        matchers = program.patterns.map { PatternMatcher($0, limits: compiled.patternLimits) }
        scratch.reserveCapacity(256)
    }

    /// Starts a record: `cell(field)` gives each field's cell, or `nil` when the file lacks it.
    mutating func load(_ cell: (Int) -> UnsafeRawBufferPointer?) {
        scratch.removeAll(keepingCapacity: true)
        record += 1
        for field in cells.indices { cells[field] = cell(field) }
    }

    /// Starts an aggregate's group: its values, by their place, stand for fields (`nil` is unknown).
    mutating func load(values: [RuleValue?]) {
        scratch.removeAll(keepingCapacity: true)
        presets = values
    }

    /// A field's typed value on the loaded record; `nil` when missing or not a valid value.
    mutating func typedValue(of field: Int) -> RuleValue? {
        value(of: field)
    }

    /// Whether row rule `rule` (by its place in ``CompiledStandard/rowRules``) applies to the
    /// loaded record: it has no condition, or its condition is true.
    mutating func applies(rule: Int) -> Bool {
        let condition = ruleConditions[rule]
        return condition < 0 || truth(of: condition) == true
    }

    /// Row rule `rule`'s assertion on the loaded record: its value (`nil` for unknown), and
    /// whether a `matches(…)` in it was stopped by the pattern limits.
    mutating func assertion(rule: Int) -> (value: Bool?, undecided: Bool) {
        assertion(root: ruleAssertions[rule])
    }

    /// Aggregate `aggregate`'s assertion on the loaded group's values.
    mutating func assertion(aggregate: Int) -> (value: Bool?, undecided: Bool) {
        assertion(root: aggregateAssertions[aggregate])
    }

    /// Whether value `value` of aggregate `aggregate` takes the loaded record: it has no
    /// `where:`, or its `where:` is true.
    mutating func takes(aggregate: Int, value: Int) -> Bool {
        let condition = valueGuards[aggregate][value]
        return condition < 0 || truth(of: condition) == true
    }

    private mutating func assertion(root: Int) -> (value: Bool?, undecided: Bool) {
        patternLimitReached = false
        let value = truth(of: root)
        return (value, patternLimitReached)
    }

    /// A boolean node's value on the loaded record: `true`, `false`, or `nil` for unknown.
    private mutating func truth(of node: Int) -> Bool? {
        if case .boolean(let value)? = evaluate(node) { return value }
        return nil
    }

    // MARK: Fields

    private func isMissing(_ field: Int) -> Bool {
        if let presets { return presets[field] == nil }
        guard let cell = cells[field] else { return true }
        return compiled.isMissing(programs[field].trims ? UTF8Bytes.trimmed(cell) : cell)
    }

    /// A field's typed value; `nil` when missing or not a valid value of its type.
    private mutating func value(of field: Int) -> RuleValue? {
        if let presets { return presets[field] }
        if valuesRecord[field] == record { return values[field] }
        let value = parse(field)
        values[field] = value
        valuesRecord[field] = record
        return value
    }

    private mutating func parse(_ field: Int) -> RuleValue? {
        guard !isMissing(field), var cell = cells[field] else { return nil }
        let program = programs + field
        if program.pointee.trims { cell = UTF8Bytes.trimmed(cell) }
        switch program.pointee.type {
        case .string:
            return .text(.bytes(cell))
        case .integer, .decimal, .number:
            if program.pointee.numberSyntaxSlot >= 0 {
                guard compiled.numberSyntaxes[program.pointee.numberSyntaxSlot].plain(cell, into: &numberScratch) else {
                    return nil
                }
                let type = program.pointee.type
                return numberScratch.withUnsafeBytes { Self.number($0, type) }.map { .number($0) }
            }
            return Self.number(cell, program.pointee.type).map { .number($0) }
        case .boolean:
            let values = compiled.booleanValues[program.pointee.booleanSlot]
            if values.true.contains(where: { CellText.equals(cell, $0) }) { return .boolean(true) }
            if values.false.contains(where: { CellText.equals(cell, $0) }) { return .boolean(false) }
            return nil
        case .date, .time, .datetime, .year, .yearmonth:
            let layout = program.pointee.layoutSlot >= 0 ? compiled.layouts[program.pointee.layoutSlot] : nil
            return program.pointee.temporalKind?.parse(cell, layout: layout).map { .temporal($0) }
        }
    }

    private static func number(_ bytes: UnsafeRawBufferPointer, _ type: FieldType) -> ExactNumber? {
        switch type {
        case .integer: return IntegerSyntax.parse(bytes).map { ExactNumber($0) }
        case .decimal: return DecimalNumber.scan(bytes) != nil ? ExactNumber.parse(bytes) : nil
        default: return FloatSyntax.parse(bytes).map { .approximate($0) }
        }
    }

    // MARK: Expressions

    private mutating func evaluate(_ node: Int) -> RuleValue? {
        switch nodes[node] {
        case .number(let value): return .number(value)
        case .text(let range): return .text(.bytes(UnsafeRawBufferPointer(rebasing: literals[range])))
        case .boolean(let value): return .boolean(value)
        case .temporal(let value): return .temporal(value)
        case .today: return .temporal(today)
        case .field(let index): return value(of: index)
        case .fieldIsMissing(let index, let negated): return .boolean(isMissing(index) != negated)
        case .negate(let inner):
            guard case .number(let value)? = evaluate(inner) else { return nil }
            return .number(-value)
        case .not(let inner):
            guard case .boolean(let value)? = evaluate(inner) else { return nil }
            return .boolean(!value)
        case .and(let a, let b):
            let left = truth(of: a)
            if left == false { return .boolean(false) }
            let right = truth(of: b)
            if right == false { return .boolean(false) }
            return left == true && right == true ? .boolean(true) : nil
        case .or(let a, let b):
            let left = truth(of: a)
            if left == true { return .boolean(true) }
            let right = truth(of: b)
            if right == true { return .boolean(true) }
            return left == false && right == false ? .boolean(false) : nil
        case .isMissing(let inner, let negated):
            return .boolean((evaluate(inner) == nil) != negated)
        case .arithmetic(let operation, let a, let b):
            guard case .number(let x)? = evaluate(a), case .number(let y)? = evaluate(b) else { return nil }
            switch operation {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .divide: return (x / y).map { .number($0) }  // by zero: unknown
            }
        case .compare(let operation, let a, let b):
            guard let x = evaluate(a), let y = evaluate(b), let order = Self.order(x, y, scratch) else { return nil }
            switch operation {
            case .equal: return .boolean(order == 0)
            case .notEqual: return .boolean(order != 0)
            case .less: return .boolean(order < 0)
            case .lessOrEqual: return .boolean(order <= 0)
            case .greater: return .boolean(order > 0)
            case .greaterOrEqual: return .boolean(order >= 0)
            }
        case .contained(let inner, let items, let negated):
            guard let x = evaluate(inner) else { return nil }
            var sawUnknown = false
            for item in items {
                guard let y = evaluate(operands[item]), let order = Self.order(x, y, scratch) else {
                    sawUnknown = true
                    continue
                }
                if order == 0 { return .boolean(!negated) }
            }
            return sawUnknown ? nil : .boolean(negated)
        case .conditional(let test, let then, let otherwise):
            guard let condition = truth(of: test) else { return nil }
            return evaluate(condition ? then : otherwise)
        case .matches(let inner, let pattern):
            guard case .text(let text)? = evaluate(inner) else { return nil }
            let matcher = matchers[pattern]
            let outcome = Self.withBytes(text, scratch) { matcher.match($0) }
            switch outcome {
            case .match: return .boolean(true)
            case .noMatch: return .boolean(false)
            case .limit:
                patternLimitReached = true
                return nil
            }
        case .call(let function, let arguments):
            return call(function, arguments)
        }
    }

    // The helpers below are static and take the scratch space as an argument: a closure that
    // captured the evaluator would make Swift copy it, and the standard it holds, on each call.

    /// -1, 0 or 1 for two values of one type; `nil` when they cannot be ordered (NaN).
    private static func order(_ a: RuleValue, _ b: RuleValue, _ scratch: [UInt8]) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)): return ExactNumber.compare(x, y)
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.temporal(let x), .temporal(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.text(let x), .text(let y)):
            return withBytes(x, scratch) { left in withBytes(y, scratch) { right in compareBytes(left, right) } }
        default: return nil  // types are checked at load; unreachable
        }
    }

    private static func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        for index in 0..<common where a[index] != b[index] { return a[index] < b[index] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    private static func withBytes<Result>(
        _ text: Text, _ scratch: [UInt8], _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        switch text {
        case .bytes(let bytes): return body(bytes)
        case .scratch(let range): return scratch.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        }
    }

    private mutating func call(_ function: ExpressionFunction, _ arguments: Range<Int>) -> RuleValue? {
        // Arguments are evaluated one by one, in each case: no array of values per row.
        func text(_ index: Int) -> Text? {
            if case .text(let value)? = evaluate(operands[arguments.lowerBound + index]) { return value }
            return nil
        }
        func number(_ index: Int) -> ExactNumber? {
            if case .number(let value)? = evaluate(operands[arguments.lowerBound + index]) { return value }
            return nil
        }
        func time(_ index: Int) -> TemporalKey? {
            if case .temporal(let value)? = evaluate(operands[arguments.lowerBound + index]) { return value }
            return nil
        }
        switch function {
        case .length:
            guard let value = text(0) else { return nil }
            return .number(ExactNumber(Int64(Self.withBytes(value, scratch) { CellText.scalarCount($0) })))
        case .lower, .upper:
            // ASCII letters only: a per-row String to case-map all of Unicode would cost more than the rule.
            guard let value = text(0) else { return nil }
            let upper = function == .upper
            func mapped(_ byte: UInt8) -> UInt8 {
                if upper && byte >= 0x61 && byte <= 0x7A { return byte - 0x20 }
                if !upper && byte >= 0x41 && byte <= 0x5A { return byte + 0x20 }
                return byte
            }
            let start = scratch.count
            switch value {
            case .scratch(let range): for index in range { scratch.append(mapped(scratch[index])) }
            case .bytes(let bytes): for byte in bytes { scratch.append(mapped(byte)) }
            }
            return .text(.scratch(start..<scratch.count))
        case .trim:
            guard let value = text(0) else { return nil }
            switch value {
            case .bytes(let bytes): return .text(.bytes(UTF8Bytes.trimmed(bytes)))
            case .scratch(let range): return evaluateTrim(range)
            }
        case .startsWith, .endsWith, .contains:
            guard let haystack = text(0), let needle = text(1) else { return nil }
            return .boolean(
                Self.withBytes(haystack, scratch) { h in
                    Self.withBytes(needle, scratch) { n in Self.find(n, in: h, function) }
                })
        case .abs:
            return number(0).map { .number($0.magnitude) }
        case .round:
            guard let value = number(0) else { return nil }
            var places = 0
            if arguments.count == 2, case .number(.exact(let mantissa, 0)) = nodes[operands[arguments.lowerBound + 1]] {
                places = Int(mantissa)
            }
            return .number(value.rounded(places: places))
        case .min, .max:
            guard var best = number(0) else { return nil }
            for index in 1..<arguments.count {
                guard let candidate = number(index), let order = ExactNumber.compare(candidate, best) else {
                    return nil
                }
                if function == .min ? order < 0 : order > 0 { best = candidate }
            }
            return .number(best)
        case .daysBetween:
            guard let from = time(0), let to = time(1) else { return nil }
            return .number(ExactNumber(TemporalKey(seconds: to.seconds - from.seconds, nanoseconds: 0).days))
        case .year, .month:
            guard let moment = time(0) else { return nil }
            let civil = GregorianCalendar.civil(fromDays: Int(moment.days))
            return .number(ExactNumber(Int64(function == .year ? civil.year : civil.month)))
        case .matches, .date, .today:
            return nil  // compiled into their own cases at load
        }
    }

    private func evaluateTrim(_ range: Range<Int>) -> RuleValue {
        var range = range
        while let first = range.first, scratch[first] == 0x20 || scratch[first] == 0x09 { range = range.dropFirst() }
        while let last = range.last, scratch[last] == 0x20 || scratch[last] == 0x09 { range = range.dropLast() }
        return .text(.scratch(range))
    }

    private static func find(
        _ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, _ function: ExpressionFunction
    )
        -> Bool
    {
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
